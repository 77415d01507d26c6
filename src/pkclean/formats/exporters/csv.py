"""CSV: one row per article (RFC 4180, UTF-8), with a Frictionless data package beside it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...errors import OutputError
from ...model import Article
from ...record_check import plain_json
from ..csvtable import HEADER, ambiguous_block, csv_line, excel_safe, record_row
from .base import Exporter, register
from .datapackage import DESCRIPTOR_NAME, updated_descriptor


@register
class CsvExporter(Exporter):
    """Columns in the fixed order of `pkclean.formats.csvtable.COLUMNS`; `excel_safe` defuses
    formulas."""

    name = "csv"
    suffix = ".csv"
    options = frozenset({"excel_safe"})
    independent_records = True
    plain_records = True

    def start(self) -> None:
        self.stream.write(csv_line(HEADER).encode("utf-8"))

    def encode(self, article: Article) -> bytes:
        return self._row(article.model_dump(mode="json"))

    def encode_plain(self, record: dict[str, Any]) -> bytes:
        return self._row(plain_json(record))

    def _row(self, record: dict[str, Any]) -> bytes:
        """An article's row, from its record in the JSON form."""
        for number, block in enumerate(record["body"]):
            if ambiguous_block(block["text"]):
                raise OutputError(
                    f"article {record['id']}: block {number} holds a blank line or starts or "
                    "ends with a line break, which CSV cannot tell apart from a block boundary"
                )
        cells = record_row(record)
        if self.settings.get("excel_safe"):
            cells = [excel_safe(cell) for cell in cells]
        return csv_line(cells).encode("utf-8")

    def sidecars(self, name: str) -> dict[str, Callable[[bytes | None], bytes]]:
        """`datapackage.json` beside the CSV, describing it (other resources in it are kept)."""
        excel = bool(self.settings.get("excel_safe"))
        return {DESCRIPTOR_NAME: lambda old: updated_descriptor(old, name, excel_safe=excel)}
