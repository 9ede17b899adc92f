"""Every menu path that the app or its documentation names ("File › Import Files…") exists.

A hint that sends the user to a menu that is not there is worse than no hint. The
paths are read from the source (messages, hints, labels), README.md and docs/ as
written, and looked up in the menus the window actually builds.
"""

from __future__ import annotations

import re
from pathlib import Path

from drafter.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]

#: "Word › what follows": a capitalised word before the separator names a menu.
_PATH = re.compile(r"\b([A-Z][A-Za-z]*) › ([^\n]{1,60})")


def _texts() -> list[tuple[str, str]]:
    files = [*sorted((ROOT / "src" / "drafter").rglob("*.py")), ROOT / "README.md",
             *sorted((ROOT / "docs").rglob("*.md"))]
    return [(str(path.relative_to(ROOT)), " ".join(path.read_text(encoding="utf-8").split())) for path in files]


def named_menu_paths() -> list[tuple[str, str, str]]:
    """(file, menu, the text after "menu › ") for every menu path written anywhere."""
    return [(name, match[1], match[2]) for name, text in _texts() for match in _PATH.finditer(text)]


def _menus(window: MainWindow) -> dict[str, list[str]]:
    return {
        title.replace("&", ""): [a.text().replace("&", "") for a in menu.actions() if a.text()]
        for title, menu in window.menus.items()
    }


def test_menu_paths_are_found_in_the_sources() -> None:
    found = {(menu, rest.split(" (")[0]) for _, menu, rest in named_menu_paths()}
    assert ("File", "Import Files…") in found  # the reader sees the paths it is meant to check
    assert any(menu == "Edit" and rest.startswith("Undo") for menu, rest in found)


def test_every_named_menu_path_exists(window: MainWindow) -> None:
    menus = _menus(window)
    wrong = []
    for name, menu, rest in named_menu_paths():
        items = menus.get(menu)
        following = rest.casefold()
        if items is None or not any(following.startswith(item.rstrip("…").casefold()) for item in items):
            wrong.append(f"{name}: {menu} › {rest}")
    assert not wrong, "menu paths that the window does not have:\n" + "\n".join(wrong)
