"""Exporting a response: Word with real footnotes, plain text and Markdown.

``export_response`` checks the response (refusing while a quotation no longer
matches its source), renders every citation in one run, lays the response out
in the chosen format and writes it safely (a temporary file renamed over the
target). The citation run goes on in the background while the response is laid
out, and is skipped when the data folder's cache already holds its result. It
reports progress and can be cancelled, so a window runs it off its UI thread.
``answer_text`` gives one answer for pasting into a web form.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from drafter.core.checks import ExportResult
from drafter.core.errors import DrafterError
from drafter.core.export.clipboard import ClipboardAnswer, answer_text
from drafter.core.export.docx_template import TemplateError
from drafter.core.export.docx_writer import WriteOptions
from drafter.core.export.measure import LONG_QUOTATION_WORDS, template_measure
from drafter.core.export.output import (
    ExportCancelled,
    ExportWriteError,
    Progress,
    check_target,
    write_atomically,
)
from drafter.core.export.plan import (
    CONFIDENTIAL_LABEL,
    ExportRefused,
    plan_export,
    start_export,
)
from drafter.core.export.registry import FORMATS, ExportFormat, find_format, format_for_path
from drafter.core.store import Store

__all__ = [
    "CONFIDENTIAL_LABEL",
    "FORMATS",
    "LONG_QUOTATION_WORDS",
    "ClipboardAnswer",
    "ExportCancelled",
    "ExportFormat",
    "ExportRefused",
    "ExportResult",
    "ExportWriteError",
    "TemplateError",
    "answer_text",
    "export_response",
    "find_format",
    "format_for_path",
    "plan_export",
    "start_export",
]


def export_response(
    store: Store,
    response_id: int,
    path: str | Path,
    *,
    format: str = "docx",
    style: str | None = None,
    template: str | Path | None = None,
    numbered: bool = False,
    bibliography: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    today: date | None = None,
    locale: str | None = None,
) -> ExportResult:
    """Write the response to ``path``; ``style`` overrides the response's citation style, and
    ``locale`` (e.g. 'en-GB') the language it renders in (by default the style's own).

    Raises ExportRefused while the readiness check has blockers, TemplateError for
    a template that can't be used, ExportWriteError for a target that can't be
    written (the old file is then unchanged) and ExportCancelled when cancelled.
    """
    target = Path(path)
    export_format = find_format(format)
    if template is not None and not export_format.takes_template:
        raise DrafterError(f"A Word template can only be used for a Word export, not {export_format.title}.")
    check_target(target)  # before the work, so a bad folder is reported at once
    # The page's measure decides which quotations OSCOLA sets as blocks (more than three lines).
    measure = template_measure(Path(template) if template else None) if export_format.takes_template else None
    plan = start_export(store, response_id, style=style, bibliography=bibliography, today=today, locale=locale,
                        measure=measure)
    steps = Progress(len(plan.questions) + 2, progress, cancelled)
    steps.step()
    options = WriteOptions(numbered=numbered, template=Path(template) if template else None,
                           bibliography=bibliography)
    write_atomically(target, lambda out: export_format.write(plan, out, options, steps))
    steps.finish()
    return ExportResult(target, plan.readiness.warnings)
