"""The detector's parts at their edges: the windows and thresholds of each finder, the
smoothing of the counts, and the decision's defaults. Each test pins a limit that a
mutation testing tool moved by one and no other test noticed."""

from __future__ import annotations

import dataclasses
import math

import pytest

from pkclean.clean.detection import Origin, View, detect, find
from pkclean.clean.detection import finders as f
from pkclean.clean.detection.detector import decide, posterior
from pkclean.clean.detection.markers import Kind, Seen
from pkclean.clean.detection.needles import NeedleSet
from pkclean.clean.detection.table import GROUPS, MARKERS, PAGES
from pkclean.clean.detection.view import BODY_CHARS, EDGE_CHARS, EDGE_LINES
from pkclean.clean.detection.weights import (
    CLAIM,
    CLASSES,
    SUPPORT,
    _weight,
    log_absent,
    log_present,
    log_prior,
    normalise,
    overall,
    rate,
    rates,
    smoothed,
    weight,
)
from pkclean.clean.lines import Document
from pkclean.document import PageMeta

FILLER = "Thousands of people joined the march through the city on a cold morning."


def view(*lines: str, origin: Origin | None = None) -> View:
    """A view of the lines, one after the other (line `n` is the `n`-th given)."""
    return View(Document.from_text("\n".join(lines) + "\n"), origin or Origin())


def fillers(count: int) -> list[str]:
    return [f"{FILLER} Line {n}." for n in range(count)]


def marker(key: str) -> object:
    return next(m for m in MARKERS if m.key == key)


# -- windows of the finders ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("finder", "line", "window"),
    [
        (f.lower_byline, "by Amina Khalid", 12),
        (f.country_headline, "Pakistan: Teachers strike for their pay", 4),
        (f.country_menu, "Home | Pakistan | India | Sri Lanka", 12),
        (f.run_together_categories, "Categories: AsiaGlobalStatements", 8),
        (f.language_bar, "deutsch | english | español | français", 40),
    ],
)
def test_a_head_finder_looks_exactly_so_far(finder: f.Finder, line: str, window: int) -> None:
    inside = view(*fillers(window - 1), line, *fillers(3))
    outside = view(*fillers(window), line, *fillers(3))
    assert finder(inside) == window  # type: ignore[comparison-overlap]
    assert finder(outside) is None


def test_a_byline_above_its_date_within_the_first_fourteen_lines() -> None:
    assert f.byline_then_date(view(*fillers(12), "By Rahul Verma", "9 June 1999")) == 13
    assert f.byline_then_date(view(*fillers(13), "By Rahul Verma", "9 June 1999")) is None


def test_the_first_line_byline_is_line_one() -> None:
    assert f.first_line_byline(view("By Amina Khalid", FILLER)) == 1


def test_a_foreign_copyright_among_the_last_twelve_lines() -> None:
    line = "Copyright 2024 Harbour News Network"
    assert f.foreign_copyright(view(FILLER, line, *fillers(11))) == 2
    assert f.foreign_copyright(view(FILLER, line, *fillers(12))) is None
    long = line + " " + "x" * (160 - len(line) - 1)
    assert len(long) == 160
    assert f.foreign_copyright(view(FILLER, long)) == 2
    assert f.foreign_copyright(view(FILLER, long + "x")) is None


# -- the Workers World menu ------------------------------------------------------------------


def test_the_menu_needs_three_items_or_two_with_bullets() -> None:
    assert f.ww_menu(view("HOME", "BOOKS", "DONATE", FILLER)) == 1
    assert f.ww_menu(view("HOME", "BOOKS", FILLER)) is None
    assert f.ww_menu(view("• HOME", "• BOOKS", FILLER)) == 1
    assert f.ww_menu(view("• HOME", "BOOKS", FILLER)) is None
    assert f.ww_menu(view("• HOME", FILLER)) is None


def test_the_menu_is_looked_for_in_the_first_fifteen_lines() -> None:
    assert f.ww_menu(view(*fillers(12), "HOME", "BOOKS", "DONATE")) == 13
    assert f.ww_menu(view(*fillers(13), "HOME", "BOOKS", "DONATE")) is None


# -- teasers, datelines, kickers and lead-ins --------------------------------------------------


def test_teasers_are_two_short_lines_ending_in_an_ellipsis_at_the_end() -> None:
    teaser = "More on the strike in the port…"
    assert f.teasers_at_end(view(FILLER, teaser, teaser, *fillers(8))) == 2
    assert f.teasers_at_end(view(FILLER, teaser, teaser, *fillers(9))) is None
    long = "x" * 299 + "…"
    assert f.teasers_at_end(view(FILLER, long, long)) == 2
    assert f.teasers_at_end(view(FILLER, long + "x", long + "x")) is None


def test_a_dateline_opens_a_paragraph_longer_than_sixty_characters() -> None:
    start = "Sept. 23— The march"
    exactly = start + " " + "a" * (60 - len(start) - 1)
    assert len(exactly) == 60
    assert f.ap_dateline(view(FILLER, exactly)) is None
    assert f.ap_dateline(view(FILLER, exactly + "a")) == 2


def test_a_kicker_may_stand_above_the_last_line() -> None:
    assert f.caps_kicker(view("EDITORIAL", "The war on the poor goes on")) == 1


def test_a_lead_in_in_capitals() -> None:
    def line(start: str) -> str:
        return start + " " + "a" * (80 - len(start) - 1)

    assert f.caps_leadin(view(FILLER, line("THE STRIKE meant"))) == 2
    assert f.caps_leadin(view(FILLER, line("THE STRIKE meant")[:-1])) is None  # 79 characters
    assert f.caps_leadin(view(FILLER, line("THE ARMY was"))) == 2  # a starting word
    assert f.caps_leadin(view(FILLER, line("POWER CUTS hit"))) == 2  # a word of five
    assert f.caps_leadin(view(FILLER, line("US NATO forces"))) is None


def test_a_headline_country_is_before_the_first_colon() -> None:
    assert f.country_headline(view("Pakistan: Strike: day two", FILLER)) == 1


def test_a_language_bar_has_three_bars_and_four_languages() -> None:
    assert f.language_bar(view("deutsch | english | español | français", FILLER)) == 1
    assert f.language_bar(view("deutsch | english | español français", FILLER)) is None
    assert f.language_bar(view("deutsch | english | español | news", FILLER)) is None


def test_a_country_menu_has_four_items_and_three_countries() -> None:
    assert f.country_menu(view("Home | Pakistan | India | Nepal", FILLER)) == 1
    assert f.country_menu(view("Pakistan | India | Nepal", FILLER)) is None
    assert f.country_menu(view("Home | News | India | Nepal", FILLER)) is None


@pytest.mark.parametrize(
    ("digits", "days"),
    [
        ("1234567", True),
        ("12345", True),
        ("1234", False),
        ("2728293031", True),
        ("28293031", False),
        ("2930313233", False),
    ],
)
def test_a_calendar_is_five_or_more_consecutive_days(digits: str, days: bool) -> None:
    assert f._consecutive_days(digits) is days


# -- hard-wrapped text -------------------------------------------------------------------------


def _wrapped(count: int, total: int, *, width: int = 40) -> Document:
    """`count` lines of `width` characters each followed by a lower-case line, in a text of
    `total` non-blank lines."""
    lines = ["A headline", ""]
    for _ in range(count):
        lines += ["W" * width, "continued here"]
    lines += [f"Line {n} stands alone." for n in range(total - 1 - 2 * count)]
    return Document.from_text("\n".join(lines))


def test_hard_wrapping_needs_three_lines_and_a_quarter() -> None:
    assert f.hard_wrapped(View(_wrapped(3, 12))) == 3
    assert f.hard_wrapped(View(_wrapped(3, 13))) is None
    assert f.hard_wrapped(View(_wrapped(2, 8))) is None


@pytest.mark.parametrize(("width", "wrapped"), [(29, False), (30, True), (85, True), (86, False)])
def test_a_wrapped_line_is_thirty_to_eighty_five_characters(width: int, wrapped: bool) -> None:
    assert (f.hard_wrapped(View(_wrapped(3, 7, width=width))) is not None) is wrapped


def test_the_last_pair_of_lines_counts() -> None:
    text = "A headline\n\n" + "W" * 40 + "\nmore\n" + "W" * 40 + "\nmore\n" + "W" * 40 + "\nmore"
    assert f.hard_wrapped(View(Document.from_text(text))) == 3


def test_hard_wrapping_is_looked_for_in_the_first_lines_only() -> None:
    head = [f"Line {n} stands alone." for n in range(4 * EDGE_LINES)]
    text = "\n".join([*head, *["W" * 40, "continued"] * 3])
    assert f.hard_wrapped(View(Document.from_text(text))) is None


# -- captions printed twice ---------------------------------------------------------------


def test_a_caption_pair_is_on_adjacent_lines() -> None:
    caption = "Marchers outside the gates of the mill"
    credited = caption + " (Pic: Guy Porter)"
    assert f.caption_pair(view("Headline", FILLER, caption, credited)) == 3
    once = Document.from_text(f"Headline\n\n{FILLER}\n\n{caption}\n\n{credited}\n")
    assert f.caption_pair(View(once)) == 5
    spaced = Document.from_text(f"Headline\n\n{FILLER}\n\n{caption}\n\n\n{credited}\n")
    assert f.caption_pair(View(spaced)) is None


def test_a_caption_pair_ignores_a_full_stop_after_the_alt_text() -> None:
    caption = "Marchers outside the gates of the mill"
    pair = view("Headline", FILLER, caption + ".", caption + " (Pic: Guy Porter)")
    assert f.caption_pair(pair) == 3


@pytest.mark.parametrize(("length", "pair"), [(19, False), (20, True), (400, True), (401, False)])
def test_a_caption_is_twenty_to_four_hundred_characters(length: int, pair: bool) -> None:
    caption = "M" + "a" * (length - 1)
    found = f.caption_pair(view("Headline", FILLER, caption, caption + " (Pic: Guy Porter)"))
    assert (found is not None) is pair


# -- searches ---------------------------------------------------------------------------------


def test_a_search_names_each_line_once_and_stops_at_max_hits() -> None:
    search = f.search(r"strike", "strike")
    assert search(view("strike strike strike", FILLER)) == (1,)
    many = view(*[f"strike {n}" for n in range(f.MAX_HITS + 5)])
    assert len(search(many)) == f.MAX_HITS


def test_needles_spare_the_pattern() -> None:
    assert f.line(r".*", "absent needle")(view(FILLER)) == ()
    assert f.search(r".", "absent needle")(view(FILLER)) == ()


def test_body_markers_are_read_in_the_first_excerpts_only() -> None:
    far = "x" * BODY_CHARS + "\n\nA steward told Socialist Worker that the strike went on.\n"
    assert "sw.told" not in {item.marker.key for item in find(View(Document.from_text(far)))}
    near = "A steward told Socialist Worker that the strike went on.\n\n" + "x" * BODY_CHARS
    assert "sw.told" in {item.marker.key for item in find(View(Document.from_text(near)))}


def test_chrome_is_looked_for_at_both_ends_of_a_long_text() -> None:
    middle = "\n\n".join(["y" * 1000] * (2 * EDGE_CHARS // 1000))
    search = f.search(r"Breakfast in red", "Breakfast in red")
    first = View(Document.from_text("Breakfast in red\n\n" + middle + "\n\n" + middle))
    last = View(Document.from_text(middle + "\n\n" + middle + "\n\nBreakfast in red"))
    inside = View(Document.from_text(middle + "\n\nBreakfast in red\n\n" + middle))
    assert search(first) == (1,)
    assert search(last) != ()
    assert search(inside) == ()


# -- weights --------------------------------------------------------------------------------------


def test_smoothing_shrinks_towards_the_overall_share() -> None:
    assert smoothed(0, 0, 0.25) == 0.25
    assert smoothed(10, 10, 0.0) == pytest.approx(10 / 12)
    assert smoothed(2, 10, 0.5) == pytest.approx(3 / 12)


def test_rates_of_each_kind_of_class() -> None:
    site = marker("site.cwi_sister")
    group = next(g for g in GROUPS if g.name == "cwi_sister")
    assert rate(site, "cwi_sister") == smoothed(group.shown, group.pages, overall(site))  # type: ignore[arg-type]
    assert rate(site, "elsewhere") == overall(site)  # type: ignore[arg-type]
    footer = marker("site.elsewhere")
    assert footer.seen.lookalike is None  # type: ignore[attr-defined]
    assert rate(footer, "other_left") == rate(footer, "background")  # type: ignore[arg-type]
    assert Seen(lookalike=None).of("lookalike") == 0


def test_a_weight_is_for_one_excerpt_by_default() -> None:
    british = marker("style.british")
    assert weight(british, "cwi") == weight(british, "cwi", 1.0)  # type: ignore[arg-type]
    assert weight(british, "cwi") != weight(british, "cwi", 4.0)  # type: ignore[arg-type]


def test_a_chrome_weight_is_worked_out_once_for_each_publication() -> None:
    """Chrome shows once whatever the text's length: its weight for a publication is kept,
    and each publication has its own."""
    masthead = marker("sw.issue_no")
    first = {name: weight(masthead, name) for name in CLASSES[:4]}  # type: ignore[arg-type]
    again = {name: weight(masthead, name, 5.0) for name in reversed(CLASSES[:4])}  # type: ignore[arg-type]
    assert first == again
    assert first == {name: _weight(masthead, name, 1.0) for name in first}  # type: ignore[arg-type]
    assert first["socialist_worker"] > 0 > first["wsws"]


def test_normalise_takes_large_scores() -> None:
    result = normalise({"a": 1000.0, "b": 999.0})
    assert math.isclose(sum(result.values()), 1.0)
    assert result["a"] > result["b"]


def test_without_site_markers_no_absence_counts() -> None:
    """Looked for only when asked: the posterior of no marker is the prior."""
    prior = normalise(dict(zip(CLASSES, log_prior(), strict=True)))
    assert posterior((), 1.0, kinds=frozenset({Kind.SELF})) == pytest.approx(prior)
    assert posterior((), 1.0) != pytest.approx(prior)


def test_the_counted_pages_are_the_facts() -> None:
    assert (
        PAGES["socialist_worker"]
        + PAGES["workers_world"]
        + PAGES["wsws"]
        + PAGES["cwi"]
        + PAGES["lookalike"]
        == 130
    )


# -- the decision -------------------------------------------------------------------------------


def test_a_missing_probability_is_none() -> None:
    assert decide({"wsws": 0.9}, {}, {}) == (None, None)
    assert decide({"wsws": 0.9}, {"wsws": SUPPORT}, {}) == ("wsws", "content")
    assert decide({"wsws": 0.9}, {"wsws": SUPPORT}, {"wsws": CLAIM}) == ("wsws", "layout")


def test_an_unknown_page_shows_its_evidence_for_the_likeliest_publication() -> None:
    style = (
        "A march\n\nThe strike began on Sept. 23 — the day the mill owners cut pay — and "
        "the union will organize a rally at the center on Oct. 4.\n"
    )
    verdict = detect(Document.from_text(style))
    assert verdict.layout.name == "unknown"
    likeliest = max((p, name) for name, p in verdict.probabilities if name != "unknown")[1]
    assert likeliest == "workers_world"
    assert {item.layout for item in verdict.evidence} == {likeliest}


def test_a_page_s_own_address_is_its_origin() -> None:
    text = "A march\n\n" + FILLER + "\n"
    by_url = Document.from_text(text, PageMeta(url="https://www.wsws.org/en/x.html"))
    assert detect(by_url).layout.name == "wsws"
    by_host = Document.from_text(
        text, PageMeta(url="https://example.org/x.html", host="www.socialistworld.net")
    )
    assert detect(by_host).layout.name == "cwi"


def test_a_marker_s_remembered_terms_are_its_own() -> None:
    """Terms are remembered per marker object, not per key: a marker with the table's key
    but other counts gets its own."""
    table = next(m for m in MARKERS if m.kind is Kind.CHROME)
    seen = dataclasses.replace(table.seen, socialist_worker=table.seen.socialist_worker + 5)
    other = dataclasses.replace(table, seen=seen)
    assert log_present(table, 1.0) == log_present(table, 1.0)
    assert log_present(other, 1.0) != log_present(table, 1.0)
    assert log_absent(other) != log_absent(table)
    assert rates(other) != rates(table)


def test_needles_are_found_overlapping_and_after_a_late_addition() -> None:
    """One pass finds every needle, one inside another included; a needle added after the
    automaton was built is found too."""
    needles = NeedleSet()
    assert needles.found("anything") == frozenset()
    needles.add(("Socialist Worker", "Worker", "ork"))
    assert needles.found("told Socialist Worker.") == {"Socialist Worker", "Worker", "ork"}
    assert needles.found("a wage") == frozenset()
    needles.add(("wag",))
    assert needles.found("a wage") == {"wag"}


def test_a_finder_made_anywhere_is_gated_by_its_own_needles() -> None:
    finder = f.search(r"Zebra crossing", "Zebra")
    assert finder(view("A Zebra crossing here.")) == (1,)
    assert finder(view("A zebra crossing here.")) == ()


def test_finders_on_a_first_hits_view_stop_at_the_first() -> None:
    page = view("Socialist Equality Party one.", "filler", "Socialist Equality Party two.")
    finder = f.search(r"Socialist Equality Party", "Socialist")
    assert finder(page) == (1, 3)
    assert finder(page.with_claimed(frozenset(), first_hits=True)) == (1,)
    whole = f.line(r"Socialist Equality Party \w+\.", "Socialist")
    assert whole(page) == (1, 3)
    assert whole(page.with_claimed(frozenset(), first_hits=True)) == (1,)
