"""Importing never opens a network connection, even for pages full of remote addresses."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

# Imported before the network is cut: urllib3 (under trafilatura) opens and binds a
# loopback socket at import time to probe for IPv6. That is not a connection, but it
# would trip the trap below, so the first import must not happen inside a test.
import trafilatura  # noqa: F401

from drafter.core.importers import import_file

SAMPLES = [
    "saved_article.html",
    "press_release.htm",
    "report.pdf",
    "restricted.pdf",
    "briefing.docx",
    "briefing.rtf",
    "article.md",
    "latin1.txt",
]


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkUsed(f"network access attempted: {args!r}")

    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname", "socketpair"):
        monkeypatch.setattr(socket, name, refuse)


@pytest.mark.parametrize("name", SAMPLES)
def test_import_uses_no_network(no_network: None, samples: Path, name: str) -> None:
    doc = import_file(samples / name)

    assert doc.text


def test_the_guard_works(no_network: None) -> None:
    with pytest.raises(NetworkUsed):
        socket.getaddrinfo("example.com", 80)
