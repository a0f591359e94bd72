"""The one child protocol: ``ibid SUBCOMMAND`` under the limits, events on stderr, one error type."""
from __future__ import annotations

import json

import pytest

from reader.core import child
from reader.core.errors import ReaderError
from reader.core.settings import Limits


def test_a_child_that_fails_raises_its_sentence(tmp_path):
    (tmp_path / "empty.pdf").write_bytes(b"")
    with pytest.raises(child.ChildFailed, match=r"^empty\.pdf is empty \(0 bytes\)\.$") as failed:
        child.run(["prepare", tmp_path / "empty.pdf", "--basedir", tmp_path], limits=Limits(), seconds=30,
                  what="Preparing empty.pdf")
    assert isinstance(failed.value, ReaderError)


def test_events_come_while_the_child_works_and_the_result_on_stdout(tmp_path, data_file):
    events = []
    done = child.run(["prepare", data_file("un_A_RES_78_5.pdf"), "--json-progress", "--basedir", tmp_path],
                     limits=Limits(), seconds=60, what="Preparing", on_event=events.append)
    result = json.loads(done.stdout)
    assert result["prepared"] and result["page_count"] == events[-1]["of"] == events[-1]["page"]
    assert [child.progress_of(e) for e in events] == [(e["page"], e["of"]) for e in events]
    again = json.loads(child.run(["prepare", data_file("un_A_RES_78_5.pdf"), "--basedir", tmp_path],
                                 limits=Limits(), seconds=60, what="Preparing").stdout)
    assert not again["prepared"] and again["record"] == result["record"]   # read, not made again


def test_only_json_objects_are_events():
    assert child.read_line(child.event_line({"page": 3, "of": 9})) == {"page": 3, "of": 9}
    assert child.read_line("ibid: x.pdf: x.pdf is damaged.") is None
    assert child.read_line("{not json") is None and child.read_line("[1, 2]") is None
