"""`pkclean schema`: the JSON Schema of the article record, generated from the model."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..errors import ExitCode
from ..model import Article

HELP = "print the JSON Schema of the article record"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def article_schema() -> dict[str, Any]:
    """The record's JSON Schema (serialization mode: what the JSON Lines export holds)."""
    return {"$schema": DRAFT, **Article.model_json_schema(mode="serialization")}


def schema_json() -> str:
    """The schema as deterministic, indented JSON ending in a newline."""
    return json.dumps(article_schema(), indent=2, ensure_ascii=False) + "\n"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "schema",
        help=HELP,
        description=HELP + " (the file checked in as schemas/article.schema.json).",
        epilog="example:\n  pkclean schema > schemas/article.schema.json\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_json())
    sys.stdout.flush()
    return ExitCode.OK
