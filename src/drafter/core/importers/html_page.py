"""Web pages saved from a browser (.html, .htm, .xhtml).

trafilatura finds the article's own text and drops menus, cookie banners,
scripts, iframes, images and footers. It is given an lxml tree we parsed
ourselves from the file's bytes, so it has no address to fetch and the parser
is told never to touch the network (no external DTDs or entities). Remote
images and frames in the page are never loaded: they are only markup here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from drafter.core.frontmatter import is_caption
from drafter.core.importers.cleanup import clean_text, collapse_spaces, removed_warning
from drafter.core.importers.document import ImportedDocument, ImportRefused, make_document
from drafter.core.importers.encoding import decode_bytes
from drafter.core.importers.html_metadata import page_facts
from drafter.core.importers.sniffing import is_plain_text

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_XML_ENCODING = re.compile(rb"""\A\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)""")

_BLOCK_TAGS = {"p", "head", "list", "quote", "table", "div", "code"}

_NO_TEXT = "Drafter found no article text in this web page."
_NO_TEXT_HINT = (
    "If the page shows text in your browser, select the text there, copy it and "
    "paste it into Drafter instead."
)


class HtmlImporter:
    format = "html"
    extensions: tuple[str, ...] = (".html", ".htm", ".xhtml")
    description = "a web page"

    def sniff(self, head: bytes) -> bool:
        # Any text may be a page (a fragment need not say <html>); binary never is.
        return is_plain_text(head)

    def load(self, data: bytes, filename: str | None) -> ImportedDocument:
        declared = _META_CHARSET.search(data[:4096]) or _XML_ENCODING.search(data[:256])
        decoded = decode_bytes(
            data, declared=declared.group(1).decode("ascii") if declared else None
        )
        # lxml refuses a str that still names a byte encoding; the bytes are decoded already.
        html = _XML_DECLARATION.sub("", decoded.text, count=1)
        tree = _parse(html)
        if tree is None:
            raise ImportRefused(_NO_TEXT, hint=_NO_TEXT_HINT)

        _drop_captions(tree)
        extracted = _extract(tree, favor_precision=True)
        paragraphs = _paragraphs(extracted)
        if not paragraphs:
            # Precision drops short pages entirely; a looser pass is better than nothing.
            extracted = _extract(tree, favor_precision=False) or extracted
            paragraphs = _paragraphs(extracted)

        cleaned = clean_text("\n\n".join(paragraphs))
        facts = page_facts(html, tree, extracted)
        if not cleaned.text.strip():
            raise ImportRefused(_NO_TEXT, hint=_NO_TEXT_HINT)
        return make_document(
            cleaned.text,
            format=self.format,
            original_filename=filename,
            facts=facts,
            empty_message=_NO_TEXT,
            warnings=[*decoded.warnings, *removed_warning(cleaned.removed)],
        )


def _parse(html: str) -> HtmlElement | None:
    from lxml import etree
    from lxml.html import HTMLParser, document_fromstring

    # no_network is lxml's default; said here because it is the point.
    parser = HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        return document_fromstring(html, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def _extract(tree: HtmlElement, *, favor_precision: bool) -> Any:
    import trafilatura
    from trafilatura.settings import set_date_params

    return trafilatura.bare_extraction(
        tree,
        favor_precision=favor_precision,
        include_comments=False,  # readers' comments are not the publisher's words
        include_tables=True,  # statistics tables are evidence; rows keep their cells
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
        with_metadata=True,
        # Only dates the page marks up as its own (not years guessed from prose or a
        # copyright line); today's date is only the upper bound of what is accepted.
        date_extraction_params=set_date_params(extensive=False),
    )


def _paragraphs(extracted: Any) -> list[str]:
    body = getattr(extracted, "body", None)
    if body is None:
        return []
    # A caption the page set as a paragraph of its own ("… Picture: Getty") is no more
    # the article's words than one in a <figcaption>.
    return [block for block in _blocks(body) if block and not is_caption(block)]


#: Class or id words that mark a picture's caption or credit in common page templates.
_CAPTION_MARK = re.compile(r"caption|credit", re.IGNORECASE)
#: Anything marked so but longer than this is a container, not a caption: it stays.
_MAX_MARKED_WORDS = 60


def _drop_captions(tree: HtmlElement) -> None:
    """Take pictures' captions and credits out of the page before its text is found.

    A caption describes a picture the reader of the text never sees, and a credit
    names its photographer: neither is part of the article, and a quotation must
    never run into one. trafilatura drops most <figure>s already; templates also
    put captions in elements of their own, marked by a class such as
    "image-caption" or "article-image__credit".
    """
    marked = [
        element for element in tree.iter()
        if isinstance(element.tag, str)
        and (element.tag == "figcaption"
             or _CAPTION_MARK.search(f"{element.get('class', '')} {element.get('id', '')}"))
    ]
    for element in marked:
        if element.tag != "figcaption" and len(element.text_content().split()) > _MAX_MARKED_WORDS:
            continue
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()  # keeps the text that follows it (its tail)


def _blocks(element: HtmlElement) -> list[str]:
    """trafilatura's output tree (p, head, list/item, quote, table/row/cell) as text blocks."""
    blocks: list[str] = []
    for child in element:
        tag = child.tag
        if tag == "list":
            blocks.append("\n".join(_inline(item) for item in child if item.tag == "item"))
        elif tag == "table":
            rows = (
                "\t".join(_inline(cell) for cell in row if cell.tag == "cell")
                for row in child.iter("row")
            )
            blocks.append("\n".join(row for row in rows if row.strip()))
        elif tag in ("quote", "div") and any(sub.tag in _BLOCK_TAGS for sub in child):
            blocks.extend(_blocks(child))
        else:
            blocks.append(_inline(child))
    return [block.strip("\n") for block in blocks]


def _inline(element: HtmlElement) -> str:
    """An element's text with <lb/> as a line break and whitespace runs collapsed per line."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag == "lb":
                parts.append("\n")
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    lines = (collapse_spaces(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)
