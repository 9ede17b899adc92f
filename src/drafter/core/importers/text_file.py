"""Plain text, Markdown and pasted text.

Text saved from a news site starts with lines that are not the article's
words (masthead, headline, byline, date line …). ``split_front_matter`` finds
where the body starts; the body is stored, the leading lines become guessed
facts. Markdown is stored as written, not rendered: what the user quotes must
be what the file says, and the export decides about formatting.
"""

from __future__ import annotations

from drafter.core.frontmatter import FrontMatter, is_caption, split_front_matter
from drafter.core.importers.cleanup import clean_text, removed_warning
from drafter.core.importers.document import GuessedFacts, ImportedDocument, make_document
from drafter.core.importers.encoding import decode_bytes
from drafter.core.importers.guesses import authors_basis, guess_type, read_authors
from drafter.core.importers.markdown_meta import leading_heading, read_header
from drafter.core.importers.sniffing import is_plain_text
from drafter.core.wording import counted

#: Front matter sits in the first few lines, so only this many leading
#: characters are handed to ``split_front_matter``. Its line heuristics take
#: seconds on a multi-megabyte single line; the body start it finds inside the
#: window is the same offset in the whole text.
FRONT_MATTER_WINDOW = 20_000

_EMPTY = "This file contains only blank space, so there is no text to quote."


class TextImporter:
    format = "text"
    extensions: tuple[str, ...] = (".txt", ".text")
    description = "a text file"

    def sniff(self, head: bytes) -> bool:
        return is_plain_text(head)

    def load(self, data: bytes, filename: str | None) -> ImportedDocument:
        decoded = decode_bytes(data)
        return build_text_document(
            decoded.text, format=self.format, filename=filename, warnings=decoded.warnings
        )


class MarkdownImporter(TextImporter):
    format = "markdown"
    extensions: tuple[str, ...] = (".md", ".markdown")
    description = "a Markdown file"


def import_pasted(text: str, *, name: str) -> ImportedDocument:
    """Pasted text is read like a text file that has no name."""
    return build_text_document(
        text,
        format="text",
        filename=None,
        empty_message=f"{name} is empty: there is no text to quote.",
    )


def _window(text: str, start: int) -> str:
    """The leading part of ``text[start:]`` that can hold front matter, cut at a line end."""
    window = text[start : start + FRONT_MATTER_WINDOW]
    if len(window) == FRONT_MATTER_WINDOW and "\n" in window:
        window = window[: window.rindex("\n") + 1]
    return window


def build_text_document(
    raw: str,
    *,
    format: str,
    filename: str | None,
    warnings: list[str] | None = None,
    empty_message: str = _EMPTY,
) -> ImportedDocument:
    cleaned = clean_text(raw)
    text = cleaned.text
    facts = GuessedFacts()
    start = 0
    if format == "markdown":
        header = read_header(text)
        start = header.end
        for fact, value in header.values.items():
            setattr(facts, fact, value)
        facts.basis.update(header.basis)

    front = split_front_matter(_window(text, start))
    body_start = start + front.body_start
    if not text[body_start:].strip():
        # Everything looked like front matter: keeping all of it beats storing nothing.
        body_start, front = start, split_front_matter("")
    _merge_front_matter(facts, front)

    if format == "markdown" and not facts.title:
        heading = leading_heading(_window(text, start))
        if heading:
            facts.title = heading[0]
            facts.basis["title"] = f"Markdown heading '{heading[1]}'"

    guess_type(facts, text)  # 'HC Deb', a label such as 'Policy paper', a DOI … in its leading lines

    body, captions = _without_captions(text[body_start:])
    return make_document(
        body,
        format=format,
        original_filename=filename,
        facts=facts,
        empty_message=empty_message,
        warnings=[*(warnings or []), *removed_warning(cleaned.removed), *_captions_warning(captions)],
    )


def _without_captions(body: str) -> tuple[str, list[str]]:
    """The body without its pictures' caption and credit lines ("… Picture: Getty"), and those lines.

    Text copied from a web page brings the captions of its pictures along, each on a
    line of its own; they describe a picture that is not there and must never end up
    inside a quotation. A blank line left doubled by one taken out goes too.
    """
    kept: list[str] = []
    captions: list[str] = []
    after_caption = False
    for line in body.split("\n"):
        if is_caption(line):
            captions.append(line.strip())
            after_caption = True
            continue
        if after_caption and not line.strip() and (not kept or not kept[-1].strip()):
            continue
        after_caption = after_caption and not line.strip()
        kept.append(line)
    return ("\n".join(kept), captions) if captions else (body, [])


def _captions_warning(captions: list[str]) -> list[str]:
    if not captions:
        return []
    more = " …" if len(captions) > 1 else ""
    said = f"{counted(len(captions), 'picture caption')} left out of the text, as not part of the article"
    return [f"{said} (“{captions[0]}”{more})."]


def _merge_front_matter(facts: GuessedFacts, front: FrontMatter) -> None:
    """Fill the facts the front matter gives that a Markdown header has not already given."""
    for fact in ("title", "standfirst", "publisher", "date"):
        value = getattr(front, fact)
        if value and not getattr(facts, fact):
            setattr(facts, fact, value)
            facts.basis[fact] = front.basis.get(fact, "the text's leading lines")
    if front.authors and not facts.authors:
        read = tuple(pair for text in front.authors for pair in read_authors(text))
        facts.authors = tuple(name for name, _ in read)
        facts.basis["authors"] = authors_basis(front.basis.get("authors", "the text's leading lines"), read)
    for fact, why in front.basis.items():
        # A basis without a value explains an unknown (e.g. a date line with no year).
        facts.basis.setdefault(fact, why)
    if facts.title and facts.title.startswith("#"):
        # A Markdown heading read as a headline: the hashes are markup, not title.
        line = facts.title
        facts.title = line.lstrip("#").strip().rstrip("#").strip() or None
        facts.basis["title"] = f"Markdown heading '{line}'"
