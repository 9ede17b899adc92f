"""Rich Text Format (.rtf), read with striprtf.

RTF is 7-bit text with escapes for everything else (``\\'e9``, ``\\u8212?``),
in the code page the file declares (``\\ansicpg1252``). Paragraphs become
blank-line-separated blocks like Word's; a manual line break stays a single
line break; table cells are separated by tabs and each row is its own block.
The ``{\\info …}`` group (title, author, creation time) gives the guesses.
striprtf never fails on unbalanced braces, so a file that stops before its
last brace is caught here: it is a truncated file, and part of it is missing.
"""

from __future__ import annotations

import codecs
import re

from drafter.core.importers.cleanup import clean_text, removed_warning
from drafter.core.importers.document import (
    GuessedFacts,
    ImportedDocument,
    ImportRefused,
    make_document,
)
from drafter.core.importers.guesses import (
    authors_basis,
    clean_title,
    document_date,
    guess_type,
    iso_date,
    read_authors,
)
from drafter.core.importers.sniffing import is_rtf
from drafter.core.wording import counted

_CODE_PAGE = re.compile(r"\\ansicpg(\d+)")
_BRACES = re.compile(r"\\[\\{}]|[{}]")
_CELL = re.compile(r"\\cell(?![a-zA-Z])\s?")
_LINE = re.compile(r"\\line(?![a-zA-Z])\s?")
_INFO_FIELD = r"\{\\%s\s+((?:[^{}\\]|\\[^{}]|\\[{}])*)\}"
_CREATED = re.compile(r"\\creatim\s*\\yr(\d{4})(?:\s*\\mo(\d{1,2}))?(?:\s*\\dy(\d{1,2}))?")

DAMAGED = "This RTF file is damaged or incomplete, so Drafter can't read all of it."
_EMPTY = "This RTF file has no text in it."


class RtfImporter:
    format = "rtf"
    extensions: tuple[str, ...] = (".rtf",)
    description = "an RTF document"

    def sniff(self, head: bytes) -> bool:
        return is_rtf(head)

    def load(self, data: bytes, filename: str | None) -> ImportedDocument:
        from striprtf.striprtf import rtf_to_text

        # Every byte maps to one character in Latin-1, so nothing can fail here;
        # striprtf then decodes the escaped bytes in the file's own code page.
        source = data.decode("latin-1")
        if not _balanced(source):
            raise ImportRefused(DAMAGED, hint="It may not have finished downloading or saving.")
        encoding, source = _code_page(source)
        # A manual line break (\line) stays a line break inside its paragraph: it is
        # passed through as U+2028, which clean_text turns into "\n" after the
        # paragraphs (striprtf's "\n") have been spaced out.
        marked = _LINE.sub(r"\\u8232?", _CELL.sub(r"\\tab ", source))
        plain = rtf_to_text(marked, encoding=encoding, errors="replace")
        lines = (line.rstrip() for line in plain.split("\n"))
        cleaned = clean_text("\n\n".join(line for line in lines if line.strip()))
        warnings = removed_warning(cleaned.removed)
        if (bad := cleaned.text.count("\ufffd")) and "\ufffd" not in source:
            warnings.append(
                f"{counted(bad, 'character')} could not be read and {'was' if bad == 1 else 'were'} "
                "replaced with '\ufffd'."
            )
        return make_document(
            cleaned.text,
            format=self.format,
            original_filename=filename,
            facts=_facts(source, encoding, cleaned.text),
            empty_message=_EMPTY,
            warnings=warnings,
        )


def _balanced(source: str) -> bool:
    depth = 0
    for match in _BRACES.finditer(source):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _code_page(source: str) -> tuple[str, str]:
    """The file's code page, and the source with an unknown code page declaration removed.

    striprtf reads ``\\ansicpg`` itself but falls back to UTF-8 for one Python
    doesn't know, which garbles every accent; RTF's own default, cp1252, is
    the better guess.
    """
    match = _CODE_PAGE.search(source[:4096])
    if not match:
        return "cp1252", source
    try:
        return codecs.lookup(f"cp{match.group(1)}").name, source
    except LookupError:
        return "cp1252", source[: match.start()] + source[match.end() :]


def _info_value(source: str, field: str, encoding: str) -> str | None:
    from striprtf.striprtf import rtf_to_text

    match = re.search(_INFO_FIELD % field, source)
    if not match:
        return None
    # The value may hold escapes ('\'e9'); decode it as a tiny RTF document.
    return rtf_to_text(
        "{\\rtf1 " + match.group(1) + "}", encoding=encoding, errors="replace"
    ).strip()


def _facts(source: str, encoding: str, text: str) -> GuessedFacts:
    facts = GuessedFacts(source_type="document")
    facts.basis["source_type"] = "file format: RTF document"
    guess_type(facts, text)  # a label, 'HC Deb', a DOI … in its leading lines says more
    if title := clean_title(_info_value(source, "title", encoding)):
        facts.title = title
        facts.basis["title"] = "the document's properties (Title)"
    if authors := read_authors(_info_value(source, "author", encoding)):
        facts.authors = tuple(name for name, _ in authors)
        facts.basis["authors"] = authors_basis("the document's properties (Author)", authors)
    made = None
    if created := _CREATED.search(source):
        year, month, day = created.groups()
        made = iso_date("-".join([year] + [f"{int(p):02d}" for p in (month, day) if p]))
    document_date(facts, text, made, "creation time (\\creatim in its properties)")
    return facts
