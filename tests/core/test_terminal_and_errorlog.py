"""Text for a terminal is escaped; unexpected errors are written to the problem log."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

from drafter.core import errorlog
from drafter.core.terminal import TerminalWriter, escape_controls, has_controls, one_line

HOSTILE = "Red\x1b[31mALERT\x1b]0;pwned\x07 \u202eevil\u202c back\rspace \x9b2J \u2066iso\u2069 \x00nul \x7f"


def test_every_control_is_escaped_and_nothing_else() -> None:
    shown = escape_controls(HOSTILE)
    assert not has_controls(shown)
    assert shown == (
        "Red\\x1b[31mALERT\\x1b]0;pwned\\x07 \\u202eevil\\u202c back\\rspace \\u009b2J "
        "\\u2066iso\\u2069 \\x00nul \\u007f"
    )
    ordinary = "Résumé — “quoted” 5a) ملاحظة\u200f עברית\u200d 한국어\ttab\nnext line"
    assert escape_controls(ordinary) == ordinary  # marks, joiners, tabs and newlines are text


def test_one_line_escapes_line_breaks_too() -> None:
    assert one_line("Title\nInjected line\twith tab\u2028") == "Title\\nInjected line\\twith tab\\u2028"


def test_json_through_the_writer_stays_valid_and_means_the_same() -> None:
    data = {"title": HOSTILE + "\n\t\u0085 end", "plain": "Résumé"}
    out = io.StringIO()
    json.dump(data, TerminalWriter(out), ensure_ascii=False, indent=2)  # type: ignore[arg-type]
    text = out.getvalue()
    assert not has_controls(text.replace("\n", ""))
    assert json.loads(text) == data
    assert "Résumé" in text  # only the controls are escaped


def test_the_report_goes_to_the_data_folders_log(tmp_path: Path) -> None:
    try:
        raise RuntimeError("deep inside")
    except RuntimeError as exc:
        report = errorlog.write_report(exc, tmp_path / "data", context="drafter answer")
    assert report is not None and not report.fallback
    assert report.path == tmp_path / "data" / "logs" / "drafter.log"
    text = report.path.read_text(encoding="utf-8")
    assert "While: drafter answer" in text and "RuntimeError: deep inside" in text and "Traceback" in text


def test_the_log_is_rotated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(errorlog, "MAX_BYTES", 2000)
    for n in range(20):
        errorlog.write_report(ValueError("x" * 500 + str(n)), tmp_path)
    logs = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert logs == ["drafter.log", "drafter.log.1", "drafter.log.2", "drafter.log.3"]
    assert all(p.stat().st_size <= 2000 + 1500 for p in (tmp_path / "logs").iterdir())


def test_an_unwritable_data_folder_falls_back_to_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(errorlog.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file where the data folder should be")
    report = errorlog.write_report(KeyError("k"), not_a_folder)
    assert report is not None and report.fallback
    assert report.path.is_relative_to(tmp_path / "tmp") and "KeyError" in report.path.read_text(encoding="utf-8")
    assert errorlog.write_report(KeyError("k"), None) == report  # no data folder at all: the same place


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root writes anywhere")
def test_nothing_writable_gives_none_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    monkeypatch.setattr(errorlog.tempfile, "gettempdir", lambda: str(locked))
    assert errorlog.write_report(KeyError("k"), locked / "data") is None


def test_a_full_disk_gives_none_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(errorlog, "RotatingFileHandler", full)
    monkeypatch.setattr(errorlog.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    assert errorlog.write_report(KeyError("k"), tmp_path / "data") is None


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_log_write_the_disk_refuses_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(errorlog.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    (tmp_path / "data" / "logs").mkdir(parents=True)
    (tmp_path / "data" / "logs" / "drafter.log").symlink_to("/dev/full")  # every write: "No space left"
    report = errorlog.write_report(KeyError("k"), tmp_path / "data")
    assert report is not None and report.fallback
