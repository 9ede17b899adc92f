"""Running the pandoc binary that ships inside the pypandoc-binary wheel.

Pandoc's citeproc is a complete CSL processor (it suppresses a title that
stands in for a missing author, and fills in OSCOLA's '(n 1)' cross-references
and 'ibid'), where citeproc-py is not; so we run it, once per document, as a
subprocess. It always runs with --sandbox, which forbids it every file and
network access beyond the files named on the command line, and is only ever
given local, independent style files.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from drafter.core.citations.model import CitationError

# pandoc 3.0 and later: the JSON format we write and --sandbox we rely on.
MIN_API_VERSION = (1, 23)
TIMEOUT_SECONDS = 120
_NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console flashing up on Windows


def pandoc_path() -> Path:
    """The pandoc binary bundled in the pypandoc-binary wheel (or, failing that, pypandoc's choice)."""
    spec = importlib.util.find_spec("pypandoc")
    locations = list(spec.submodule_search_locations or []) if spec else []
    name = "pandoc.exe" if sys.platform == "win32" else "pandoc"
    if locations and (bundled := Path(locations[0]) / "files" / name).is_file():
        return bundled
    try:
        import pypandoc

        return Path(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        raise CitationError(
            "Drafter can't format citations because its copy of pandoc is missing.",
            hint="Reinstall Drafter; it needs the package pypandoc-binary.",
        ) from None


def pandoc_command(pandoc: Path, csl: Path) -> list[str]:
    """The command line of a render: JSON in, JSON out, local files only."""
    return [str(pandoc), "--from=json", "--to=json", "--citeproc", "--sandbox", f"--csl={csl}"]


@functools.lru_cache(maxsize=4)
def api_version(pandoc: Path) -> list[int]:
    """The pandoc-types version the binary reads and writes; checks it can run at all."""
    out = _run([str(pandoc), "--from=markdown", "--to=json"], b"")
    try:
        version = [int(n) for n in json.loads(out)["pandoc-api-version"]]
    except (ValueError, KeyError, TypeError):
        raise CitationError("Drafter's copy of pandoc did not answer as expected.") from None
    if tuple(version[:2]) < MIN_API_VERSION:
        raise CitationError(
            "Drafter's copy of pandoc is too old to format citations.",
            hint="Reinstall Drafter; it needs pandoc 3 or later.",
        )
    return version


def run_pandoc_json(pandoc: Path, csl: Path, document: dict[str, Any]) -> dict[str, Any]:
    """Render one whole document through citeproc and return pandoc's JSON answer."""
    return PandocRun(pandoc, csl, document).answer()


class PandocRun:
    """One citeproc run: pandoc is started at once, ``answer()`` feeds it and reads its answer.

    An export starts the process in its own thread and leaves the feeding and
    reading to a background one: a background thread only gets Python's lock
    every few milliseconds while the export's thread is busy, and pandoc, the
    longest part of an export, should not wait for it. A failure to start is
    kept and raised by ``answer()``, like every other failure of pandoc's.
    """

    def __init__(self, pandoc: Path, csl: Path, document: dict[str, Any]) -> None:
        self._payload = json.dumps(document, ensure_ascii=False).encode("utf-8")
        self._process: subprocess.Popen[bytes] | None = None
        self._problem: CitationError | None = None
        try:
            self._process = _start(pandoc_command(pandoc, csl))
        except CitationError as exc:
            self._problem = exc

    def answer(self) -> dict[str, Any]:
        if self._process is None:
            assert self._problem is not None
            raise self._problem
        out = _finish(self._process, self._payload)
        try:
            result = json.loads(out)
        except ValueError:
            raise CitationError("The citation formatter gave an answer Drafter can't read.") from None
        if not isinstance(result, dict):
            raise CitationError("The citation formatter gave an answer Drafter can't read.")
        return result


def _run(command: list[str], payload: bytes) -> str:
    return _finish(_start(command), payload)


def _start(command: list[str]) -> subprocess.Popen[bytes]:
    # Bytes in, bytes out, decoded as UTF-8 ourselves: text mode would use the
    # Windows code page and mangle every curly quote and dash.
    try:
        return subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            creationflags=_NO_WINDOW,
        )
    except FileNotFoundError:
        raise CitationError(
            "Drafter can't format citations because its copy of pandoc is missing.",
            hint="Reinstall Drafter; it needs the package pypandoc-binary.",
        ) from None
    except PermissionError:
        raise CitationError(
            "Drafter's copy of pandoc is not allowed to run on this computer."
        ) from None


def _finish(process: subprocess.Popen[bytes], payload: bytes) -> str:
    """Give pandoc its input, wait for it (killing it after TIMEOUT_SECONDS) and check its answer."""
    with process:
        try:
            out, err = process.communicate(payload, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise CitationError("Formatting the citations took too long and was stopped.") from None
        except BaseException:
            process.kill()
            raise
    if process.returncode != 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()
        raise CitationError(
            "The citations could not be formatted.",
            hint=detail[-1] if detail else f"pandoc stopped with code {process.returncode}.",
        )
    return out.decode("utf-8")
