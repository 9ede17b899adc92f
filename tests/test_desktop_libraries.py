"""Before the window: missing X11 libraries are named with the commands that install them."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from drafter import app
from drafter.desktop_libraries import (
    XCB_LIBRARIES,
    check_before_window,
    explain,
    missing_libraries,
    qt_xcb_files,
    uses_xcb,
)
from x11_helpers import FRESH_DEBIAN_LACKS, without_libraries


def loader_without(absent: set[str], plugin_error: str | None = None):  # type: ignore[no-untyped-def]
    """A dlopen that behaves as if ``absent`` were not installed (and the plugin fails with ``plugin_error``)."""

    def load(name: str) -> object:
        base = os.path.basename(name)
        if base in absent:
            raise OSError(f"{base}: cannot open shared object file: No such file or directory")
        if base in {"libQt6XcbQpa.so.6", "libqxcb.so"} and plugin_error:
            raise OSError(plugin_error)
        return object()

    return load


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        ({}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "wayland"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({}, "win32", False),
        ({}, "darwin", False),
    ],
)
def test_only_the_x11_platform_is_checked(environ: dict[str, str], platform: str, expected: bool) -> None:
    assert uses_xcb(environ, platform) is expected


def test_the_three_libraries_a_fresh_debian_lacks_are_named_with_both_install_commands(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    load = loader_without(set(FRESH_DEBIAN_LACKS), "libxcb-cursor.so.0: cannot open shared object file")
    assert check_before_window({"QT_QPA_PLATFORM": "xcb"}, load=load) == 1
    message = capsys.readouterr().err
    for soname in sorted(FRESH_DEBIAN_LACKS):
        assert soname in message
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in message
    assert "sudo dnf install xcb-util-cursor xcb-util-keysyms xcb-util-wm" in message
    assert "libxcb-image" not in message  # present libraries are not named


def test_nothing_is_said_when_the_plugin_loads(capsys: pytest.CaptureFixture[str]) -> None:
    assert missing_libraries(files=[Path("libqxcb.so")], load=loader_without(set())) == []
    assert check_before_window({"QT_QPA_PLATFORM": "offscreen"}, load=loader_without(set(FRESH_DEBIAN_LACKS))) == 0
    assert capsys.readouterr().err == ""


def test_a_library_outside_the_table_is_still_named() -> None:
    error = "libxcb-fancy.so.7: cannot open shared object file: No such file or directory"
    missing = missing_libraries(files=[Path("libqxcb.so")], load=loader_without({"libxcb-fancy.so.7"}, error))
    assert [lib.soname for lib in missing] == ["libxcb-fancy.so.7"]
    assert "package manager can tell" in explain(missing)


def test_the_table_covers_what_qt_s_xcb_library_links_against() -> None:
    """Every libxcb*/X11/xkb library that ldd lists for Qt's XCB library is in the table, so each gets a package."""
    files = qt_xcb_files()
    ldd = shutil.which("ldd")
    if not files or ldd is None or not sys.platform.startswith("linux"):
        pytest.skip("needs PySide6's Linux build and ldd")
    listed = subprocess.run([ldd, str(files[0])], capture_output=True, text=True, check=False).stdout
    needed = {line.split()[0] for line in listed.splitlines() if line.strip()}
    x11 = {n for n in needed if n.startswith(("libxcb", "libX11", "libxkbcommon"))}
    assert x11 <= {lib.soname for lib in XCB_LIBRARIES}


def test_the_real_check_agrees_with_the_real_loader() -> None:
    """On this machine: the check names exactly the table's libraries that dlopen cannot find."""
    if not sys.platform.startswith("linux") or not qt_xcb_files():
        pytest.skip("Linux only")
    really_absent = set()
    for library in XCB_LIBRARIES:
        try:
            ctypes.CDLL(library.soname)
        except OSError:
            really_absent.add(library.soname)
    found = {lib.soname for lib in missing_libraries()}
    assert found == really_absent


def test_the_entry_point_exits_non_zero_before_importing_qt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app, "_window_cannot_start", lambda: True)
    monkeypatch.delitem(sys.modules, "drafter.ui.application", raising=False)
    assert app.main([]) == 1
    assert app.main(["--data-dir", "somewhere"]) == 1
    assert "drafter.ui.application" not in sys.modules



def test_with_the_libraries_present_the_window_opens_on_a_real_x_server(tmp_path: Path, x_display: str) -> None:
    """The real start, through Qt's xcb platform on Xvfb (scripts/test.sh installs both and the libraries)."""
    if missing_libraries():
        pytest.skip("needs the X11 libraries (scripts/test.sh installs them on Debian/Ubuntu)")
    environ = {k: v for k, v in os.environ.items() if k not in {"QT_QPA_PLATFORM", "WAYLAND_DISPLAY"}}
    environ["DISPLAY"] = x_display
    started = subprocess.run(
        [sys.executable, "-m", "drafter", "--data-dir", str(tmp_path / "data"), "--quit-after-load"],
        env=environ, capture_output=True, text=True, timeout=120, check=False,
    )
    assert started.returncode == 0, started.stderr
    assert "library loaded" in started.stdout
    assert "cannot open its window" not in started.stderr


def test_with_the_libraries_really_missing_drafter_names_them_and_exits_non_zero(tmp_path: Path) -> None:
    """The real loader, the real entry point: the three libraries hidden from this one process."""
    environ = {k: v for k, v in os.environ.items() if k not in {"QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "DISPLAY"}}
    command = without_libraries([sys.executable, "-m", "drafter", "--data-dir", str(tmp_path / "data")])
    if command is None:
        pytest.skip("needs Linux, root, unshare and the three libraries installed (to hide them)")
    started = subprocess.run(command, env=environ, capture_output=True, text=True, timeout=120, check=False)
    assert started.returncode == 1, started.stderr
    assert "Traceback" not in started.stderr
    for soname in sorted(FRESH_DEBIAN_LACKS):
        assert soname in started.stderr
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in started.stderr
    assert not (tmp_path / "data").exists()  # nothing was started, nothing written


def test_the_loader_s_words_are_found_behind_a_packaged_app_s_own_error() -> None:
    """PyInstaller's ctypes replaces the loader's message with its own and keeps the original as the cause."""

    def load(name: str) -> object:
        try:
            raise OSError("/lib/x86_64-linux-gnu/libxcb.so.1: file too short")
        except OSError as original:
            raise OSError(f"Failed to load dynlib/dll {name!r}. Most likely this dynlib/dll was not found "
                          "when the application was frozen.") from original

    missing = missing_libraries(files=[Path("libqxcb.so")], load=load, folders=[])
    assert [lib.soname for lib in missing] == ["libxcb.so.1"]
