"""Dates that may be only partly known.

A citation date is often known only to the month or year, or only without its
year ("Friday, 1st August"). ``PartialDate`` keeps exactly what is known and is
stored as ISO 8601 text of the matching precision: ``2025``, ``2025-08`` or
``2025-08-01``. Nothing here ever fills in a missing part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

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
