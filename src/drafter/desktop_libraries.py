"""Before the window opens on Linux: are the system libraries Qt's X11 platform needs there?

PySide6's wheels bring Qt itself but not the X11 helper libraries its ``xcb``
platform plugin links against, and a fresh Debian or Ubuntu lacks three of them
(libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1). Without them Qt aborts the
process with a message that names a plugin, not the libraries, so Drafter looks
first and, when something is missing, says which libraries and the command that
installs them, then exits non-zero instead of starting Qt.

The look is one ``dlopen`` of the plugin and of Qt's XCB library, which Qt would
load a moment later anyway; only when that fails are the libraries tried one by
one, to name every missing one rather than the first. This module imports no Qt.
"""

from __future__ import annotations

# Imported at every start of the window, before Qt: only what the check needs when it runs
# (ctypes, re, subprocess…) is imported, inside the functions that use it.
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SystemLibrary:
    soname: str
    debian: str  # the package on Debian and Ubuntu
    fedora: str  # the package on Fedora, RHEL and their kin


#: What the xcb platform of Qt 6 links against beyond the C and C++ runtimes and OpenGL
#: (read off ``libQt6XcbQpa.so.6`` with ldd; Qt's "X11 requirements" page lists the same).
XCB_LIBRARIES: tuple[SystemLibrary, ...] = (
    SystemLibrary("libxcb.so.1", "libxcb1", "libxcb"),
    SystemLibrary("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    SystemLibrary("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    SystemLibrary("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    SystemLibrary("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    SystemLibrary("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    SystemLibrary("libxcb-util.so.1", "libxcb-util1", "xcb-util"),
    SystemLibrary("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    SystemLibrary("libxcb-render.so.0", "libxcb-render0", "libxcb"),
    SystemLibrary("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    SystemLibrary("libxcb-shm.so.0", "libxcb-shm0", "libxcb"),
    SystemLibrary("libxcb-sync.so.1", "libxcb-sync1", "libxcb"),
    SystemLibrary("libxcb-xfixes.so.0", "libxcb-xfixes0", "libxcb"),
    SystemLibrary("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
    SystemLibrary("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb"),
    SystemLibrary("libX11.so.6", "libx11-6", "libX11"),
    SystemLibrary("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon"),
    SystemLibrary("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    SystemLibrary("libEGL.so.1", "libegl1", "libglvnd-egl"),
    SystemLibrary("libGL.so.1", "libgl1", "libglvnd-glx"),
    SystemLibrary("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
    SystemLibrary("libdbus-1.so.3", "libdbus-1-3", "dbus-libs"),
    SystemLibrary("libglib-2.0.so.0", "libglib2.0-0", "glib2"),
)

Loader = Callable[[str], object]
#: How the dynamic loader names the file it could not load (missing, or unreadable as a library).
_NOT_LOADED = r"([\w.+-]+\.so(?:\.\d+)*): (?:cannot open shared object file|file too short|invalid ELF header)"


def _dlopen(name: str) -> object:
    import ctypes

    return ctypes.CDLL(name)


def qt_xcb_files() -> list[Path]:
    """The xcb plugin and Qt's XCB library of the installed PySide6 (in a frozen app too), if found."""
    try:
        import importlib.util

        spec = importlib.util.find_spec("PySide6")
    except (ImportError, ValueError):
        return []
    if spec is None or not spec.submodule_search_locations:
        return []
    qt = Path(next(iter(spec.submodule_search_locations))) / "Qt"
    files = [qt / "lib" / "libQt6XcbQpa.so.6", qt / "plugins" / "platforms" / "libqxcb.so"]
    return [f for f in files if f.is_file()]


def uses_xcb(environ: dict[str, str] | os._Environ[str], platform: str = sys.platform) -> bool:
    """Whether Qt will try its X11 platform: on Linux, unless told another one or on Wayland."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").strip().lower()
    if chosen:
        return chosen.split(":")[0].split(";")[0] == "xcb"
    # Qt 6 prefers Wayland in a Wayland session; the xcb platform is then only a fallback.
    return not environ.get("WAYLAND_DISPLAY")


def _loader_message(exc: BaseException) -> str:
    """The dynamic loader's own words; a packaged app's ctypes (PyInstaller) keeps them as the cause."""
    import re

    seen: BaseException | None = exc
    while seen is not None:
        if re.search(_NOT_LOADED, str(seen)):
            return str(seen)
        seen = seen.__cause__ or seen.__context__
    return str(exc)


def bundled_folders() -> list[Path]:
    """Where a packaged Drafter keeps the libraries it carries (PyInstaller's folder, Qt's own)."""
    folders = [Path(bundle)] if (bundle := getattr(sys, "_MEIPASS", None)) else []
    folders += [file.parent for file in qt_xcb_files() if file.parent.name == "lib"]
    return folders


def missing_libraries(
    files: Iterable[Path] | None = None,
    load: Loader = _dlopen,
    libraries: Iterable[SystemLibrary] = XCB_LIBRARIES,
    folders: Iterable[Path] | None = None,
) -> list[SystemLibrary]:
    """The system libraries that keep Qt's xcb platform from loading; empty when it loads.

    Each library is tried as the app would load it (its own copy where it carries one);
    what is named is the file the loader says it could not load, so a library that fails
    only because another is missing is not named itself.
    """
    import re

    problems: list[str] = []
    for file in qt_xcb_files() if files is None else files:
        try:
            load(str(file))
        except OSError as exc:
            problems.append(_loader_message(exc))
    if not problems:  # it loads (or there is no plugin here to judge, and Qt will say so itself)
        return []
    carried = list(bundled_folders() if folders is None else folders)
    for library in libraries:
        own = next((folder / library.soname for folder in carried if (folder / library.soname).is_file()), None)
        try:
            load(str(own) if own is not None else library.soname)
        except OSError as exc:
            message = _loader_message(exc)
            problems.append(message if re.search(_NOT_LOADED, message) else f"{library.soname}: {message}")
    table = {library.soname: library for library in libraries}
    missing: list[SystemLibrary] = []
    for problem in problems:
        match = re.search(_NOT_LOADED, problem) or re.match(r"([\w.+-]+\.so(?:\.\d+)*):", problem)
        if match is None:
            continue
        soname = Path(match.group(1)).name
        if soname not in {lib.soname for lib in missing}:
            missing.append(table.get(soname, SystemLibrary(soname, "?", "?")))
    order = list(table)  # the table's order (the libraries the user knows of first), then the others
    return sorted(missing, key=lambda lib: order.index(lib.soname) if lib.soname in order else len(order))


def explain(missing: list[SystemLibrary]) -> str:
    """The message for the terminal (and a dialog): which libraries, and how to install them."""
    debian = sorted({lib.debian for lib in missing if lib.debian != "?"})
    fedora = sorted({lib.fedora for lib in missing if lib.fedora != "?"})
    lines = [
        "Drafter cannot open its window: Qt needs system libraries that this computer does not have:",
        *(f"  {lib.soname}" for lib in missing),
        "",
    ]
    if debian:
        lines += ["On Debian or Ubuntu, install them with:", f"  sudo apt-get install {' '.join(debian)}", ""]
    if fedora:
        lines += ["On Fedora, install them with:", f"  sudo dnf install {' '.join(fedora)}", ""]
    if any(lib.debian == "?" for lib in missing):
        lines += ["Your system's package manager can tell which package provides the others.", ""]
    lines.append("Then start Drafter again. The command line (drafter --help) works without them.")
    return "\n".join(lines)


def show_dialog(message: str, environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """Show the message with the desktop's own dialog tool, where one is installed and a display is set."""
    if not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY")):
        return False
    import shutil
    import subprocess

    for tool, arguments in (
        ("zenity", ["--error", "--title=Drafter", "--no-markup", f"--text={message}"]),
        ("kdialog", ["--title", "Drafter", "--error", message]),
        ("xmessage", ["-center", message]),
    ):
        path = shutil.which(tool)
        if path is None:
            continue
        try:
            subprocess.run([path, *arguments], check=False, timeout=600, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError):
            continue
        return True
    return False


def check_before_window(environ: dict[str, str] | os._Environ[str] = os.environ, load: Loader = _dlopen) -> int:
    """0 if the window can try to start; otherwise print why not, show it if possible, and return 1."""
    if not uses_xcb(environ):
        return 0
    missing = missing_libraries(load=load)
    if not missing:
        return 0
    message = explain(missing)
    print(message, file=sys.stderr)
    show_dialog(message, environ)
    return 1
