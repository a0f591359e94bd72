"""PySide6 widgets. They draw and route; the answers come from reader.core."""
