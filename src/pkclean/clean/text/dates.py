"""Date lines of the four publications, parsed without ever inventing a time zone."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
    for name in names
}
#: Zone abbreviations with one unambiguous meaning. Others (IST, CST, …) are not guessed.
ZONES = {
    "GMT": 0,
    "UTC": 0,
    "BST": 60,
    "CET": 60,
    "CEST": 120,
    "EST": -300,
    "EDT": -240,
    "PST": -480,
    "PDT": -420,
    "PKT": 300,
}

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_WEEKDAY = r"(?:(?P<weekday>[A-Za-z]{3,9})\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = (
    r"(?:,?\s+(?:at\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d\d)(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?"
    r"(?:\s+(?P<zone>(?:GMT|UTC)[+-]\d{1,2}(?::?\d\d)?|[A-Z]{2,5}(?![+-]\d)|[+-]\d\d:?\d\d))?)?"
)
_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        # Tue 20 Nov 2007, 18:58 GMT / 12 December 2024 / Monday, 12th March 2002
        rf"{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}{_TIME}",
        # Nov 2, 2007 11:49 PM / Friday, November 2, 2007
        rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}",
        # 2007-11-20 / 2007-11-20T18:58 / 2007-11-20 18:58:00+00:00
        r"(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)"
        r"(?:[T ](?P<hour>\d\d):(?P<minute>\d\d)(?::(?P<second>\d\d)(?:\.\d+)?)?"
        r"(?P<zone>Z|[+-]\d\d:?\d\d)?)?",
    )
)


_FOUR_DIGITS = re.compile(r"\d{4}")
_NUMERIC_ZONE = re.compile(r"(?:GMT|UTC)?(?P<sign>[+-])(?P<hours>\d{1,2})(?::?(?P<minutes>\d\d))?")


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A date as written, its calendar date, and its date-time when a time is given."""

    text: str
    date: dt.date
    moment: dt.datetime | None = None
    warnings: tuple[str, ...] = ()


def parse_date(text: str) -> ParsedDate | None:
    """Parse a whole string as one date, or return None.

    >>> parse_date("Tue 20 Nov 2007, 18:58 GMT").moment.isoformat()
    '2007-11-20T18:58:00+00:00'
    >>> parse_date("Nov 2, 2007 11:49 PM").moment.isoformat()
    '2007-11-02T23:49:00'
    >>> parse_date("12 December 2024").moment is None
    True
    >>> parse_date("August 26, 2022 4:15 PM GMT+5").moment.isoformat()
    '2022-08-26T16:15:00+05:00'
    >>> parse_date("2024-12-12T09:30:45+05:00").moment.isoformat()
    '2024-12-12T09:30:45+05:00'
    """
    stripped = text.strip()
    for pattern in _PATTERNS:
        match = pattern.fullmatch(stripped)
        if match:
            return _build(stripped, match)
    return None


def search_date(text: str) -> ParsedDate | None:
    """Find the first date written anywhere in a string (used for datelines).

    A word before the date that is not a weekday is not part of it:

    >>> search_date("Source: In Defence Of Marxism, October 20, 1999.").text
    'October 20, 1999'
    """
    if _FOUR_DIGITS.search(text) is None:  # every form has a year: most lines end here
        return None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            parsed = _build(match.group(0).strip(" ,"), match)
            if parsed is None and match.groupdict().get("weekday"):
                # `Marxism, October 20, 1999`: the match took a word for a weekday.
                start = min(match.start(name) for name in ("day", "month"))
                without = pattern.match(text, start)
                if without is not None:
                    parsed = _build(without.group(0).strip(" ,"), without)
            if parsed is not None:
                return parsed
    return None


def _month_number(value: str) -> int | None:
    if value.isdigit():
        return int(value)
    return _MONTHS.get(value.lower())


def _offset(zone: str) -> tuple[dt.tzinfo | None, tuple[str, ...]]:
    if zone == "Z":
        return dt.timezone.utc, ()
    offset = _NUMERIC_ZONE.fullmatch(zone)
    if offset:
        minutes = int(offset.group("hours")) * 60 + int(offset.group("minutes") or 0)
        sign = -1 if offset.group("sign") == "-" else 1
        if minutes > 14 * 60:
            return None, ("time_zone_unrecognised",)
        return dt.timezone(dt.timedelta(minutes=sign * minutes)), ()
    if zone in ZONES:
        return dt.timezone(dt.timedelta(minutes=ZONES[zone])), ()
    return None, ("time_zone_unrecognised",)


def _build(text: str, match: re.Match[str]) -> ParsedDate | None:
    parts = match.groupdict()
    month = _month_number(parts["month"])
    if month is None:
        return None
    try:
        date = dt.date(int(parts["year"]), month, int(parts["day"]))
    except ValueError:
        return None
    warnings: list[str] = []
    weekday = parts.get("weekday")
    if weekday:
        expected = _WEEKDAYS.get(weekday.lower())
        if expected is None:
            return None
        if expected != date.weekday():
            warnings.append("weekday_mismatch")
    moment = None
    if parts.get("hour") is not None:
        hour, minute = int(parts["hour"]), int(parts["minute"])
        ampm = (parts.get("ampm") or "").lower().replace(".", "")
        if ampm:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm == "pm" else 0)
        second = int(parts.get("second") or 0)
        if hour > 23 or minute > 59 or second > 59:
            return None
        zone, zone_warnings = _offset(parts["zone"]) if parts.get("zone") else (None, ())
        warnings.extend(zone_warnings)
        if zone is None:
            warnings.append("time_zone_not_stated")
        moment = dt.datetime.combine(date, dt.time(hour, minute, second), tzinfo=zone)
    return ParsedDate(text, date, moment, tuple(warnings))
