"""Licences of the components Drafter runs on, read from the installed packages.

Read from package metadata rather than typed by hand, so the About box stays
true when a dependency changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata

#: The components named in the About box, in the order shown.
COMPONENTS = (
    "PySide6-Essentials",
    "shiboken6",
    "SQLAlchemy",
    "sqlmodel",
    "alembic",
    "python-docx",
    "platformdirs",
)


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str
    homepage: str | None


def _licence(meta: metadata.PackageMetadata) -> str:
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    if classifiers:
        return "; ".join(classifiers)
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) < 80:
        return text
    return "see the package's licence file"


def installed_components(names: tuple[str, ...] = COMPONENTS) -> list[Component]:
    found = []
    for name in names:
        try:
            meta = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue
        home = meta.get("Home-page")
        if not home:
            for entry in meta.get_all("Project-URL") or []:
                home = entry.split(",", 1)[-1].strip()
                break
        found.append(Component(name, meta.get("Version") or "?", _licence(meta), home))
    return found
