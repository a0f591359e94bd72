"""File > Properties… and the Library's "Properties…": what Ibid knows of one document.

The rows come from :func:`reader.core.properties.document_properties`; this only shows them,
each value selectable so a path or a symbol can be copied.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget


class PropertiesDialog(QDialog):
    """One form of (what, value) rows; not modal, so the page stays usable beside it."""

    def __init__(self, parent: QWidget, name: str, rows: list[tuple[str, str]]) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Properties of {name}")
        self._rows = list(rows)
        form = QFormLayout()
        for what, value in rows:
            label = QLabel(value, self, wordWrap=True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setAccessibleName(what)
            form.addRow(f"{what}:", label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def rows(self) -> dict[str, str]:
        """What the dialog shows, by row name."""
        return dict(self._rows)
