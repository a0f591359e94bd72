"""The reading session the window shows: open document, position, Back/Forward, zoom mode."""
from __future__ import annotations

import shutil

import pytest

from reader.core.document import Document
from reader.core.navigation import Location
from reader.core.session import ReadingSession, Start, Step
from reader.core.settings import Settings
from reader.core.state import ReadingState


@pytest.fixture
def session(tmp_path):
    return ReadingSession(ReadingState(tmp_path / "reading.json"), Settings())


@pytest.fixture
def docs(data_file):
    return lambda name: Document.open(data_file(name))


def test_a_new_document_starts_at_the_page_asked_for_in_the_zoom_mode_last_chosen(session, docs):
    assert session.show(docs("un_A_RES_78_5.pdf")) == Start(None, 0, "width", 1.0)   # the defaults
    session.set_zoom(1.5, "none")
    assert session.show(docs("un_A_80_L.23.pdf"), page=2) == Start(None, 2, None, 1.5)
    assert (session.settings.fit, session.settings.zoom) == ("none", 1.5)   # kept as a preference
    session.set_zoom(0.8, "page")
    assert session.show(docs("un_A_RES_80_242.pdf")) == Start(None, 0, "page", 0.8)


def test_a_document_left_and_shown_again_starts_where_it_was_left(session, docs, tmp_path, data_file):
    first = docs("un_A_RES_78_5.pdf")
    session.show(first)
    other = docs("un_A_80_L.23.pdf")
    session.show(other, leaving=Location(3, 120.5, 1.25, fit=None))
    assert first.pdf.is_closed and session.document is other     # the one left is closed
    moved = tmp_path / "renamed.pdf"                               # positions follow the content
    shutil.copyfile(data_file("un_A_RES_78_5.pdf"), moved)
    assert session.show(Document.open(moved), leaving=Location(0, 0.0, 1.0)) == Start(Location(3, 120.5, 1.25))
    assert session.show(docs("un_A_80_L.23.pdf"), page=1).where is None   # a page asked for wins
    again = ReadingSession(ReadingState(tmp_path / "reading.json"), Settings())   # the next run
    assert again.show(Document.open(moved)).where == Location(3, 120.5, 1.25)


def test_back_and_forward_within_a_document(session, docs):
    session.show(docs("un_A_RES_78_5.pdf"))
    assert not session.can_go_back() and session.back(Location(0)) is None
    session.record_jump(Location(0, 10.0, 1.0))      # a note followed from page 1 to page 4
    assert session.can_go_back() and not session.can_go_forward()
    path = str(session.document.path)
    assert session.back(Location(3, 50.0, 1.0)) == Step(Location(0, 10.0, 1.0, path=path))
    assert session.can_go_forward()
    assert session.forward(Location(0, 10.0, 1.0)) == Step(Location(3, 50.0, 1.0, path=path))


def test_back_into_another_document_opens_it_and_arrives_at_the_place_left(session, docs):
    first = docs("un_A_RES_78_5.pdf")
    session.show(first)
    session.record_jump(Location(1, 200.0, 1.0))      # a citation opens another document
    session.show(docs("un_A_80_L.23.pdf"), page=0, leaving=Location(1, 200.0, 1.0))
    step = session.back(Location(0, 0.0, 1.0))
    assert step == Step(Location(1, 200.0, 1.0, path=str(first.path)), first.path)
    assert session.show(Document.open(first.path), leaving=Location(0, 0.0, 1.0)).where == step.where
    forward = session.forward(Location(1, 200.0, 1.0))
    assert forward.open_path is not None and forward.open_path.name == "un_A_80_L.23.pdf"
    assert session.show(docs("un_A_RES_80_242.pdf")).where is None   # another file: not that place
