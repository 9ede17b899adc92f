"""The registry: which importer reads which file, by extension or, without one, by content."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.core.importers import import_file, supported_extensions
from drafter.core.importers.registry import (
    Importer,
    importer_for_content,
    importer_for_extension,
    importer_for_format,
)


def test_supported_extensions() -> None:
    assert supported_extensions() == (
        ".txt",
        ".text",
        ".md",
        ".markdown",
        ".html",
        ".htm",
        ".xhtml",
        ".docx",
        ".pdf",
        ".rtf",
    )


@pytest.mark.parametrize(
    ("extension", "format"),
    [
        (".txt", "text"),
        (".TXT", "text"),
        (".md", "markdown"),
        (".htm", "html"),
        (".docx", "docx"),
        (".pdf", "pdf"),
        (".rtf", "rtf"),
        (".doc", None),
        (".odt", None),
    ],
)
def test_importer_for_extension(extension: str, format: str | None) -> None:
    importer = importer_for_extension(extension)

    assert (importer.format if importer else None) == format


@pytest.mark.parametrize("format", ["text", "markdown", "html", "docx", "pdf", "rtf"])
def test_every_importer_has_the_interface(format: str) -> None:
    importer: Importer | None = importer_for_format(format)

    assert importer is not None
    assert importer.format == format
    assert all(
        extension.startswith(".") and extension == extension.lower()
        for extension in importer.extensions
    )
    assert importer.description
    assert callable(importer.sniff) and callable(importer.load)


@pytest.mark.parametrize(
    ("sample", "format"),
    [
        ("report.pdf", "pdf"),
        ("briefing.docx", "docx"),
        ("briefing.rtf", "rtf"),
        ("saved_article.html", "html"),
        ("latin1.txt", "text"),
        ("utf16_bom.txt", "text"),
    ],
)
def test_content_decides_for_a_file_without_extension(
    samples: Path, write_file, sample: str, format: str
) -> None:
    data = (samples / sample).read_bytes()

    assert importer_for_content(data[:8192]).format == format  # type: ignore[union-attr]
    doc = import_file(write_file("download", data))
    assert doc.format == format
    assert doc.original_filename == "download"


def test_original_filename_is_the_name_only(samples: Path) -> None:
    assert import_file(str(samples / "article.md")).original_filename == "article.md"
