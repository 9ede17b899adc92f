"""The application icon, loaded from the shipped resources when present."""

from __future__ import annotations

from importlib.resources import files

from PySide6.QtGui import QIcon


def app_icon() -> QIcon:
    icon_file = files("drafter.resources").joinpath("icons", "drafter.svg")
    if not icon_file.is_file():
        return QIcon()
    return QIcon(str(icon_file))
