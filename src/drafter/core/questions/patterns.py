"""The shapes of a consultation's lines: numbers, bullets, prompts, limits, headings.

Each function looks at one stripped line (or phrase) out of context; the parser
decides from the surrounding lines what the shape means. Every regular
expression here is linear (no nested repetition), because the input is pasted
text of any kind up to a megabyte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drafter.core.questions.options import is_vocabulary_option

# --- question numbers -------------------------------------------------------------


@dataclass(frozen=True)
class Numbered:
    label: str  # normalised: '1', '5a'
    rest: str  # the line after the number
    explicit_prefix: bool  # 'Q1' / 'Question 1', which no prose line starts with


_LETTER = r"(?:\s*\((?P<l1>[a-zA-Z])\)|(?P<l2>[a-zA-Z])(?![a-zA-Z])|\s+(?P<l3>[a-zA-Z])\))"
_Q_NUMBER = re.compile(
    r"^(?:question|q)\s*\.?\s*(?P<num>\d+)" + _LETTER + r"?"
    r"(?:\s*[.:)\-–—]+|(?=\s)|$)\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# '1.' '1)' '1:' '5a)' '5a.' '5(a)' '5 (a)' '(1)', each followed by a space or the end:
# '1.5 million' and '10:30' are not numbers of questions. Any number of digits: a list
# of 10,000 questions must not have its 1000th onwards merged into question 999.
_PLAIN_NUMBER = re.compile(
    r"^(?:\((?P<pnum>\d+)\)|(?P<num>\d+)"
    r"(?:\s*\((?P<l1>[a-zA-Z])\)[.:)]?|(?P<l2>[a-zA-Z])[.):]|[.):]))"
    r"(?:\s+|$)(?P<rest>.*)$",
    re.DOTALL,
)
# '(a)', 'a)', 'a.' : a sub-question of the question before it, or an option.
_LETTER_ITEM = re.compile(
    r"^(?:\((?P<a>[a-z])\)|(?P<b>[a-z])[.)])(?:\s+|$)(?P<rest>.*)$", re.DOTALL
)


def _label(match: re.Match[str]) -> str:
    number = match.group("num") or match.group("pnum")
    groups = match.groupdict()
    letter = groups.get("l1") or groups.get("l2") or groups.get("l3") or ""
    return (number.lstrip("0") or "0") + letter.lower()  # not int(): Python refuses 4,300+ digits


def number_value(label: str) -> int | None:
    """The whole number a label starts with ('12' in '12b'), or None if it has none or is absurdly long."""
    digits = re.match(r"\d{1,18}(?!\d)", label)
    return int(digits.group()) if digits else None


def match_number(line: str) -> Numbered | None:
    found = _Q_NUMBER.match(line)
    if found:
        return Numbered(_label(found), found.group("rest").strip(), True)
    found = _PLAIN_NUMBER.match(line)
    if found:
        return Numbered(_label(found), found.group("rest").strip(), False)
    return None


def match_letter(line: str) -> tuple[str, str] | None:
    found = _LETTER_ITEM.match(line)
    if not found:
        return None
    return found.group("a") or found.group("b"), found.group("rest").strip()


_BULLET = re.compile(r"^[•◦▪▫●‣⁃∙·\-*–—]\s+(?P<rest>\S.*)$", re.DOTALL)


def match_bullet(line: str) -> str | None:
    found = _BULLET.match(line)
    return found.group("rest") if found else None


# --- prompts, instructions, limits ----------------------------------------------------

_PROMPT_START = (
    r"(?:please\s+(?:explain|give|provide|tell|describe|set\s+out|outline|expand|specify|"
    r"state|share|add|include|comment|list|identify|say|justify|elaborate|detail|summari[sz]e)\b"
    r"|if\s+(?:yes|no|so|not|you|applicable|relevant|other|appropriate|disagree|agree)\b"
    r"|(?:give|provide|explain)\s+(?:your\s+)?(?:reasons|reasoning|details|answer|evidence)\b"
    r"|why(?:\s+not)?\s*\?|explain\s+your|reasons?\s*:|comments?\s*:)"
)
_PROMPT = re.compile(r"^" + _PROMPT_START, re.IGNORECASE)
_PROMPT_AFTER_QUESTION = re.compile(r"\?\s+(?=" + _PROMPT_START + ")", re.IGNORECASE)
_INSTRUCTION = re.compile(
    r"^[(\[]?\s*(?:please\s+)?(?:select|tick|choose|circle|mark|pick)\s+"
    r"(?:one|only|all|the|an?|your|which|as|from|any)\b",
    re.IGNORECASE,
)


def is_prompt(line: str) -> bool:
    return bool(_PROMPT.match(line))


def split_inline_prompt(text: str) -> tuple[str, str | None]:
    """'Do you agree? Please explain.' -> ('Do you agree?', 'Please explain.')"""
    found = _PROMPT_AFTER_QUESTION.search(text)
    if not found:
        return text, None
    return text[: found.start() + 1], text[found.end() :]


def is_instruction(line: str) -> bool:
    """'Please tick one box', '(Select all that apply)': how to answer, not a prompt."""
    return bool(_INSTRUCTION.match(line))


_NUM = r"(?P<n>\d{1,3}(?:,\d{3})+|\d{1,6})"
_UNIT = r"(?P<unit>words?|characters?|chars?)\b"
_LIMITS = (
    re.compile(
        r"\b(?:max(?:imum)?\.?|up\s+to|no\s+more\s+than|not\s+(?:more\s+than|"
        r"exceeding|to\s+exceed)|fewer\s+than|less\s+than|at\s+most|within|"
        r"limit(?:ed)?(?:\s+(?:of|to))?)\s*(?:of\s+)?:?\s*" + _NUM + r"\s*-?\s*" + _UNIT,
        re.IGNORECASE,
    ),
    re.compile(_NUM + r"\s*-?\s*" + _UNIT + r"\s*(?:limit|max(?:imum)?)\b", re.IGNORECASE),
    re.compile(
        r"\b(?P<unit>word|character)\s+(?:limit|count|maximum|max)\s*(?:is|of|:|-|–)?\s*" + _NUM,
        re.IGNORECASE,
    ),
    re.compile(r"^[(\[]\s*" + _NUM + r"\s*" + _UNIT + r"\s*[)\]]$", re.IGNORECASE),
)


@dataclass(frozen=True)
class Limits:
    words: int | None = None
    chars: int | None = None


def find_limits(text: str) -> Limits:
    words: int | None = None
    chars: int | None = None
    for pattern in _LIMITS:
        for found in pattern.finditer(text):
            value = int(found.group("n").replace(",", ""))
            if found.group("unit").lower().startswith("w"):
                words = words if words is not None else value
            else:
                chars = chars if chars is not None else value
    return Limits(words, chars)


def is_limit_line(line: str) -> bool:
    """A line that only states a limit: '(max 250 words)', 'Maximum 500 characters'."""
    limits = find_limits(line)
    found = limits.words is not None or limits.chars is not None
    return found and "?" not in line and len(line) <= 80 and not is_prompt(line)


_TRAILING_BRACKETS = re.compile(r"\s*[(\[](?P<inner>[^()\[\]]*)[)\]]\s*\.?$")
_TRAILING_SENTENCE = re.compile(r"(?<=[.?!])\s+(?P<tail>[^.?!()\[\]]+)\.?$")


def split_limits(text: str) -> tuple[str, Limits]:
    """The limits stated in ``text``, and the text without a trailing bracketed limit.

    'Please explain (max 250 words)' -> ('Please explain', Limits(words=250)): the
    review dialog shows the limit apart, so it need not stay in the wording.
    """
    limits = find_limits(text)
    tail = _TRAILING_SENTENCE.search(text)
    # 'Please give reasons. Maximum 500 characters': a closing sentence that only
    # states the limit.
    if (
        tail
        and len(tail.group("tail").split()) <= 6
        and find_limits(tail.group("tail")) != Limits()
    ):
        return text[: tail.start()], limits
    found = _TRAILING_BRACKETS.search(text)
    if found:
        bracketed = find_limits("(" + found.group("inner").strip() + ")")
        if bracketed != Limits():
            text = text[: found.start()]
            limits = Limits(
                limits.words if limits.words is not None else bracketed.words,
                limits.chars if limits.chars is not None else bracketed.chars,
            )
    return text, limits


# --- headings and titles ------------------------------------------------------------

_SECTION = re.compile(
    r"^(?:part|section|chapter|annex)\s+(?:\d{1,4}|[A-Z]|[IVXLC]{1,6})\b\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# Words Title Case leaves in lower case ('Scope of the Framework').
# fmt: off
_SMALL_WORDS = frozenset(
    {
        "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of",
        "on", "or", "per", "the", "to", "vs", "via", "with", "within", "without", "under",
        "over", "&", "–", "—", "-", ":",
    }
)
# fmt: on


def _title_case(line: str) -> bool:
    words = line.split()
    letters = [ch for ch in line if ch.isalpha()]
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        return True
    if not words or not words[0][:1].isupper():
        return False
    for word in words[1:]:
        first = word.lstrip("'\"‘“(")[:1]
        if word.lower() in _SMALL_WORDS or not first.isalpha():
            continue
        if not first.isupper():
            return False
    return True


def heading_strength(line: str) -> str | None:
    """'strong' for 'Part 2: Oversight'; 'weak' for a short Title Case line; else None."""
    if not line or "?" in line or len(line) > 150:
        return None
    found = _SECTION.match(line)
    if found:
        rest = found.group("rest")
        if not rest or rest[0] in ":.-–—" or _title_case(rest):
            return "strong"
    if len(line) > 100 or len(line.split()) > 12 or line[-1] in ".,;" or is_vocabulary_option(line):
        return None
    return "weak" if _title_case(line) else None


def ends_sentence(text: str) -> bool:
    return text.rstrip(" )\"'”’").endswith((".", "?", "!"))
