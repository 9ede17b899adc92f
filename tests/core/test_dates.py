from __future__ import annotations

from datetime import date

import pytest

from drafter.core.dates import (
    DatePhrase,
    DateReadError,
    PartialDate,
    days_left,
    describe_deadline,
    display_iso,
    find_date_phrase,
    read_date,
    user_locale,
)


@pytest.mark.parametrize(
    ("iso", "display"),
    [("2025", "2025"), ("2025-08", "August 2025"), ("2025-08-01", "1 August 2025"), ("2026-02-12", "12 February 2026")],
)
def test_partial_dates_round_trip(iso, display):
    date = PartialDate.parse_iso(iso)
    assert date.iso() == iso
    assert date.display() == display


@pytest.mark.parametrize("bad", ["2025-13", "2025-02-30", "25-08-01", "August 2025", "", "2025-8-1"])
def test_bad_iso_dates_are_refused(bad):
    with pytest.raises(ValueError):
        PartialDate.parse_iso(bad)


def test_unknown_date_says_so():
    assert display_iso(None) == "Date unknown"
    assert display_iso("", unknown="Unknown") == "Unknown"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-12-04", DatePhrase(2025, 12, 4)),
        ("July 31, 2025", DatePhrase(2025, 7, 31)),
        ("Friday, 1st August — By Tom Foot", DatePhrase(None, 8, 1)),
        ("Thursday 31 July 2025", DatePhrase(2025, 7, 31)),
        ("in April 2025 the force", DatePhrase(2025, 4, None)),
        ("31 June 2025", None),
        ("no date here", None),
    ],
)
def test_date_phrases(text, expected):
    found = find_date_phrase(text)
    assert (found[0] if found else None) == expected


def test_a_phrase_without_year_gives_no_partial_date():
    assert DatePhrase(None, 8, 1).to_partial() is None
    assert DatePhrase(2025, 8, None).to_partial() == PartialDate(2025, 8)


def test_month_names_do_not_follow_the_process_locale(monkeypatch):
    """Qt sets the C library's locale from the user's desktop; dates must stay English all the same.

    ``calendar``'s month names follow that locale, so this stands in a French
    one for them: nothing in ``dates`` may read them.
    """
    import calendar

    french = ["", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre"]
    monkeypatch.setattr(calendar, "month_name", french)
    monkeypatch.setattr(calendar, "month_abbr", [m[:4] for m in french])
    assert PartialDate(2025, 8, 1).display() == "1 August 2025"
    assert PartialDate(2025, 9).display() == "September 2025"
    assert display_iso("2024-03") == "March 2024"


@pytest.mark.parametrize(
    ("today", "left", "shown"),
    [
        (date(2026, 2, 3), 9, "Closes 12 February 2026 — 9 days left"),
        (date(2026, 2, 11), 1, "Closes 12 February 2026 — 1 day left"),
        (date(2026, 2, 12), 0, "Closes today, 12 February 2026"),
        (date(2026, 2, 13), -1, "Closed yesterday, 12 February 2026"),
        (date(2026, 2, 15), -3, "Closed 3 days ago, on 12 February 2026"),
        (date(2023, 2, 12), 1096, "Closes 12 February 2026 — 1,096 days left"),
    ],
)
def test_days_left_to_a_deadline_count_from_the_given_day(today, left, shown):
    assert days_left("2026-02-12", today) == left
    assert describe_deadline("2026-02-12", today) == shown


def test_days_left_count_from_the_local_date_by_default(monkeypatch):
    from drafter.core import dates

    monkeypatch.setattr(dates, "local_today", lambda: date(2026, 2, 10))
    assert days_left("2026-02-12") == 2
    assert describe_deadline("2026-02-12") == "Closes 12 February 2026 — 2 days left"


@pytest.mark.parametrize("bad", ["2026-02", "2026", "12/02/2026", ""])
def test_a_deadline_must_be_a_full_date_to_count_days(bad):
    with pytest.raises(ValueError):
        days_left(bad, date(2026, 2, 1))


# --- dates as people type them -------------------------------------------------------------------

TODAY = date(2026, 2, 1)


@pytest.mark.parametrize(
    ("typed", "locale", "iso", "shown"),
    [
        ("4 Dec 2025", "en-GB", "2025-12-04", "4 December 2025"),
        ("the 4th of December 2025", "en-GB", "2025-12-04", "4 December 2025"),
        ("Dec. 4, 2025", "en-US", "2025-12-04", "4 December 2025"),
        ("04/12/2025", "en-GB", "2025-12-04", "4 December 2025"),  # the locale settles day and month
        ("04/12/2025", "en-US", "2025-04-12", "12 April 2025"),
        ("04/12/2025", "en_US.UTF-8", "2025-04-12", "12 April 2025"),
        ("04/12/2025", "de_DE.UTF-8", "2025-12-04", "4 December 2025"),
        ("4/12/25", "en-GB", "2025-12-04", "4 December 2025"),
        ("4. Dezember 2025", "de_DE.UTF-8", "2025-12-04", "4 December 2025"),  # the user's own language
        ("4 Dec 2025", "de_DE.UTF-8", "2025-12-04", "4 December 2025"),  # and English words still
        ("December 2025", "en-GB", "2025-12", "December 2025"),  # a month stays a month
        ("Dec 2025", "en-US", "2025-12", "December 2025"),
        ("2025", "en-GB", "2025", "2025"),  # a year stays a year
        ("2025-12-04", "en-US", "2025-12-04", "4 December 2025"),
        ("2025-12", "en-US", "2025-12", "December 2025"),
        ("  4   Dec  2025 ", "en-GB", "2025-12-04", "4 December 2025"),
        ("yesterday", "en-GB", "2026-01-31", "31 January 2026"),  # counted from the day given
        ("04/12/2025", "C", "2025-12-04", "4 December 2025"),  # no locale: British
    ],
)
def test_dates_are_read_as_people_write_them(typed: str, locale: str, iso: str, shown: str) -> None:
    read = read_date(typed, locale=locale, today=TODAY)
    assert (read.iso(), read.display()) == (iso, shown)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "No date was given."),
        ("   ", "No date was given."),
        ("12", "“12” is not a date Drafter can read. Write it as 4 December 2025, 04/12/2025, December 2025 or 2025."),
        ("4 December", "is not a date Drafter can read"),  # no year: never this year by guess
        ("31/02/2025", "is not a date Drafter can read"),
        ("soon", "is not a date Drafter can read"),
        ("2025-13-01", "is not a date Drafter can read"),
    ],
)
def test_what_is_not_a_date_is_said_plainly(typed: str, message: str) -> None:
    with pytest.raises(DateReadError) as raised:
        read_date(typed, locale="en-GB", today=TODAY)
    assert message in str(raised.value)


@pytest.mark.parametrize("typed", ["December 2025", "2025", "2025-12"])
def test_a_full_date_needs_its_day(typed: str) -> None:
    with pytest.raises(DateReadError, match="give the day too"):
        read_date(typed, locale="en-GB", today=TODAY, full=True)
    assert read_date("4 Dec 2025", locale="en-GB", today=TODAY, full=True) == PartialDate(2025, 12, 4)


@pytest.mark.parametrize(
    ("environ", "locale"),
    [
        ({"LANG": "en_US.UTF-8"}, "en-US"),
        ({"LANG": "en_US.UTF-8", "LC_TIME": "en_GB.UTF-8"}, "en-GB"),
        ({"LC_ALL": "de_DE.UTF-8", "LANG": "en_GB.UTF-8"}, "de-DE"),
        ({"LANG": "C"}, "en-GB"),
        ({}, "en-GB"),
    ],
)
def test_the_users_locale_comes_from_the_environment(environ: dict[str, str], locale: str) -> None:
    assert user_locale(environ) == locale
