"""The JSON Schema of the record: generated from the model, checked in, never out of date."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from export_articles import make_article, seed_articles
from pkclean.cli import main
from pkclean.commands.schema import schema_json

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schemas" / "article.schema.json"


def test_checked_in_schema_matches_the_model() -> None:
    assert SCHEMA_FILE.read_text("utf-8") == schema_json(), (
        "schemas/article.schema.json is out of date: run `pkclean schema > "
        "schemas/article.schema.json` and review the difference"
    )


def test_schema_command_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == SCHEMA_FILE.read_text("utf-8")


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json.loads(SCHEMA_FILE.read_text("utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text("utf-8")))


def test_exported_records_satisfy_the_schema(validator: jsonschema.Draft202012Validator) -> None:
    for article in (*seed_articles(), make_article()):
        validator.validate(article.model_dump(mode="json"))


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"publication": "the_guardian"}, "publication"),
        ({"word_count": -1}, "word_count"),
        ({"colour": "red"}, ""),
        ({"body": [{"kind": "paragraph", "text": ""}]}, "body/0/text"),
    ],
)
def test_the_schema_rejects_bad_records(
    validator: jsonschema.Draft202012Validator, change: dict[str, object], where: str
) -> None:
    record = {**make_article().model_dump(mode="json"), **change}
    errors = list(validator.iter_errors(record))
    assert errors
    assert where in {"/".join(map(str, error.absolute_path)) for error in errors}
