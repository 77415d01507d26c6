"""The marker table: every cue the detector looks for, and on how many real pages it was seen.

The counts are those of `layout-facts.md` (130 real pages, 1998-2025: 27 Socialist Worker, 26
Workers World, 26 WSWS, 27 CWI, 24 look-alikes), each dump seen as its first ~2,000
characters. The background columns count the same markers on 181 news pages of other sites
(the article-extraction benchmark; `bench/background_counts.py` recounts them), once as
whole-page dumps (`news`) and once as their article bodies alone (`body`): a text dump may
keep a site's chrome or not. A marker whose
source says "assumed" was not counted (footers lie past the excerpts): it is taken as seen
on 3 pages of its publication and on none of the others, like the rarest counted chrome.
Weights are derived from these counts by `weights.py`; nothing here is a weight.
"""

from __future__ import annotations

import re

from ...model import PUBLICATION_INFO
from . import finders as f
from .finders import MONTHS, WEEKDAYS, line, prose, search, shape
from .markers import Group, Kind, Marker, Seen, Way

#: Counted pages of each class (the look-alike groups below share the look-alike pages).
PAGES = {
    "socialist_worker": 27,
    "workers_world": 26,
    "wsws": 26,
    "cwi": 27,
    "lookalike": 24,
    "background": 181,
    "background_body": 181,
}
#: The count an uncounted ("assumed") marker is given on its publication's pages.
ASSUMED = 3

HOSTS = {name: info.hosts for name, info in PUBLICATION_INFO.items()}
ALL_HOSTS = tuple(host for hosts in HOSTS.values() for host in hosts)

#: The 24 look-alike pages of the counts, by kind (layout-facts.md, section 6).
GROUPS: tuple[Group, ...] = (
    Group(
        "copy_sw",
        "a copy of a Socialist Worker article on another site",
        pages=4,
        shown=2,
        resembles="socialist_worker",
        tied=frozenset({Kind.SELF, Kind.VOCABULARY, Kind.STYLE, Kind.SHAPE}),
    ),
    Group(
        "us_sw",
        "the US socialistworker.org (International Socialist Organization)",
        pages=1,
        shown=1,
        resembles="socialist_worker",
        tied=frozenset({Kind.SELF}),
    ),
    Group(
        "cwi_sister",
        "a site of a sister or former section of the CWI (Socialist Party, Socialist Alternative)",
        pages=9,
        shown=8,
        resembles="cwi",
        tied=frozenset({Kind.SELF, Kind.VOCABULARY, Kind.STYLE}),
    ),
    Group(
        "wsws_repost",
        "a WSWS article reposted on another site",
        pages=3,
        shown=2,
        resembles="wsws",
        tied=frozenset({Kind.SELF, Kind.VOCABULARY, Kind.STYLE, Kind.SHAPE}),
    ),
    Group(
        "ww_repost",
        "a Workers World article reposted on another site",
        pages=3,
        shown=2,
        resembles="workers_world",
        tied=frozenset({Kind.SELF, Kind.VOCABULARY, Kind.STYLE, Kind.SHAPE}),
    ),
    Group(
        "other_left",
        "another left publication (marxist.com, tedgrant.org, The Militant)",
        pages=4,
        shown=3,
    ),
)

_SHORT = {
    "sw": "socialist_worker",
    "ww": "workers_world",
    "wsws": "wsws",
    "cwi": "cwi",
    "look": "lookalike",
    "news": "background",
    "body": "background_body",
}


def _marker(
    key: str, kind: Kind, source: str, *ways: Way, family: str | None = None, **seen: int | None
) -> Marker:
    counts = Seen(**{_SHORT[name]: value for name, value in seen.items()})  # type: ignore[arg-type]
    return Marker(key, family or key, kind, ways, counts, source)


def _way(text: str, find: f.Finder) -> Way:
    return Way(text, find)


_I = re.IGNORECASE
_FACTS_SW = "layout-facts.md §1"
_FACTS_WW = "layout-facts.md §2"
_FACTS_WSWS = "layout-facts.md §3"
_FACTS_CWI = "layout-facts.md §4"
_FACTS_STYLE = "layout-facts.md §5"
_FACTS_SITES = "layout-facts.md §6"
_ASSUMED = "layouts.md and the seeds (a footer the excerpts did not reach): assumed"

# -- Socialist Worker ------------------------------------------------------------------------

_SOCIALIST_WORKER = (
    _marker(
        "sw.masthead",
        Kind.CHROME,
        _FACTS_SW,
        _way("masthead 'Socialist Worker' on the first line", line("Socialist Worker", first=1)),
        family="sw.header",
        sw=12,
    ),
    _marker(
        "sw.issue_no",
        Kind.CHROME,
        _FACTS_SW,
        _way("line 'Issue No. NNNN' (old layout)", line(r"Issue No\. ?\d{4}[a-z]?", "Issue No")),
        family="sw.header",
        sw=12,
    ),
    _marker(
        "sw.pdf_banner",
        Kind.CHROME,
        _FACTS_SW,
        _way(
            "banner 'Downloading PDF. Please wait... Issue NNNN'",
            search(r"Downloading PDF\. Please wait", "Downloading PDF"),
        ),
        family="sw.header",
        sw=12,
    ),
    _marker(
        "sw.issue",
        Kind.CHROME,
        _FACTS_SW,
        _way("line 'Issue NNNN' (current layout)", line(r"Issue \d{4}", "Issue ")),
        family="sw.header",
        sw=12,
    ),
    _marker(
        "sw.age_banner",
        Kind.CHROME,
        _FACTS_SW,
        _way(
            "banner 'This article is over N years, M months old'",
            line(
                r"This article is over \d+ (?:years?|months?)(?:,? \d+ months?)? old",
                "This article is over",
            ),
        ),
        family="sw.header",
        sw=9,
    ),
    _marker(
        "sw.footer",
        Kind.CHROME,
        _ASSUMED,
        _way(
            "footer 'Breakfast in red' newsletter line",
            search(r"email newsletter ['‘’\"“”]?Breakfast in red", "Breakfast in red"),
        ),
        _way(
            "footer 'add Socialist Worker to your home screen'",
            search(r"add Socialist Worker to your home screen", "home screen"),
        ),
        _way(
            "footer date line 'Tue 20 Nov 2007, 18:58 GMT'",
            line(
                r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} (?:19|20)\d\d, "
                r"\d\d:\d\d (?:GMT|BST)",
                "GMT",
                "BST",
                last=12,
            ),
        ),
        _way("footer 'Article information'", line("Article information", last=12)),
        sw=ASSUMED,
    ),
    _marker(
        "sw.read_more",
        Kind.CHROME,
        _FACTS_SW,
        _way("related-article teaser 'Read More'", line("Read More", "Read More")),
        sw=3,
        news=9,
    ),
    _marker(
        "sw.leaflet",
        Kind.CHROME,
        _FACTS_SW,
        _way(
            "'This article is available to download and print as an A4 leaflet'",
            search("available to download and print as an A4 leaflet", "A4 leaflet"),
        ),
        sw=1,
    ),
    _marker(
        "sw.giving",
        Kind.CHROME,
        _FACTS_SW,
        _way(
            "appeal 'If you enjoy Socialist Worker, please consider giving'",
            search("If you enjoy Socialist Worker", "If you enjoy"),
        ),
        sw=1,
    ),
    _marker(
        "sw.posted_on",
        Kind.CHROME,
        _FACTS_SW,
        _way(
            "'Posted on: <Month> <Dth>, YYYY by <user> No Comments'",
            search(
                r"Posted on: [A-Z][a-z]+ \d{1,2}(?:st|nd|rd|th), \d{4} by \S+ No Comments",
                "Posted on:",
            ),
        ),
        sw=1,
    ),
    _marker(
        "sw.first_byline",
        Kind.SHAPE,
        _FACTS_SW,
        _way("first line a byline 'By Firstname Lastname'", shape(f.first_line_byline, "By ")),
        sw=7,
    ),
    _marker(
        "sw.lower_byline",
        Kind.SHAPE,
        _FACTS_SW,
        _way("own-line lower-case byline 'by Firstname Lastname'", shape(f.lower_byline, "by ")),
        sw=3,
        cwi=1,
        news=1,
    ),
    _marker(
        "sw.credit",
        Kind.SHAPE,
        _FACTS_SW,
        _way(
            "caption ending '(Pic: …)', '(Picture: …)' or '(Photo: …)'",
            search(r"\((?:Pic|Picture|Photo): [^()\n]{2,80}\)\s*$", "(P", flags=re.MULTILINE),
        ),
        family="sw.caption",
        sw=14,
        look=2,
        news=1,
    ),
    _marker(
        "sw.caption_pair",
        Kind.SHAPE,
        _FACTS_SW,
        _way("caption printed twice (alt text, then caption and credit)", shape(f.caption_pair)),
        family="sw.caption",
        sw=13,
        look=3,
        news=25,
    ),
    _marker(
        "sw.live_times",
        Kind.SHAPE,
        _FACTS_SW,
        _way(
            "live-report time subhead ('5.30pm, Sunday 13 February', 'Friday 11pm')",
            line(
                rf"\d{{1,2}}(?:[.:]\d\d)?(?:am|pm)(?:,? (?:{WEEKDAYS}) \d{{1,2}} (?:{MONTHS}))?"
                rf"|(?:{WEEKDAYS}) \d{{1,2}}(?:[.:]\d\d)?(?:am|pm)",
                "am",
                "pm",
            ),
        ),
        sw=2,
    ),
    _marker(
        "sw.told",
        Kind.SELF,
        _FACTS_SW,
        _way("'told Socialist Worker'", prose(r"\btold Socialist Worker\b", "told Socialist")),
        family="sw.self",
        sw=9,
        look=1,
    ),
    _marker(
        "sw.party",
        Kind.SELF,
        _FACTS_SW,
        _way(
            "names the Socialist Workers Party (SWP)",
            prose(r"Socialist Workers Party|\bSWP\b", "Socialist Workers Party", "SWP"),
        ),
        family="sw.self",
        sw=3,
        look=1,
    ),
    _marker(
        "sw.name",
        Kind.SELF,
        _FACTS_SW,
        _way("names Socialist Worker", prose(r"Socialist Worker(?!s)", "Socialist Worker")),
        family="sw.self",
        sw=14,
        look=4,
    ),
)

# -- Workers World ---------------------------------------------------------------------------

_WORKERS_WORLD = (
    _marker(
        "ww.menu",
        Kind.CHROME,
        _FACTS_WW,
        _way("navigation menu '•  HOME' … '• Loading'", shape(f.ww_menu)),
        family="ww.static",
        ww=9,
    ),
    _marker(
        "ww.follow",
        Kind.CHROME,
        _FACTS_WW,
        _way(
            "'Follow workers.org on' / 'Twitter Facebook iGoogle'",
            line(r"Follow workers\.org on:?|Twitter Facebook iGoogle", "workers.org", "iGoogle"),
        ),
        family="ww.static",
        ww=9,
    ),
    _marker(
        "ww.published",
        Kind.SHAPE,
        _FACTS_WW,
        _way(
            "date line 'Published Nov 2, 2007 11:49 PM'",
            line(r"Published:? [A-Z][a-z]{2}\.? \d{1,2}, \d{4},? \d{1,2}:\d\d ?[AP]M", "Published"),
        ),
        family="ww.static",
        ww=9,
    ),
    _marker(
        "ww.share_buttons",
        Kind.CHROME,
        _FACTS_WW,
        _way("'Simple Share Buttons'", search("Simple Share Buttons", "Simple Share")),
        ww=2,
    ),
    _marker(
        "ww.teasers",
        Kind.CHROME,
        _FACTS_WW,
        _way("related-post teasers ending in '…' at the end (AMP)", shape(f.teasers_at_end, "…")),
        ww=1,
        body=1,
    ),
    _marker(
        "ww.breadcrumb",
        Kind.CHROME,
        "layouts.md (AMP pages; the counts saw 2 AMP pages): assumed, and on 1 look-alike "
        "(other WordPress sites have the breadcrumb too)",
        _way(
            "run-together breadcrumb 'Categories: AsiaGlobal…' (AMP)",
            shape(f.run_together_categories, "Categories:"),
        ),
        ww=ASSUMED,
        look=1,
    ),
    _marker(
        "ww.copyright",
        Kind.CHROME,
        _FACTS_WW,
        _way(
            "'Copyright © YYYY Workers.org'",
            search(r"Copyright © \d{4} Workers\.org", "Workers.org", flags=_I),
        ),
        _way(
            "footer 'Articles copyright … Workers World'",
            search(r"Articles copyright \d{4}.{0,20} Workers World", "Articles copyright"),
        ),
        family="ww.footer",
        ww=1,
    ),
    _marker(
        "ww.print_masthead",
        Kind.CHROME,
        _FACTS_WW,
        _way(
            "print masthead 'Workers and oppressed peoples of the world unite!'",
            search("Workers and oppressed peoples of the world unite", "oppressed peoples"),
        ),
        _way("print issue line 'Vol. N, No. N'", search(r"\bVol\. \d+, No\. \d+", "Vol. ")),
        ww=2,
    ),
    _marker(
        "ww.news_service",
        Kind.CHROME,
        _FACTS_WW,
        _way(
            "'Via Workers World News Service' / 'WW News Service Digest #N'",
            search(r"Workers World News Service|WW News Service Digest", "News Service"),
        ),
        _way(
            "'Reprinted from the … issue of Workers World newspaper'",
            search(r"issue of Workers World newspaper", "issue of Workers World"),
        ),
        _way("list header 'Subject: [WW] …'", line(r"Subject: \[WW\].*", "[WW]")),
        ww=3,
    ),
    _marker(
        "ww.photo",
        Kind.SHAPE,
        _FACTS_WW,
        _way("credit 'WW photo: Name'", search(r"\bWW (?:photo|Photo|PHOTO): ", "WW ")),
        family="ww.credit",
        ww=7,
    ),
    _marker(
        "ww.photo_line",
        Kind.SHAPE,
        _FACTS_WW,
        _way(
            "credit line 'Photo: Name' (or glued 'CubaPhoto: Name')",
            search(
                r"^Photo: [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}$|[a-z]Photo: [A-Z]",
                "Photo: ",
                flags=re.MULTILINE,
            ),
        ),
        family="ww.credit",
        ww=4,
        news=1,
    ),
    _marker(
        "ww.dateline",
        Kind.SHAPE,
        _FACTS_WW,
        _way("paragraph opening with a dateline 'Sept. 23—'", shape(f.ap_dateline, "—")),
        ww=4,
        look=1,
    ),
    _marker(
        "ww.kicker",
        Kind.SHAPE,
        _FACTS_WW,
        _way("ALL-CAPS kicker line above the headline", shape(f.caps_kicker)),
        ww=3,
        look=1,
        news=6,
        body=2,
    ),
    _marker(
        "ww.posted_on",
        Kind.SHAPE,
        _FACTS_WW,
        _way(
            "byline 'By Name posted on Month D, YYYY'",
            search(rf"\bposted on (?:{MONTHS}) \d{{1,2}}, \d{{4}}", "posted on"),
        ),
        ww=1,
        look=1,
    ),
    _marker(
        "ww.spanish",
        Kind.SHAPE,
        _FACTS_WW,
        _way(
            "Spanish byline 'De la redacción de Workers World/Mundo Obrero'",
            search("De la redacción de Workers World", "redacción"),
        ),
        _way("gender-neutral '@' ('trabajador@s')", search(r"[a-z]@s\b", "@s")),
        ww=1,
    ),
    _marker(
        "ww.party",
        Kind.SELF,
        _FACTS_WW,
        _way(
            "names the Workers World Party (WWP)",
            prose(r"Workers World Party|(?<![•·●▪] )\bWWP\b", "Workers World Party", "WWP"),
        ),
        family="ww.self",
        ww=7,
    ),
    _marker(
        "ww.name",
        Kind.SELF,
        _FACTS_WW,
        _way(
            "names Workers World, WW, Mundo Obrero or workers.org",
            prose(
                r"Workers World|\bWW\b(?! (?:photo|Photo|PHOTO):)|Mundo Obrero|workers\.org",
                "Workers World",
                "WW",
                "Mundo Obrero",
                "workers.org",
            ),
        ),
        family="ww.self",
        ww=22,
        look=1,
    ),
)

# -- WSWS ------------------------------------------------------------------------------------

_WSWS = (
    _marker(
        "wsws.english",
        Kind.CHROME,
        _FACTS_WSWS,
        _way("language selector 'English' on the first line", line("English", first=1)),
        wsws=3,
        news=1,
    ),
    _marker(
        "wsws.spanish_sidebar",
        Kind.CHROME,
        _FACTS_WSWS,
        _way(
            "old Spanish sidebar 'EN INGLES' / 'WSWS : Español'",
            search(r"EN INGLES|Visite el sitio inglés|WSWS : Español", "INGLES", "Español"),
        ),
        _way(
            "'Utilice esta versión para imprimir'",
            search("Utilice esta versión para imprimir", "Utilice"),
        ),
        wsws=2,
    ),
    _marker(
        "wsws.struggles",
        Kind.CHROME,
        _FACTS_WSWS,
        _way(
            "'The World Socialist Web Site invites workers and other readers to contribute'",
            search("invites workers and other readers to contribute", "invites workers"),
        ),
        _way("series title 'Workers Struggles: <Region>'", line(r"Workers Struggles: .{3,80}")),
        wsws=3,
    ),
    _marker(
        "wsws.join",
        Kind.CHROME,
        _FACTS_WSWS,
        _way(
            "'To join the Socialist Equality Party, click here.'",
            search("To join the Socialist Equality Party, click here", "To join the"),
        ),
        wsws=1,
    ),
    _marker(
        "wsws.notice",
        Kind.CHROME,
        _FACTS_WSWS,
        _way("'Notice to our readers'", line("Notice to our readers", "Notice to")),
        wsws=1,
    ),
    _marker(
        "wsws.footer",
        Kind.CHROME,
        _ASSUMED,
        _way(
            "footer 'To contact the WSWS and the Socialist Equality Party visit:'",
            search(r"To contact the W?WS ?W?S? and the", "To contact the"),
        ),
        _way("footer 'Socialist Equality Party visit:'", line(r"Socialist Equality Party visit:?")),
        _way(
            "footer link to wsws.org/contact",
            line(r"\[?(?:https?://)?(?:www\.)?wsws\.org/contact/?\]?(?:\(\S+\))?", "wsws.org"),
        ),
        _way(
            "sign-up form lines of today's site ('… joining the SEP', 'the form to be contacted')",
            search(
                r"process of joining the SEP|form to be contacted by someone from the WSWS",
                "SEP",
                "WSWS",
            ),
        ),
        wsws=ASSUMED,
    ),
    _marker(
        "wsws.byline_date",
        Kind.SHAPE,
        _FACTS_WSWS,
        _way(
            "byline 'By Name' (or 'Por Name') above a 'D Month YYYY' line",
            shape(f.byline_then_date),
        ),
        family="wsws.byline",
        wsws=4,
        look=1,
    ),
    _marker(
        "wsws.date_line",
        Kind.SHAPE,
        _FACTS_WSWS,
        _way("own-line date 'D Month YYYY'", line(rf"\d{{1,2}} (?:{MONTHS}) (?:19|20)\d\d")),
        family="wsws.byline",
        wsws=5,
        cwi=1,
        look=1,
        news=3,
    ),
    _marker(
        "wsws.letters",
        Kind.SHAPE,
        _FACTS_WSWS,
        _way("label 'Letters from our readers'", line("Letters from our readers", "Letters")),
        _way(
            "letter introducer 'On “<article title>'",
            line(r"On [“\"][^.!?]{8,200}[”\"]?:?", "On "),
        ),
        wsws=3,
    ),
    _marker(
        "wsws.following",
        Kind.SHAPE,
        _FACTS_WSWS,
        _way(
            "intro 'The following is a statement/selection …'",
            search(
                r"^The following (?:is|are)\b.{0,80}\b(?:statement|selection|excerpts?)\b",
                "The following",
                flags=re.MULTILINE,
            ),
        ),
        ww=3,
        wsws=3,
        cwi=1,
    ),
    _marker(
        "wsws.perspective",
        Kind.SHAPE,
        _FACTS_WSWS,
        _way("label 'Perspective' above the headline", line("Perspectives?", first=3)),
        wsws=2,
    ),
    _marker(
        "wsws.credit",
        Kind.SHAPE,
        _FACTS_WSWS,
        _way(
            "bracketed photo credit '[AP Photo/Name]'",
            search(r"\[(?:AP Photo/|Photo: )[^\]\n]{2,80}\]", "Photo"),
        ),
        wsws=1,
    ),
    _marker(
        "wsws.translation",
        Kind.SHAPE,
        _FACTS_WSWS,
        _way(
            "translation note 'Este artículo … fue publicado en inglés'",
            search(r"publicado (?:originalmente )?en inglés", "inglés"),
        ),
        wsws=1,
    ),
    _marker(
        "wsws.party",
        Kind.SELF,
        _FACTS_WSWS,
        _way(
            "names the Socialist Equality Party, IYSSE or ICFI",
            prose(
                r"Socialist Equality Party|\bSEP\b(?![ .]{0,2}\d)|\bIYSSE\b|\bICFI\b"
                r"|International Committee of the Fourth International"
                r"|Partei für Soziale Gleichheit|Parti de l['’]égalité socialiste"
                r"|Partido Socialista por la Igualdad",
                "Socialist Equality",
                "SEP",
                "IYSSE",
                "ICFI",
                "Fourth International",
                "Gleichheit",
                "égalité",
                "Igualdad",
            ),
        ),
        family="wsws.self",
        wsws=9,
    ),
    _marker(
        "wsws.name",
        Kind.SELF,
        _FACTS_WSWS,
        _way(
            "names the World Socialist Web Site (WSWS, wsws.org)",
            prose(
                r"World Socialist Web Site|\bWSWS\b|wsws\.org", "World Socialist", "WSWS", "wsws"
            ),
        ),
        family="wsws.self",
        wsws=14,
        look=3,
    ),
)

# -- CWI -------------------------------------------------------------------------------------

_CWI = (
    _marker(
        "cwi.sidebar",
        Kind.CHROME,
        _FACTS_CWI,
        _way("language bar 'deutsch | english | español | …'", shape(f.language_bar, "|")),
        _way("sidebar heading 'latest news'", line("latest news", "latest news")),
        _way(
            "teaser 'DD/MM/YYYY: standfirst'",
            search(r"^\d\d/\d\d/\d{4}[:,] \S", "/", flags=re.MULTILINE),
        ),
        _way("calendar widget digits '10111213141516'", shape(f.calendar_digits)),
        cwi=4,
    ),
    _marker(
        "cwi.print_tools",
        Kind.CHROME,
        _FACTS_CWI,
        _way(
            "'printer friendly page email this article to a friend' / 'RSS 2.0'",
            search(
                r"printer friendly page|email this article to a friend|^RSS 2\.0$",
                "RSS",
                "riend",
                flags=re.MULTILINE,
            ),
        ),
        cwi=1,
    ),
    _marker(
        "cwi.appeal",
        Kind.CHROME,
        _FACTS_CWI,
        _way(
            "'Special financial appeal to all readers of socialistworld.net' / 'Donate via Paypal'",
            search(
                r"Special financial appeal to all readers|Donate via Paypal"
                r"|alternative socialist media",
                "appeal",
                "Paypal",
                "socialist media",
            ),
        ),
        cwi=1,
    ),
    _marker(
        "cwi.patreon",
        Kind.CHROME,
        _FACTS_CWI + "; layouts.md: the plug-in is on unrelated sites too, taken as 1 look-alike",
        _way(
            "'Please become a Patron!' / 'Become a patron at Patreon!' (a WordPress plug-in)",
            search(r"Please become a Patron|Become a patron at Patreon", "atron"),
        ),
        cwi=1,
        look=1,
    ),
    _marker(
        "cwi.comments",
        Kind.CHROME,
        _FACTS_CWI,
        _way(
            "comment form 'Be the first to comment' / 'Leave a Reply'",
            line(r"Be the first to comment|Leave a Reply(?: Cancel reply)?", "comment", "Reply"),
        ),
        ww=1,
        cwi=1,
        news=6,
    ),
    _marker(
        "cwi.country_headline",
        Kind.SHAPE,
        _FACTS_CWI,
        _way("headline 'Country: Topic' in the first lines", shape(f.country_headline, ": ")),
        cwi=6,
        look=2,
    ),
    _marker(
        "cwi.reporters",
        Kind.SHAPE,
        _FACTS_CWI,
        _way(
            "byline '<Section> (… CWI …) Reporters'",
            line(r".{2,80}\([^()]{0,40}CWI[^()]{0,40}\) [Rr]eporters?", "eporter"),
        ),
        cwi=2,
    ),
    _marker(
        "cwi.statement",
        Kind.SHAPE,
        _FACTS_CWI,
        _way(
            "'Statement from International Secretariat of the CWI' / 'Declaration by … (CWI …)'",
            search(
                r"International Secretariat of the CWI|Declaration by [^()\n]{3,80}\(CWI",
                "CWI",
            ),
        ),
        cwi=2,
    ),
    _marker(
        "cwi.cc_credit",
        Kind.SHAPE,
        _FACTS_CWI,
        _way(
            "credit with a licence '(photo: Name/CC)'",
            search(r"\b[Pp]hoto: [^()\n]{2,60}/CC\b", "/CC"),
        ),
        cwi=2,
    ),
    _marker(
        "cwi.online",
        Kind.SHAPE,
        _FACTS_CWI,
        _way(
            "'CWI online' / 'cwi:' label / 'cwi comment and analysis'",
            search(
                r"\bCWI [Oo]nline\b|^cwi: |cwi comment and analysis",
                "CWI",
                "cwi",
                flags=re.MULTILINE,
            ),
        ),
        cwi=2,
    ),
    _marker(
        "cwi.country_menu",
        Kind.CHROME,
        "layouts.md (the header migrated 2002 pages keep; the counts saw none): assumed, and "
        "on 1 look-alike page (menus of countries are common)",
        _way(
            "a menu of countries separated by '|' (migrated 2002 CWI Online pages)",
            shape(f.country_menu, "|"),
        ),
        family="cwi.online",
        cwi=ASSUMED,
        look=1,
    ),
    _marker(
        "cwi.video",
        Kind.SHAPE,
        _FACTS_CWI,
        _way("headline prefix 'Video:'", line(r"Video: .{5,200}", "Video:", first=2)),
        cwi=1,
    ),
    _marker(
        "cwi.signoff",
        Kind.SHAPE,
        _FACTS_CWI,
        _way(
            "place-date sign-off 'London, November 1998'",
            line(rf"[A-Z][a-z]+, (?:{MONTHS}) (?:19|20)\d\d", ", "),
        ),
        cwi=1,
    ),
    _marker(
        "cwi.section",
        Kind.SELF,
        _FACTS_CWI,
        _way(
            "a section named with the CWI in brackets '(CWI in Ireland)'",
            shape(f.cwi_section, "CWI"),
        ),
        family="cwi.self",
        cwi=9,
        look=5,
    ),
    _marker(
        "cwi.name",
        Kind.SELF,
        _FACTS_CWI,
        _way(
            "names the Committee for a Workers' International (CWI, socialistworld.net)",
            shape(f.names_cwi, "Committee for a Workers", "CWI", "socialistworld.net"),
        ),
        family="cwi.self",
        cwi=20,
        look=8,
    ),
    _marker(
        "cwi.other_body",
        Kind.SELF,
        "layouts.md (other bodies share the initials); counted on none of the pages",
        _way(
            "the initials CWI stand for another body here ('Centre for Workers' Information')",
            shape(f.other_cwi, "CWI"),
        ),
    ),
)

# -- house style (layout-facts.md §5) -------------------------------------------------------

_STYLE = (
    _marker(
        "style.pound",
        Kind.STYLE,
        _FACTS_STYLE,
        _way("amounts in pounds '£48'", prose(r"£ ?\d", "£")),
        sw=7,
        look=1,
        news=4,
        body=4,
    ),
    _marker(
        "style.percent_word",
        Kind.STYLE,
        _FACTS_STYLE,
        _way("'N percent' (word)", prose(r"\d percent\b", "percent")),
        sw=4,
        ww=1,
        wsws=2,
        news=7,
        body=7,
    ),
    _marker(
        "style.percent_sign",
        Kind.STYLE,
        _FACTS_STYLE,
        _way("'N%' (sign)", prose(r"\d ?%", "%")),
        cwi=5,
        look=1,
        news=19,
        body=19,
    ),
    _marker(
        "style.em_unspaced",
        Kind.STYLE,
        _FACTS_STYLE,
        _way("unspaced em dash 'word—word'", prose(r"\w—\w", "—")),
        sw=13,
        ww=5,
        wsws=10,
        look=3,
        news=6,
        body=6,
    ),
    _marker(
        "style.em_spaced",
        Kind.STYLE,
        _FACTS_STYLE,
        _way("spaced em dash ' — '", prose(r"\w[”\"’)]? — [“\"‘(]?\w", "—")),
        sw=1,
        ww=13,
        look=4,
        news=44,
        body=44,
    ),
    _marker(
        "style.en_spaced",
        Kind.STYLE,
        _FACTS_STYLE,
        _way("spaced en dash ' – '", prose(r"\w[”\"’)]? – [“\"‘(]?\w", "–")),
        sw=6,
        ww=3,
        cwi=14,
        look=2,
        news=28,
        body=28,
    ),
    _marker(
        "style.double_hyphen",
        Kind.STYLE,
        _FACTS_STYLE,
        _way("double hyphen 'word--word'", prose(r"[A-Za-z] ?-- ?[A-Za-z]", "--")),
        ww=3,
        wsws=1,
        news=3,
        body=3,
    ),
    _marker(
        "style.date_dmy",
        Kind.STYLE,
        _FACTS_STYLE,
        _way("date 'D Month YYYY'", prose(rf"\b\d{{1,2}} (?:{MONTHS}) (?:19|20)\d\d\b")),
        sw=1,
        wsws=5,
        cwi=3,
        look=4,
        news=1,
        body=1,
    ),
    _marker(
        "style.date_mdy",
        Kind.STYLE,
        _FACTS_STYLE,
        _way("date 'Month D, YYYY'", prose(rf"\b(?:{MONTHS}) \d{{1,2}}, (?:19|20)\d\d\b")),
        ww=4,
        wsws=2,
        cwi=1,
        look=8,
        news=9,
        body=9,
    ),
    _marker(
        "style.ap_month",
        Kind.STYLE,
        _FACTS_STYLE,
        _way(
            "AP month abbreviation with a day ('Sept. 23', 'Nov. 4')",
            prose(r"\b(?:Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\. \d{1,2}\b", ". "),
        ),
        ww=16,
        news=22,
        body=22,
    ),
    _marker(
        "style.ap_state",
        Kind.STYLE,
        _FACTS_STYLE,
        _way(
            "AP state abbreviation (', Ga.', ', Calif.', ', N.Y.')",
            prose(
                r", (?:Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich"
                r"|Minn|Miss|Mo|Mont|Neb|Nev|N\.H|N\.J|N\.M|N\.Y|N\.C|N\.D|Okla|Ore|Pa|R\.I"
                r"|S\.C|S\.D|Tenn|Tex|Vt|Va|Wash|W\.Va|Wis|Wyo)\.(?=[\s,;:)]|$)",
                ", ",
            ),
        ),
        ww=3,
        news=9,
        body=9,
    ),
    _marker(
        "style.uk_weekday",
        Kind.STYLE,
        _FACTS_STYLE,
        _way(
            "UK date 'Weekday D Month' ('Thursday 14 June')",
            prose(rf"\b(?:{WEEKDAYS}) \d{{1,2}}(?:st|nd|rd|th)? (?:{MONTHS})\b", "day "),
        ),
        sw=4,
        cwi=1,
        look=2,
    ),
    _marker(
        "style.british",
        Kind.STYLE,
        _FACTS_STYLE,
        _way(
            "British spelling (organis-, labour, centre, programme, defence, favour)",
            prose(
                r"\b(?:[Oo]rganis(?:e[ds]?|ing|ations?|ers?)|labour|[Cc]entres?|[Pp]rogrammes?"
                r"|[Dd]efence|[Ff]avour(?:s|ed|able|ite)?)\b"
            ),
        ),
        sw=10,
        wsws=4,
        cwi=13,
        look=2,
        news=4,
        body=4,
    ),
    _marker(
        "style.american",
        Kind.STYLE,
        _FACTS_STYLE,
        _way(
            "American spelling (organiz-, labor, center, program, defense, favor)",
            prose(
                r"\b(?:[Oo]rganiz(?:e[ds]?|ing|ations?|ers?)|labor|[Cc]enters?|[Pp]rograms?"
                r"|[Dd]efense|[Ff]avor(?:s|ed|able|ite)?)\b"
            ),
        ),
        ww=13,
        wsws=9,
        cwi=3,
        look=4,
        news=39,
        body=39,
    ),
    _marker(
        "style.hard_wrapped",
        Kind.STYLE,
        _FACTS_STYLE,
        _way("hard-wrapped text (e-mail and list copies)", shape(f.hard_wrapped)),
        ww=5,
        wsws=3,
        news=1,
        body=1,
    ),
    _marker(
        "style.caps_leadin",
        Kind.STYLE,
        _FACTS_STYLE,
        _way("paragraph opening with words in capitals ('THE STRIKE meant')", shape(f.caps_leadin)),
        sw=2,
        cwi=1,
    ),
    _marker(
        "style.vocabulary",
        Kind.VOCABULARY,
        _FACTS_STYLE,
        _way(
            "house vocabulary ('pseudo-left', 'US-NATO', 'ruling elite', 'financial oligarchy')",
            prose(
                r"pseudo-left|U\.?S\.?-NATO|ruling elite|financial oligarchy",
                "seudo-left",
                "NATO",
                "elite",
                "oligarchy",
                flags=_I,
            ),
        ),
        sw=1,
        wsws=5,
        cwi=1,
    ),
)

# -- other sites' chrome (layout-facts.md §6) -----------------------------------------------

_SITES = (
    _marker(
        "site.us_sw",
        Kind.SITE,
        _FACTS_SITES,
        _way(
            "names socialistworker.org or the International Socialist Organization, or an "
            "issue line 'Issue #NNN' (a US paper's)",
            search(
                r"socialistworker\.org|International Socialist Organi[sz]ation|\bAt SW,"
                r"|\bIssue #\d+",
                "ocialistworker.org",
                "OCIALISTWORKER.ORG",
                "ocialistWorker.org",
                "International Socialist Organi",
                "At SW,",
                "Issue #",
                flags=_I,
            ),
        ),
        family="site.us_sw",
    ),
    _marker(
        "site.copy_sw",
        Kind.SITE,
        _FACTS_SITES,
        _way(
            "title with the suffix ' – Socialist Worker' (a copy)",
            line(r".{10,250} [–—-] Socialist Worker", "Socialist Worker", first=6),
        ),
        _way("issue line 'No. NNNN' without 'Issue' (a copy)", line(r"No\. \d{4}", "No. ")),
        _way(
            "date line 'Weekday Month DD, YYYY' (a copy's)",
            search(rf"\b(?:{WEEKDAYS}),? (?:{MONTHS}) \d\d, \d{{4}}", "day"),
        ),
        _way(
            "'first published in Socialist Worker' (a copy)",
            search(
                r"(?:first|originally) (?:appeared|published) (?:in|on|by) Socialist Worker"
                r"|Source: Socialist Worker",
                "Socialist Worker",
                flags=_I,
            ),
        ),
        family="site.copy_sw",
        news=17,
    ),
    _marker(
        "site.cwi_sister",
        Kind.SITE,
        _FACTS_SITES,
        _way(
            "chrome of socialistparty.org.uk ('Join the Socialist Party', 'Printable version', "
            "'Link to this page:')",
            search(
                r"Join the Socialist Party|Printable version|Link to this page:"
                r"|From The Socialist newspaper|Archive article from The Socialist"
                r"|Click to enlarge: opens in new window|socialistparty\.org\.uk",
                "Socialist Party",
                "Printable",
                "Link to this page",
                "The Socialist",
                "Click to enlarge",
                "socialistparty",
            ),
        ),
        _way(
            "masthead or name of Socialist Alternative / The Socialist",
            line(
                r"Socialist Alternative|The Socialist|International Socialist Alternative"
                r"|Magazine of the Socialist Party.{0,80}",
                "Socialist",
                first=4,
            ),
        ),
        _way(
            "'This article was originally written for socialistworld.net' / author bio "
            "'X is a member of the Committee for a Workers' International'",
            search(
                r"originally (?:written|published) for socialistworld\.net"
                r"|is a member of the Committee for a Workers['’] International"
                r"|socialistalternative\.org|International Socialist Alternative",
                "socialistworld.net",
                "is a member of",
                "socialistalternative",
                "International Socialist Alternative",
            ),
        ),
        _way(
            "dateline 'DD-MM-YYYY \\ Region' or 'Published on'",
            search(
                r"^\d\d-\d\d-\d{4} \\ |^Published on\b", "\\", "Published on", flags=re.MULTILINE
            ),
        ),
        family="site.cwi_sister",
    ),
    _marker(
        "site.wsws_repost",
        Kind.SITE,
        _FACTS_SITES,
        _way(
            "repost byline 'By Name, wsws.org'",
            line(r"By [^,]{3,60}, (?:wsws\.org|World Socialist Web Site)", "By ", first=10),
        ),
        _way(
            "author note '… is a senior editor with wsws.org' / 'ABOUT THE AUTHOR'",
            search(
                r"is an? (?:\w+ ){0,2}(?:editor|writer|reporter|contributor|correspondent) "
                r"(?:with|for|at|of) (?:the )?(?:wsws\.org|World Socialist Web Site)"
                r"|^ABOUT THE AUTHOR$",
                "wsws",
                "World Socialist Web Site",
                "ABOUT THE AUTHOR",
                flags=re.MULTILINE,
            ),
        ),
        _way(
            "'… - by World Socialist Web Site' / 'originally published on wsws.org'",
            search(
                r"\d{4} - by World Socialist Web Site"
                r"|(?:first|originally) (?:appeared|published) (?:in|on|at|by) (?:the )?"
                r"(?:wsws\.org|World Socialist Web Site)|Source: (?:wsws\.org|World Socialist)",
                "World Socialist Web Site",
                "wsws.org",
                flags=_I,
            ),
        ),
        family="site.wsws_repost",
        news=1,
    ),
    _marker(
        "site.ww_repost",
        Kind.SITE,
        _FACTS_SITES,
        _way(
            "repost byline 'By Name posted on Workers World, <date>'",
            search(r"posted on Workers World", "posted on Workers World"),
        ),
        _way("credit line 'Credit: Name'", line(r"Credit: [A-Z][\w.'’ -]{2,60}", "Credit: ")),
        _way(
            "another site's chrome ('Published on', 'HomeNews…', a WordPress.com comment form)",
            search(
                r"^Published on\b|^HomeNews|Fill in your details below or click an icon to log in"
                r"|(?:first|originally) (?:appeared|published) (?:in|on|at|by) Workers World",
                "Published on",
                "HomeNews",
                "Fill in your details",
                "Workers World",
                flags=re.MULTILINE,
            ),
        ),
        family="site.ww_repost",
    ),
    _marker(
        "site.other_left",
        Kind.SITE,
        _FACTS_SITES,
        _way(
            "headline 'COUNTRY - Title' (marxist.com)",
            line(r"[A-Z]{2,}(?: [A-Z]{2,})* - \S.{5,200}", " - ", first=3),
        ),
        _way(
            "'Source: In Defence Of Marxism' / 'Markup:' / marxist.com (tedgrant.org, IMT)",
            search(
                r"In Defen[cs]e [Oo]f Marxism|^Markup: |marxist\.com|print\.htm"
                r"|International Marxist Tendency",
                "Marxism",
                "Markup",
                "marxist.com",
                "print.htm",
                "Marxist Tendency",
                flags=re.MULTILINE,
            ),
        ),
        _way(
            "The Militant's chrome ('Vol. 77/No. 22', 'The Militant', '{front page}', "
            "ALL-CAPS byline)",
            search(
                r"Vol\. ?\d+/No\. ?\d+|\bThe Militant\b|\{front page\}"
                r"|^BY [A-Z][A-Z.'’ -]{3,60}(?: AND [A-Z][A-Z.'’ -]{3,60})?$",
                "Vol.",
                "Militant",
                "{front page}",
                "BY ",
                flags=re.MULTILINE,
            ),
        ),
        _way(
            "names the web sites of two or more of the four publications (a page about them)",
            shape(f.sites_named(tuple(HOSTS.values()))),
        ),
        family="site.other_left",
    ),
    _marker(
        "site.elsewhere",
        Kind.SITE,
        "counted on the background pages, and taken as as common on look-alike pages (their "
        "footers lie past the excerpts); the four publications' own footers name themselves",
        _way(
            "copyright line of another owner ('Copyright © 2024 <another site>')",
            shape(f.foreign_copyright, "©", "opyright", "(c)", "rights reserved"),
        ),
        _way(
            "a WordPress.com blog's widgets ('Like this:', 'Like Loading…')",
            line(r"Like this:?|Like Loading(?:\.\.\.|…)?", "Like "),
        ),
        family="site.elsewhere",
        look=None,
        news=119,
        body=2,
    ),
)

# -- the page's address ----------------------------------------------------------------------

_FACTS_URL = "layout-facts.md §1-4 (hosts and URL shapes)"

_URLS = (
    _marker(
        "url.socialist_worker",
        Kind.URL,
        _FACTS_URL,
        _way("address on socialistworker.co.uk", shape(f.host_of(HOSTS["socialist_worker"]))),
        sw=27,
    ),
    _marker(
        "url.socialist_worker_path",
        Kind.URL,
        _FACTS_URL,
        _way("address path '/art/NNNNN/…'", shape(f.url_path(r"/art/\d{4,6}/"))),
        family="url.socialist_worker",
        sw=12,
    ),
    _marker(
        "url.workers_world",
        Kind.URL,
        _FACTS_URL,
        _way("address on workers.org", shape(f.host_of(HOSTS["workers_world"]))),
        ww=19,
    ),
    _marker(
        "url.workers_world_path",
        Kind.URL,
        _FACTS_URL,
        _way(
            "address path '/YYYY/MM/NNNNN/'",
            shape(f.url_path(r"/(?:19|20)\d\d/\d\d/\d{3,6}/?$")),
        ),
        family="url.workers_world",
        ww=6,
    ),
    _marker(
        "url.wsws",
        Kind.URL,
        _FACTS_URL,
        _way("address on wsws.org", shape(f.host_of(HOSTS["wsws"]))),
        wsws=20,
    ),
    _marker(
        "url.wsws_path",
        Kind.URL,
        _FACTS_URL,
        _way(
            "address path '/en/articles/YYYY/MM/DD/xxxx-mDD.html'",
            shape(
                f.url_path(
                    r"/(?:[a-z]{2}/)?articles/(?:19|20)\d\d/(?:\d\d/(?:\d\d/)?|[a-z]{3,4}\d{4}/)"
                    r"[a-z]{2,5}-[a-z]\d\d\.s?html?"
                )
            ),
        ),
        family="url.wsws",
        wsws=23,
    ),
    _marker(
        "url.cwi",
        Kind.URL,
        _FACTS_URL,
        _way("address on socialistworld.net", shape(f.host_of(HOSTS["cwi"]))),
        cwi=26,
    ),
    _marker(
        "url.cwi_path",
        Kind.URL,
        _FACTS_URL,
        _way(
            "address path '/eng/YYYY/MM/…', '/doc/NNNN' or '/mob/view/NN'",
            shape(f.url_path(r"/eng/(?:19|20)\d\d/\d\d/|/doc/\d{2,6}\b|/mob/view/\d+")),
        ),
        family="url.cwi",
        cwi=14,
    ),
    _marker(
        "url.elsewhere",
        Kind.URL,
        _FACTS_URL,
        _way("address on another site", shape(f.foreign_host(ALL_HOSTS))),
        ww=7,
        wsws=6,
        cwi=1,
        look=24,
        news=181,
        body=181,
    ),
)

MARKERS: tuple[Marker, ...] = (
    *_SOCIALIST_WORKER,
    *_WORKERS_WORLD,
    *_WSWS,
    *_CWI,
    *_STYLE,
    *_SITES,
    *_URLS,
)
