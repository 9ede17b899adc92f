"""Convert between Python string indices and UTF-16 positions.

Snippet offsets are Python indices (code points). Qt's text widgets count UTF-16
code units, so a character outside the Basic Multilingual Plane (an emoji, some
CJK) counts twice there. Every offset crossing into or out of Qt goes through
here, so a snippet can never be off by one after such a character.
"""

from __future__ import annotations

from bisect import bisect_right


class PositionMap:
    def __init__(self, text: str) -> None:
        # Indices of characters that take two UTF-16 units; empty for most texts.
        self._wide = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self._length = len(text)

    def to_utf16(self, index: int) -> int:
        return index + bisect_right(self._wide, index - 1)

    def from_utf16(self, position: int) -> int:
        if not self._wide:
            return position
        lo, hi = 0, self._length
        while lo < hi:  # smallest index whose UTF-16 position is >= position
            mid = (lo + hi) // 2
            if self.to_utf16(mid) < position:
                lo = mid + 1
            else:
                hi = mid
        return lo
