"""A longer fuzz run than the test suite's: many generated inputs at each way text enters.

    .venv/bin/python bench/fuzz_bench.py [--examples 5000]

For each target it runs Hypothesis with the given number of examples and checks
the same properties the tests do: only Drafter's own plain errors, never a
crash; offsets and guesses that come from the input. Prints the examples run and
failures found per target. Asserts nothing (it reports).
"""

from __future__ import annotations

import argparse
import contextlib
import time
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.core.errors import DrafterError
from drafter.core.frontmatter import split_front_matter
from drafter.core.importers import ImportRefused, import_text
from drafter.core.questions import QuestionParseError, parse_questions
from drafter.core.snippets import find_occurrences

QUESTIONISH = st.lists(
    st.one_of(
        st.text(max_size=120),
        st.sampled_from(["1. Do you agree?", "Q2 Why?", "Question 3: How?", "5a) And?", "(b) Or?",
                         "Agree / Neither agree nor disagree / Disagree / Don't know", "Yes / No",
                         "Please explain your answer.", "(Maximum 250 words)", "Part 2: Oversight", "☐ Agree"]),
    ),
    max_size=30,
).map("\n".join)


def _questions(text: str) -> None:
    try:
        result = parse_questions(text)
    except QuestionParseError:
        return
    flat = " ".join(text.split())
    for question in result.questions:
        assert " ".join(question.text.split()) in flat


def _front(text: str) -> None:
    front = split_front_matter(text)
    assert 0 <= front.body_start <= len(text)
    if front.title:
        assert " ".join(front.title.split()) in " ".join(text.split())


def _paste(text: str) -> None:
    try:
        document = import_text(text)
    except ImportRefused:
        return
    assert document.text.strip()


def _quote(pair: tuple[str, str]) -> None:
    text, quote = pair
    for place in find_occurrences(text, quote):
        assert text[place.start : place.end] == quote


TARGETS: list[tuple[str, st.SearchStrategy, Callable]] = [  # type: ignore[type-arg]
    ("question parser", QUESTIONISH, _questions),
    ("citation-fact guesser", st.text(max_size=2000), _front),
    ("pasted-text import", st.text(max_size=2000), _paste),
    ("quotation finder", st.tuples(st.text(max_size=300), st.text(min_size=1, max_size=5)), _quote),
]


def run(name: str, strategy: st.SearchStrategy, check: Callable, examples: int) -> tuple[int, list[str]]:  # type: ignore[type-arg]
    count = [0]
    failures: list[str] = []

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def body(value: object) -> None:
        count[0] += 1
        with contextlib.suppress(DrafterError):  # a plain refusal is a correct answer
            check(value)

    try:
        body()
    except Exception as exc:
        failures.append(f"{type(exc).__name__}: {exc}"[:500])
    return count[0], failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--examples", type=int, default=5000, help="examples per target")
    args = parser.parse_args()
    total = 0
    print(f"{'target':<24}{'examples':>10}{'failures':>10}{'seconds':>10}")
    for name, strategy, check in TARGETS:
        started = time.perf_counter()
        count, failures = run(name, strategy, check, args.examples)
        total += count
        print(f"{name:<24}{count:>10}{len(failures):>10}{time.perf_counter() - started:>10.1f}")
        for failure in failures:
            print(f"    {failure}")
    print(f"{'all':<24}{total:>10}")


if __name__ == "__main__":
    main()
