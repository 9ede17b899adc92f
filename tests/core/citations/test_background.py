"""pandoc runs in the background: ``start_render`` returns while it works, errors wait for ``result``."""

from __future__ import annotations

import subprocess
import threading
from typing import Any

import pytest

from drafter.core.citations import (
    CitationError,
    CitationSource,
    Cite,
    pandoc_run,
    plain_text,
    render_citations,
    start_render,
)
from drafter.core.names import Person

FOOT = CitationSource("foot", "article-newspaper", "Rights fears as Met ramps up tech use", "West End Extra",
                      (Person("Foot", "Tom"),), "2025-08-01", None, None)


class HeldPandoc:
    """pandoc that is not given its citeproc run's input until the test lets it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.go = threading.Event()
        self.started = threading.Event()
        self._real = subprocess.Popen
        monkeypatch.setattr(pandoc_run.subprocess, "Popen", self)

    def __call__(self, command: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        process = self._real(command, **kwargs)
        if "--citeproc" in command:
            feed = process.communicate

            def held(*args: Any, **kwargs: Any) -> tuple[bytes, bytes]:
                self.started.set()
                assert self.go.wait(30), "the test never let pandoc go"
                return feed(*args, **kwargs)

            process.communicate = held  # type: ignore[method-assign]
        return process


def test_start_render_returns_while_pandoc_works(monkeypatch: pytest.MonkeyPatch) -> None:
    held = HeldPandoc(monkeypatch)
    pending = start_render([FOOT], [Cite("foot"), Cite("foot")], "oscola")
    assert held.started.wait(30)
    assert not pending.done() and not pending.wait(0.05)  # the caller is free meanwhile
    assert pending.thread is not None and pending.thread is not threading.current_thread()
    held.go.set()
    rendered = pending.result()
    assert pending.done()
    assert [plain_text(c) for c in rendered.citations][1] == "ibid."
    assert rendered == render_citations([FOOT], [Cite("foot"), Cite("foot")], "oscola")


def test_bad_input_is_refused_at_once_and_pandocs_failure_on_result(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CitationError, match="pinpoint"):
        start_render([FOOT], [Cite("foot", "chapter and verse")], "oscola")
    real = pandoc_run.pandoc_command
    monkeypatch.setattr(pandoc_run, "pandoc_command", lambda p, c: [*real(p, c), "--no-such-option"])
    pending = start_render([FOOT], [Cite("foot")], "oscola")  # no exception here
    with pytest.raises(CitationError, match="could not be formatted"):
        pending.result()
    with pytest.raises(CitationError, match="could not be formatted"):
        pending.result()  # and again, for whoever asks next


def test_nothing_to_cite_is_ready_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    held = HeldPandoc(monkeypatch)
    pending = start_render([FOOT], [], "oscola")
    assert pending.done() and pending.thread is None
    assert pending.result().citations == ()
    assert not held.started.is_set()
