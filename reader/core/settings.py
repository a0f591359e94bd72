"""User preferences: one dataclass, stored as TOML in the config directory.

A bad or unknown value falls back to its default with a warning; the file is written to
a temporary file and moved into place, so a crash never leaves half a file.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

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
    recent_max: int = 12
    library_folders: list[str] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)

    @classmethod
    def load(cls, path: Path) -> Settings:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            logger.warning("Ignoring unreadable settings file %s: %s", path, exc)
            return cls()
        return _from_dict(cls, raw)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(_to_toml(dataclasses.asdict(self)), encoding="utf-8")
        os.replace(tmp, path)


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
        setattr(obj, f.name, float(value) if isinstance(default, float) else value)
    return obj


def _same_kind(default, value) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float)) and value >= 0
    return isinstance(value, type(default))


def _to_toml(data: dict, prefix: str = "") -> str:
    plain, tables = [], []
    for key, value in data.items():
        if isinstance(value, dict):
            tables.append(f"\n[{prefix}{key}]\n" + _to_toml(value, f"{prefix}{key}."))
        else:
            plain.append(f"{key} = {_toml_value(value)}\n")
    return "".join(plain) + "".join(tables)


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'
