"""Coverage-guided fuzzing (atheris) of the entry points that read untrusted bytes.

Each target fails on any exception that is not a pkclean error (`PkcleanError`): a bad file
must become a rejection or a problem with a code, never a crash. Run one target:

    python tests/fuzz_targets.py sniff -max_total_time=600 [CORPUS_FOLDER]

(libFuzzer's options; `tests/test_fuzz.py` runs each for a few seconds in CI). Each page is
read under small limits, so that one input costs milliseconds.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["pkclean"]):
    from pkclean.document import Limits
    from pkclean.errors import PkcleanError
    from pkclean.formats.verify import validate_file
    from pkclean.ingest import kinds
    from pkclean.ingest.binary import binary_kind
    from pkclean.ingest.decoding import decode
    from pkclean.ingest.html.charset import decode_html
    from pkclean.ingest.html.page import html_source
    from pkclean.ingest.kinds.warc import stream_archive
    from pkclean.ingest.load import open_input
    from pkclean.ingest.names import shown

LIMITS = Limits(seconds=0)  # no timer inside the fuzzer: libFuzzer's own -timeout stands
_FOLDER = Path(tempfile.mkdtemp(prefix="pkclean-fuzz-"))


def sniff(data: bytes) -> None:
    """Input kinds, binary signatures and gzip, as every input goes through them."""
    name = ("page.html", "dump.txt", "crawl.warc.gz", "x")[data[0] % 4] if data else "x"
    kinds.kind_for(data[:8192], name)
    binary_kind(data[:8192])
    shown(data[:255])
    open_input(data, name, max_bytes=1 << 20)


def decoding(data: bytes) -> None:
    """Bytes to text: byte-order marks, UTF-8, legacy encodings, declared charsets."""
    decode(data)
    decode_html(data, "windows-1252" if data[:1] == b"w" else None)


def html(data: bytes) -> None:
    """One page: charset, parsing, metadata, trafilatura, the text for the layout rules."""
    html_source(data, path="fuzz.html", sha256=hashlib.sha256(data).hexdigest(), limits=LIMITS)


def warc(data: bytes) -> None:
    """A web archive, read to its end (pages, records, HTTP codings)."""
    for _ in stream_archive(io.BytesIO(data), "fuzz.warc", LIMITS):
        pass


_READER_NAMES = ("fuzz.jsonl", "fuzz.csv", "fuzz.xml", "fuzz.jsonl.gz", "datapackage.json")


def reader(data: bytes) -> None:
    """The readers of exports, as `pkclean validate` runs them (a CSV with a descriptor)."""
    if not data:
        return
    name = _READER_NAMES[data[0] % len(_READER_NAMES)]
    path = _FOLDER / name
    path.write_bytes(data[1:])
    if name == "fuzz.csv":
        (_FOLDER / "datapackage.json").write_bytes(data[1:][::-1])
    for _ in validate_file(str(path)):
        pass


TARGETS: dict[str, Callable[[bytes], None]] = {
    "sniff": sniff,
    "decoding": decoding,
    "html": html,
    "warc": warc,
    "reader": reader,
}


def run(target: Callable[[bytes], None]) -> Callable[[bytes], None]:
    def one(data: bytes) -> None:
        with contextlib.suppress(PkcleanError):
            target(data)

    return one


def main() -> None:
    name = sys.argv.pop(1)
    atheris.Setup(sys.argv, run(TARGETS[name]))
    atheris.Fuzz()


if __name__ == "__main__":
    main()
