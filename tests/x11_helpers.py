"""Helpers for the tests of the window's X11 libraries (tests/test_desktop_libraries.py, the frozen app's)."""

from __future__ import annotations

import os
import sys

#: The three X11 libraries a fresh Debian lacks, which Qt's window needs (drafter.desktop_libraries).
FRESH_DEBIAN_LACKS = ("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1")


def without_libraries(command: list[str], sonames: tuple[str, ...] = FRESH_DEBIAN_LACKS) -> list[str] | None:
    """``command`` run as if ``sonames`` were not installed, or None where that cannot be arranged here.

    Linux and root only: a private mount namespace (unshare) covers each library file with
    /dev/null, so the dynamic loader cannot load it, for that one process and nothing else.
    """
    import shutil
    import subprocess

    unshare = shutil.which("unshare")
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or unshare is None:
        return None
    listed = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False).stdout
    paths = {}
    for line in listed.splitlines():
        name, _, path = line.strip().partition(" => ")
        soname = name.split(" ")[0]
        if soname in sonames and path:
            paths.setdefault(soname, path.strip())  # the first listed is the one the loader takes
    if set(paths) != set(sonames):
        return None  # not installed at all: nothing to hide
    hide = 'while [ "$1" != -- ]; do mount --bind /dev/null "$1" || exit 98; shift; done; shift; exec "$@"'
    return [unshare, "--mount", "--propagation", "private", "sh", "-c", hide, "sh", *paths.values(), "--", *command]
