"""The generic layout on small pages of other sites: behaviour no fixture expectation pins.

Each page here is written for the test; the blind fixtures under `fixtures/blind/look/` cover
the rest of the generic layout's rules.
"""

from __future__ import annotations

import pytest

from pkclean import clean_text
from pkclean.model import Article

BODY = (
    "Workers at the cement plant outside the city walked out on Monday after the management "
    "refused to pay the wage rise agreed last year, and the union says the strike will go on "
    "until every worker has been paid what is owed.\n\n"
    "The strikers set up a camp at the gate and were joined by drivers from the quarry, who "
    "stopped deliveries for the whole of the first day, while families brought food.\n"
)


def _clean(text: str) -> Article:
    article = clean_text(text)
    assert article.publication == "unknown", "the page must be one of no known layout"
    return article


def _rules(article: Article) -> dict[str, str]:
    return {removal.text: removal.rule for removal in article.removed}


def test_a_blog_name_and_its_tagline_above_the_post_title_are_its_masthead() -> None:
    article = _clean(
        "Valley Labour Notes\n\n"
        "Reports and comment from the mill towns since 2009\n\n"
        "Cement workers strike over unpaid wage rise\n\n"
        "Posted on 3 May 2020 by Amina Shah\n\n" + BODY
    )
    assert article.title == "Cement workers strike over unpaid wage rise"
    assert article.labels == ()
    assert article.authors == ("Amina Shah",)
    rules = _rules(article)
    assert rules["Valley Labour Notes"] == "generic.masthead"
    assert rules["Reports and comment from the mill towns since 2009"] == "generic.masthead"


def test_a_title_with_its_subtitle_above_the_byline_is_not_a_masthead() -> None:
    article = _clean(
        "Cement workers strike over unpaid wage rise\n"
        "Management says the plant cannot afford the increase\n\n"
        "By Amina Shah\n\n"
        "A short line after the byline that has no full stop\n\n" + BODY
    )
    assert article.title == "Cement workers strike over unpaid wage rise"
    assert article.authors == ("Amina Shah",)
    assert "generic.masthead" not in _rules(article).values()


def test_an_age_banner_above_the_headline_is_removed() -> None:
    article = _clean(
        "The Valley Courier\n\n"
        "News | World | Asia\n\n"
        "This article is more than 5 years old\n\n"
        "Cement workers strike over unpaid wage rise\n\n"
        "Amina Shah in Karachi\n"
        "Tue 9 Apr 2019 06.00 BST\n\n" + BODY
    )
    assert article.title == "Cement workers strike over unpaid wage rise"
    assert article.authors == ("Amina Shah",)
    assert _rules(article)["This article is more than 5 years old"] == "generic.age_banner"


def test_a_line_introducing_what_follows_is_not_the_subtitle() -> None:
    article = _clean(
        "Cement workers strike over unpaid wage rise\n\n"
        "Via a local paper, one of the few that covered the story:\n\n" + BODY
    )
    assert article.subtitle is None
    assert "Via a local paper, one of the few that covered the story:" in article.text


def test_comment_prompts_and_further_reading_end_the_page() -> None:
    article = _clean(
        "Cement workers strike over unpaid wage rise\n\n"
        + BODY
        + "\nFurther reading\n\nQuarry drivers join the picket line\n\nLeave a comment\n"
    )
    rules = _rules(article)
    assert rules["Further reading"] == "generic.related"
    assert rules["Quarry drivers join the picket line"] == "generic.related"
    assert rules["Leave a comment"] == "generic.comment_form"
    assert article.text.endswith("while families brought food.")


def test_a_breadcrumb_right_above_the_headline_is_a_menu_not_a_label() -> None:
    article = _clean(
        "Home » World » Asia\n\nCement workers strike over unpaid wage rise\n\nBy Amina Shah\n\n"
        + BODY
    )
    assert article.labels == ()
    assert _rules(article)["Home » World » Asia"] == "generic.menu"


def test_print_and_link_lines_below_the_headline_are_navigation() -> None:
    article = _clean(
        "Cement workers strike over unpaid wage rise\n\n"
        "Printable version\n"
        "Link to this page:\n"
        "http://www.example.org/articles/1234\n\n" + BODY
    )
    assert article.subtitle is None
    rules = _rules(article)
    for line in ("Printable version", "Link to this page:", "http://www.example.org/articles/1234"):
        assert rules[line] == "generic.navigation"


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Details", "generic.navigation"),
        ("Staff Reporter", "generic.byline_credit"),
        ("Associated Press Writer", "generic.byline_credit"),
        ("[Written: June 1998]", "generic.date_note"),
        ("Reprinted from the Valley Courier", "generic.source_note"),
    ],
)
def test_header_chrome_below_the_headline_is_removed(line: str, rule: str) -> None:
    """Such a line would otherwise be taken for the subtitle."""
    article = _clean(f"Cement workers strike over unpaid wage rise\n\n{line}\n\n" + BODY)
    assert article.subtitle is None
    assert _rules(article)[line] == rule


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("0 comments:", "generic.comment_form"),
        ("Post a Comment", "generic.comment_form"),
        ("Newer Post Older Post Home", "generic.navigation"),
        ("Join us", "generic.join"),
    ],
)
def test_footer_chrome_is_removed(line: str, rule: str) -> None:
    article = _clean(f"Cement workers strike over unpaid wage rise\n\n{BODY}\n{line}\n")
    assert _rules(article)[line] == rule


def test_a_call_to_join_a_protest_at_the_end_is_article_text() -> None:
    article = _clean(
        "Cement workers strike over unpaid wage rise\n\n" + BODY + "\nJoin the picket on Monday\n"
    )
    assert article.text.endswith("Join the picket on Monday")


def test_a_short_headline_above_the_byline_is_the_title() -> None:
    article = _clean(
        "Cement strike\n\nBy Amina Shah\n\nA line with no full stop below the byline\n\n" + BODY
    )
    assert article.title == "Cement strike"


def test_a_label_above_the_headline_and_a_line_of_names_below_it() -> None:
    article = _clean(
        "Opinion\n\nThe cement strike is a test for the whole region\n\n"
        "Amina Shah\nMarch 4, 2023\n\n" + BODY
    )
    assert article.title == "The cement strike is a test for the whole region"
    assert article.labels == ("Opinion",)
    assert article.authors == ("Amina Shah",)


def test_a_menu_set_apart_by_spaces_is_a_menu() -> None:
    article = _clean(
        "Valley Labour Notes\n\nHome  News  About us  Contact\n\n"
        "Cement workers strike over unpaid wage rise\n\nBy Amina Shah\n\n" + BODY
    )
    assert _rules(article)["Home  News  About us  Contact"] == "generic.menu"
    assert article.title == "Cement workers strike over unpaid wage rise"


def test_a_repost_note_is_only_looked_for_above_and_below_the_article() -> None:
    first, second = BODY.split("\n\n")
    line = "Originally published in 1848, the pamphlet was read aloud at the gate."
    article = _clean(
        f"Cement workers strike over unpaid wage rise\n\n{first}\n\n{line}\n\n{second}"
    )
    assert line in article.text
