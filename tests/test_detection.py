"""Detection: the marker table, the weights it gives, the decision, and what a user declares.

Every way a marker can show has an example page below that must show it, and every marker a
near miss that must not: deleting a marker, a way or a pattern turns a test red.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from pathlib import Path

import pytest

from pkclean import clean_text
from pkclean.clean.detection import Origin, View, detect, find
from pkclean.clean.detection.detector import decide, posterior
from pkclean.clean.detection.explain import explain
from pkclean.clean.detection.markers import Kind, Marker, Seen
from pkclean.clean.detection.table import GROUPS, HOSTS, MARKERS, PAGES
from pkclean.clean.detection.weights import (
    CLAIM,
    CLASSES,
    PUBLICATION_CLASSES,
    SUPPORT,
    log_prior,
    marker_rates,
    rate,
    rates,
    weight,
)
from pkclean.clean.layouts import registered
from pkclean.clean.lines import Document
from pkclean.errors import UnknownLayoutError

from conftest import SEEDS

# A paragraph that shows no marker at all.
PLAIN = (
    "Thousands of people joined the march through the city on a cold morning. They carried "
    "banners and sang songs as they walked past the shops and the station."
)
HEAD = "A march through the city"


def page(*lines: str, first: bool = False) -> str:
    """A neutral page with `lines` in its body (or, with `first`, at its top)."""
    middle = "\n\n".join(lines)
    if first:
        return f"{middle}\n\n{HEAD}\n\n{PLAIN}\n\n{PLAIN}\n"
    return f"{HEAD}\n\n{PLAIN}\n\n{middle}\n\n{PLAIN}\n"


def keys(text: str, origin: Origin | None = None) -> set[str]:
    """The keys of the markers found in a text."""
    view = View(Document.from_text(text), origin or Origin())
    return {item.marker.key for item in find(view)}


def ways(text: str, origin: Origin | None = None) -> set[str]:
    view = View(Document.from_text(text), origin or Origin())
    return {item.way.text for item in find(view)}


# (marker key, way number) -> a page that shows that way; an Origin when the address counts.
SHOWS: dict[tuple[str, int], str | tuple[str, Origin]] = {
    ("sw.masthead", 0): page("Socialist Worker", first=True),
    ("sw.issue_no", 0): page("Issue No. 2078"),
    ("sw.pdf_banner", 0): page("Downloading PDF. Please wait... Issue 2913", first=True),
    ("sw.issue", 0): page("Issue 2913"),
    ("sw.age_banner", 0): page("This article is over 12 years, 3 months old", first=True),
    ("sw.footer", 0): page(
        "Click here to subscribe to our daily morning email newsletter 'Breakfast in red'"
    ),
    ("sw.footer", 1): page(
        "Mobile users! Don't forget to add Socialist Worker to your home screen."
    ),
    ("sw.footer", 2): page("Tue 20 Nov 2007, 18:58 GMT"),
    ("sw.footer", 3): page("Article information"),
    ("sw.read_more", 0): page("Read More"),
    ("sw.leaflet", 0): page("This article is available to download and print as an A4 leaflet"),
    ("sw.giving", 0): page("If you enjoy Socialist Worker, please consider giving"),
    ("sw.posted_on", 0): page("Posted on: June 30th, 2022 by TTE No Comments"),
    ("sw.first_byline", 0): page("By Amina Khalid", first=True),
    ("sw.lower_byline", 0): page("by Amina Khalid", first=True),
    ("sw.credit", 0): page("Marchers outside the gates of the mill (Pic: Guy Porter)"),
    ("sw.caption_pair", 0): page(
        "Marchers outside the gates of the mill\nMarchers outside the gates of the mill "
        "(Picture: Guy Porter)"
    ),
    ("sw.live_times", 0): page("5.30pm, Sunday 13 February"),
    ("sw.told", 0): page("A steward told Socialist Worker that the strike would go on."),
    ("sw.party", 0): page("Members of the SWP gave out leaflets at the gate."),
    ("sw.name", 0): page("Readers of Socialist Worker raised money for the fund."),
    ("ww.menu", 0): page("•\u00a0 HOME\n•\u00a0 BOOKS\n•\u00a0 WWP\n•\u00a0 DONATE", first=True),
    ("ww.follow", 0): page("Follow workers.org on\nTwitter Facebook iGoogle", first=True),
    ("ww.published", 0): page("Published Nov 2, 2007 11:49 PM"),
    ("ww.share_buttons", 0): page("Simple Share Buttons"),
    ("ww.teasers", 0): f"{HEAD}\n\n{PLAIN}\n\nMore on the strike in the port…\n\nThe budget and "
    "the IMF…\n",
    ("ww.breadcrumb", 0): page("Categories: AsiaGlobalStatements", first=True),
    ("ww.copyright", 0): page("Copyright © 2024 Workers.org"),
    ("ww.copyright", 1): page("Articles copyright 1995-2007 Workers World. Verbatim copying"),
    ("ww.print_masthead", 0): page("Workers and oppressed peoples of the world unite!"),
    ("ww.print_masthead", 1): page("workers.org Vol. 62, No. 25 June 18, 2020 $1"),
    ("ww.news_service", 0): page("Via Workers World News Service"),
    ("ww.news_service", 1): page(
        "Reprinted from the Nov. 28, 2002\nissue of Workers World newspaper"
    ),
    ("ww.news_service", 2): page("Subject: [WW]  Strike in the port"),
    ("ww.photo", 0): page("Strikers at the gate WW photo: Dana Lowe"),
    ("ww.photo_line", 0): page("Photo: Dana Lowe"),
    ("ww.dateline", 0): page(
        "Sept. 23— Thousands of people marched through the city today to demand that the "
        "government restore the subsidies it cut last year."
    ),
    ("ww.kicker", 0): page("EDITORIAL", first=True),
    ("ww.posted_on", 0): page("By Dana Lowe posted on May 15, 2018"),
    ("ww.spanish", 0): page("De la redacción de Workers World/Mundo Obrero"),
    ("ww.spanish", 1): page("Las y los trabajador@s marcharon por la ciudad."),
    ("ww.party", 0): page("The Workers World Party called a rally."),
    ("ww.name", 0): page("Workers World spoke to the strikers."),
    ("wsws.english", 0): page("English", first=True),
    ("wsws.spanish_sidebar", 0): page("EN INGLES"),
    ("wsws.spanish_sidebar", 1): page("Utilice esta versión para imprimir | Email el autor"),
    ("wsws.struggles", 0): page(
        "The World Socialist Web Site invites workers and other readers to contribute to this "
        "regular feature."
    ),
    ("wsws.struggles", 1): page("Workers Struggles: Asia and Australia", first=True),
    ("wsws.join", 0): page("To join the Socialist Equality Party, click here."),
    ("wsws.notice", 0): page("Notice to our readers"),
    ("wsws.footer", 0): page("To contact the WSWS and the"),
    ("wsws.footer", 1): page("Socialist Equality Party visit:"),
    ("wsws.footer", 2): page("[wsws.org/contact](https://www.wsws.org/contact)"),
    ("wsws.footer", 3): page("We will follow up with you about the process of joining the SEP."),
    ("wsws.byline_date", 0): page("By Rahul Verma\n9 June 1999", first=True),
    ("wsws.date_line", 0): page("12 December 2024"),
    ("wsws.letters", 0): page("Letters from our readers", first=True),
    ("wsws.letters", 1): page("On “The floods and the budget”"),
    ("wsws.following", 0): page("The following is a statement issued by the strike committee."),
    ("wsws.perspective", 0): page("Perspective", first=True),
    ("wsws.credit", 0): page("Police outside the court [AP Photo/Sam Reed]"),
    ("wsws.translation", 0): page("Este artículo fue publicado en inglés el 3 de mayo."),
    ("wsws.party", 0): page("The Socialist Equality Party held a meeting."),
    ("wsws.name", 0): page("The World Socialist Web Site spoke to workers."),
    ("cwi.sidebar", 0): page("deutsch | english | español | français | italiano", first=True),
    ("cwi.sidebar", 1): page("latest news", first=True),
    ("cwi.sidebar", 2): page("14/02/2014: Workers in the port walk out over pay"),
    ("cwi.sidebar", 3): page("10111213141516"),
    ("cwi.print_tools", 0): page("printer friendly page email this article to a friend"),
    ("cwi.appeal", 0): page("Special financial appeal to all readers of socialistworld.net"),
    ("cwi.patreon", 0): page("Become a patron at Patreon!"),
    ("cwi.comments", 0): page("Be the first to comment"),
    ("cwi.country_headline", 0): page("Pakistan: Teachers strike for their pay", first=True),
    ("cwi.reporters", 0): page("Xekinima (Greek section of the CWI) Reporters"),
    ("cwi.statement", 0): page("Statement from International Secretariat of the CWI"),
    ("cwi.cc_credit", 0): page("Marchers in the square (photo: Ali Raza/CC)"),
    ("cwi.online", 0): page("CWI Online, 12 May 2002"),
    ("cwi.country_menu", 0): page("Home | Pakistan | India | Sri Lanka | Nepal", first=True),
    ("cwi.video", 0): page("Video: Health workers on strike for their pay", first=True),
    ("cwi.signoff", 0): page("London, November 1998"),
    ("cwi.section", 0): page("Members of the Socialist Party (CWI in Ireland) spoke."),
    ("cwi.name", 0): page("The Committee for a Workers’ International sent greetings."),
    ("cwi.other_body", 0): page("The Centre for Workers’ Information (CWI) keeps records."),
    ("style.pound", 0): page("The fund raised £48 at the meeting."),
    ("style.percent_word", 0): page("Prices rose by 12 percent in a year."),
    ("style.percent_sign", 0): page("Prices rose by 12% in a year."),
    ("style.em_unspaced", 0): page("The march—the largest this year—went on."),
    ("style.em_spaced", 0): page("The march — the largest this year — went on."),
    ("style.en_spaced", 0): page("The march – the largest this year – went on."),
    ("style.double_hyphen", 0): page("The march--the largest this year--went on."),
    ("style.date_dmy", 0): page("The strike began on 3 May 2023 at the port."),
    ("style.date_mdy", 0): page("The strike began on May 3, 2023 at the port."),
    ("style.ap_month", 0): page("The strike began on Sept. 23 at the port."),
    ("style.ap_state", 0): page("The rally was held in Oakland, Calif. on Sunday."),
    ("style.uk_weekday", 0): page("The rally is on Thursday 14 June at the hall."),
    ("style.british", 0): page("The union will organise a rally in the centre."),
    ("style.american", 0): page("The union will organize a rally in the center."),
    ("style.hard_wrapped", 0): "A strike in the port\n\n"
    + "\n".join(
        [
            "Thousands of dock workers walked out on Monday and",
            "stayed out for a week, as the employers refused to",
            "negotiate with the union over pay and the hours of",
            "work that the new owners of the port want to impose",
            "on every crew.",
        ]
    )
    + "\n",
    ("style.caps_leadin", 0): page(
        "THE STRIKE meant that no ship left the harbour for a week, and the owners lost a "
        "fortune in fees that they had promised their customers."
    ),
    ("style.vocabulary", 0): page("The pseudo-left groups backed the government."),
    ("site.us_sw", 0): page("Read more at socialistworker.org every day."),
    ("site.copy_sw", 0): page("Teachers strike in Lahore – Socialist Worker", first=True),
    ("site.copy_sw", 1): page("No. 2912"),
    ("site.copy_sw", 2): page("Monday July 01, 2024"),
    ("site.copy_sw", 3): page("This article first appeared in Socialist Worker."),
    ("site.cwi_sister", 0): page("Join the Socialist Party"),
    ("site.cwi_sister", 1): page("Socialist Alternative", first=True),
    ("site.cwi_sister", 2): page("This article was originally written for socialistworld.net."),
    ("site.cwi_sister", 3): page("24-07-2019 \\ England and Wales"),
    ("site.wsws_repost", 0): page("By Dana Lowe, wsws.org", first=True),
    ("site.wsws_repost", 1): page("ABOUT THE AUTHOR"),
    ("site.wsws_repost", 2): page("July 11th, 2024 - by World Socialist Web Site"),
    ("site.ww_repost", 0): page("By Dana Lowe posted on Workers World, September 11, 2020"),
    ("site.ww_repost", 1): page("Credit: Dana Lowe"),
    ("site.ww_repost", 2): page("Published on March 3, 2020"),
    ("site.other_left", 0): page("USA - Abu Ghraib: the torture goes on", first=True),
    ("site.other_left", 1): page("Source: In Defence Of Marxism, May 22, 1998."),
    ("site.other_left", 2): page("Vol. 77/No. 22 June 10, 2013"),
    ("site.other_left", 3): page("Compare the reports of wsws.org and workers.org on the strike."),
    ("site.elsewhere", 0): page("Copyright © 2024 Harbour News Network. All rights reserved."),
    ("site.elsewhere", 1): page("Like this:\nLike Loading..."),
    ("url.socialist_worker", 0): (page(), Origin(url="https://socialistworker.co.uk/news/x/")),
    ("url.socialist_worker_path", 0): (page(), Origin(path="mirror/art/41234/Strike+at+the+port")),
    ("url.workers_world", 0): (page(), Origin(url="https://www.workers.org/2016/12/28205/")),
    ("url.workers_world_path", 0): (page(), Origin(path="mirror/2016/12/28205/")),
    ("url.wsws", 0): (page(), Origin(url="https://www.wsws.org/en/articles/2024/12/12/x.html")),
    ("url.wsws_path", 0): (page(), Origin(path="copy/en/articles/2024/12/12/paki-d12.html")),
    ("url.cwi", 0): (page(), Origin(url="https://www.socialistworld.net/2020/03/23/x/")),
    ("url.cwi_path", 0): (page(), Origin(path="mirror/eng/2004/11/06poland.html")),
    ("url.elsewhere", 0): (page(), Origin(url="https://news.example.org/2024/strike")),
}

# marker key -> a page that looks like it but must not show it.
MISSES: dict[str, str | tuple[str, Origin]] = {
    "sw.masthead": page("Socialist Worker"),  # not the first line
    "sw.issue_no": page("Issue No. 12"),
    "sw.pdf_banner": page("Downloading the report took a while."),
    "sw.issue": page("Issue 409"),
    "sw.age_banner": page("This article is over there."),
    "sw.footer": page("Article information is below."),
    "sw.read_more": page("Read more about it."),
    "sw.leaflet": page("This article is available online."),
    "sw.giving": page("If you enjoy the show, come back."),
    "sw.posted_on": page("Posted on June 30, 2022 by admin"),
    "sw.first_byline": page("By the river the families waited.", first=True),
    "sw.lower_byline": page("by the river the families waited", first=True),
    "sw.credit": page("Marchers outside the gates of the mill (and the police)"),
    "sw.caption_pair": page("A march through the city"),  # the headline repeated at the top
    "sw.live_times": page("5.30 in the morning"),
    "sw.told": page("A steward told the workers that the strike would go on."),
    "sw.party": page("Members of the Socialist Party gave out leaflets."),
    "sw.name": page("Socialist Workers of the world."),
    "ww.menu": page("•\u00a0 HOME\n•\u00a0 ABOUT\n•\u00a0 CONTACT", first=True),
    "ww.follow": page("Follow us on Twitter"),
    "ww.published": page("Published on May 2, 2018"),
    "ww.share_buttons": page("Share buttons"),
    "ww.teasers": page("The strike goes on…"),
    "ww.breadcrumb": page("Categories: Asia, Global", first=True),
    "ww.copyright": page("Copyright © 2024 Harbour News"),
    "ww.print_masthead": page("Vol. 77/No. 22"),
    "ww.news_service": page("Via the news service"),
    "ww.photo": page("WWII veterans joined the march."),
    "ww.photo_line": page("Photo: the crowd outside the court"),
    "ww.dateline": page("September 23 was a cold day for the marchers in the city centre."),
    "ww.kicker": page("NATO", first=True),
    "ww.posted_on": page("By Dana Lowe posted on Workers World, May 15, 2018"),
    "ww.spanish": page("Write to info@site.org today."),
    "ww.party": page("•\u00a0 WWP", first=True),
    "ww.name": page("Workers of the world unite."),
    "wsws.english": page("English"),
    "wsws.spanish_sidebar": page("En inglés"),
    "wsws.struggles": page("Workers struggle on."),
    "wsws.join": page("To join the union, click here."),
    "wsws.notice": page("Notice to all tenants"),
    "wsws.footer": page("To contact the union"),
    "wsws.byline_date": page("By Rahul Verma\nMay 2024", first=True),
    "wsws.date_line": page("December 2024"),
    "wsws.letters": page("On the floods and the budget, the minister said nothing at all."),
    "wsws.following": page("The following day the strike ended."),
    "wsws.perspective": page(PLAIN, "Perspective"),  # in the body, below the headline
    "wsws.credit": page("Police outside the court [see below]"),
    "wsws.translation": page("El artículo fue publicado ayer."),
    "wsws.party": page("Shipments rose in Sep 2024 and SEP. 2024."),
    "wsws.name": page("The socialist web site spoke to workers."),
    "cwi.sidebar": page("latest news from the port today"),
    "cwi.print_tools": page("a printer at the factory"),
    "cwi.appeal": page("A financial appeal from the union"),
    "cwi.patreon": page("A patron of the arts"),
    "cwi.comments": page("The first to comment was the minister."),
    "cwi.country_headline": page("Update: Teachers strike for their pay", first=True),
    "cwi.reporters": page("Our Reporters"),
    "cwi.statement": page("Statement from the union"),
    "cwi.cc_credit": page("Marchers in the square (photo: Ali Raza)"),
    "cwi.online": page("Online, 12 May 2002"),
    "cwi.country_menu": page("Home | News | About | Contact", first=True),
    "cwi.video": page("Video games and workers", first=True),
    "cwi.signoff": page("London, the city"),
    "cwi.section": page("The Centre for Workers’ Information (CWI) keeps records."),
    "cwi.name": page("The Centre for Workers’ Information (CWI) keeps records."),
    "cwi.other_body": page("The Committee for a Workers’ International (CWI) sent greetings."),
    "style.pound": page("The fund raised $48 at the meeting."),
    "style.percent_word": page("A percentage of the workers came."),
    "style.percent_sign": page("A percentage of the workers came."),
    "style.em_unspaced": page("The march - the largest this year - went on."),
    "style.em_spaced": page("The march—the largest this year—went on."),
    "style.en_spaced": page("The march—the largest this year—went on."),
    "style.double_hyphen": page("The march - went on."),
    "style.date_dmy": page("The strike began in May 2023 at the port."),
    "style.date_mdy": page("The strike began on 3 May 2023 at the port."),
    "style.ap_month": page("The strike began on Sept 23rd at the port."),
    "style.ap_state": page("The rally was held in Oakland, California."),
    "style.uk_weekday": page("The rally is on Thursday at the hall."),
    "style.british": page("The union will organize a rally in the center."),
    "style.american": page("The union will organise a rally in the centre."),
    "style.hard_wrapped": page(),
    "style.caps_leadin": page(
        "US NATO forces left the base in the north, and the government said that the troops "
        "would not return before the winter."
    ),
    "style.vocabulary": page("The left groups backed the government."),
    "site.us_sw": page("Read more at socialistworker.co.uk every day."),
    "site.copy_sw": page("No. 12"),
    "site.cwi_sister": page("The Socialist Party of Pakistan met.", first=True),
    "site.wsws_repost": page("By Dana Lowe", first=True),
    "site.ww_repost": page("Credit where it is due, the union won."),
    "site.other_left": page("Compare the reports of wsws.org and the BBC on the strike."),
    "site.elsewhere": page("© 1998-2026 World Socialist Web Site. All rights reserved."),
    "url.socialist_worker": (page(), Origin(url="https://socialistworker.org/2018/12/19/x")),
    "url.socialist_worker_path": (page(), Origin(path="mirror/art/x")),
    "url.workers_world": (page(), Origin(url="https://www.notworkers.com/2016/12/28205/")),
    "url.workers_world_path": (page(), Origin(path="mirror/2016/12/strike.html")),
    "url.wsws": (page(), Origin(url="https://example.org/wsws.org/x.html")),
    "url.wsws_path": (page(), Origin(path="copy/en/2024/12/12/report.html")),
    "url.cwi": (page(), Origin(url="https://socialistworld.example.com/x")),
    "url.cwi_path": (page(), Origin(path="mirror/english/2004/poland.html")),
    "url.elsewhere": (page(), Origin(url="https://www12.wsws.org/en/articles/x.html")),
}


def _split(example: str | tuple[str, Origin]) -> tuple[str, Origin | None]:
    return example if isinstance(example, tuple) else (example, None)


WAYS = [(marker.key, index) for marker in MARKERS for index in range(len(marker.ways))]


def test_every_way_and_marker_has_examples() -> None:
    assert sorted(SHOWS) == sorted(WAYS)
    assert sorted(MISSES) == sorted(marker.key for marker in MARKERS)


@pytest.mark.parametrize(("key", "index"), WAYS, ids=[f"{k}-{i}" for k, i in WAYS])
def test_the_way_shows_on_its_example(key: str, index: int) -> None:
    marker = next(m for m in MARKERS if m.key == key)
    text, origin = _split(SHOWS[(key, index)])
    view = View(Document.from_text(text), origin or Origin())
    assert marker.ways[index].find(view), f"{marker.ways[index].text} not found"


@pytest.mark.parametrize("key", [m.key for m in MARKERS])
def test_the_marker_does_not_show_on_its_near_miss(key: str) -> None:
    text, origin = _split(MISSES[key])
    assert key not in keys(text, origin)


def test_the_neutral_page_shows_nothing() -> None:
    assert keys(page()) == set()


# -- the table ------------------------------------------------------------------------------


def test_marker_keys_are_unique() -> None:
    counted = Counter(marker.key for marker in MARKERS)
    assert [key for key, n in counted.items() if n > 1] == []


def test_a_family_is_of_one_basis() -> None:
    """A family counts once: its markers must all describe the layout, or all the content."""
    by_family: dict[str, set[bool]] = {}
    for marker in MARKERS:
        by_family.setdefault(marker.family, set()).add(marker.kind.layout)
    assert [family for family, bases in by_family.items() if len(bases) > 1] == []


def test_counts_fit_the_pages() -> None:
    for marker in MARKERS:
        for name, pages in PAGES.items():
            assert 0 <= marker.seen.of(name) <= pages, (marker.key, name)


def test_site_markers_belong_to_a_group_or_to_other_sites() -> None:
    names = {group.name for group in GROUPS} | {"elsewhere"}
    for marker in MARKERS:
        if marker.kind is Kind.SITE:
            assert marker.group in names, marker.key
    assert sum(group.pages for group in GROUPS) == PAGES["lookalike"]
    assert all(0 <= group.shown <= group.pages for group in GROUPS)


@pytest.mark.parametrize("layout", registered(), ids=lambda layout: layout.name)
def test_every_publication_has_markers_of_every_kind(layout: object) -> None:
    name = layout.name  # type: ignore[attr-defined]
    assert name in PAGES
    assert name in HOSTS
    seen = {m.kind for m in MARKERS if m.seen.of(name) > 0}
    assert {Kind.CHROME, Kind.SHAPE, Kind.SELF, Kind.URL} <= seen


def test_the_background_column_is_the_recount(shared: Path, bench_on_path: None) -> None:
    """The table's background counts are what `bench/background_counts.py` counts on the
    benchmark's news pages, whole and body only: a new count there must reach the table."""
    from background_counts import count

    pages, bodies = count(shared / "benchmarks" / "article-extraction")
    assert {m.key: (m.seen.background, m.seen.background_body) for m in MARKERS} == {
        m.key: (pages.get(m.key, 0), bodies.get(m.key, 0)) for m in MARKERS
    }


# -- weights from counts --------------------------------------------------------------------


def _home(marker: Marker) -> str | None:
    """The publication on whose pages a marker is most common, if it is more common there
    than on every other class (look-alikes and background included)."""
    shares = {name: marker.seen.of(name) / pages for name, pages in PAGES.items()}
    best = max(shares, key=lambda name: shares[name])
    others = [share for name, share in shares.items() if name != best]
    if best in PUBLICATION_CLASSES and shares[best] > max(others):
        return best
    return None


@pytest.mark.parametrize("marker", MARKERS, ids=lambda m: m.key)
def test_a_marker_weighs_for_its_publication(marker: Marker) -> None:
    home = _home(marker)
    if marker.kind is Kind.SITE:
        assert all(weight(marker, name) < 0 for name in PUBLICATION_CLASSES), marker.key
    elif home is not None:
        assert weight(marker, home) > 0, marker.key


def test_a_weight_follows_its_counts() -> None:
    """No weight is set by hand: changing a count changes the weight, in its direction."""
    marker = next(m for m in MARKERS if m.key == "cwi.country_headline")
    more = dataclasses.replace(marker, seen=dataclasses.replace(marker.seen, cwi=20))
    fewer = dataclasses.replace(marker, seen=dataclasses.replace(marker.seen, cwi=1))
    assert weight(more, "cwi") > weight(marker, "cwi") > weight(fewer, "cwi")
    on_lookalikes = dataclasses.replace(marker, seen=Seen(lookalike=20))
    assert weight(on_lookalikes, "cwi") < 0


def test_rates_are_probabilities_and_never_zero() -> None:
    for marker in MARKERS:
        for value in rates(marker):
            assert 0.0 < value < 1.0, marker.key


def test_a_group_resembling_a_publication_writes_like_it() -> None:
    told = next(m for m in MARKERS if m.key == "sw.told")
    masthead = next(m for m in MARKERS if m.key == "sw.masthead")
    assert rate(told, "copy_sw") == rate(told, "socialist_worker")
    assert rate(masthead, "copy_sw") < rate(masthead, "socialist_worker") / 10


def test_longer_texts_show_body_markers_more_often() -> None:
    british = next(m for m in MARKERS if m.key == "style.british")
    masthead = next(m for m in MARKERS if m.key == "sw.masthead")
    assert all(
        long > short
        for long, short in zip(marker_rates(british, 5.0), marker_rates(british, 1.0), strict=True)
    )
    assert marker_rates(masthead, 5.0) == marker_rates(masthead, 1.0)


def test_priors_sum_to_one() -> None:
    assert math.isclose(sum(math.exp(v) for v in log_prior()), 1.0)
    assert len(log_prior()) == len(CLASSES)


# -- the decision ---------------------------------------------------------------------------


def _verdict(text: str, origin: Origin | None = None) -> tuple[str, str | None, float]:
    verdict = detect(Document.from_text(text), origin)
    return verdict.layout.name, verdict.basis, verdict.confidence


def test_decide_needs_the_claim_and_the_support() -> None:
    high, low = {"wsws": CLAIM, "cwi": 1 - CLAIM}, {"wsws": SUPPORT - 0.01, "cwi": 0.0}
    assert decide(high, high, high) == ("wsws", "layout")
    assert decide(high, high, low) == ("wsws", "content")
    assert decide(high, low, low) == (None, None)
    below = {"wsws": CLAIM - 0.01, "cwi": 0.0}
    assert decide(below, below, below) == (None, None)


def test_house_style_alone_names_no_publication() -> None:
    """AP dates, spaced em dashes and American spelling are Workers World's style, and a US
    news agency's: without self-reference or layout they name nothing."""
    style = page(
        "The strike began on Sept. 23 — the day the mill owners cut pay — and the union "
        "will organize a rally at the center on Oct. 4."
    )
    assert _verdict(style)[0] == "unknown"
    named = style.replace("A march", "Workers World: a march")
    assert _verdict(named)[:2] == ("workers_world", "content")


def test_a_content_verdict_carries_a_warning() -> None:
    article = clean_text(page("A steward told Socialist Worker that the strike would go on."))
    assert article.publication == "socialist_worker"
    assert article.detection.basis == "content"
    assert "publication_from_content" in article.warnings


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.name[:3])
def test_seeds_are_named_by_their_layout_and_nothing_else_is_likely(seed: Path) -> None:
    verdict = detect(Document.from_text(seed.read_text(encoding="utf-8")))
    assert verdict.basis == "layout"
    others = [p for name, p in verdict.probabilities if name != verdict.layout.name]
    assert max(others) < 0.01


def test_probabilities_add_up_and_confidence_is_the_named_ones() -> None:
    for seed in SEEDS:
        verdict = detect(Document.from_text(seed.read_text(encoding="utf-8")))
        values = dict(verdict.probabilities)
        assert math.isclose(sum(values.values()), 1.0, abs_tol=0.01)
        assert verdict.confidence == values[verdict.layout.name]


def test_an_unknown_page_says_how_likely_it_is_none_of_the_four() -> None:
    name, basis, confidence = _verdict(page())
    assert (name, basis) == ("unknown", None)
    assert confidence == dict(detect(Document.from_text(page())).probabilities)["unknown"]


def test_markers_of_several_publications_name_none() -> None:
    """A page that shows chrome of three publications is of none of them (another site)."""
    mixed = page(
        "Socialist Worker\n\nPakistan: Teachers strike for their pay\n\n"
        "Follow workers.org on\n\nLetters from our readers",
        first=True,
    )
    assert _verdict(mixed)[0] == "unknown"


def test_a_family_counts_once() -> None:
    seed = SEEDS[0].read_text(encoding="utf-8")
    found = find(View(Document.from_text(seed)))
    header = [item for item in found if item.marker.family == "sw.header"]
    assert [item.counted for item in header] == [True, False]
    once = posterior(found, 1.0)
    doubled = tuple(dataclasses.replace(item, counted=True) for item in found)
    assert posterior(doubled, 1.0)["socialist_worker"] >= once["socialist_worker"]


def test_another_sites_chrome_outweighs_a_copied_article() -> None:
    """A copy of a Socialist Worker article is told apart by its site's own chrome."""
    copied = page(
        "Marchers outside the gates of the mill (Pic: Guy Porter)",
        "A steward told Socialist Worker that the strike would go on.",
    )
    assert _verdict(copied)[0] == "socialist_worker"
    with_site = copied + "\nCopyright © 2024 Harbour News Network. All rights reserved.\n"
    assert _verdict(with_site)[0] == "unknown"


def test_text_markers_are_not_read_in_chrome() -> None:
    """The WSWS footer names the WSWS and the SEP: it counts as the footer, not as
    self-reference too."""
    footer = page("To contact the WSWS and the\nSocialist Equality Party visit:")
    found = {item.marker.key for item in find(View(Document.from_text(footer)))}
    assert found == {"wsws.footer"}


def test_explain_lists_markers_with_their_counts() -> None:
    verdict = detect(Document.from_text(SEEDS[3].read_text(encoding="utf-8")))
    lines = "\n".join(explain(verdict))
    assert "verdict: wsws (probability 1.000, basis layout)" in lines
    assert "SW 0/27, WW 0/26, WSWS 14/26, CWI 0/27, look 3/24, news 0/181" in lines
    sw = "\n".join(explain(detect(Document.from_text(SEEDS[0].read_text(encoding="utf-8")))))
    assert "(in a family already counted)  line 'Issue No. NNNN' (old layout)" in sw


# -- what the user knows --------------------------------------------------------------------


def test_the_address_names_the_publication() -> None:
    for name, hosts in HOSTS.items():
        origin = Origin(url=f"https://www.{hosts[0]}/x")
        assert _verdict(page(), origin)[:2] == (name, "layout")


def test_a_mirrors_path_keeps_the_host() -> None:
    origin = Origin(path="site/www.wsws.org/en/articles/2024/12/12/paki-d12.html")
    assert origin.host == "wsws.org"
    assert _verdict(page(), origin)[0] == "wsws"


def test_another_sites_address_lowers_the_probability() -> None:
    text = page("A steward told Socialist Worker that the strike would go on.")
    alone = dict(detect(Document.from_text(text)).probabilities)["socialist_worker"]
    origin = Origin(url="https://aggregator.example.com/copies/strike")
    elsewhere = dict(detect(Document.from_text(text), origin).probabilities)["socialist_worker"]
    assert elsewhere < alone


def test_a_declared_publication_is_kept_and_a_contradiction_said() -> None:
    seed = SEEDS[0].read_text(encoding="utf-8")
    article = clean_text(seed, publication="wsws")
    assert article.publication == "wsws"
    assert article.detection.layout == "socialist_worker"
    assert article.detection.declared == "wsws"
    assert "publication_contradicted" in article.warnings
    plain = clean_text(page(), publication="cwi")
    assert (plain.publication, plain.detection.layout) == ("cwi", "unknown")
    assert "publication_contradicted" not in plain.warnings
    assert "layout_unknown" not in plain.warnings


def test_a_url_fills_the_source_and_counts_as_evidence() -> None:
    article = clean_text(page(), url="https://www.workers.org/2016/12/28205/")
    assert article.source.url == "https://www.workers.org/2016/12/28205/"
    assert article.publication == "workers_world"


def test_strict_mode_takes_a_minimum_basis() -> None:
    from pkclean.clean.pipeline import clean
    from pkclean.document import SourceDoc

    text = page("A steward told Socialist Worker that the strike would go on.")
    src = SourceDoc(path="x.txt", sha256="0" * 64, format="text", encoding="utf-8", text=text)
    assert clean(src, strict=True, min_basis="content").publication == "socialist_worker"
    with pytest.raises(UnknownLayoutError, match="by its content only"):
        clean(src, strict=True, min_basis="layout")
    with pytest.raises(UnknownLayoutError, match="no publication is likely enough"):
        clean(dataclasses.replace(src, text=page()), strict=True)


def test_the_weights_derived_from_the_counts(data_regression) -> None:  # type: ignore[no-untyped-def]
    """Every marker's probability on every class, as the counts give them: a count changed in
    the table shows here, to be read and recorded on purpose."""
    data_regression.check(
        {
            marker.key: {
                name: round(value, 4) for name, value in zip(CLASSES, rates(marker), strict=True)
            }
            for marker in MARKERS
        }
    )
