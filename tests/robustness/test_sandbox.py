"""The sandbox, the in-process limits and the bounded renderer, without Qt."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import time

import pymupdf
import pytest
from make_broken import base_pdf, deep_q, huge_image, huge_page

from reader import app
from reader.cli import common
from reader.core import child, sandbox
from reader.core.document import Document, page_text_dict, saslprep
from reader.core.errors import DocumentOpenError, LimitExceeded, PageError, PasswordRequired
from reader.core.render import fit_scale, render_page
from reader.core.settings import Limits


def _sleep(seconds: float) -> str:
    time.sleep(seconds)
    return "done"


def _raise(error: Exception):
    raise error


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 2**20))


def test_cli_prefix_for_a_checkout_and_a_bundle(monkeypatch):
    assert child.cli_prefix() == [sys.executable, "-m", "reader"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert child.cli_prefix() == [sys.executable]


def test_forked_call_returns_the_result():
    assert sandbox.call_forked(_sleep, 0, limits=Limits(), seconds=10, what="Sleeping") == "done"


def test_forked_call_is_stopped_at_the_time_limit():
    start = time.monotonic()
    with pytest.raises(LimitExceeded, match=r"^Opening big\.md took longer than 0\.3 seconds; Ibid stopped\.$"):
        sandbox.call_forked(_sleep, 30, limits=Limits(), seconds=0.3, what="Opening big.md")
    assert time.monotonic() - start < 3


def test_forked_call_keeps_the_error_class_and_sentence():
    with pytest.raises(PasswordRequired, match="Wrong password") as caught:
        sandbox.call_forked(_raise, PasswordRequired("Wrong password for x.pdf.", wrong_password=True),
                            limits=Limits(), seconds=10, what="Opening x.pdf")
    assert caught.value.wrong_password
    with pytest.raises(DocumentOpenError, match="Unexpected error: KeyError"):
        sandbox.call_forked(_raise, KeyError("boom"), limits=Limits(), seconds=10, what="Opening x.pdf")


def test_forked_call_has_a_memory_limit():
    with pytest.raises(LimitExceeded, match="More than 512 MB of memory"):
        sandbox.call_forked(_allocate, 1024, limits=Limits(memory_mb=512), seconds=20, what="Allocating")


def test_run_cli_kills_a_child_past_its_time(monkeypatch, tmp_path):
    monkeypatch.setattr(child, "STARTUP_SECONDS", 0.0)
    slow = tmp_path / "slow.md"
    slow.write_text("word word[^1] " * 20_000 + "\n\n[^1]: note\n", encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(LimitExceeded, match="took longer than 0.5 seconds"):
        child.run(["layout", slow, "--cache", tmp_path], limits=Limits(max_text_mb=5.0),
                  seconds=0.5, what="Opening slow.md")
    assert time.monotonic() - start < 3


def test_open_in_child_reports_like_document_open(tmp_path):
    pdf = tmp_path / "ok.pdf"
    pdf.write_bytes(base_pdf(2))
    opened = child.open_in_child(pdf, limits=Limits(), cache_dir=tmp_path / "cache")
    assert (opened.format, opened.page_count, opened.warnings) == ("pdf", 2, ())
    checked = child.open_in_child(pdf, limits=Limits(), cache_dir=tmp_path / "cache", check=True)
    assert checked.page_problems == ()
    secret = tmp_path / "secret.pdf"
    pymupdf.open("pdf", base_pdf(1)).save(secret, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="s", owner_pw="o")
    with pytest.raises(PasswordRequired):
        child.open_in_child(secret, limits=Limits(), cache_dir=tmp_path / "cache")
    (tmp_path / "empty.pdf").write_bytes(b"")
    with pytest.raises(DocumentOpenError, match=r"^empty\.pdf is empty \(0 bytes\)\.$"):
        child.open_in_child(tmp_path / "empty.pdf", limits=Limits(), cache_dir=tmp_path / "cache")


def test_run_cli_measures_the_child(tmp_path):
    pdf = tmp_path / "ok.pdf"
    pdf.write_bytes(base_pdf(1))
    done = child.run(["layout", pdf, "--cache", tmp_path], limits=Limits(), seconds=30, what="Opening")
    assert done.returncode == 0 and done.max_rss_mb > 10 and done.seconds > 0


def test_limit_overrides_from_the_environment(caplog):
    limits = Limits().with_overrides("open_seconds=2, memory_mb=512,max_text_mb=0.5")
    assert (limits.open_seconds, limits.memory_mb, limits.max_text_mb) == (2.0, 512, 0.5)
    with caplog.at_level(logging.WARNING):
        same = Limits().with_overrides("pages=3,memory_mb=-1,open_seconds=x")
    assert same == Limits() and caplog.text.count("Ignoring limit override") == 3


def test_time_limit_interrupts_python_work():
    with (pytest.raises(LimitExceeded, match="^Reading x took longer than 0.2 seconds; Ibid stopped.$"),
          common.time_limit(0.2, "Reading x")):
        while True:
            time.sleep(0.01)
    with common.time_limit(5, "Nothing"):
        pass


def test_time_limit_is_not_lost_in_a_broad_except():
    """A page loop with ``except Exception`` swallows the first alarm; the block still fails."""
    seen = []
    with (pytest.raises(LimitExceeded, match="^Indexing x took longer"),
          common.time_limit(0.2, "Indexing x")):
        for _ in range(40):
            try:
                time.sleep(0.01)
            except Exception as exc:
                seen.append(exc)
    assert len(seen) == 1


def test_time_limit_exits_when_the_error_is_swallowed_for_good():
    code = ("import time; from reader.cli.common import time_limit\n"
            "with time_limit(0.2, 'Reading x', exit_after='x.pdf'):\n"
            "    while True:\n"
            "        try: time.sleep(0.05)\n"
            "        except Exception: pass\n")
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert done.returncode == 1 and time.monotonic() - start < 0.2 + common.GRACE_SECONDS + 3
    assert done.stderr == "ibid: x.pdf: Reading x took longer than 0.2 seconds; Ibid stopped.\n"


def test_unexpected_errors_end_in_one_line_a_bug_log_and_their_own_exit_status(monkeypatch, capsys, caplog,
                                                                                tmp_path):
    from reader.cli import layout
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))   # (where the bug log goes: not the user's)
    monkeypatch.setattr(layout, "run", lambda args: _raise(RuntimeError("code=2: something broke")))
    assert app.main(["layout", str(tmp_path / "x.pdf"), "--cache", str(tmp_path)]) == app.EXIT_BUG != 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "x.pdf: Ibid hit a bug (RuntimeError: code=2: something broke)" in err
    assert "Traceback" not in err
    [log] = (tmp_path / "state").rglob("bug-*.log")
    assert str(log) in err and "Traceback" in log.read_text(encoding="utf-8")
    assert 'raise RuntimeError("code=2' not in err and "_raise" in log.read_text(encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        assert app.main(["layout", str(tmp_path / "x.pdf"), "--cache", str(tmp_path), "--debug"]) == app.EXIT_BUG
    assert "Traceback" in caplog.text


def test_passwords_are_also_tried_saslprepped(tmp_path):
    assert saslprep("my\u00a0secret\u00ad") == "my secret"
    assert saslprep("\ufb01le") == "file"
    pdf = tmp_path / "aes.pdf"
    pymupdf.open("pdf", base_pdf(1)).save(pdf, encryption=pymupdf.PDF_ENCRYPT_AES_256,
                                          user_pw="my secret", owner_pw="owner")
    assert Document.open(pdf, "my\u00a0secret").page_count == 1
    with pytest.raises(PasswordRequired) as caught:
        Document.open(pdf, "wrong")
    assert caught.value.wrong_password and str(caught.value) == "Wrong password for aes.pdf."
    with pytest.raises(PasswordRequired) as caught:
        Document.open(pdf)
    assert not caught.value.wrong_password


def test_huge_page_renders_under_the_pixel_limit(tmp_path):
    huge_page(tmp_path / "huge.pdf")
    pdf = pymupdf.open(tmp_path / "huge.pdf")
    shot = render_page(pdf, 0, zoom=1.0, dpr=2.0, max_pixels=4_000_000)
    assert shot.capped and shot.width * shot.height <= 4_000_000
    assert len(shot.samples) == shot.stride * shot.height and shot.stride >= 3 * shot.width
    small = render_page(pdf, 0, zoom=0.01, max_pixels=4_000_000)
    assert not small.capped and small.scale == 0.01


def test_fit_scale_never_passes_the_limit():
    for width, height in ((14400, 14400), (612_000, 792_000), (1, 50_000), (612, 792)):
        scale, _ = fit_scale(width, height, 8.0, 1_000_000)
        assert -(-width * scale // 1) * -(-height * scale // 1) <= 1_000_000
    with pytest.raises(ValueError):
        fit_scale(10, 10, 0, 100)


def test_pages_that_fail_raise_page_error_with_the_reason(tmp_path):
    deep_q(tmp_path / "q.pdf")
    with pytest.raises(PageError, match="^Page 1 cannot be shown: too many nested graphics states.$") as caught:
        render_page(pymupdf.open(tmp_path / "q.pdf"), 0)
    assert caught.value.page == 0
    with pytest.raises(PageError, match="^Page 6 cannot be shown"):
        render_page(pymupdf.open("pdf", base_pdf(1)), 5)


def test_a_huge_image_is_never_decoded_at_full_size(tmp_path):
    huge_image(tmp_path / "img.pdf")
    pdf = pymupdf.open(tmp_path / "img.pdf")
    shot = render_page(pdf, 0, zoom=1.0)
    assert shot.incomplete and shot.width == 612
    text = page_text_dict(pdf[0])
    assert all(block["type"] == 0 for block in text["blocks"])   # no image block was decoded
    assert "hostile" in "".join(s["text"] for b in text["blocks"] for ln in b["lines"] for s in ln["spans"])


def test_memory_limit_only_in_a_cli_process(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["/usr/bin/pytest"])
    assert not app._is_cli_process()
    monkeypatch.setattr(sys, "argv", ["/x/lib/python3.11/site-packages/pytest/__main__.py"])
    assert not app._is_cli_process()
    monkeypatch.setattr(sys, "argv", ["/x/reader/__main__.py", "footnotes"])
    assert app._is_cli_process()
    monkeypatch.setattr(sys, "argv", ["/usr/local/bin/ibid"])
    assert app._is_cli_process()


def test_out_of_memory_in_a_cli_is_one_line(tmp_path):
    code = ("import sys; sys.argv[0] = 'ibid'; from reader.app import main; import reader.cli.layout as l\n"
            "l.run = lambda args: bytearray(4 * 2**30)\n"
            f"sys.exit(main(['layout', {str(tmp_path / 'x.pdf')!r}, '--cache', {str(tmp_path)!r}]))\n")
    env = dict(os.environ, IBID_LIMITS="memory_mb=1024")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1
    assert done.stderr.endswith("x.pdf: ran out of memory; Ibid stopped.\n") and done.stderr.count("\n") == 1


def test_a_reported_limit_is_not_reported_twice(monkeypatch, capsys, tmp_path):
    from reader.cli import layout

    def slow(args):
        with pytest.raises(LimitExceeded) as caught:
            while True:
                time.sleep(0.01)
        return common.fail(args.file, caught.value)

    monkeypatch.setattr(layout, "run", slow)
    monkeypatch.setenv("IBID_LIMITS", "open_seconds=0.1,analysis_seconds=0.1")
    assert app.main(["layout", str(tmp_path / "x.pdf"), "--cache", str(tmp_path)]) == 1
    assert capsys.readouterr().err == "ibid: " + str(tmp_path / "x.pdf") + ": Reading x.pdf took longer than 0.2 seconds; Ibid stopped.\n"


def test_a_swallowed_limit_still_fails_the_command(monkeypatch, capsys, tmp_path):
    from reader.cli import layout

    def swallowing(args):
        for _ in range(30):
            try:
                time.sleep(0.01)
            except LimitExceeded:
                pass
        return 0

    monkeypatch.setattr(layout, "run", swallowing)
    monkeypatch.setenv("IBID_LIMITS", "open_seconds=0.1,analysis_seconds=0.1")
    assert app.main(["layout", str(tmp_path / "x.pdf"), "--cache", str(tmp_path)]) == 1
    assert capsys.readouterr().err.endswith("Reading x.pdf took longer than 0.2 seconds; Ibid stopped.\n")
