"""Datasette settings for a pkclean database: titles, descriptions, facets, sort order, search.

`datasette corpus.db` opens the database as it is (the full-text index is found by its
`content="articles"`); with `--metadata corpus.metadata.json` the tables also get their
descriptions, facets (publication, year, warnings) and newest-first order.
"""

from __future__ import annotations

import json
from typing import Any

from ..sqlite_tables import (
    ARTICLE_COLUMNS,
    ARTICLES,
    AUTHORS,
    BLOCKS,
    DUPLICATES,
    METADATA,
    REMOVED,
    WARNINGS,
    Table,
)

#: Per table: the facets Datasette shows at once, and its sort order.
_TABLE_SETTINGS: dict[str, dict[str, Any]] = {
    ARTICLES.name: {
        "facets": ["publication", "year", {"array": "warnings"}, "detection_basis"],
        "sort_desc": "published",
        "label_column": "title",
        "fts_table": "articles_fts",
        "fts_pk": "article",
        "searchmode": "raw",
        "size": 50,
    },
    AUTHORS.name: {"facets": ["name"], "sort": "article"},
    BLOCKS.name: {"facets": ["kind"], "sort": "article"},
    REMOVED.name: {"facets": ["rule"], "sort": "article"},
    WARNINGS.name: {"facets": ["code"], "sort": "article"},
    DUPLICATES.name: {"facets": ["kind", "dropped"], "sort": "duplicate"},
    METADATA.name: {},
}
_EXTRA_COLUMNS = {
    "article": "The article's number in the export, from 1.",
    "year": "The year of published, for faceting.",
}
_CHILD_COLUMNS = {
    "article": "The article (its number in articles).",
    "position": "The item's place in the article's list, from 0.",
    "name": "A name from the byline.",
    "kind": "paragraph or heading.",
    "text": "The text.",
    "line": "The input line number.",
    "rule": "The rule that removed the line.",
    "code": "A warning code.",
}
_DUPLICATE_COLUMNS = {
    "kind": "exact (the same id) or near (the same body by MinHash).",
    "article": "The later article, or empty when it was not written (--dedup).",
    "id": "The later article's id.",
    "path": "The later article's source path.",
    "duplicate_of": "The first article.",
    "duplicate_of_id": "The first article's id.",
    "duplicate_of_path": "The first article's source path.",
    "similarity": "Estimated Jaccard similarity of the bodies' word shingles (1 for exact).",
    "dropped": "1 when the later article was not written (--dedup).",
}


def _columns(table: Table) -> dict[str, str]:
    if table is ARTICLES:
        described = {column.name: column.description for column in ARTICLE_COLUMNS}
        return {name: described.get(name) or _EXTRA_COLUMNS[name] for name in table.names}
    if table is DUPLICATES:
        return {name: _DUPLICATE_COLUMNS[name] for name in table.names if name != "duplicate"}
    if table is METADATA:
        return {"key": "What is described.", "value": "Its value."}
    return {name: _CHILD_COLUMNS[name] for name in table.names}


def datasette_settings(database: str) -> dict[str, Any]:
    """Datasette's metadata for a database of that name (its file name less `.db`)."""
    tables = {}
    for table in (ARTICLES, AUTHORS, BLOCKS, REMOVED, WARNINGS, DUPLICATES, METADATA):
        tables[table.name] = {
            "description": table.description,
            "columns": _columns(table),
            **_TABLE_SETTINGS[table.name],
        }
    return {
        "title": "pkclean corpus",
        "description": "Articles cleaned by pkclean: search the text, facet by publication, "
        "year and warning, and see what was removed from each file and why.",
        "databases": {database: {"tables": tables}},
    }


def datasette_metadata(database: str) -> bytes:
    """`datasette_settings` as indented JSON, ending in a newline."""
    text = json.dumps(datasette_settings(database), indent=2, ensure_ascii=False) + "\n"
    return text.encode("utf-8")
