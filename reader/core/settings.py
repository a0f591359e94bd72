"""User preferences: one dataclass, stored as TOML in the config directory.

A bad value falls back to its default with a warning; unknown keys are kept in the file.
Several windows and ``ibid`` commands share the file, so :meth:`Settings.save` writes only
the keys changed since :meth:`Settings.load`, merged into what the file holds at that moment
(see :mod:`reader.core.shared`). A damaged file is renamed aside, never overwritten, and
``Settings.notice`` says so for the user.

The library folders are not a setting: the index owns them (``index/folders.py``);
:func:`legacy_library_folders` reads the list older versions kept here, to migrate it once.
"""
from __future__ import annotations

import dataclasses
import glob
import logging
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from reader.core import shared
from reader.core.errors import FolderListUnreadable, NotSaved
from reader.core.paths import escape_bytes, unescape_bytes

logger = logging.getLogger(__name__)


@dataclass
class Limits:
    """Bounds on work done for one file (see the hostile-files issue)."""
    open_seconds: float = 30.0       # open + lay out + count pages
    analysis_seconds: float = 120.0  # footnotes / indexing of one document
    memory_mb: int = 2048            # address-space limit of a child process
    max_pages: int = 100_000         # a reflowable file laid out past this is refused
    max_file_mb: int = 512           # larger files are refused before opening
    max_render_pixels: int = 40_000_000  # one rendered page, device pixels
    max_text_mb: float = 2.0         # Markdown/HTML/text past this is laid out truncated (~20 s/MB when dense)
    max_archive_mb: int = 2048       # EPUB/CBZ/XPS: all members, uncompressed
    max_archive_text_mb: int = 128   # EPUB/XPS: XHTML/HTML/CSS/XML members, uncompressed
    max_archive_entries: int = 20_000  # members in one EPUB/CBZ/XPS

    def with_overrides(self, spec: str) -> Limits:
        """A copy with ``"open_seconds=2,memory_mb=512"`` applied (the IBID_LIMITS variable).

        Unknown names and bad values are logged and ignored, like bad settings.
        """
        values = dataclasses.asdict(self)
        for item in filter(None, (part.strip() for part in spec.split(","))):
            name, _, text = item.partition("=")
            name = name.strip()
            try:
                number = float(text)
            except ValueError:
                number = -1.0
            if name not in values or number <= 0:
                logger.warning("Ignoring limit override %r", item)
                continue
            values[name] = number if isinstance(values[name], float) else int(number)
        return Limits(**values)


@dataclass
class Settings:
    zoom: float = 1.0
    fit: str = "width"                   # "width", "page" or "none"
    show_all_notes: bool = False
    night: bool = False                  # pages drawn light-on-dark (View > Night Mode)
    #: EPUB, Markdown, HTML and text: body text size in points and margins (View > Text Size,
    #: View > Margins; ``textlayout.TEXT_SIZES`` and ``MARGINS``, anything else reads as the default).
    text_size: float = 11.0
    margins: str = "normal"
    recent_max: int = 12
    limits: Limits = field(default_factory=Limits)

    #: Not settings (no dataclass fields): what the file held when loaded, and the sentence
    #: to show the user when it was damaged or unreadable ("" when all was well).
    _loaded = None   # (no annotation: not a dataclass field)
    notice = ""

    @classmethod
    def load(cls, path: Path) -> Settings:
        """The settings in *path*; defaults (and a ``notice``) when it is missing or damaged."""
        try:
            with shared.locked(path):
                raw, notice = shared.read(path, tomllib.loads, "settings")
        except OSError as exc:
            logger.info("Could not read the settings file %s: %s", path, exc)   # said by the caller
            raw, notice = None, f"The settings file {path} could not be read ({exc.strerror}); the defaults are used."
        obj = _from_dict(cls, raw) if isinstance(raw, dict) else cls()
        obj._loaded = _flatten(dataclasses.asdict(obj))
        obj.notice = notice
        return obj

    def changes(self) -> dict[str, object]:
        """The keys changed since :meth:`load` (dotted: ``limits.memory_mb``) and their values;
        for settings not loaded from a file, the keys that differ from the defaults."""
        base = self._loaded if self._loaded is not None else _flatten(dataclasses.asdict(Settings()))
        return {k: v for k, v in _flatten(dataclasses.asdict(self)).items() if base.get(k, _MISSING) != v}

    def save(self, path: Path) -> None:
        """Write the changed keys into *path* as it is now; other keys, and other windows'
        changes to them, stay. NotSaved when the file cannot be read or written (it is left
        as it was)."""
        changes = self.changes()
        if not changes:
            return
        try:
            with shared.locked(path):
                raw, notice = shared.read(path, tomllib.loads, "settings")
                if notice:
                    self.notice = notice
                raw = raw if isinstance(raw, dict) else {}
                for key, value in changes.items():
                    _set_dotted(raw, key.split("."), value)
                shared.write_atomic(path, _to_toml(raw))
        except OSError as exc:
            logger.warning("Could not save the settings %s: %s", path, exc)
            raise NotSaved("the settings", path.parent, exc.strerror or str(exc)) from exc
        self._loaded = _flatten(dataclasses.asdict(self))


_MISSING = object()


def legacy_library_folders(path: Path) -> list[str]:
    """The ``library_folders`` list that earlier versions kept in the settings file *path*.

    A damaged settings file has been renamed aside (``settings.toml.damaged-*``) before this
    runs, and the file written since holds no list: then the newest damaged copy with the key
    gives it, from the lines that can still be read (a bad byte in a comment or another key
    costs nothing). FolderListUnreadable when a file names the list but it cannot be read:
    migrating an empty list would make the next update drop every indexed document.
    """
    for candidate in [path, *sorted(path.parent.glob(f"{glob.escape(path.name)}.damaged-*"), reverse=True)]:
        try:
            data = candidate.read_bytes()
        except OSError:
            continue
        folders = _readable_folders(data)
        if folders is not None:
            return [unescape_bytes(f) for f in folders]
        if LEGACY_KEY.encode() in data:
            raise FolderListUnreadable(
                f"The library folders of the previous version, in {candidate}, cannot be read; the index is "
                f"left as it is. Correct the {LEGACY_KEY} line in that file and name it {path.name} again, "
                "or delete it and add the folders again.")
    return []


#: The key of the folder list in the settings of versions before library.json.
LEGACY_KEY = "library_folders"


def _readable_folders(data: bytes) -> list[str] | None:
    """The folder list in settings *data*, read from its lines that are UTF-8; None if none is
    found. When the rest is not valid TOML, the ``library_folders`` lines are read alone."""
    block = re.search(rb"^[ \t]*" + LEGACY_KEY.encode() + rb"[ \t]*=[ \t]*\[[^\]]*\]", data, re.MULTILINE)
    if block and not _is_utf8(block.group()):
        return None   # the bad byte is in the list: reading the rest would drop a folder unseen
    lines = []
    for line in data.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            continue   # a bad byte: the line is lost, the others are read
    try:
        return _folder_value(tomllib.loads("\n".join(lines)))
    except ValueError:
        pass
    starts = [i for i, line in enumerate(lines) if re.match(rf"\s*{LEGACY_KEY}\s*=", line)]
    for start in starts:
        for end in range(start + 1, len(lines) + 1):   # an array may span lines
            try:
                return _folder_value(tomllib.loads("\n".join(lines[start:end])))
            except ValueError:
                continue
    return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _folder_value(raw: dict) -> list[str] | None:
    folders = raw.get(LEGACY_KEY)
    return [f for f in folders if isinstance(f, str)] if isinstance(folders, list) else None


def _flatten(data: dict, prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _set_dotted(raw: dict, keys: list[str], value) -> None:
    for key in keys[:-1]:
        if not isinstance(raw.get(key), dict):
            raw[key] = {}
        raw = raw[key]
    raw[keys[-1]] = value


def _from_dict(cls, raw: dict):
    obj = cls()
    for f in fields(cls):
        if f.name not in raw:
            continue
        default = getattr(obj, f.name)
        value = raw[f.name]
        if dataclasses.is_dataclass(default):
            value = _from_dict(type(default), value) if isinstance(value, dict) else default
        elif not _same_kind(default, value):
            logger.warning("Setting %s=%r is not valid; using %r", f.name, value, default)
            continue
        if isinstance(value, str):
            value = unescape_bytes(value)
        elif isinstance(value, list):
            value = [unescape_bytes(v) if isinstance(v, str) else v for v in value]
        setattr(obj, f.name, float(value) if isinstance(default, float) else value)
    return obj


def _same_kind(default, value) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float)) and value >= 0
    return isinstance(value, type(default))


def _to_toml(data: dict) -> str:
    """*data* as TOML (tomli-w), with the bytes of non-UTF-8 paths escaped in every string
    (:func:`reader.core.paths.escape_bytes`; :func:`_from_dict` reverses it)."""
    import tomli_w  # (only to save: not in the start-up of a window or a command)
    return tomli_w.dumps(_escaped(data))


def _escaped(value):
    if isinstance(value, str):
        return escape_bytes(value)
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    return value
