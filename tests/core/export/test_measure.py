"""Whether a quotation is long, by each guide's rule, and the page measure OSCOLA's lines depend on."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.shared import Cm, Pt

from drafter.core.citations import find_style
from drafter.core.export.measure import (
    DEFAULT_MEASURE,
    Measure,
    is_long_quotation,
    lines_at,
    sentences,
    template_measure,
)

OSCOLA, APA, HARVARD = find_style("oscola"), find_style("apa"), find_style("harvard-cite-them-right")
WORDS = ["the", "police", "must", "show", "that", "the", "use", "of", "this", "technology", "is", "both",
         "necessary", "and", "proportionate"]


def _words(count: int) -> str:
    return " ".join((WORDS * 10)[:count])


def test_the_default_measure_is_python_docx_default_templates() -> None:
    default = Path(docx.__file__).parent / "templates" / "default.docx"
    assert template_measure(default) == DEFAULT_MEASURE == template_measure(None)
    assert round(DEFAULT_MEASURE.characters_per_line) == 84


def test_a_template_gives_its_page_width_margins_and_body_size(tmp_path: Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.left_margin, section.right_margin = Cm(21), Cm(2.54), Cm(2.54)
    document.styles["Normal"].font.size = Pt(12)
    path = tmp_path / "a4.docx"
    document.save(str(path))
    measure = template_measure(path)
    assert measure.font_size == 12
    assert measure.text_width == pytest.approx((21 - 2 * 2.54) / 2.54 * 72, abs=0.5)  # 451 pt


def test_a_template_that_cannot_be_read_gives_the_default(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip at all")
    assert template_measure(bad) == DEFAULT_MEASURE
    assert template_measure(tmp_path / "missing.docx") == DEFAULT_MEASURE


def test_lines_and_sentences() -> None:
    narrow = Measure(text_width=100 * 0.47 * 10, font_size=10)  # 100 characters a line
    assert lines_at("x" * 100, narrow) == 1 and lines_at("x" * 101, narrow) == 2
    assert lines_at("", narrow) == 1
    assert sentences("One. Two? “Three.” Four") == 4
    assert sentences("It cost £1.5m. It was 2.5 times more.") == 2  # a decimal point is no sentence end
    assert sentences("") == 0


def test_oscola_counts_lines_at_the_measure() -> None:
    narrow = Measure(text_width=60 * 0.47 * 11, font_size=11)  # 60 characters a line
    text = _words(38)  # about 230 characters: three lines at 84, four at 60
    assert not is_long_quotation(text, OSCOLA, DEFAULT_MEASURE)
    assert is_long_quotation(text, OSCOLA, narrow)
    assert not is_long_quotation(text, APA, narrow)  # APA counts words, not lines


@pytest.mark.parametrize(("count", "long"), [(39, False), (40, True)])
def test_apa_counts_forty_words(count: int, long: bool) -> None:
    narrow = Measure(text_width=60 * 0.47 * 11, font_size=11)
    assert is_long_quotation(_words(count), APA, narrow) is long
    assert is_long_quotation(_words(count), find_style("chicago-author-date")) is long  # no rule of its own


def test_cite_them_right_counts_sentences() -> None:
    assert not is_long_quotation("It was lawful. It was proportionate.", HARVARD)
    assert is_long_quotation("It was lawful. It was proportionate. It was necessary.", HARVARD)
    assert not is_long_quotation(_words(60), HARVARD)  # one long sentence still runs in


def test_more_than_one_paragraph_is_always_a_block() -> None:
    for style in (OSCOLA, APA, HARVARD):
        assert is_long_quotation("Short.\nAlso short.", style)
