"""The tests' own PostgreSQL server (tests/pg_server.py): a killed run's server does not live on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import pg_server as harness

pytestmark = pytest.mark.skipif(
    harness.why_unavailable() is not None or not sys.platform.startswith("linux"),
    reason=str(harness.why_unavailable() or "reads /proc"))

_STARTER = """
import sys, time
sys.path.insert(0, sys.argv[1])
import pg_server
server = pg_server.start_server()
print(server.folder, flush=True)
time.sleep(600)
"""


def _running(pid: int) -> bool:
    """Whether the process runs (a zombie, left for a parent that never reaps it, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def test_the_server_of_a_killed_run_is_stopped_and_its_folder_removed_by_the_next() -> None:
    tests = Path(__file__).resolve().parents[1]
    starter = subprocess.Popen([sys.executable, "-c", _STARTER, str(tests)], stdout=subprocess.PIPE, text=True)
    try:
        assert starter.stdout is not None
        folder = Path(starter.stdout.readline().strip())
        pid_file = folder / "data" / "postmaster.pid"
        postmaster = int(pid_file.read_text().split()[0])
        os.kill(starter.pid, signal.SIGKILL)  # killed outright: it never stops its server
        starter.wait(10)
        assert _running(postmaster)  # still running, orphaned
        bindir = harness._bindir()
        assert bindir is not None
        assert folder in harness.stop_orphans(bindir)
        assert not folder.exists()
        assert not _running(postmaster)
    finally:
        if starter.poll() is None:
            starter.kill()
            starter.wait(10)
        if starter.stdout is not None:
            starter.stdout.close()


def test_a_running_runs_server_is_left_alone(pg_server: harness.PostgresServer) -> None:
    bindir = harness._bindir()
    assert bindir is not None
    assert pg_server.folder not in harness.stop_orphans(bindir)
    assert pg_server.folder.exists()
