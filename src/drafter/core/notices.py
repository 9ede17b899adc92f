"""Licences of the components Drafter runs on, read from the installed packages.

Read from package metadata rather than typed by hand, so the About box and
THIRD-PARTY-NOTICES stay true when a dependency changes. The frozen build ships
each runtime distribution's metadata (packaging/drafter.spec), so this works
there too.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

#: The components named first in the About box, in the order shown.
COMPONENTS = (
    "pyside6-essentials",  # the Qt bindings (named in lower case, as PEP 503 compares them)
    "shiboken6",
    "SQLAlchemy",
    "sqlmodel",
    "alembic",
    "python-docx",
    "platformdirs",
)

#: Bundled components that are not Python packages, as (name, licence), for the About box.
NON_PYTHON_COMPONENTS = (
    ("Qt", "LGPL-3.0-only"),
    ("pandoc (bundled program)", "GPL-2.0-or-later"),
    ("CSL citation styles", "CC BY-SA 3.0"),
)

NOTICES_NAME = "THIRD-PARTY-NOTICES"

#: Drafter's own distribution: the root of the dependency walk.
ROOT_DISTRIBUTION = "drafter"

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?")


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str
    homepage: str | None


def canonical(name: str) -> str:
    """PEP 503 form, so 'Foo_Bar' and 'foo-bar' are one package."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _field(meta: metadata.PackageMetadata, key: str) -> str | None:
    """One metadata field, or None; get_all is in the PackageMetadata protocol, get is not."""
    values = meta.get_all(key) or []
    return str(values[0]) if values else None


def _licence(meta: metadata.PackageMetadata) -> str:
    expression = _field(meta, "License-Expression")
    if expression:
        return str(expression)
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    if classifiers:
        return "; ".join(classifiers)
    text = (_field(meta, "License") or "").strip()
    if text and "\n" not in text and len(text) < 80:
        return text
    return "see the package's licence file"


def _homepage(meta: metadata.PackageMetadata) -> str | None:
    home = _field(meta, "Home-page")
    if home:
        return str(home)
    urls = meta.get_all("Project-URL") or []
    # Prefer an entry labelled as the home page or source; else the first one.
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in {"homepage", "home", "source", "source code", "repository"}:
            return url.strip()
    return urls[0].split(",", 1)[-1].strip() if urls else None


def component(name: str) -> Component | None:
    """One installed distribution's name, version, licence and home page, or None if absent."""
    try:
        meta = metadata.metadata(name)
    except metadata.PackageNotFoundError:
        return None
    return Component(_field(meta, "Name") or name, _field(meta, "Version") or "?", _licence(meta), _homepage(meta))


def runtime_distributions(root: str = ROOT_DISTRIBUTION) -> list[str]:
    """Every installed distribution ``root`` needs at run time, found by walking Requires-Dist.

    Requirements behind an extra are followed only where the parent asked for
    that extra (pypdf[crypto] brings cryptography; drafter[test] brings nothing
    at run time), and environment markers are judged for this machine: the list
    is what this platform's build ships. ``root`` itself is not included.
    """
    seen: dict[str, str] = {}
    pending: list[tuple[str, frozenset[str]]] = [(root, frozenset())]
    while pending:
        name, extras = pending.pop()
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # an optional dependency not installed here is not shipped either
        for requirement in dist.requires or []:
            spec, _, marker = requirement.partition(";")
            match = _NAME.match(spec)
            if match is None or not _marker_holds(marker.strip(), extras):
                continue
            child = match.group(1)
            listed = (match.group(2) or "[]")[1:-1].split(",")
            child_extras = frozenset(e.strip().lower() for e in listed if e.strip())
            key = canonical(child)
            if key == canonical(root):
                continue
            first_visit = key not in seen
            seen.setdefault(key, child)
            if first_visit or child_extras:
                pending.append((child, child_extras))
    found = []
    for name in seen.values():
        try:
            found.append(metadata.distribution(name).metadata["Name"] or name)
        except metadata.PackageNotFoundError:
            continue
    return sorted(found, key=str.casefold)


def _marker_holds(marker: str, extras: frozenset[str]) -> bool:
    """Whether an environment marker applies here, given the extras the parent asked for."""
    if not marker:
        return True
    try:
        from packaging.markers import Marker
    except ImportError:  # packaging is absent from the frozen app: only judge 'extra'
        wanted = re.findall(r"extra\s*==\s*['\"]([^'\"]+)['\"]", marker)
        return not wanted or any(canonical(w) in {canonical(e) for e in extras} for w in wanted)
    parsed = Marker(marker)
    return any(parsed.evaluate({"extra": extra}) for extra in extras or {""})


def installed_components(names: tuple[str, ...] = COMPONENTS) -> list[Component]:
    return [c for c in (component(name) for name in names) if c is not None]


def notices_file() -> Path | None:
    """THIRD-PARTY-NOTICES, where this copy of Drafter has it: a standalone build or a checkout."""
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)  # set by the PyInstaller build (packaging/drafter.spec)
    if bundle:
        candidates += [Path(bundle) / NOTICES_NAME, Path(sys.executable).parent / NOTICES_NAME]
    candidates.append(Path(__file__).resolve().parents[3] / NOTICES_NAME)  # src/drafter/core/ -> checkout
    return next((path for path in candidates if path.is_file()), None)
