"""Properties of the citation-fact guesser on any text: it never invents and never breaks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.core.dates import PartialDate
from drafter.core.frontmatter import split_front_matter

# Text shaped like the top of an article: short lines, bylines, dates, captions, and noise.
LINES = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["By Tom Foot", "Friday, 1st August — By Tom Foot", "July 31, 2025", " date 2025-08-01 ",
                     "Categories: Crime", "Picture: Getty", "OpenVoiceNews U.K.", "Transparent. Unbiased. Yours.",
                     "2025-12-04", "31 June 2025", "By", ""]),
    st.text(alphabet=st.characters(categories=("L", "N", "P", "Zs")), min_size=40, max_size=300),
)
ARTICLES = st.lists(LINES, max_size=14).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(ARTICLES)
def test_the_guesser_never_raises_and_never_invents(text: str) -> None:
    front = split_front_matter(text)
    assert 0 <= front.body_start <= len(text)
    # The body is the input's own tail; nothing is rewritten.
    assert text.endswith(text[front.body_start :])
    # Every guessed fact comes from the text itself.
    for value in (front.title, front.standfirst, front.publisher, *front.authors):
        if value is not None:
            assert " ".join(value.split()) in " ".join(text.split())
    if front.date is not None:
        PartialDate.parse_iso(front.date)  # a real date, to the precision the text gave
        year = front.date[:4]
        assert year in text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_at_all(text: str) -> None:
    front = split_front_matter(text)
    assert 0 <= front.body_start <= len(text)
