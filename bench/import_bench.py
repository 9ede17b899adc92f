"""Import throughput for a batch of mixed files, and the longest UI stall while importing.

    .venv/bin/python bench/import_bench.py [--files 1000]

Prints a table; asserts nothing (benchmarks are not tests). Figures:
- core: files per second through ``import_file`` + ``add_imported`` (the real
  importers, the real database), against a floor measured in the same run:
  reading the same files' bytes and inserting their decoded text into SQLite
  with no app code;
- GUI: the longest gap of a 5 ms heartbeat timer in the window's event loop
  while the import controller reads (worker thread) and stores the batch.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "data" / "importers"
WORDS = (ROOT / "resources" / "articles" / "003_3794a17cb9d2e7f6.txt").read_text(encoding="utf-8").split()


def _paragraphs(rng: random.Random, n: int) -> list[str]:
    return [" ".join(rng.choices(WORDS, k=rng.randint(40, 90))) + "." for _ in range(n)]


def make_files(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """A realistic mix: mostly text and web pages, some Word files and PDFs."""
    import docx

    rng = random.Random(seed)
    paths: list[Path] = []
    for i in range(count):
        kind = rng.choices(["txt", "md", "html", "docx", "pdf"], weights=[35, 20, 25, 15, 5])[0]
        title = f"Article {i}: " + " ".join(rng.choices(WORDS, k=6))
        body = _paragraphs(rng, rng.randint(6, 12))
        path = folder / f"file{i:05d}.{kind}"
        if kind == "txt":
            path.write_text(f"{title}\nBy Ann Example\n\n" + "\n\n".join(body), encoding="utf-8")
        elif kind == "md":
            path.write_text(f"# {title}\n\n" + "\n\n".join(body), encoding="utf-8")
        elif kind == "html":
            paras = "".join(f"<p>{p}</p>" for p in body)
            path.write_text(
                f"<html><head><title>{title}</title><meta property='og:site_name' content='Gazette'>"
                f"<script>var x={i};</script></head><body><nav><a href='/'>Home</a> <a href='/news'>News</a>"
                f"</nav><article><h1>{title}</h1>{paras}</article><footer>Cookies</footer></body></html>",
                encoding="utf-8",
            )
        elif kind == "docx":
            document = docx.Document()
            document.add_heading(title, 1)
            for paragraph in body:
                document.add_paragraph(paragraph)
            document.save(str(path))
        else:
            shutil.copy(SAMPLES / "report.pdf", path)
        paths.append(path)
    return paths


def floor(paths: list[Path], db: Path) -> float:
    """Read bytes, decode what is text, insert it: no parsing, no app code."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT)")
    started = time.perf_counter()
    for path in paths:
        data = path.read_bytes()
        with con:
            con.execute("INSERT INTO t (text) VALUES (?)", (data.decode("utf-8", "replace"),))
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def core(paths: list[Path], data_dir: Path) -> tuple[float, int]:
    from drafter.core.importers import ImportRefused, import_file
    from drafter.core.sources import add_imported
    from drafter.core.store import Store

    store = Store.open(data_dir)
    failures = 0
    started = time.perf_counter()
    for path in paths:
        try:
            add_imported(store, import_file(path), allow_duplicate=True)
        except ImportRefused:
            failures += 1
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed, failures


def gui(paths: list[Path], data_dir: Path) -> tuple[float, float, list[float]]:
    from PySide6.QtCore import QElapsedTimer, QTimer

    from drafter.ui.application import make_application
    from drafter.ui.import_controller import ImportController
    from drafter.ui.main_window import MainWindow

    app = make_application()
    window = MainWindow(data_dir)
    window.open_library()
    window.show()
    window.importer.show_summary = False
    ImportController.review = lambda self, doc, facts, dup, rest: (3, facts, True)  # "Add all as read"
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def beat() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    done = []
    window.importer.finished.connect(lambda results: (done.append(results), app.quit()))
    started = time.perf_counter()
    QTimer.singleShot(0, lambda: window.importer.import_paths(paths))
    app.exec()
    elapsed = time.perf_counter() - started
    heartbeat.stop()
    window.close_library()
    return elapsed, max(gaps), gaps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "files"
        folder.mkdir()
        paths = make_files(folder, args.files)
        floor_s = floor(paths, Path(tmp) / "floor.sqlite")
        core_s, failures = core(paths, Path(tmp) / "core")
        gui_s, stall_ms, gaps = gui(paths, Path(tmp) / "gui")
    n = len(paths)
    rows = [
        ("import, core (files/s)", n / core_s, n / floor_s, core_s / floor_s, "—"),
        ("import, in the window (files/s)", n / gui_s, n / floor_s, gui_s / floor_s, "—"),
        ("longest UI stall while importing (ms)", stall_ms, 5.0, stall_ms / 5.0, "< 50 ms"),
    ]
    print(f"Import of {n} mixed files (txt, md, html, docx, pdf); {failures} refused")
    print(f"{'figure':<40}{'value':>10}{'baseline':>10}{'ratio':>8}  target")
    for name, value, base, ratio, target in rows:
        print(f"{name:<40}{value:>10.1f}{base:>10.1f}{ratio:>8.1f}  {target}")
    print(f"heartbeat gaps: median {statistics.median(gaps):.1f} ms, "
          f"95th percentile {sorted(gaps)[int(len(gaps) * 0.95)]:.1f} ms over {len(gaps)} beats")
    print("(baseline for throughput: read bytes + SQLite insert, no app code; for stalls: the 5 ms beat itself)")


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    # Skip interpreter teardown: PySide6 objects finalised in arbitrary order at exit
    # can crash after the figures are printed, which would read as a failed run.
    os._exit(0)
