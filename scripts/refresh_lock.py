"""Refresh the locked dependencies, THIRD-PARTY-NOTICES and the licence check, together.

    .venv/bin/python scripts/refresh_lock.py                          # after editing pyproject.toml: add,
                                                                      # drop or re-pin what changed, keep the rest
    .venv/bin/python scripts/refresh_lock.py --upgrade-package lxml   # move one package to its newest
    .venv/bin/python scripts/refresh_lock.py --upgrade                # move every package to its newest

This is the only way Drafter's dependencies change. It

1. resolves pyproject.toml's dependencies into `requirements/app.txt` (the app and what
   builds it) and `requirements/dev.txt` (that, plus the test and build tools), each a
   universal lock: exact versions with the hashes of every wheel, for every platform the
   app ships on (Linux, Windows, macOS) and every Python it supports, so pip on any of
   them installs exactly these files and refuses anything else;
2. installs `requirements/dev.txt` into `.venv` (removing what the lock does not name);
3. regenerates THIRD-PARTY-NOTICES from what is now installed;
4. runs the licence check: every component the app ships must carry a licence that the
   GPL-3.0-or-later allows Drafter to be distributed with.

Then run the tests (`bash scripts/test.sh`) and commit the three files together. The
tests compare THIRD-PARTY-NOTICES with the lock, so a dependency changed any other way
fails them.

The resolver is uv (pinned in requirements/dev.txt): it makes universal locks with hashes,
which pip-tools cannot (pip-compile resolves for the machine it runs on only). The locks it
writes are plain requirements files, so installing needs nothing but pip.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "requirements"
APP_LOCK = REQUIREMENTS / "app.txt"
DEV_LOCK = REQUIREMENTS / "dev.txt"
#: The oldest Python the app supports; the universal lock also covers every newer one.
PYTHON_FLOOR = "3.11"
COMMAND = "python scripts/refresh_lock.py"


def venv_bin(name: str) -> Path:
    folder = ROOT / ".venv" / ("Scripts" if sys.platform == "win32" else "bin")
    return folder / (f"{name}.exe" if sys.platform == "win32" else name)


def find_uv() -> str:
    """The uv of the project's .venv (pinned by the dev lock), else one on PATH for the very first lock."""
    local = venv_bin("uv")
    if local.exists():
        return str(local)
    found = shutil.which("uv")
    if found is None:
        sys.exit("uv is not installed: run bash scripts/test.sh first (it installs the pinned uv into .venv).")
    return found


def compile_lock(uv: str, output: Path, extras: list[str], inputs: list[Path], upgrade: list[str]) -> None:
    command = [
        uv, "pip", "compile", "pyproject.toml", *[str(p.relative_to(ROOT)) for p in inputs],
        "--universal", "--python-version", PYTHON_FLOOR, "--generate-hashes",
        "--custom-compile-command", COMMAND, "--output-file", str(output.relative_to(ROOT)),
        "--quiet",
    ]
    for extra in extras:
        command += ["--extra", extra]
    if upgrade == ["*"]:
        command.append("--upgrade")
    else:
        for name in upgrade:
            command += ["--upgrade-package", name]
    subprocess.run(command, cwd=ROOT, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upgrade-package", action="append", default=[], metavar="NAME",
                        help="move this package to its newest allowed version (repeat for more)")
    parser.add_argument("--upgrade", action="store_true",
                        help="move every package to its newest allowed version")
    parser.add_argument("--no-install", action="store_true", help="write the locks only (no .venv, no notices)")
    args = parser.parse_args(argv)
    # Without either, the versions already locked are kept wherever pyproject.toml still allows them.
    upgrade = ["*"] if args.upgrade else args.upgrade_package
    uv = find_uv()

    # The dev lock first, then the app lock constrained to it: the app's packages have the
    # same versions in both, so the tests run against exactly what users install.
    compile_lock(uv, DEV_LOCK, ["test", "build"],
                 [REQUIREMENTS / "tools.in", REQUIREMENTS / "refresh.in"], upgrade)
    compile_lock_constrained(uv)
    if args.no_install:
        return 0

    python = str(venv_bin("python"))
    subprocess.run([uv, "pip", "sync", "--python", python, "--require-hashes", str(DEV_LOCK)], cwd=ROOT, check=True)
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "-e", "."],
                   cwd=ROOT, check=True)
    subprocess.run([python, "scripts/third_party_notices.py"], cwd=ROOT, check=True)
    checked = subprocess.run([python, "scripts/third_party_notices.py", "--check-licences"], cwd=ROOT, check=False)
    if checked.returncode:
        print("The licence check failed: see above. Do not commit this lock.", file=sys.stderr)
        return 1
    print(f"Refreshed {APP_LOCK.relative_to(ROOT)}, {DEV_LOCK.relative_to(ROOT)} and THIRD-PARTY-NOTICES; "
          "now run bash scripts/test.sh and commit them together.")
    return 0


def compile_lock_constrained(uv: str) -> None:
    """The app lock: pyproject's runtime dependencies and the build tools, at the dev lock's versions."""
    command = [
        uv, "pip", "compile", "pyproject.toml", str((REQUIREMENTS / "tools.in").relative_to(ROOT)),
        "--constraints", str(DEV_LOCK.relative_to(ROOT)),
        "--universal", "--python-version", PYTHON_FLOOR, "--generate-hashes",
        "--custom-compile-command", COMMAND, "--output-file", str(APP_LOCK.relative_to(ROOT)), "--quiet",
    ]
    subprocess.run(command, cwd=ROOT, check=True)


if __name__ == "__main__":
    sys.exit(main())
