"""Errors the user can act on. ``str(exc)`` is a sentence shown as-is."""
from __future__ import annotations

import errno

#: errno values meaning there is no room to write: a full disk, a quota, a file size limit.
NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


class ReaderError(Exception):
    """Base for errors the user can act on; str(exc) is shown as-is."""


class DocumentOpenError(ReaderError):
    """The file cannot be opened (missing, empty, damaged, wrong type)."""


class PasswordRequired(DocumentOpenError):
    """The file is encrypted and needs a password (or the one given was wrong)."""

    def __init__(self, message: str, *, wrong_password: bool = False) -> None:
        super().__init__(message)
        self.wrong_password = wrong_password


class LimitExceeded(ReaderError):
    """Work on a file went past a time, memory or size limit."""


class PageError(ReaderError):
    """One page cannot be rendered or read; the rest of the document stays usable."""

    def __init__(self, message: str, *, page: int) -> None:
        super().__init__(message)
        self.page = page   # 0-based


class LayoutNotCached(ReaderError):
    """``Document.open(..., cached_only=True)``: the layout cache has no usable entry."""


class LayerError(ReaderError):
    """The reader's own layer (annotations, corrections) cannot be read or changed."""


class FolderListUnreadable(ReaderError):
    """The list of library folders cannot be read; nothing was changed (the index is kept)."""


class NotSaved(ReaderError):
    """Something the user made (a position, the recent files, the settings) could not be
    written, e.g. on a full disk; what is on screen is unchanged and reading goes on."""

    def __init__(self, what: str, folder, reason: str) -> None:
        super().__init__(f"Ibid could not save {what} in {folder} ({reason}).")
        self.what, self.folder, self.reason = what, folder, reason


def no_room(exc: BaseException) -> str:
    """The sentence for an OSError that means no room to write (else ""), in place of an
    "unexpected error": the disk is full, not Ibid broken."""
    if not isinstance(exc, OSError) or exc.errno not in NO_ROOM:
        return ""
    where = f" {exc.filename}" if exc.filename else " a file"
    return f"There is no room to write{where} ({exc.strerror}): free some disk space, then try again."
