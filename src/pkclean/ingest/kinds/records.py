"""The records of a web archive (WARC or ARC), read as a stream with bounded memory.

A WARC record is a `WARC/1.x` line, header lines up to a blank line, then a block of
`Content-Length` bytes; an ARC record is one header line whose last field is the block's
length, then the block. Records are read one at a time from the decompressed archive, each
block through a `Block` that reads no further than the record, so a record of any size costs
only what the caller keeps of it. Everything that is wrong with the framing raises
`FormatError` where it is found, after the records before it:

- the archive ends inside a record's header, or before the end of its block (`Block.cut`);
- bytes that are neither a WARC nor an ARC record where one should start;
- a length that is not a number, or longer than any real one (over 18 digits);
- a header line or a header longer than real ones ever are.

If the compressed data breaks off, the stream ends there and `Stream.broken` says why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...errors import FormatError

#: Bytes of one header line, and of all the header lines of a record.
MAX_LINE = 64 * 1024
MAX_HEADER = 1024 * 1024
#: Digits of a length: 18 digits is an exabyte, far past any archive.
_LENGTH = re.compile(rb"[0-9]{1,18}")
_WARC = b"WARC/"
_ARC = b"filedesc://"


class Stream:
    """A buffered reader over chunks of decompressed data, which knows its offset.

    A `FormatError` raised by the chunks (broken compressed data) ends the stream: it is kept
    in `broken`, and the stream reads as if it ended there.
    """

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = b""
        self._start = 0  # offset of the buffer's first byte in the stream
        self._position = 0  # read position within the buffer
        self.broken: FormatError | None = None
        self._ended = False

    @property
    def offset(self) -> int:
        """Bytes read so far."""
        return self._start + self._position

    def _fill(self) -> bool:
        """Read one more chunk into the buffer; False at the end of the stream."""
        if self._ended:
            return False
        try:
            chunk = next(self._chunks, b"")
        except FormatError as exc:
            self.broken = exc
            chunk = b""
        if not chunk:
            self._ended = True
            return False
        self._start += self._position
        rest = self._buffer[self._position :]
        self._buffer = rest + chunk if rest else chunk
        self._position = 0
        return True

    def readline(self, limit: int = MAX_LINE) -> bytes:
        """The next line with its `\\n`, at most `limit` bytes: a longer line comes in pieces,
        and the last line of the stream may have no `\\n`."""
        while True:
            end = self._buffer.find(b"\n", self._position, self._position + limit)
            if end != -1:
                return self._take(end + 1 - self._position)
            if len(self._buffer) - self._position >= limit or not self._fill():
                return self._take(limit)

    def peek(self, size: int) -> bytes:
        """Up to `size` bytes ahead, without reading them."""
        while len(self._buffer) - self._position < size and self._fill():
            pass
        return self._buffer[self._position : self._position + size]

    def ended_early(self, what: str) -> FormatError:
        """The error for an archive that ends inside `what`: its compressed data broke off,
        or it is truncated."""
        if self.broken is not None:
            return FormatError(f"broken compressed archive: {self.broken.message}")
        return FormatError(f"the archive is truncated inside {what}")

    def _take(self, size: int) -> bytes:
        data = self._buffer[self._position : self._position + size]
        self._position += len(data)
        return data

    def read(self, size: int) -> bytes:
        """Up to `size` bytes (fewer only at the end of the stream), copied once."""
        pieces = [self._take(size)]
        wanted = size - len(pieces[0])
        while wanted and self._fill():
            piece = self._take(wanted)
            pieces.append(piece)
            wanted -= len(piece)
        return b"".join(pieces)

    def skip(self, size: int) -> int:
        """Pass over up to `size` bytes without keeping them; the number passed over."""
        skipped = 0
        while skipped < size:
            available = len(self._buffer) - self._position
            if not available and not self._fill():
                break
            step = min(size - skipped, len(self._buffer) - self._position)
            self._position += step
            skipped += step
        return skipped


class Block:
    """The block of one record: reads stop at its end, wherever the stream goes on."""

    def __init__(self, stream: Stream, length: int) -> None:
        self._stream = stream
        self._left = length
        #: Whether the stream ended before the block did.
        self.cut = False

    @property
    def left(self) -> int:
        return self._left

    def peek(self, size: int) -> bytes:
        return self._stream.peek(min(size, self._left))

    def read(self, size: int) -> bytes:
        data = self._stream.read(min(size, self._left))
        self._account(len(data), min(size, self._left))
        return data

    def readline(self, limit: int = MAX_LINE) -> bytes:
        """The next line of the block, at most `limit` bytes (see `Stream.readline`)."""
        wanted = min(limit, self._left)
        line = self._stream.readline(wanted) if wanted else b""
        if not line.endswith(b"\n"):
            self._account(len(line), wanted)
        else:
            self._left -= len(line)
        return line

    def skip(self) -> None:
        """Pass over the rest of the block."""
        wanted = self._left
        self._account(self._stream.skip(wanted), wanted)

    def _account(self, got: int, wanted: int) -> None:
        self._left -= got
        if got < wanted:
            self.cut = True


@dataclass(frozen=True, slots=True)
class ArchiveRecord:
    """A record's header: the format, where it starts, and its fields (names lower case).

    An ARC record's fields are `url` and `content-type`, from its header line.
    """

    format: str
    offset: int
    fields: dict[str, str]

    def get(self, name: str) -> str | None:
        return self.fields.get(name)


def records(stream: Stream) -> Iterator[tuple[ArchiveRecord, Block]]:
    """Each record of the archive with its block, in order; the caller reads what it needs of
    the block, and the rest is passed over before the next record."""
    while True:
        line = stream.readline()
        while line in (b"\r\n", b"\n"):
            line = stream.readline()
        if not line:
            if stream.broken is not None:
                raise stream.ended_early("a record")
            return
        offset = stream.offset - len(line)
        _whole(stream, line, offset)
        if line.startswith(_WARC):
            record, length = _warc_record(stream, offset)
        elif _is_arc_line(line):
            record, length = _arc_record(line, offset)
        else:
            raise FormatError(
                f"no WARC or ARC record starts at byte {offset} of the (decompressed) archive"
            )
        block = Block(stream, length)
        yield record, block
        block.skip()
        if block.cut:
            raise stream.ended_early(f"the record at byte {offset}")


def _warc_record(stream: Stream, offset: int) -> tuple[ArchiveRecord, int]:
    fields: dict[str, str] = {}
    size = 0
    while True:
        line = stream.readline()
        size += len(line)
        _whole(stream, line, offset)
        if size > MAX_HEADER:
            raise FormatError(f"the record header at byte {offset} is over {MAX_HEADER:,} bytes")
        if not line.strip():
            break
        name, colon, value = line.decode("utf-8", errors="replace").partition(":")
        if colon:
            fields.setdefault(name.strip().lower(), value.strip())
    return ArchiveRecord("warc", offset, fields), _length(fields.get("content-length"), offset)


def _whole(stream: Stream, line: bytes, offset: int) -> None:
    """Refuse a header line cut by the end of the archive, or longer than real ones are."""
    if line.endswith(b"\n"):
        return
    if len(line) >= MAX_LINE:
        raise FormatError(
            f"a line of the record header at byte {offset} is over {MAX_LINE:,} bytes"
        )
    raise stream.ended_early(f"the header of the record at byte {offset}")


def _is_arc_line(line: bytes) -> bool:
    """An ARC header line: a URL and four or more other fields, the last a length."""
    parts = line.split()
    return line.startswith(_ARC) or (len(parts) >= 5 and b":" in parts[0])


def _arc_record(line: bytes, offset: int) -> tuple[ArchiveRecord, int]:
    parts = line.decode("utf-8", errors="replace").split()
    fields = {"url": parts[0], "content-type": parts[3] if len(parts) > 3 else ""}
    return ArchiveRecord("arc", offset, fields), _length(parts[-1], offset)


def _length(value: str | None, offset: int) -> int:
    if value is None:
        raise FormatError(f"the record at byte {offset} has no Content-Length")
    if not _LENGTH.fullmatch(value.encode("ascii", errors="replace")):
        shown = f"a number of {len(value)} digits" if value.isdigit() else "not a number"
        raise FormatError(f"the record at byte {offset} has a length that is {shown}")
    return int(value)
