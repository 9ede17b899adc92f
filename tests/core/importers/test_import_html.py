"""Web pages saved from a browser: the article's text only, facts from the page's own markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.core.importers import ImportRefused, import_file
from drafter.core.importers.guesses import iso_date
from drafter.core.names import Person

SAVED_ARTICLE_TEXT = (
    "The Metropolitan Police will more than double its use of live facial recognition, "
    "deploying the technology up to ten times a week across five days.\n\n"
    "The force said the move was part of a restructuring to cover the loss of 1,400 officers "
    "and 300 staff amid a £260m budget shortfall.\n\n"
    "Campaigners alarmed\n\n"
    "Liberty’s policy and campaigns officer Charlie Whelton said: “The government must "
    "legislate now to regulate this technology.”\n\n"
    "The Met reported that live facial recognition had led to 1,000 arrests, of which 773 "
    "resulted in a charge or caution."
)


def test_saved_page_body_is_the_article_paragraphs(samples: Path) -> None:
    doc = import_file(samples / "saved_article.html")

    assert doc.format == "html"
    assert doc.original_filename == "saved_article.html"
    assert doc.text == SAVED_ARTICLE_TEXT
    assert doc.pages == ()
    assert doc.warnings == ()


@pytest.mark.parametrize(
    "boilerplate",
    [
        "cookies",  # the cookie banner
        "Sport",  # the menu
        "gtag",  # scripts
        "loadAds",
        "Video: the vans explained",  # the iframe
        "Picture: PA",  # the picture caption
        "Sign up",  # the newsletter box
        "Most read",  # the sidebar
        "All rights reserved",  # the footer
        "cdn.example-news",  # remote images
        "By Jane Reporter",  # the byline is a fact, not body text
    ],
)
def test_saved_page_drops_boilerplate(samples: Path, boilerplate: str) -> None:
    assert boilerplate not in import_file(samples / "saved_article.html").text


def test_saved_page_facts_name_their_tags(samples: Path) -> None:
    facts = import_file(samples / "saved_article.html").facts

    assert facts.title == "Met Police to expand live facial recognition"
    assert facts.publisher == "Example News"
    assert facts.authors == (Person("Reporter", "Jane"),)
    assert facts.date == "2025-07-31"
    # The canonical address, not og:url with its tracking parameter.
    assert (
        facts.url == "https://www.example-news.co.uk/news/met-police-facial-recognition-expansion"
    )
    assert facts.source_type == "article-newspaper"
    assert (
        facts.standfirst == "Deployments will more than double as the force loses 1,400 officers."
    )
    assert facts.basis == {
        "title": 'HTML <meta property="og:title">',
        "authors": 'HTML <meta name="author">; Jane Reporter: read as a person: the family name is taken to be '
        "the last word",
        "date": 'HTML <meta property="article:published_time">',
        "publisher": 'HTML <meta property="og:site_name">',
        "url": 'HTML <link rel="canonical">',
        "standfirst": 'HTML <meta property="og:description">',
        "source_type": 'HTML <meta property="og:type"> says "article"',
    }


def test_windows_1252_page_with_json_ld(samples: Path) -> None:
    doc = import_file(samples / "press_release.htm")

    assert doc.text == (
        "“It’s incredibly concerning to see an expansion of facial recognition,” said Liberty.\n\n"
        "Measure\tFigure\nArrests\t1,000"
    )
    facts = doc.facts
    assert facts.title == "Liberty responds to Met facial recognition plans"
    assert facts.authors == (Person("Whelton", "Charlie"), Person("Grant", "Sam"))
    assert facts.date == "2025-07-31"
    assert facts.publisher == "Liberty"
    assert facts.source_type == "article-newspaper"
    assert facts.basis["authors"] == (
        "JSON-LD author; Charlie Whelton: a person, as the page says; the family name is taken to be the last "
        "word; Sam Grant: a person, as the page says; the family name is taken to be the last word"
    )
    assert facts.url is None  # the page does not say where it came from: nothing is invented


def test_page_without_any_metadata_invents_none(write_file) -> None:
    page = (
        "<html><body><p>"
        + "A paragraph of evidence about surveillance cameras. " * 8
        + "</p></body></html>"
    )

    doc = import_file(write_file("page.html", page))

    facts = doc.facts
    assert (facts.title, facts.publisher, facts.authors, facts.date, facts.url) == (
        None,
        None,
        (),
        None,
        None,
    )
    assert facts.source_type == "webpage"


def test_xhtml_with_xml_declaration(write_file) -> None:
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Report</title></head>'
        "<body><p>Évidence from the Home Office consultation on biometrics and facial recognition "
        "closes in February.</p></body></html>"
    )

    doc = import_file(write_file("report.xhtml", page))

    assert doc.text == (
        "Évidence from the Home Office consultation on biometrics and facial recognition closes in February."
    )


def test_page_with_no_article_text_is_refused(write_file) -> None:
    page = "<html><head><script>var x = 1;</script></head><body><nav><a href='/'>Home</a></nav></body></html>"

    with pytest.raises(ImportRefused, match="no article text"):
        import_file(write_file("empty.html", page))


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_page_does_not_crash(write_file, depth: int) -> None:
    page = (
        "<html><body>" + "<div>" * depth + "<p>Deep text.</p>" + "</div>" * depth + "</body></html>"
    )
    path = write_file("deep.html", page)

    try:
        doc = import_file(path)
    except ImportRefused as refused:
        assert refused.message  # a plain refusal is fine; a traceback is not
    else:
        assert "Deep text." in doc.text


def test_huge_single_line_page_works_or_is_refused(write_file) -> None:
    page = "<html><body><p>" + "word " * 1_000_000 + "</p></body></html>"
    path = write_file("huge.html", page)

    try:
        doc = import_file(path)
    except ImportRefused:
        pass
    else:
        assert doc.text.startswith("word word")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-07-31T18:05:00+01:00", "2025-07-31"),
        ("2025-07-31T23:30:00-05:00", "2025-07-31"),  # the publisher's own day, not converted
        ("2025-07-31", "2025-07-31"),
        ("2025-07", "2025-07"),
        ("2025", "2025"),
        ("20250731", "2025-07-31"),
        ("July 31, 2025", "2025-07-31"),
        ("Friday, 1st August", None),  # no year: no date
        ("2025-02-30", "2025-02"),  # an impossible day is dropped, the month kept
        ("yesterday", None),
        ("", None),
    ],
)
def test_iso_date(value: str, expected: str | None) -> None:
    assert iso_date(value) == expected


_ARTICLE_PARAGRAPHS = (
    ("The Metropolitan Police will more than double its number of live facial recognition deployments this year, "
     "the force said on Thursday in a statement."),
    ("Critics said the technology was intrusive and called for a law to regulate its use by every police force "
     "in England and Wales."),
    ("The Home Office will open a consultation on a legal framework later this year, ministers confirmed "
     "in a written statement."),
)


@pytest.mark.parametrize(
    ("caption", "left_out"),
    [
        ('<figure><img src="a.jpg"><figcaption>A camera van in Croydon. Picture: Getty Images</figcaption></figure>',
         "camera van"),
        ('<p class="image-caption">Sarah Jones at the dispatch box</p>', "dispatch box"),
        ('<div class="article-image"><img src="b.jpg"><p class="article-image__credit">Credit: PA Wire</p></div>',
         "PA Wire"),
        # A caption the page set as a paragraph of its own, known by its credit.
        ("<p>Policing minister Sarah Jones described it as a breakthrough. Picture: UK Parliament</p>",
         "UK Parliament"),
        ("<p>Photo: Metropolitan Police</p>", "Photo:"),
    ],
)
def test_picture_captions_and_credits_are_not_the_article(write_file, caption: str, left_out: str) -> None:
    first, second, third = (f"<p>{p}</p>" for p in _ARTICLE_PARAGRAPHS)
    article = f"<article>{first}{caption}{second}{third}</article>"
    page = f"<html><head><title>Cameras</title></head><body>{article}</body></html>"

    doc = import_file(write_file("page.html", page))

    assert left_out not in doc.text
    assert doc.text == "\n\n".join(_ARTICLE_PARAGRAPHS)


def test_a_long_paragraph_ending_in_a_credit_is_kept(write_file) -> None:
    # Over forty words it is the article's own paragraph, whatever its last words.
    long = "The force said the cameras would be used at every major event in the capital this year. " * 4
    paragraph = long + "Photo: the force's own picture of the van"
    page = f"<html><body><article><p>{_ARTICLE_PARAGRAPHS[0]}</p><p>{paragraph}</p></article></body></html>"

    doc = import_file(write_file("page.html", page))

    assert paragraph.strip() in doc.text


def test_a_container_marked_caption_keeps_its_article(write_file) -> None:
    # Some templates mark a whole column "has-caption": it is not dropped with its caption.
    paragraphs = "".join(f"<p>{p}</p>" for p in _ARTICLE_PARAGRAPHS)
    column = f'<div class="has-caption">{paragraphs}<figcaption>Picture: Getty</figcaption></div>'
    page = f"<html><body>{column}</body></html>"

    doc = import_file(write_file("page.html", page))

    assert doc.text == "\n\n".join(_ARTICLE_PARAGRAPHS)
