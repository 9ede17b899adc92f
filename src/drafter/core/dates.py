"""Dates that may be only partly known.

A citation date is often known only to the month or year, or only without its
year ("Friday, 1st August"). ``PartialDate`` keeps exactly what is known and is
stored as ISO 8601 text of the matching precision: ``2025``, ``2025-08`` or
``2025-08-01``. Nothing here ever fills in a missing part.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

#: English month names, written out rather than taken from ``calendar``: those
#: follow the process's locale, which Qt sets from the user's environment, so in
#: the window a French or German desktop would have got "août" in citations
#: and no match for "August" in the dates of imported articles.
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July",
               "August", "September", "October", "November", "December")
MONTHS = {name.lower(): i for i, name in enumerate(MONTH_NAMES, start=1)}
MONTHS.update({name[:3].lower(): i for i, name in enumerate(MONTH_NAMES, start=1)})
MONTHS["sept"] = 9

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.day is not None:
            assert self.month is not None
            date(self.year, self.month, self.day)  # raises ValueError for 31 June etc.

    @classmethod
    def parse_iso(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; anything else is a ValueError."""
        match = _ISO.match(text.strip())
        if not match:
            raise ValueError(f"not an ISO 8601 date: {text!r}")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        return cls(year, month, day)

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def display(self) -> str:
        """The date as a UK reader writes it: ``1 August 2025``, ``August 2025``, ``2025``."""
        if self.month is None:
            return str(self.year)
        month = MONTH_NAMES[self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"

    def __str__(self) -> str:
        return self.iso()


def display_iso(value: str | None, unknown: str = "Date unknown") -> str:
    """Display a stored ISO partial date, or say plainly that it is unknown."""
    if not value:
        return unknown
    try:
        return PartialDate.parse_iso(value).display()
    except ValueError:
        return value


@dataclass(frozen=True)
class DatePhrase:
    """A date found in running text; any part may be missing (e.g. no year)."""

    year: int | None
    month: int | None
    day: int | None

    def to_partial(self) -> PartialDate | None:
        """The known part as a PartialDate, or None when the year is missing."""
        if self.year is None:
            return None
        try:
            return PartialDate(self.year, self.month, self.day if self.month else None)
        except ValueError:
            return None


_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_PHRASES = [
    # 2025-12-04
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
    # Friday, 1st August 2025 / 1 August 2025 / 1st August
    re.compile(
        rf"\b(?:{_WEEKDAY},?\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b",
        re.IGNORECASE,
    ),
    # Friday, August 1st, 2025 / July 31, 2025 / August 1
    re.compile(rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b", re.IGNORECASE),
    # August 2025
    re.compile(rf"\b{_MONTH}\s+{_YEAR}\b", re.IGNORECASE),
]


def find_date_phrase(text: str) -> tuple[DatePhrase, tuple[int, int]] | None:
    """Find the first date written in ``text`` and where it is.

    Recognises ISO dates, "31 July 2025", "July 31, 2025", "Friday, 1st August"
    (no year: the year stays unknown) and "August 2025".
    """
    best: tuple[DatePhrase, tuple[int, int]] | None = None
    rejected: list[tuple[int, int]] = []  # impossible dates such as "31 June 2025"
    for pattern in _PHRASES:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in rejected):
                continue  # part of an impossible date: don't salvage "June 2025" from it
            phrase = _to_phrase(match)
            if phrase is None:
                rejected.append(match.span())
                continue
            if best is None or match.start() < best[1][0]:
                best = (phrase, match.span())
            break
    return best


def _to_phrase(match: re.Match[str]) -> DatePhrase | None:
    parts = match.groupdict()
    month_text = parts.get("month")
    if month_text is None:
        return None
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower().rstrip("."))
    year = int(parts["year"]) if parts.get("year") else None
    day = int(parts["day"]) if parts.get("day") else None
    if month is None or not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    if year is not None and day is not None:
        try:
            date(year, month, day)
        except ValueError:
            return None
    return DatePhrase(year, month, day)


# --- deadlines ------------------------------------------------------------------------------

#: From this many days before a deadline the readiness check warns of it and the response shows
#: it in red (a week: time to get a draft signed off); after it, both say it has passed.
DEADLINE_WARNING_DAYS = 7


def local_today() -> date:
    """Today's date where the user is (the computer's local time zone), not in UTC."""
    return date.today()


def days_left(deadline: str, today: date | None = None) -> int:
    """Days from ``today`` (the local date by default) to an ISO ``deadline``: 0 on the day, negative after."""
    parsed = PartialDate.parse_iso(deadline)
    if parsed.day is None:
        raise ValueError(f"a deadline is a full date: {deadline!r}")
    assert parsed.month is not None
    return (date(parsed.year, parsed.month, parsed.day) - (today or local_today())).days


def describe_deadline(deadline: str, today: date | None = None) -> str:
    """The deadline and the days left, as the response shows it.

    "Closes 12 February 2026 — 9 days left", "Closes today, 12 February 2026",
    "Closed 3 days ago, on 12 February 2026".
    """
    shown = PartialDate.parse_iso(deadline).display()
    left = days_left(deadline, today)
    if left > 0:
        return f"Closes {shown} — {plural_days(left)} left"
    if left == 0:
        return f"Closes today, {shown}"
    if left == -1:
        return f"Closed yesterday, {shown}"
    return f"Closed {plural_days(-left)} ago, on {shown}"


def plural_days(n: int) -> str:
    """``1 day``, ``9 days``, ``1,204 days``."""
    return f"{n} day" if n == 1 else f"{n:,} days"


# --- dates as people type them --------------------------------------------------------------

#: Where no locale can be found (a bare "C" environment): the app's readers are mostly British.
DEFAULT_LOCALE = "en-GB"
#: How a date may be written, for messages.
DATE_EXAMPLES = "4 December 2025, 04/12/2025, December 2025 or 2025"
#: How a whole day may be written (a deadline, the day a page was read).
DAY_EXAMPLES = "4 December 2025 or 04/12/2025"


_ISO_SHAPED = re.compile(r"^\d{4}-\d{1,2}(?:-\d{1,2})?$")


class DateReadError(ValueError):
    """Text that is not a date, or not one precise enough; ``str()`` is a plain message."""


def user_locale(environ: Mapping[str, str] | None = None) -> str:
    """The user's locale for dates, as ``en-GB``: from LC_ALL, LC_TIME or LANG, else ``DEFAULT_LOCALE``.

    The window passes Qt's system locale instead, which also knows Windows' and macOS's settings.
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_TIME", "LANG"):
        value = env.get(name, "").split(".")[0].split("@")[0]
        if value and value not in ("C", "POSIX"):
            return value.replace("_", "-")
    return DEFAULT_LOCALE


def read_date(text: str, *, locale: str | None = None, today: date | None = None,
              full: bool = False) -> PartialDate:
    """A date as a person writes it, read with their locale; only the parts given are kept.

    "4 Dec 2025", "the 4th of December 2025", "2025-12-04" -> 4 December 2025;
    "December 2025" -> the month; "2025" -> the year; "04/12/2025" -> 4 December in
    en-GB, 12 April in en-US; "today", "yesterday" count from ``today`` (the local date).
    A date without its year ("4 December") is refused rather than given the current
    year. ``full``: a day is needed (a deadline, the day a page was read).

    Reading is dateparser's (its locale data covers 200 locales); only ISO text is
    read here first, being unambiguous and far the commonest in files.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        raise DateReadError("No date was given.")
    try:
        read = PartialDate.parse_iso(cleaned)
    except ValueError:
        examples = DAY_EXAMPLES if full else DATE_EXAMPLES
        if _ISO_SHAPED.match(cleaned):  # 2025-13-01 is a mistake, not 13 January (as dateparser has it)
            raise DateReadError(f"“{cleaned}” is not a date Drafter can read. Write it as {examples}.") from None
        read = _read_written(cleaned, locale or user_locale(), today or local_today(), examples)
    if full and read.day is None:
        raise DateReadError(f"“{cleaned}” was read as {read.display()}: give the day too, such as 4 December 2025.")
    return read


def _read_written(text: str, locale: str, today: date, examples: str) -> PartialDate:
    refused = DateReadError(f"“{text}” is not a date Drafter can read. Write it as {examples}.")
    if text.isdecimal() and len(text) < 4:  # "12" is no year for dateparser to guess at
        raise refused
    found = None
    for parser in _parsers(locale, today):  # the user's locale first: it settles 04/12 one way or the other
        found = parser.get_date_data(text)
        if found.date_obj is not None:
            break
    if found is None or found.date_obj is None:
        raise refused
    day = found.date_obj.date()
    if found.period in ("day", "time"):
        return PartialDate(day.year, day.month, day.day)
    if found.period == "month":
        return PartialDate(day.year, day.month)
    if found.period == "year":
        return PartialDate(day.year)
    raise DateReadError(f"“{text}” is not one day, month or year. Write it as {examples}.")


def _parsers(locale: str, today: date) -> list[Any]:
    """dateparser's readers: the user's locale (or its language), then British English for English words.

    Made for each reading, since "today" is part of their settings; dateparser keeps the
    locale data it loaded, so after the first (a tenth of a second) each takes a millisecond.
    """
    from datetime import datetime

    from dateparser.data.languages_info import language_locale_dict
    from dateparser.date import DateDataParser

    settings = {
        "REQUIRE_PARTS": ["year"],  # never fill in a missing year
        "RELATIVE_BASE": datetime(today.year, today.month, today.day),
        "PREFER_DATES_FROM": "past",
    }
    parsers = []
    for name in dict.fromkeys(_locale_names(locale)):
        language = name.split("-")[0]
        # Only the locales dateparser has (it has de and de-AT, not de-DE; it would refuse at reading).
        if name == language and language in language_locale_dict or name in language_locale_dict.get(language, ()):
            parsers.append(DateDataParser(locales=[name], settings=settings))
    return parsers


def _locale_names(locale: str) -> list[str]:
    """``en_GB.UTF-8`` -> ``["en-GB", "en", "en-GB"]``: the locale, its language, then the fallback."""
    name = locale.split(".")[0].split("@")[0].replace("_", "-")
    language = name.split("-")[0].lower()
    region = name.split("-")[1].upper() if "-" in name else ""
    wanted = [f"{language}-{region}"] if region else []
    # English without a region is American in dateparser (month first): for English, the
    # language alone is tried only after the British reading.
    if language != "en":
        wanted.append(language)
    return [*wanted, DEFAULT_LOCALE]
