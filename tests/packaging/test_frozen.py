"""The standalone app (packaging/build) runs on a machine with no Python.

Runs the built executable with a PATH that holds no Python (an empty folder:
the frozen app needs no other program, pandoc is found inside it), a fresh data
folder and Qt drawing offscreen. Between them the commands touch everything the
build must collect by hand: the stored articles (drafter.resources), Alembic's
migration scripts (a fresh data folder is migrated from nothing), trafilatura's
settings (an HTML import), python-docx's templates, the pandoc binary and the
CSL styles (a Word export in OSCOLA, and a text export in a dependent style).

scripts/test.sh builds dist/drafter when it is missing or older than the sources
and sets DRAFTER_FROZEN_APP to it; without that variable these tests skip.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from x11_helpers import without_libraries

ENV_VAR = "DRAFTER_FROZEN_APP"
FOLDER = os.environ.get(ENV_VAR, "")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not FOLDER,
        reason=f"no frozen build to test: run packaging/build, then set {ENV_VAR}=dist/drafter "
        "(scripts/test.sh does both)",
    ),
]

QUESTIONS = """\
1. Do you agree that police use of facial recognition needs a new legal framework?
Agree / Neither agree nor disagree / Disagree / Don't know
Please explain your answer.
"""

HTML_PAGE = """\
<!DOCTYPE html><html lang="en"><head><title>Oversight of biometrics</title>
<meta name="author" content="A. Writer"><meta property="og:site_name" content="Example Review">
</head><body><article><h1>Oversight of biometrics</h1>
<p>Independent oversight of live facial recognition is the safeguard most often asked for
by civil society groups, and the one most often missing from current practice.</p>
<p>A statutory code would set out when the technology may be deployed and who checks it.</p>
</article></body></html>
"""


def executable(name: str) -> Path:
    folder = Path(FOLDER).resolve()
    return folder / (f"{name}.exe" if sys.platform == "win32" else name)


@pytest.fixture
def frozen_env(tmp_path: Path) -> dict[str, str]:
    """A minimal environment: no Python reachable, nothing inherited that could point at one."""
    empty_bin = tmp_path / "empty-bin"
    empty_bin.mkdir()
    env = {
        "PATH": str(empty_bin),
        "HOME": str(tmp_path / "home"),
        "DRAFTER_DATA_DIR": str(tmp_path / "fresh-data"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
        "TMPDIR": str(tmp_path),
    }
    for key in ("SYSTEMROOT", "WINDIR", "TEMP", "TMP"):  # Windows cannot start a process without these
        if key in os.environ:
            env[key] = os.environ[key]
    return env


def drafter(env: dict[str, str], cwd: Path, *args: str, timeout: float = 120) -> str:
    """Run the frozen `drafter` and return its stdout; fail with its stderr if it fails."""
    result = subprocess.run(
        [str(executable("drafter")), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"drafter {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_the_build_holds_both_executables_and_no_unused_qt() -> None:
    assert executable("drafter").is_file()
    assert executable("drafter-gui").is_file()
    internal = Path(FOLDER) / "_internal"
    shipped = {p.name for p in internal.rglob("*Qt6*")} | {p.name for p in (internal / "PySide6").glob("Qt*")}
    for unused in ("WebEngine", "Qml", "Quick", "3D", "Multimedia", "Pdf", "Charts"):
        assert not [name for name in shipped if unused in name], f"Qt{unused} is bundled but unused"


def test_version_sources_and_window(frozen_env: dict[str, str], tmp_path: Path) -> None:
    assert drafter(frozen_env, tmp_path, "--version").strip().startswith("Drafter ")
    listed = json.loads(drafter(frozen_env, tmp_path, "sources", "list", "--json"))
    assert len(listed) == 5  # the stored articles, in a data folder migrated from nothing
    timings = drafter(frozen_env, tmp_path, "--quit-after-load")
    assert "library loaded" in timings


def test_the_window_opens_on_a_real_x_server_without_the_three_system_libraries(
    frozen_env: dict[str, str], tmp_path: Path, x_display: str
) -> None:
    """The packaged app carries the X11 helpers a fresh Debian lacks: hidden from the system, it still opens."""
    environ = {k: v for k, v in frozen_env.items() if k != "QT_QPA_PLATFORM"}
    environ["DISPLAY"] = x_display
    command = without_libraries([str(executable("drafter")), "--quit-after-load"])
    if command is None:
        assert "library loaded" in drafter(environ, tmp_path, "--quit-after-load")
        return
    environ["PATH"] = os.environ.get("PATH", "")  # unshare, mount and sh; the app itself still finds no Python
    started = subprocess.run(command, env=environ, cwd=tmp_path, capture_output=True, text=True, timeout=120,
                             check=False)
    assert started.returncode == 0, started.stderr
    assert "library loaded" in started.stdout


def test_a_system_library_the_packaged_app_needs_is_named_when_missing(
    frozen_env: dict[str, str], tmp_path: Path
) -> None:
    """libxcb itself comes from the system (the X server's own library): hidden, the app says so and stops."""
    environ = {k: v for k, v in frozen_env.items() if k != "QT_QPA_PLATFORM"}
    command = without_libraries([str(executable("drafter"))], ("libxcb.so.1",))
    if command is None:
        pytest.skip("needs Linux, root, unshare and libxcb installed (to hide it)")
    environ["PATH"] = os.environ.get("PATH", "")
    started = subprocess.run(command, env=environ, cwd=tmp_path, capture_output=True, text=True, timeout=120,
                             check=False)
    assert started.returncode == 1, started.stderr
    assert "Traceback" not in started.stderr
    assert "  libxcb.so.1\n\n" in started.stderr  # that one alone: the others fail only for want of it
    assert "sudo apt-get install libxcb1\n" in started.stderr


def test_import_quote_answer_and_export(frozen_env: dict[str, str], tmp_path: Path) -> None:
    page = tmp_path / "oversight.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    [added] = json.loads(drafter(frozen_env, tmp_path, "sources", "add", str(page), "--json"))
    assert added["ok"] and added["title"] == "Oversight of biometrics"

    questions = tmp_path / "questions.txt"
    questions.write_text(QUESTIONS, encoding="utf-8")
    response = json.loads(
        drafter(frozen_env, tmp_path, "responses", "new", "--title", "Biometrics framework",
                "--questions", str(questions), "--json")
    )
    snippet = json.loads(
        drafter(frozen_env, tmp_path, "snippets", "add", str(added["id"]), "--quote",
                "Independent oversight of live facial recognition", "--json")
    )
    drafter(frozen_env, tmp_path, "answer", str(response["id"]), "1", "--option", "Agree",
            "--text", "A statutory framework is overdue.", "--quote", str(snippet["id"]))

    # Word, OSCOLA: python-docx's template, pandoc and an independent style.
    docx = tmp_path / "response.docx"
    drafter(frozen_env, tmp_path, "export", str(response["id"]), "-o", str(docx))
    with zipfile.ZipFile(docx) as archive:
        footnotes = archive.read("word/footnotes.xml").decode("utf-8")
    assert "Example Review" in footnotes  # the citation, formatted by pandoc

    # Plain text in a dependent style: its parent is found among the bundled styles.
    text = tmp_path / "response.txt"
    drafter(frozen_env, tmp_path, "export", str(response["id"]), "-o", str(text), "--style", "bmj-case-reports")
    assert "facial recognition" in text.read_text(encoding="utf-8")


def test_the_windows_export_process_runs_in_the_packaged_app(frozen_env: dict[str, str], tmp_path: Path) -> None:
    """The window exports by starting its own executable with ``export-job`` (drafter.core.jobs.export)."""
    questions = tmp_path / "questions.txt"
    questions.write_text(QUESTIONS, encoding="utf-8")
    response = json.loads(drafter(frozen_env, tmp_path, "responses", "new", "--title", "Biometrics framework",
                                  "--questions", str(questions), "--json"))
    folder = tmp_path / "Réponses — 2026"
    folder.mkdir()
    target = folder / "réponse “finale”.docx"  # the protocol is UTF-8 whatever the system's language
    job = {"data_dir": frozen_env["DRAFTER_DATA_DIR"], "response_id": response["id"], "path": str(target),
           "format": "docx", "options": {"numbered": True}}
    # drafter-gui is the executable the window runs as, so it is the one the window starts.
    environment = {**frozen_env, "LC_ALL": "C", "LANG": "C"}
    with subprocess.Popen([str(executable("drafter-gui")), "export-job"], cwd=tmp_path, env=environment,
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, encoding="utf-8") as child:
        assert child.stdin is not None and child.stdout is not None and child.stderr is not None
        child.stdin.write(json.dumps(job, ensure_ascii=False) + "\n")
        child.stdin.flush()  # and kept open, as the window keeps it: its end would cancel the export
        # Skips the empty first line: see jobs.child_streams.
        events = [json.loads(line) for line in child.stdout if line.strip()]
        assert child.wait(120) == 0, child.stderr.read()
    assert events[-1]["event"] == "finished" and events[-1]["path"] == str(target)
    with zipfile.ZipFile(target) as archive:
        assert "Biometrics framework" in archive.read("word/document.xml").decode("utf-8")
