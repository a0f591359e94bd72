"""PySide6 widgets. They draw and route; the answers come from reader.core.

Once PySide6 is loaded it reads the source of every module imported after it (shiboken's
``__feature__`` check: 0.1-0.7 ms a module, 7 ms for pymupdf, 25 ms over the 117 modules the
window used to load after it). So the Qt-free modules the window needs are loaded here, before
any PySide6 import: only the widget modules themselves are checked.
"""
import reader.core.catalogue
import reader.core.cite
import reader.core.document
import reader.core.navigation
import reader.core.pages
import reader.core.render
import reader.core.session
import reader.core.state  # noqa: F401
