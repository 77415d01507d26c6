"""CSV: one row per article (RFC 4180, UTF-8), with a Frictionless data package beside it."""

from __future__ import annotations

from collections.abc import Callable

from ...errors import OutputError
from ...model import Article
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

    def start(self) -> None:
        self.stream.write(csv_line(HEADER).encode("utf-8"))

    def encode(self, article: Article) -> bytes:
        for number, block in enumerate(article.body):
            if ambiguous_block(block.text):
                raise OutputError(
                    f"article {article.id}: block {number} holds a blank line or starts or ends "
                    "with a line break, which CSV cannot tell apart from a block boundary"
                )
        cells = record_row(article.model_dump(mode="json"))
        if self.settings.get("excel_safe"):
            cells = [excel_safe(cell) for cell in cells]
        return csv_line(cells).encode("utf-8")

    def sidecars(self, name: str) -> dict[str, Callable[[bytes | None], bytes]]:
        """`datapackage.json` beside the CSV, describing it (other resources in it are kept)."""
        excel = bool(self.settings.get("excel_safe"))
        return {DESCRIPTOR_NAME: lambda old: updated_descriptor(old, name, excel_safe=excel)}
