"""File > Properties: the rows shown for a document (reader.core.properties)."""
from __future__ import annotations

import shutil

from reader.core import record
from reader.core.document import Document, content_hash
from reader.core.properties import document_properties, human_size
from reader.core.record.make import prepare


def test_properties_of_a_pdf_before_and_after_its_record_is_made(tmp_path, data_file):
    path = tmp_path / "un_A_RES_78_5.pdf"
    shutil.copyfile(data_file("un_A_RES_78_5.pdf"), path)
    rows = dict(document_properties(path, tmp_path / "records", indexed=None))
    assert (rows["File"], rows["Format"], rows["Pages"]) == (str(path), "PDF", "15")
    assert rows["Producer"] == "Microsoft® Word for Microsoft 365"
    assert rows["Notes found"] == "not analysed yet" and rows["In the library index"] == "—"
    doc = Document.open(path)
    record.save(tmp_path / "records", content_hash(path), prepare(doc)[0])
    doc.close()
    rows = dict(document_properties(path, tmp_path / "records", indexed=False))
    assert rows["Symbol"] == "A/RES/78/5" and int(rows["Notes found"]) >= 7 and int(rows["Citations"]) >= 10
    assert rows["In the library index"] == "no"


def test_a_file_that_is_gone_gives_one_sentence(tmp_path):
    rows = document_properties(tmp_path / "gone.pdf", None, indexed=None)
    assert rows[1][0] == "Problem" and rows[1][1].endswith(".")


def test_sizes_are_said_as_people_read_them():
    assert [human_size(n) for n in (1, 812, 2048, 333_000, 15 * 2**20)] == [
        "1 byte", "812 bytes", "2.0 KB", "325 KB", "15 MB"]
