"""The About box: version, where the data lives, and the licences Drafter ships under."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from drafter import __version__
from drafter.core.notices import NON_PYTHON_COMPONENTS, installed_components, notices_file


def about_html(data_dir: Path) -> str:
    rows = "".join(
        f"<tr><td>{escape(c.name)}</td><td>{escape(c.version)}</td><td>{escape(c.licence)}</td></tr>"
        for c in installed_components()
    ) + "".join(
        f"<tr><td>{escape(name)}</td><td></td><td>{escape(licence)}</td></tr>"
        for name, licence in NON_PYTHON_COMPONENTS
    )
    notices = notices_file()
    # A file: link, opened by the system's text viewer: the full list never needs the network.
    more = (
        f"<p>Every bundled component and its licence: "
        f"<a href='{escape(notices.as_uri())}'>THIRD-PARTY-NOTICES</a></p>"
        if notices is not None
        else ""
    )
    return (
        f"<h3>Drafter {escape(__version__)}</h3>"
        "<p>Draft cited responses to public consultations, offline.</p>"
        f"<p>Your data is kept in:<br><code>{escape(str(data_dir))}</code></p>"
        f"<p>Built with Qt {escape(qVersion())} and PySide6 {escape(pyside_version)}, "
        "used under the GNU Lesser General Public License v3: you may replace the Qt "
        "and PySide6 libraries that Drafter uses with your own builds.</p>"
        "<table cellspacing='6'><tr><th align='left'>Component</th><th align='left'>Version</th>"
        f"<th align='left'>Licence</th></tr>{rows}</table>{more}"
    )


def show_about(parent: QWidget, data_dir: Path) -> None:
    QMessageBox.about(parent, "About Drafter", about_html(data_dir))
