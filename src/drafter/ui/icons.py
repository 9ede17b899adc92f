"""The application icon, loaded from the shipped resources when present."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

#: The package's resources folder. A plain path rather than ``importlib.resources``:
#: the icon is needed before the first paint, and that module's import costs
#: 4 ms there; the resources are plain files in every way Drafter is installed
#: (source checkout, wheel, the PyInstaller bundle).
RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def app_icon() -> QIcon:
    icon_file = RESOURCES / "icons" / "drafter.svg"
    if not icon_file.is_file():
        return QIcon()
    return QIcon(str(icon_file))
