"""A date typed as people write it, shown back as read before it is stored.

The field is a plain line edit ("4 Dec 2025", "04/12/2025", "December 2025", "2025");
``feedback`` is a label to put under it that says how the text was read ("Read as
4 December 2025") or why it can't be. The reading is the core's (``drafter.core.dates.
read_date``), with the user's locale as Qt has it from the system settings, so 04/12 is
4 December in the UK and 12 April in the US.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from drafter.core.dates import DATE_EXAMPLES, DateReadError, read_date
from drafter.core.errors import DrafterError

_ERROR_STYLE = "color: #b00020"
_READ_STYLE = ""  # the text colour: it is to be read, not overlooked


def system_locale() -> str:
    """The user's locale as Qt reads it from the system (``en_GB``), for reading dates."""
    return QLocale.system().name()


class DateField(QLineEdit):
    def __init__(self, text: str = "", parent: QWidget | None = None, *, full: bool = False,
                 what: str = "The date") -> None:
        super().__init__(text, parent)
        #: A whole day is needed (a deadline, the day a page was read), not a month or year.
        self.full = full
        self.what = what
        #: The locale dates are read in; tests give one.
        self.locale_name = system_locale()
        self.setPlaceholderText("e.g. 4 December 2025" if full else f"e.g. {DATE_EXAMPLES}")
        self.feedback = QLabel("", parent)
        self.feedback.setWordWrap(True)
        self.feedback.setObjectName("dateFeedback")
        self.textChanged.connect(self.show_reading)
        self.show_reading()

    def show_reading(self) -> None:
        """Say under the field how its text reads, as the user types."""
        if not self.text().strip():
            self.feedback.setText("")
            self.feedback.setVisible(False)
            return
        try:
            read = read_date(self.text(), locale=self.locale_name, full=self.full)
        except DateReadError as exc:
            self.feedback.setText(str(exc))
            self.feedback.setStyleSheet(_ERROR_STYLE)
        else:
            self.feedback.setText(f"Read as {read.display()}")
            self.feedback.setStyleSheet(_READ_STYLE)
        self.feedback.setVisible(True)

    def iso(self) -> str:
        """The date read, as stored (``2025-12-04``, ``2025-12``, ``2025``); empty if none was typed.

        Text that is not a date is a ``DrafterError`` naming the field.
        """
        if not self.text().strip():
            return ""
        try:
            return read_date(self.text(), locale=self.locale_name, full=self.full).iso()
        except DateReadError as exc:
            raise DrafterError(f"{self.what}: {exc}") from None
