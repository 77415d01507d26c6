"""The five real seed articles: the values the core issue requires, and golden records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pkclean.model import Article
from pkclean.run.batch import process_path

from conftest import SEEDS

# The table of the core issue, checked by hand against the seed texts.
EXPECTED: dict[str, dict[str, Any]] = {
    "000": {
        "publication": "socialist_worker",
        "title": "Where next for the movement in Pakistan?",
        "subtitle": "Protesters continue to defy brutal state repression in Pakistan.",
        "authors": ("Esme Choonara",),
        "published": "2007-11-20",
        "published_at": "2007-11-20T18:58:00+00:00",
        "issue": "2078",
        "headings": [],
    },
    "001": {
        "publication": "workers_world",
        "title": "Bloodshed rises in Pakistan as U.S. pushes regime to attack Islamists",
        "subtitle": None,
        "authors": (),
        "published": "2007-11-02",
        "published_at": "2007-11-02T23:49:00",
        "issue": None,
        "headings": ["Can cynical deal survive a massacre?"],
    },
    "002": {
        "publication": "socialist_worker",
        "title": "Red Mosque raid threatens to backfire on General Musharraf",
        "subtitle": "What is the payoff for being a loyal partner in George Bush’s “war on "
        "terror”? For Pakistan’s dictator General Musharraf, it means being granted the means "
        "to propagate terror yourself.",
        "authors": ("Yuri Prasad",),
        "published": "2007-07-17",
        "published_at": "2007-07-17T19:46:00+01:00",
        "issue": "2060",
        "headings": [],
    },
    "003": {
        "publication": "wsws",
        "title": "Pakistani government intensifies repression after murderous assault on "
        "Islamabad protest",
        "subtitle": None,
        "authors": ("Sampath Perera",),
        "published": "2024-12-12",
        "published_at": None,
        "issue": None,
        "headings": [],
    },
    "004": {
        "publication": "cwi",
        "title": "Pakistan: ISIS terrorists attack Sufi shrine",
        "subtitle": "The struggle of Baluchi people",
        "authors": (),
        "published": None,
        "published_at": None,
        "issue": None,
        "headings": ["National Question", "Withdraw the troops", "United struggle"],
    },
}


def _seed_article(seed: Path) -> Article:
    (outcome,) = process_path(f"seeds/{seed.name}")
    assert isinstance(outcome, Article), outcome
    return outcome


@pytest.fixture(params=SEEDS, ids=lambda seed: seed.name[:3])
def seed(request: pytest.FixtureRequest, in_root: Path) -> Path:
    path: Path = request.param
    return path


def test_five_seeds_are_present() -> None:
    assert [seed.name[:3] for seed in SEEDS] == ["000", "001", "002", "003", "004"]


def test_seed_matches_the_issue_table(seed: Path) -> None:
    article = _seed_article(seed)
    expected = EXPECTED[seed.name[:3]]
    record = article.model_dump(mode="json")
    for field in ("publication", "title", "subtitle", "published", "published_at", "issue"):
        assert record[field] == expected[field], field
    assert article.authors == expected["authors"]
    assert [b.text for b in article.body if b.kind == "heading"] == expected["headings"]


def test_wsws_seed_rejoins_its_three_broken_paragraphs(in_root: Path) -> None:
    article = _seed_article(SEEDS[3])
    joins = (
        'abuse of authority and "engaging in political activities."',
        '"authoritarian tactic to silence journalists must cease.”',
        "egalitarian aspirations of the Pakistani masses.",
    )
    for join in joins:
        assert sum(join in block.text for block in article.body) == 1, join
    assert "paragraph_rejoined" in article.warnings
    assert not any(block.text[0].islower() for block in article.body)


def test_cwi_seed_has_eighteen_paragraphs(in_root: Path) -> None:
    article = _seed_article(SEEDS[4])
    assert sum(block.kind == "paragraph" for block in article.body) == 18


def test_seed_golden_record(seed: Path, data_regression) -> None:  # type: ignore[no-untyped-def]
    """The whole record but its detection, checked line by line against the seed text when it
    was recorded (a change of detection weights does not touch it)."""
    record = _seed_article(seed).model_dump(mode="json")
    del record["detection"]
    data_regression.check(record)


def test_seed_golden_detection(seed: Path, data_regression) -> None:  # type: ignore[no-untyped-def]
    """The detection of the seed: publication, basis, probabilities and every marker found
    with its weight (these change when the counts or the weighing change)."""
    data_regression.check(_seed_article(seed).detection.model_dump(mode="json"))
