#!/usr/bin/env bash
# Install everything the test suite needs and run it. One command, on a fresh machine:
#     bash scripts/test.sh            (extra arguments go to the last step, pytest)
# Used as-is by CI (.ci/run). Safe to run again: it only installs what is missing.
# Python packages come from the lock (requirements/dev.txt, exact versions and hashes) and
# nowhere else; scripts/refresh_lock.py is the one way to change them.
set -euo pipefail
cd "$(dirname "$0")/.."

# 1. System libraries Qt needs even when it draws offscreen (Debian/Ubuntu names), and the real
#    clients the Word export is checked with: LibreOffice without its GUI (converts the export
#    to PDF) and poppler-utils (pdftotext reads the PDF back).
#    Also the X11 libraries Qt's xcb platform needs and Xvfb, so one test opens the real window
#    on a virtual screen (the README's install section names the same three libraries).
#    And a real PostgreSQL server for the shared-library tests (tests/pg_server.py starts a
#    throwaway one in a temporary folder and stops it; the packaged service is not used).
SYSTEM_PACKAGES=(postgresql libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core
                 libreoffice-writer-nogui poppler-utils
                 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 xvfb)
if command -v dpkg >/dev/null 2>&1; then
  missing=()
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    if [ "$(id -u)" -eq 0 ]; then
      echo "Installing system packages: ${missing[*]}"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo apt-get update -qq
      sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "Please install these system packages first: ${missing[*]}" >&2
      exit 1
    fi
  fi
fi

# 2. The app and its test tools, in a virtual environment of the project's own, from the lock:
#    every package at its locked version, checked against its locked hash, nothing resolved
#    on the day. Drafter itself is then built with the locked setuptools (no build isolation,
#    which would fetch the newest).
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
PIP=(.venv/bin/python -m pip --quiet --disable-pip-version-check)
"${PIP[@]}" install --require-hashes --no-deps -r requirements/dev.txt
"${PIP[@]}" install --no-deps --no-build-isolation -e .

# The shared-library tests must run, never skip for want of a server.
export DRAFTER_REQUIRE_POSTGRES=1

# 3. The gates: lint, type check, the architecture's contracts, and the core's tests with Qt
#    not importable at all (so the Qt-free core stays Qt-free in fact, not only on paper).
echo "Lint (ruff)…"
.venv/bin/ruff check --quiet src tests bench scripts packaging
echo "Type check (mypy)…"
.venv/bin/mypy
echo "Import contracts (import-linter)…"
.venv/bin/lint-imports --no-cache >/dev/null
echo "The core's tests without Qt…"
#    The same tests on a PostgreSQL server run once, in step 5: what this run checks (that
#    nothing reaches for Qt) does not depend on the engine.
DRAFTER_TEST_WITHOUT_QT=1 .venv/bin/python -m pytest -q -p no:cacheprovider -p no:pytest-qt -k "not postgresql" \
  tests/core tests/test_cli.py tests/test_cli_backup.py tests/test_cli_responses.py tests/hostile

# 4. The standalone app (packaging/build, PyInstaller), for tests/packaging/test_frozen.py: a
#    change that breaks the frozen app fails here. Rebuilt only when dist/drafter is missing or
#    older than what goes into it (about a minute; see packaging/README.md). PyInstaller needs
#    objdump (binutils) on Linux. DRAFTER_SKIP_FROZEN=1 skips the build, and the test skips too.
if [ -z "${DRAFTER_SKIP_FROZEN:-}" ]; then
  if [ "$(uname -s)" = Linux ] && ! command -v objdump >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq binutils >/dev/null
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq binutils >/dev/null
    fi
  fi
  frozen=dist/drafter/drafter
  if [ ! -x "$frozen" ] || [ -n "$(find src resources packaging pyproject.toml THIRD-PARTY-NOTICES \
       -newer "$frozen" -type f ! -name '*.pyc' ! -path '*.egg-info/*' -print -quit 2>/dev/null)" ]; then
    packaging/build
  fi
  export DRAFTER_FROZEN_APP="$PWD/dist/drafter"
fi

# 5. The whole suite; Qt draws offscreen, every test gets its own data folder.
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
