"""Start the GUI: the application object, the main window, screenshot mode, crash handler."""
from __future__ import annotations

import gc
import logging
import os
import sys
import traceback
from collections import Counter
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, QtMsgType, Signal, Slot, qInstallMessageHandler
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from reader import APP_ID, APP_NAME, __version__
from reader.core import render
from reader.core.paths import Paths
from reader.gui import dialogs, theme
from reader.gui.mainwindow import MainWindow, app_icon, sample_files

logger = logging.getLogger(__name__)
SCREENSHOT_TIMEOUT_MS = 30_000
SCREENSHOT_SIZE = (1200, 860)
#: The library is read once page 1 is drawn, or this long after the window shows, whichever comes first.
FIRST_PAGE_WAIT_MS = 1500
#: From then until the index is brought up to date (a child process: the page reaches the screen first).
INDEX_DELAY_MS = 500
#: Share of the pixels the 256 most common colours must cover for a palette PNG (a window: 0.97-0.99;
#: a page of photographs far less). The rest, mostly the edges of letters, take the nearest of them.
PALETTE_COVERAGE = 0.95


def run_gui(args) -> int:
    if QApplication.instance() is None and os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        qInstallMessageHandler(_quiet_offscreen)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    theme.apply_theme(app, getattr(args, "theme", "system"))
    dialogs.log_only = bool(args.no_err_windows or args.screenshot)
    if args.screenshot:   # the screenshot prints its own single "ibid: FILE: reason" line
        logging.getLogger(dialogs.__name__).setLevel(logging.CRITICAL)
    _install_excepthook()
    paths = Paths.under(args.basedir) if args.basedir else Paths.default()
    window = MainWindow(paths)
    if args.screenshot:   # the same picture every time, whatever size the window was left at
        window.resize(*SCREENSHOT_SIZE)
    if args.notes:
        window.notes_dock.setVisible(args.notes == "show")
    if getattr(args, "annotations", None):
        window.annotations_dock.setVisible(args.annotations == "show")
        if args.annotations == "show":
            window.annotations_dock.raise_()
    if getattr(args, "pages", None):
        window.pages_dock.setVisible(args.pages == "show")
        if args.pages == "show":
            window.show_pages_tab()
    if getattr(args, "night", False):   # for this run only: the saved setting is left as it is
        window.night_action.setChecked(True)
        window.page_view.set_night(True)
    # Without a file named, the tabs of the last run come back (else the document open then).
    restored = not args.file and not args.screenshot and window.restore_tabs()
    target = None if restored else start_target(window, args)
    page = args.page - 1 if args.page else None
    if args.screenshot:
        shooter = Screenshot(window, args.screenshot, target)
        shooter.wait_for_layer = getattr(args, "annotations", None) == "show"
        window.open_failed.connect(shooter.fail)
    window.show()
    StartUp(window, library=not args.screenshot)   # a screenshot reads the library only when it shows it
    if target is not None:
        QTimer.singleShot(0, lambda: window.open_document(Path(target), page))
    code = app.exec()
    QThreadPool.globalInstance().waitForDone(10_000)   # no query may outlive the interpreter
    if args.screenshot:
        return shooter.exit_code
    return code


def start_target(window: MainWindow, args) -> Path | None:
    """The file to open: the one named, else the one open at the last quit (at its saved
    position), else the first sample (the very first start, or when that file is gone)."""
    return args.file or window.reopen_target() or next(iter(sample_files()), None)


class StartUp(QObject):
    """The rest of the start-up, once page 1 is on screen: garbage collection back on (off
    while the modules load: 3 % of the instructions to page 1), then, with *library*, the
    Library tab read and the index brought up to date.

    Reading the library loads Whoosh (0.2-0.3 s) and `ibid index update` is a child process:
    both would compete with drawing the first page. Without a page to wait for (no document,
    a failed open, a long layout) the rest starts after FIRST_PAGE_WAIT_MS at the latest.
    """

    #: Page 1 is drawn, or the wait for it is over.
    first_page_shown = Signal()

    def __init__(self, window: MainWindow, *, library: bool) -> None:
        super().__init__(window)
        self.window, self.library, self._started = window, library, False
        window.page_view.rendering_finished.connect(self._start)
        window.open_failed.connect(self._start)
        QTimer.singleShot(FIRST_PAGE_WAIT_MS, self._start)

    @Slot()
    def _start(self) -> None:
        if self._started:
            return
        self._started = True
        self.window.page_view.rendering_finished.disconnect(self._start)
        self.window.open_failed.disconnect(self._start)
        gc.freeze()   # what start-up made lives on: a first collection over it took 40-75 ms
        gc.enable()
        if self.library:
            self.window.refresh_library_list()   # read on the thread pool
            QTimer.singleShot(INDEX_DELAY_MS, self.window.library.start_up)
        self.first_page_shown.emit()


class Screenshot(QObject):
    """Save the whole window as PNG once the visible pages are drawn, then quit."""

    def __init__(self, window: MainWindow, out: Path, subject: Path | None) -> None:
        super().__init__(window)
        self.window, self.out, self.exit_code = window, out, 1
        self.subject = subject or out
        window.page_view.rendering_finished.connect(self._on_rendered)
        QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, self._on_timeout)
        self._done = self._library_read = False
        self.wait_for_layer = False   # --annotations show: the panel is what the picture is for

    def _ready(self) -> bool:
        # The footnote analysis (and the layer, read with it) is waited for only when a panel shows them.
        busy = (self.window.notes_dock.isVisible() or self.wait_for_layer) and self.window.busy()
        thumbnails = not self.window.thumbnails.visibleRegion().isEmpty() and self.window.thumbnails.model().is_busy()
        return (self.window.document is not None and self.window.page_view.all_visible_rendered() and not busy
                and not thumbnails and self._library_ready())

    def _library_ready(self) -> bool:
        """The Library tab is read (without indexing anything) only when the picture shows it."""
        if self.window.library_dock.widget().visibleRegion().isEmpty():
            return True
        if not self._library_read:
            self._library_read = True
            if not self.window.library_tab_made():   # (showing the tab makes and reads it)
                self.window.refresh_library_list()
                self.window.library.refresh_folders()
        return not self.window.document_list.loading()

    @Slot()
    def _on_rendered(self) -> None:
        QTimer.singleShot(0, self._try_save)

    @Slot()
    def _try_save(self) -> None:
        if self._done:
            return
        if not self._ready():
            QTimer.singleShot(50, self._try_save)
            return
        self._done = True
        reason = ""
        try:   # whatever goes wrong, the program ends (nothing else would quit it)
            self.out.parent.mkdir(parents=True, exist_ok=True)
            ok = save_png(self.window.grab().toImage(), self.out)
        except OSError as exc:   # e.g. a folder that cannot be made
            ok, reason = False, f" ({exc.strerror or exc})"
        finally:
            self.window.close()
            QApplication.quit()
        if not ok:
            print(f"ibid: {self.out}: could not write the screenshot{reason}", file=sys.stderr)
        self.exit_code = 0 if ok else 1

    @Slot(str)
    def fail(self, message: str) -> None:
        if self._done:
            return
        self._done = True
        print(f"ibid: {self.subject}: {message}", file=sys.stderr)
        self.exit_code = 1
        QTimer.singleShot(0, QApplication.quit)

    @Slot()
    def _on_timeout(self) -> None:
        if not self._done:
            self._done = True
            print(f"ibid: {self.out}: the window was not drawn within {SCREENSHOT_TIMEOUT_MS // 1000} s", file=sys.stderr)
            QApplication.quit()


def _quiet_offscreen(kind: QtMsgType, context, message: str) -> None:
    """The offscreen platform (screenshots) says what it cannot do with a window; nothing else is dropped."""
    if message.startswith("This plugin does not support"):
        return
    print(message, file=sys.stderr)


def save_png(image: QImage, out: Path) -> bool:
    """Save *image* as PNG; with 256 colours when those cover nearly every pixel (a window is
    mostly flat colours: the README pictures shrink about threefold and look the same)."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    common = sorted(colour_counts(image).items(), key=lambda item: item[1], reverse=True)[:256]   # no heapq
    if sum(n for _c, n in common) >= PALETTE_COVERAGE * image.width() * image.height():
        table = [colour | 0xFF000000 for colour, _n in common]
        image = image.convertToFormat(QImage.Format.Format_Indexed8, table, Qt.ImageConversionFlag.ThresholdDither)
    # zlib's default level: level 9 (quality 0) made the file 5 % smaller but took 60-110 ms more.
    return image.save(str(out), "PNG")


def colour_counts(image: QImage) -> Counter:
    """How many pixels of each colour an RGB32 *image* has (keys: the pixels, 0xAARRGGBB).

    MuPDF counts them (``Pixmap.color_count``, C++): 10 ms for a 1200 x 860 window where
    counting rows, pieces and 64-bit words with Python's Counter took 20 ms.
    """
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    data = image.constBits().tobytes()
    if stride != 4 * width:   # not for RGB32 (rows end on whole pixels); padding would shift them
        data = b"".join(data[y * stride:y * stride + 4 * width] for y in range(height))
    return render.colour_counts(data, width, height)


def _install_excepthook() -> None:
    def hook(exc_type, exc, tb) -> None:
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        logger.critical("Unexpected error:\n%s", text)
        if not dialogs.log_only and QApplication.instance() is not None:
            from PySide6.QtWidgets import QMessageBox  # (see dialogs: not loaded before it is needed)
            box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME,
                              "Ibid hit an unexpected error. Your documents are unchanged.")
            box.setDetailedText(text)
            box.exec()
    sys.excepthook = hook
