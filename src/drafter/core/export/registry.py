"""The export formats, one writer each, behind one table (as the importers are)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from drafter.core.errors import DrafterError
from drafter.core.export.docx_writer import WriteOptions, write_docx
from drafter.core.export.output import Progress
from drafter.core.export.plan import ExportPlan
from drafter.core.export.text_writer import write_md, write_txt

Writer = Callable[[ExportPlan, BinaryIO, WriteOptions, Progress], None]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    extension: str
    title: str  # for a Save dialog's list of types
    write: Writer
    takes_template: bool = False


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("docx", ".docx", "Word document", write_docx, takes_template=True),
        ExportFormat("txt", ".txt", "Plain text", write_txt),
        ExportFormat("md", ".md", "Markdown", write_md),
    )
}


def find_format(name: str) -> ExportFormat:
    found = FORMATS.get(name.strip().lower().lstrip("."))
    if found is None:
        raise DrafterError(f"Drafter can't export to '{name}'. Choose one of: {', '.join(FORMATS)}.")
    return found


def format_for_path(path_suffix: str, default: str = "docx") -> ExportFormat:
    """The format a file name asks for ('.md' → Markdown), else the default."""
    for export_format in FORMATS.values():
        if export_format.extension == path_suffix.lower():
            return export_format
    return FORMATS[default]
