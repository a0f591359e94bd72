"""Every modal dialog goes through here, so tests patch one module.

The dialog classes are imported when a dialog is first shown: PySide6 builds a class's
Python type (and its enums) on first use, and none of them is needed for page 1."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QWidget

from reader import APP_NAME, __version__
from reader.core.paths import resource

logger = logging.getLogger(__name__)

#: Set by --no-err-windows: errors are logged instead of shown (tests, smoke runs).
log_only = False


#: Where a long link may be cut when it has no space to cut at: after one of its separators.
_LINK_BREAKS = "/?&#=-_."


def clip(text: str, limit: int) -> str:
    """*text* cut to at most *limit* characters for a message, at a space (in a link with no
    space, after a separator), never in the middle of a word, with "…" where it was cut."""
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    cut = head.rstrip().rfind(" ")
    if cut < limit // 2:   # one long word or link: after its last separator, if not too early
        cut = max(head.rfind(c) + 1 for c in _LINK_BREAKS)
    if cut < limit // 2:
        cut = limit - 1
    return head[:cut].rstrip() + "\u2026"


def show_error(parent: QWidget | None, text: str) -> None:
    logger.error("%s", text)
    if not log_only:
        from PySide6.QtWidgets import QMessageBox
        QMessageBox.warning(parent, APP_NAME, text)


def ask_password(parent: QWidget | None, name: str, wrong: bool) -> str | None:
    """Ask for a document's password; None when the user cancels."""
    if log_only:
        return None
    prompt = (f"Wrong password for {name}. Try again:" if wrong
              else f"{name} is protected by a password. Password:")
    from PySide6.QtWidgets import QInputDialog, QLineEdit
    text, ok = QInputDialog.getText(parent, "Password required", prompt, QLineEdit.EchoMode.Password)
    return text if ok else None


def ask_text(parent: QWidget | None, title: str, prompt: str, text: str = "") -> str | None:
    """Ask for one line of text (a note's label); None when the user cancels or gives none."""
    if log_only:
        return None
    from PySide6.QtWidgets import QInputDialog
    answer, ok = QInputDialog.getText(parent, title, prompt, text=text)
    return answer.strip() or None if ok else None


def ask_save_path(parent: QWidget | None, title: str, suggested: Path, filters: str) -> Path | None:
    """Ask where to save; None when the user cancels."""
    if log_only:
        return None
    from PySide6.QtWidgets import QFileDialog
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
    return Path(name) if name else None


def ask_folder(parent: QWidget | None, title: str) -> Path | None:
    """Ask for a folder; None when the user cancels. Ibid's own picker: Qt's file dialog
    leaves out the folders whose names are not UTF-8 (reader.gui.folderdialog)."""
    if log_only:
        return None
    from reader.gui.folderdialog import FolderDialog
    dialog = FolderDialog(parent, title, Path.home())
    return dialog.chosen() if dialog.exec() else None


def ask_print(parent: QWidget | None, printer, page_count: int) -> bool:
    """Qt's print dialog for *printer* (printer, pages: all, the current one, a range of
    1..*page_count*); False when the user cancels. The choice is left on *printer*."""
    if log_only:
        return False
    from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog
    dialog = QPrintDialog(printer, parent)
    option = QAbstractPrintDialog.PrintDialogOption
    dialog.setOptions(option.PrintPageRange | option.PrintCurrentPage | option.PrintToFile | option.PrintShowPageSize)
    dialog.setMinMax(1, max(1, page_count))
    return dialog.exec() == QPrintDialog.DialogCode.Accepted


def show_about(parent: QWidget | None) -> None:
    licences = resource("licenses", "THIRD-PARTY.md")
    extra = licences.read_text(encoding="utf-8") if licences.is_file() else ""
    from PySide6.QtWidgets import QMessageBox
    box = QMessageBox(parent)
    box.setWindowTitle(f"About {APP_NAME}")
    box.setText(f"<h3>{APP_NAME} {__version__}</h3>"
                "<p>An offline reader for documents that live in footnotes.</p>"
                "<p>Licensed under the GNU Affero General Public License, version 3 or later.</p>")
    box.setInformativeText("Third-party components: PyMuPDF/MuPDF (AGPL-3.0), Qt for Python (LGPL-3.0), "
                           "Whoosh (BSD), markdown-it-py and mdit-py-plugins (MIT), platformdirs (MIT).")
    if extra:
        box.setDetailedText(extra)
    box.exec()
