"""A TCP proxy on loopback between Drafter and the test server that can go silent: a network that drops packets.

``SilentProxy(host, port)`` listens on a free loopback port and passes every connection
on to ``host:port``. ``silence()`` makes it stop passing anything, in both directions,
without closing a connection: to Drafter the server simply never answers, as when a
cable is pulled or a VPN drops (new connections are accepted by the kernel and then get
no answer either). ``forward()`` lets traffic through again, held bytes included — as
TCP delivers what it retransmitted once a network is back.

A stopped server (``private_pg_server.pause()``) refuses connections at once; this is the
other way a server goes away, the one that used to freeze the window.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading


class SilentProxy:
    def __init__(self, host: str, port: int) -> None:
        self._target = (host, port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._flowing = threading.Event()
        self._flowing.set()
        self._closed = threading.Event()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, name="silent-proxy", daemon=True).start()

    def silence(self) -> None:
        """Pass nothing on, either way, from now on; close nothing."""
        self._flowing.clear()

    def forward(self) -> None:
        """Pass traffic on again (what was held first)."""
        self._flowing.set()

    def close(self) -> None:
        self._closed.set()
        self._flowing.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        with self._lock:
            for s in self._sockets:
                with contextlib.suppress(OSError):
                    s.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self._target, timeout=10)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self._lock:
                self._sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        """Copy ``source`` to ``sink`` while flowing; while silent, read nothing (the bytes wait)."""
        while not self._closed.is_set():
            if not self._flowing.wait(0.05):
                continue
            try:
                readable, _, _ = select.select([source], [], [], 0.05)
                if not readable or not self._flowing.is_set():
                    continue
                data = source.recv(65536)
                if not data:
                    with contextlib.suppress(OSError):
                        sink.shutdown(socket.SHUT_WR)
                    return
                sink.sendall(data)
            except (OSError, ValueError):
                with contextlib.suppress(OSError):
                    sink.close()
                return
