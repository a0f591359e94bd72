"""``ibid annotations FILE [--json | --markdown] [--save-copy OUT.pdf]``: the reader's layer.

Lists the layer of FILE (highlights, underlines, comments, bookmarks, note corrections:
:mod:`reader.core.layer`) and the PDF annotations the file itself carries, by page: kind,
page, colour, quoted text, comment, created. ``--json`` prints them as a JSON object
(``file``, ``layer`` (where it is stored), ``annotations``: one object per row, ``warnings``);
``--markdown`` prints the quotations as ``> quote (A/RES/78/5, p. 3)`` lines, each followed
by its comment. ``--save-copy OUT.pdf`` writes a copy of the document with the layer's
highlights and comments as standard PDF annotations (never the file itself).

One change to the layer per call (for scripts and tests; the window has its own):
``--add-highlight PAGE TEXT`` (``--underline``, ``--colour``, ``--comment``),
``--add-comment PAGE TEXT``, ``--add-bookmark PAGE NAME``, ``--not-a-note LABEL PAGE``,
``--make-note LABEL PAGE TEXT`` (TEXT as printed on PAGE), ``--delete ID``. PAGE is 1-based.
The new item's JSON is printed on stdout.
"""
from __future__ import annotations

import sys
from pathlib import Path

from reader.cli.common import add_basedir, fail, open_document, paths_of, print_json
from reader.core import layer
from reader.core.errors import ReaderError
from reader.core.layer import export
from reader.core.layer.follow import carry_over
from reader.core.layer.model import item_to_json
from reader.core.layer.pdf import file_annotations, find_passage, save_copy


def register(sub) -> None:
    p = sub.add_parser("annotations", help="list, export or add to your highlights, comments, bookmarks and "
                                           "note corrections of a document")
    p.add_argument("file", type=Path)
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the annotations as JSON")
    out.add_argument("--markdown", action="store_true", help="print the quotations as Markdown with their citation")
    out.add_argument("--save-copy", type=Path, metavar="OUT.pdf",
                     help="write a copy of the document with your highlights and comments as PDF annotations")
    change = p.add_mutually_exclusive_group()
    change.add_argument("--add-highlight", nargs=2, metavar=("PAGE", "TEXT"), help="highlight TEXT, printed on PAGE")
    change.add_argument("--add-comment", nargs=2, metavar=("PAGE", "TEXT"), help="a comment on PAGE")
    change.add_argument("--add-bookmark", nargs=2, metavar=("PAGE", "NAME"), help="a bookmark called NAME on PAGE")
    change.add_argument("--not-a-note", nargs=2, metavar=("LABEL", "PAGE"),
                        help="the note LABEL whose text starts on PAGE is no note")
    change.add_argument("--make-note", nargs=3, metavar=("LABEL", "PAGE", "TEXT"),
                        help="TEXT, printed on PAGE, is note LABEL")
    change.add_argument("--delete", metavar="ID", help="delete the item ID (and the comments on it)")
    p.add_argument("--underline", action="store_true", help="with --add-highlight: underline instead")
    p.add_argument("--colour", default=layer.DEFAULT_COLOUR, metavar="#RRGGBB", help="with --add-highlight")
    p.add_argument("--comment", default="", metavar="TEXT", help="with --add-highlight: a comment on it")
    p.add_argument("--password", help="password of an encrypted PDF")
    add_basedir(p)
    p.set_defaults(func=run)


def run(args) -> int:
    paths = paths_of(args)
    try:
        doc = open_document(args.file, args.password)
    except ReaderError as exc:
        return fail(args.file, exc)
    try:
        store = layer.LayerStore(paths.layers, _digest(args.file), args.file)
        _say(args, carry_over(store, doc.pdf))
        status = _change(args, doc, store, paths) if _changing(args) else _show(args, doc, store)
    except (ReaderError, ValueError) as exc:
        return fail(args.file, exc)
    except OSError as exc:
        return fail(args.file, f"its annotations could not be read or written ({exc.strerror or exc}).")
    finally:
        doc.close()
    _say(args, store.notice)
    return status


def _say(args, warning: str) -> None:
    if warning:
        print(f"ibid: {args.file}: warning: {' '.join(warning.split())}", file=sys.stderr)


def _digest(path: Path) -> str:
    from reader.core.document import content_hash
    return content_hash(path)


def _changing(args) -> bool:
    return any((args.add_highlight, args.add_comment, args.add_bookmark, args.not_a_note, args.make_note,
                args.delete))


def _show(args, doc, store: layer.LayerStore) -> int:
    items = store.items()
    if args.save_copy:
        written = save_copy(doc.pdf, items, args.save_copy, original=args.file)
        print(f"{args.save_copy}: {written} annotations written")
        return 0
    table = export.rows(items, file_annotations(doc.pdf))
    if args.json:
        print_json({"file": str(args.file), "layer": str(store.path), "annotations": table,
                    "warnings": [store.notice] if store.notice else []})
    elif args.markdown:
        from reader.core.cite import describe, page_label
        sys.stdout.write(export.markdown(table, describe(doc), lambda index: page_label(doc, index)))
    else:
        for row in table:
            text = " ".join((row["text"] or row["comment"]).split())
            print(f"{row['page']:>5} {row['origin']:5} {row['kind']:24} {row['colour'] or '-':8} "
                  f"{text[:70] + ('…' if len(text) > 70 else '')}")
    return 0


def _change(args, doc, store: layer.LayerStore, paths) -> int:
    if args.delete:
        removed = store.remove(args.delete)
        if removed is None:
            return fail(args.file, f"it has no annotation {args.delete}.")
        print_json(item_to_json(removed))
        return 0
    item = _new_item(args, doc, store, paths)
    print_json(item_to_json(store.add(item)))
    return 0


def _new_item(args, doc, store: layer.LayerStore, paths) -> layer.Item:
    if args.add_highlight:
        index, rects, text = _passage(doc, *args.add_highlight)
        item = layer.Highlight(index, tuple(rects), text, colour=args.colour,
                               style="underline" if args.underline else "highlight")
        if args.comment:
            store.add(item)
            return layer.Comment(index, args.comment, on=item.id)
        return item
    if args.add_comment:
        return layer.Comment(_page(doc, args.add_comment[0]), args.add_comment[1])
    if args.add_bookmark:
        return layer.Bookmark(_page(doc, args.add_bookmark[0]), args.add_bookmark[1])
    if args.make_note:
        label, page, wanted = args.make_note
        index, rects, text = _passage(doc, page, wanted)
        x0, y0 = min(r[0] for r in rects), min(r[1] for r in rects)
        x1, y1 = max(r[2] for r in rects), max(r[3] for r in rects)
        return layer.Correction("make-a-note", label=label, block=layer.Place(index, (x0, y0, x1, y1)), text=text)
    label, page = args.not_a_note
    return layer.Correction("not-a-note", note=_note_key(args, paths, label, _page(doc, page)))


def _note_key(args, paths, label: str, index: int) -> layer.NoteKey:
    """The key of note *label* on page *index* as the reader sees the notes now (corrected)."""
    from reader.cli.prepare import obtain
    prepared, _stored, _made, _digest = obtain(args.file, paths)
    same = [n for n in prepared.footnotes if n["label"] == label and n["note_page"] == index + 1]
    if len(same) != 1:
        raise ValueError(f"it has {'no' if not same else 'more than one'} note {label} on page {index + 1}.")
    return layer.key_of(same[0])


def _page(doc, text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= doc.page_count:
        raise ValueError(f"it has no page {text} (pages 1 to {doc.page_count}).")
    return number - 1


def _passage(doc, page: str, wanted: str) -> tuple[int, list, str]:
    index = _page(doc, page)
    rects, text = find_passage(doc.pdf[index], wanted)
    if not rects:
        raise ValueError(f"\u201c{' '.join(wanted.split())[:60]}\u201d is not printed on page {index + 1}.")
    return index, rects, text
