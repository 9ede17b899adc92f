"""What the user chooses for an export, besides the format and the file: one value for every front end.

The command line fills it from its flags, the window from its Export dialog, and
both hand it to ``export_response`` (the window through its export process, as
the job's ``options``), so an option added here reaches both at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ExportOptions:
    #: A CSL style by name or id (``oscola``, ``apa`` …); None: the response's own style.
    style: str | None = None
    #: The organisation's own .docx (or .dotx) whose styles, headers and footers the Word file takes.
    template: Path | None = None
    #: Number the paragraphs (1., 2., …), as many NGO submissions do.
    numbered: bool = False
    #: End with a list of the sources cited.
    bibliography: bool = False
    #: The language of the citations ('en-GB', 'en-US' …); None: the style's own.
    locale: str | None = None

    @classmethod
    def from_form(cls, *, style: str = "", template: str = "", numbered: bool = False,
                  bibliography: bool = False, locale: str = "") -> ExportOptions:
        """From what was typed in a form: blank fields mean "not chosen", spaces around a name are dropped."""
        return cls(style=style.strip() or None, template=Path(template.strip()) if template.strip() else None,
                   numbered=numbered, bibliography=bibliography, locale=locale.strip() or None)

    def arguments(self) -> dict[str, object]:
        """As ``export_response``'s keyword arguments (and the export job's ``options``), unchosen ones left out."""
        chosen: dict[str, object] = {"numbered": self.numbered, "bibliography": self.bibliography}
        if self.style is not None:
            chosen["style"] = self.style
        if self.template is not None:
            chosen["template"] = self.template
        if self.locale is not None:
            chosen["locale"] = self.locale
        return chosen
