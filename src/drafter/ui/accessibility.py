"""What makes the window usable from the keyboard alone and with a screen reader.

Small pieces the panels and dialogs share:

- ``pass_tab_on``: a multi-line field or a table hands Tab (and Shift+Tab) on to the
  next control instead of keeping it; in a text field Ctrl+Tab types a tab where one
  is wanted. Without it the field is a "Tab trap" for anyone not using a mouse.
- ``name``: an accessible name (and description) for a control whose visible label
  is missing or not next to it, so a screen reader says more than "table" or "edit".
- ``announce``: a status message (saved, exported, a check's result, an error) said
  by the screen reader as well as painted, through Qt's accessibility announcement.
- ``PanelCycle``: F6 / Shift+F6 move between the main panels, as desktop apps do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleInterface, QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAccessibleWidget,
    QApplication,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)


class _CtrlTabTypesATab(QObject):
    """With Tab passed on, Ctrl+Tab (and only it) types a tab character in the field."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Tab
            and event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.ControlModifier
            and isinstance(watched, QPlainTextEdit | QTextEdit)
            and not watched.isReadOnly()
        ):
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()  # claimed before any window shortcut (a tab widget's) takes it
                return False  # and delivered as a key press, below
            watched.insertPlainText("\t")
            return True
        return False


def pass_tab_on(widget: QPlainTextEdit | QTextEdit | QAbstractItemView) -> None:
    """Tab and Shift+Tab leave ``widget`` for the next or previous control (Ctrl+Tab types a tab)."""
    if isinstance(widget, QAbstractItemView):
        # A table's cells are walked with the arrow keys; Tab leaves it.
        widget.setTabKeyNavigation(False)
        return
    widget.setTabChangesFocus(True)
    keeper = _CtrlTabTypesATab(widget)
    widget.installEventFilter(keeper)


def name(widget: QWidget, accessible_name: str, description: str | None = None) -> QWidget:
    """Give ``widget`` the name a screen reader says for it (and a description where the name is not enough)."""
    widget.setAccessibleName(accessible_name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


class _Announcer(QObject):
    """Every announcement, as a signal as well (tests and the status bar hear it)."""

    said = Signal(str)


announcements = _Announcer()


def announce(widget: QWidget, text: str, *, urgent: bool = False) -> None:
    """Have the screen reader say ``text`` now, without moving the focus.

    Windows and macOS get Qt's accessibility announcement (Qt 6.8 and later; this
    PySide6 has it), which UI Automation hands to NVDA and JAWS as a notification.
    On Linux, Orca before version 46 ignores AT-SPI's announcement event, so there
    a notification (a one-pixel label, the message being painted in its own place
    already) is shown with the text instead: every Orca speaks a notification as it
    appears.
    """
    if not text:
        return
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.platformName() in ("xcb", "wayland"):
        _Notice.show_in(widget.window(), text)
    else:
        event = QAccessibleAnnouncementEvent(widget, text)
        if urgent:
            event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
        QAccessible.updateAccessibility(event)
    announcements.said.emit(text)


class _Notice(QLabel):
    """The notification label ``announce`` shows on Linux; its accessible role is Notification."""

    @classmethod
    def show_in(cls, window: QWidget, text: str) -> None:
        notice = window.findChild(_Notice)
        if notice is None:
            _install_notice_factory()
            notice = cls(window)
            notice.setObjectName("announcement")
            # Out of every layout and one pixel small: the message is painted where it belongs
            # already (the status bar, a dialog's text); this is only what the screen reader hears.
            notice.setGeometry(0, 0, 1, 1)
        notice.hide()  # shown again with the new words: that is what a screen reader hears
        notice.setText(text)
        notice.show()


class _NoticeAccessible(QAccessibleWidget):
    def __init__(self, notice: _Notice) -> None:
        super().__init__(notice, QAccessible.Role.Notification)
        self._notice = notice

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            return self._notice.text()
        return super().text(kind)


_FACTORY: list[object] = []  # installed once; kept alive here


def _install_notice_factory() -> None:
    if _FACTORY:
        return

    def factory(_class_name: str, target: QObject) -> QAccessibleInterface | None:
        if isinstance(target, _Notice):
            interface = _NoticeAccessible(target)
            _KEEP.append(interface)
            return interface
        return None

    _FACTORY.append(factory)
    QAccessible.installFactory(factory)


_KEEP: list[QAccessibleInterface] = []  # Qt holds these in its cache; Python must not collect them


def focus_into(container: QWidget, target: QWidget) -> None:
    """Put the focus on ``target``; if it is hidden or disabled (say, no response yet), on the
    first control of ``container`` that takes it."""
    if not (target.isVisible() and target.isEnabled() and target.focusPolicy() & Qt.FocusPolicy.TabFocus):
        candidates = [w for w in container.findChildren(QWidget)
                      if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        if not candidates:
            return
        target = candidates[0]
    target.setFocus(Qt.FocusReason.ShortcutFocusReason)


@dataclass(frozen=True)
class Region:
    """A part of the window F6 stops at: its widget, and where the focus goes in it now."""

    container: QWidget
    focus: Callable[[], QWidget]


class PanelCycle(QObject):
    """F6 / Shift+F6: the focus goes to the next or previous region of the window that is shown."""

    def __init__(self, regions: Sequence[Region], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.regions = list(regions)

    def step(self, direction: int) -> None:
        from PySide6.QtWidgets import QApplication

        shown = [r for r in self.regions if r.container.isVisible()]
        if not shown:
            return
        focused = QApplication.focusWidget()
        here = next((k for k, r in enumerate(shown)
                     if focused is not None and (focused is r.container or r.container.isAncestorOf(focused))), None)
        region = shown[(here + direction) % len(shown)] if here is not None else shown[0 if direction > 0 else -1]
        focus_into(region.container, region.focus())


# --- contrast (WCAG 2.2, success criteria 1.4.3 and 1.4.11) --------------------------------
# Hand-written: the formula is a few lines of the standard, and no package in the lock has it.

#: The least contrast for text (4.5:1; 3:1 would do for large text, but none is relied on here).
TEXT_CONTRAST = 4.5


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    """WCAG's relative luminance of an opaque colour."""
    return 0.2126 * _linear(colour.redF()) + 0.7152 * _linear(colour.greenF()) + 0.0722 * _linear(colour.blueF())


def blend(over: QColor, under: QColor) -> QColor:
    """``over`` painted on ``under`` (a translucent highlight on the page), as one opaque colour."""
    a = over.alphaF()
    return QColor.fromRgbF(over.redF() * a + under.redF() * (1 - a), over.greenF() * a + under.greenF() * (1 - a),
                           over.blueF() * a + under.blueF() * (1 - a))


def contrast(foreground: QColor, background: QColor) -> float:
    """WCAG contrast ratio (1 to 21) of ``foreground`` on ``background``."""
    lighter, darker = sorted((luminance(blend(foreground, background)), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable(colour: QColor, background: QColor, wanted: float = TEXT_CONTRAST) -> QColor:
    """``colour``, moved towards black or white (whichever the background calls for) until it reads on it.

    Keeps its hue as far as it can, so a grey stays grey and a red stays red.
    """
    colour = blend(colour, background)
    if contrast(colour, background) >= wanted:
        return colour
    target = QColor(0, 0, 0) if luminance(background) > 0.18 else QColor(255, 255, 255)
    for step in range(1, 21):
        t = step / 20
        mixed = QColor.fromRgbF(colour.redF() + (target.redF() - colour.redF()) * t,
                                colour.greenF() + (target.greenF() - colour.greenF()) * t,
                                colour.blueF() + (target.blueF() - colour.blueF()) * t)
        if contrast(mixed, background) >= wanted:
            return mixed
    return target


#: The palette roles Drafter paints text in, each with the background it is painted on.
TEXT_ROLES: tuple[tuple[QPalette.ColorRole, QPalette.ColorRole], ...] = (
    (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
    (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
    (QPalette.ColorRole.Text, QPalette.ColorRole.AlternateBase),
    (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
    (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Base),
    (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
    (QPalette.ColorRole.Link, QPalette.ColorRole.Base),
    (QPalette.ColorRole.Link, QPalette.ColorRole.Window),
    (QPalette.ColorRole.ToolTipText, QPalette.ColorRole.ToolTipBase),
)


def readable_palette(palette: QPalette) -> QPalette:
    """The palette with every text colour readable on its background, disabled and placeholder ones too.

    Desktop themes (Fusion's own among them) draw disabled text and placeholders at
    2:1–3:1; WCAG asks 4.5:1 of text a user must read, and a disabled button's label
    is read to know what it would do. Colours already readable are left as they are.
    """
    fixed = QPalette(palette)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled):
        # Selected rows: darken (or lighten) the selection rather than change its text's colour.
        selected_text, selection = fixed.color(group, QPalette.ColorRole.HighlightedText), fixed.color(
            group, QPalette.ColorRole.Highlight)
        if contrast(selected_text, selection) < TEXT_CONTRAST:
            fixed.setColor(group, QPalette.ColorRole.Highlight, readable(selection, selected_text))
        for text, background in TEXT_ROLES:
            colour = fixed.color(group, text)
            # Disabled text is drawn on the active background (a disabled button is not greyed itself).
            back = fixed.color(QPalette.ColorGroup.Active if group == QPalette.ColorGroup.Disabled else group,
                               background)
            better = readable(colour, back)
            if better != colour:
                fixed.setColor(group, text, better)
    return fixed


def warning_colour(palette: QPalette | None = None) -> QColor:
    """The red of warnings ("over the limit", "not answered"), readable on the palette's page."""
    from PySide6.QtWidgets import QApplication

    palette = palette or QApplication.palette()
    return _on_page_and_window(QColor(176, 0, 32), palette)


def muted_colour(palette: QPalette | None = None) -> QColor:
    """The grey of what is not there (an unknown fact, an empty paragraph), readable on the page."""
    from PySide6.QtWidgets import QApplication

    palette = palette or QApplication.palette()
    return _on_page_and_window(palette.color(QPalette.ColorRole.PlaceholderText), palette)


def _on_page_and_window(colour: QColor, palette: QPalette) -> QColor:
    """``colour`` made readable both in lists and fields (Base, AlternateBase) and on the window (labels)."""
    for role in (QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase, QPalette.ColorRole.Window):
        colour = readable(colour, palette.color(role))
    return colour


def main_action(button: QAbstractButton, text: str | None = None) -> QAbstractButton:
    """Make ``button`` its dialog's main action: the default (Enter), with a mnemonic (Alt+letter) in ``text``."""
    if text is not None:
        button.setText(text)
    if isinstance(button, QPushButton):
        button.setDefault(True)
        button.setAutoDefault(True)
    return button


def ask_multi_line_text(parent: QWidget, title: str, label: str) -> tuple[str, bool]:
    """``QInputDialog.getMultiLineText``, with its text box named after its label and passing Tab on.

    Qt's own leaves the box unnamed (its label is not the box's buddy there) and keeps the Tab key.
    """
    from PySide6.QtWidgets import QInputDialog

    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
    box = dialog.findChild(QPlainTextEdit)
    if box is not None:
        name(box, label.rstrip(":"))
        pass_tab_on(box)
    ok = bool(dialog.exec())
    return dialog.textValue(), ok


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Size ``window`` to ``width`` × ``height``, or less where the screen is smaller (at 200% scale,
    a 1080p screen is 960 × 540): its buttons must never be below the screen's edge."""
    screen = window.screen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, int(room.width() * 0.95)), min(height, int(room.height() * 0.9))
    window.resize(width, height)


def use_readable_palette(app: QApplication) -> None:
    """The desktop's palette, made readable (``readable_palette``), now and whenever the desktop
    switches between light and dark: an application palette set once would stop following it."""

    def refresh() -> None:
        app.setPalette(QPalette())  # the desktop's own again
        app.setPalette(readable_palette(app.palette()))

    refresh()
    if not app.property("drafterFollowsPalette"):  # make_application may run more than once (tests)
        app.setProperty("drafterFollowsPalette", True)
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: refresh())
