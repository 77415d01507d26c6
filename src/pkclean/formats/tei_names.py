"""What the TEI exporter and reader share: names, the bundled DTD, and XML-safe text."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML_NS}}}id"

#: `note type` values in `notesStmt` for record fields TEI has no element for.
NOTE_FIELDS = ("source.path", "source.sha256", "source.format", "source.encoding")
NOTE_CONFIDENCE = "detection.confidence"
#: The detection's own verdict, basis and declaration (`detection.layout` differs from the
#: publication only when the user declared one), and each publication's probability
#: (`<note type="detection.probability" n="wsws">`).
NOTE_DETECTED = "detection.layout"
NOTE_BASIS = "detection.basis"
NOTE_DECLARED = "detection.declared"
NOTE_PROBABILITY = "detection.probability"
NOTE_WARNING = "warning"
NOTE_LINK = "link"
NOTE_LABEL = "label"
NOTE_CAPTION = "caption"
IDNO_TYPE = "pkclean"

# Everything outside XML 1.0's Char production: C0 controls but tab, LF and CR; lone
# surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def q(name: str) -> str:
    """A TEI element's qualified name.

    >>> q("TEI")
    '{http://www.tei-c.org/ns/1.0}TEI'
    """
    return f"{{{TEI_NS}}}{name}"


def xml_text(text: str) -> str:
    """Text with the characters XML 1.0 forbids removed.

    >>> xml_text("a\\x0bb\\ufffec\\x00")
    'abc'
    """
    return _NOT_XML.sub("", text)


def dtd_path() -> Path:
    """The TEI P5 DTD that trafilatura ships (the standard pkclean's TEI is checked against)."""
    return Path(str(files("trafilatura") / "data" / "tei_corpus.dtd"))


@lru_cache(maxsize=1)
def tei_dtd() -> Any:
    """The parsed DTD (loaded from the local file only)."""
    return etree.DTD(str(dtd_path()))
