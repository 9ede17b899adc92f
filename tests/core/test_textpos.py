from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from drafter.core.textpos import PositionMap


def test_plain_text_maps_one_to_one() -> None:
    positions = PositionMap("‘£260m’ é")
    assert [positions.to_utf16(i) for i in range(4)] == [0, 1, 2, 3]


def test_wide_characters_count_twice_in_utf16() -> None:
    text = "a😀b😀c"
    positions = PositionMap(text)
    assert [positions.to_utf16(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7]
    assert [positions.from_utf16(p) for p in (0, 1, 3, 4, 6, 7)] == [0, 1, 2, 3, 4, 5]


@given(st.text())
def test_round_trip_matches_utf16_encoding(text: str) -> None:
    positions = PositionMap(text)
    for i in range(len(text) + 1):
        utf16 = positions.to_utf16(i)
        assert utf16 == len(text[:i].encode("utf-16-le")) // 2
        assert positions.from_utf16(utf16) == i
