"""Colours from the palette in effect, so every panel reads well in a light or a dark theme.

Panels never name a colour of their own: text and backgrounds come from QPalette roles
(Base/Text for lists, Link for labels, Mid for rules), and the few shades between them are
mixed from those roles here. ``--theme dark`` gives Qt's Fusion style a dark palette, for a
desktop whose theme Qt does not pick up (and for the README picture).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

THEMES = ("system", "light", "dark")


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """*a* moved *amount* (0..1) of the way towards *b*."""
    return QColor.fromRgbF(*(x + (y - x) * amount for x, y in zip(a.getRgbF()[:3], b.getRgbF()[:3], strict=True)))


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def muted(widget: QWidget) -> str:
    """Secondary text (page numbers, hints): the text colour a third of the way to the background."""
    palette = widget.palette()
    return mix(palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base), 0.35).name()


def keep_muted(owner: QWidget, label: QWidget) -> None:
    """Set *label* in the muted colour of *owner*'s palette, now and whenever the palette
    changes (a light/dark switch: a colour in a stylesheet stays the one it was set with)."""
    _Muted(owner, label)


class _Muted(QObject):
    def __init__(self, owner: QWidget, label: QWidget) -> None:
        super().__init__(owner)
        self.owner, self.label = owner, label
        owner.installEventFilter(self)
        self.restyle()

    def restyle(self) -> None:
        self.label.setStyleSheet(f"color: {muted(self.owner)};")

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.PaletteChange:
            self.restyle()
        return False


def arrow_icon(widget: QWidget, back: bool) -> QIcon:
    """A back (←) or forward (→) arrow in *widget*'s text colour, sharp at its screen's scale.

    Drawn rather than taken from QStyle.standardIcon: the style's Python enums cost 5 ms of
    start-up (and drawn, the arrow takes each palette's colour)."""
    size, scale = 24, widget.devicePixelRatioF()
    pixmap = QPixmap(round(size * scale), round(size * scale))
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(widget.palette().color(QPalette.ColorRole.ButtonText), 2.2)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    tip, tail, head = (5.0, 19.0, 11.0) if back else (19.0, 5.0, 13.0)
    painter.drawLine(QPointF(tip, 12.0), QPointF(tail, 12.0))
    painter.drawPolyline([QPointF(head, 5.5), QPointF(tip, 12.0), QPointF(head, 18.5)])
    painter.end()
    return QIcon(pixmap)


def link(widget: QWidget) -> str:
    return widget.palette().color(QPalette.ColorRole.Link).name()


def selected_background(widget: QWidget) -> str:
    """A selected card: the list background tinted with the selection colour."""
    palette = widget.palette()
    return mix(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Highlight), 0.25).name()


def warning(widget: QWidget) -> str:
    """An amber that stays readable on the window background, light or dark."""
    window = widget.palette().color(QPalette.ColorRole.Window)
    return QColor.fromHslF(0.08, 0.9, 0.75 if window.lightnessF() < 0.5 else 0.28).name()


def apply_theme(app: QApplication, name: str) -> None:
    """"system" leaves the desktop's look; "light" / "dark" use Fusion with that palette."""
    if name == "system":
        return
    if app.style().name().lower() != "fusion":   # (replacing the style object costs a repolish of all)
        app.setStyle("Fusion")
    app.setPalette(dark_palette() if name == "dark" else app.style().standardPalette())


def dark_palette() -> QPalette:
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    palette = QPalette()
    colours = {
        role.Window: "#2b2b2b", role.WindowText: "#e6e6e6", role.Base: "#1f1f1f", role.AlternateBase: "#2a2a2a",
        role.Text: "#e6e6e6", role.Button: "#353535", role.ButtonText: "#e6e6e6", role.BrightText: "#ff6b6b",
        role.Highlight: "#3d6db5", role.HighlightedText: "#ffffff", role.Link: "#8ab4f8", role.LinkVisited: "#c58af9",
        role.ToolTipBase: "#2b2b2b", role.ToolTipText: "#e6e6e6", role.PlaceholderText: "#9a9a9a",
        role.Light: "#4a4a4a", role.Midlight: "#3e3e3e", role.Mid: "#4f4f4f", role.Dark: "#191919",
        role.Shadow: "#000000",
    }
    for r, colour in colours.items():
        palette.setColor(r, QColor(colour))
    for r in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, r, QColor("#7a7a7a"))
    return palette
