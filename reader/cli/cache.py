"""``ibid cache clear | status``: the layout cache and the prepared records.

Both only save work: whatever is removed is laid out or prepared again when next needed.
They are kept within their caps (:mod:`reader.core.cache`); ``clear`` empties them now.
"""
from __future__ import annotations

from reader.cli.common import add_basedir, paths_of, print_json
from reader.core import cache
from reader.core.paths import Paths


def register(sub) -> None:
    p = sub.add_parser("cache", help="the layout cache and prepared records: status, or clear them")
    p.add_argument("action", choices=("clear", "status"))
    p.add_argument("--json", action="store_true", help="print JSON")
    add_basedir(p)
    p.set_defaults(func=run)


def _folders(paths: Paths) -> dict:
    return {"layout": (paths.layout_cache, cache.MAX_LAYOUT_BYTES), "prepared": (paths.records, cache.MAX_RECORDS_BYTES)}


def run(args) -> int:
    folders = _folders(paths_of(args))
    if args.action == "status":
        status = {name: {"folder": str(folder), "bytes": cache.size(folder), "max_bytes": cap}
                  for name, (folder, cap) in folders.items()}
        if args.json:
            print_json(status)
        for name, entry in status.items() if not args.json else ():
            print(f"{name}: {entry['bytes'] / 2**20:.1f} MB of at most {entry['max_bytes'] / 2**20:.0f} MB "
                  f"({entry['folder']})")
        return 0
    removed = {name: cache.clear(folder) for name, (folder, _cap) in folders.items()}
    if args.json:
        print_json({name: {"files": r.files, "bytes": r.bytes} for name, r in removed.items()})
    else:
        total = sum(removed.values(), cache.Removed())
        print(f"Removed {total.files} cached files ({total.bytes / 2**20:.1f} MB); "
              "documents are laid out and prepared again when next opened.")
    return 0
