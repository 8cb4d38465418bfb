"""A process killed in the middle of an upload resumes on the next send, from the server's offset.

The first send runs in a child process through a slow proxy and is killed (SIGKILL: no
cleanup, no `finally`) once the server holds part of the bundle. The next send, in this
process, must reuse the stored upload URL, ask the server where it stands (HEAD) and send
only the rest: one creation on the server, the resumed PATCH starting at the server's offset.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from socle_desktop.cli import main
from socle_desktop.outbox import ENVOI_EN_COURS, ENVOYE, Outbox, Sender, TusClient

from .conftest import fake_verify, no_sleep

REPO_ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def _wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    pytest.fail(f"timeout: {what}")


def _settled_server_bytes(server, timeout: float = 10) -> int:
    """The bytes the server holds once they stop changing (it has seen the cut)."""
    last, deadline = -1, time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = _server_bytes(server)
        if current == last:
            return current
        last = current
        time.sleep(0.3)
    pytest.fail("the server's file kept growing after the cut")


def _server_bytes(server) -> int:
    return sum(path.stat().st_size for path in server.store_dir.iterdir() if path.suffix != ".json")


@pytest.fixture
def queued_bundle(data_dir, bundle_factory):
    """A 3 MB stand-in queued in a real library (then closed: the child process opens it)."""
    from socle_desktop.store import Library

    with Library.open(data_dir) as library:
        box = Outbox.from_library(library, verify=fake_verify)
        entry = box.add(bundle_factory(size=3_000_000)).entry
        box.close()
    return entry


def _entry_now(data_dir, entry_id):
    from socle_desktop.store import Library

    with Library.open(data_dir, read_only=True) as library:
        box = Outbox.from_library(library)
        try:
            return box.get(entry_id)
        finally:
            box.close()


def test_a_killed_send_command_resumes_from_the_server_offset(data_dir, queued_bundle, tus_server,
                                                               cutting_proxy_factory, capsys):
    entry = queued_bundle
    slow = cutting_proxy_factory(tus_server.port, max_cuts=0, throttle=600_000)
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "socle_desktop", "--data-dir", str(data_dir), "outbox", "send",
         "--endpoint", slow.endpoint],
        env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_until(lambda: _server_bytes(tus_server) > 300_000 or child.poll() is not None,
                    timeout=30, what="the child started uploading")
        assert child.poll() is None, child.stderr.read().decode()
        slow.sever()  # the network and the PC go off together: buffered bytes are lost
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=10)

    interrupted = _entry_now(data_dir, entry.id)
    assert interrupted.state == ENVOI_EN_COURS, "the killed process left the entry mid-upload"
    assert interrupted.upload_url, "the upload URL was stored before the bytes were sent"
    held = _settled_server_bytes(tus_server)
    assert 300_000 <= held < entry.size

    slow.restore()  # the connection comes back (the stored upload URL goes through the proxy)
    slow.throttle = None
    code = main(["--data-dir", str(data_dir), "outbox", "send", "--endpoint", slow.endpoint])
    out = capsys.readouterr().out
    assert code == 0, out
    assert len(tus_server.creations()) == 1, "resumed, not restarted as a new upload"
    patches = [int(p["upload_offset"]) for p in tus_server.requests("PATCH")]
    assert patches[:2] == [0, held], "the first PATCH after the restart starts at the server's offset"
    assert patches == sorted(patches), "never back to an earlier offset"
    uploads = tus_server.uploads()
    assert len(uploads) == 1, "no orphan upload"
    (upload,) = uploads.values()
    assert upload["sha256"] == entry.sha256 and upload["offset"] == entry.size
    sent = _entry_now(data_dir, entry.id)
    assert sent.state == ENVOYE and sent.upload_url == interrupted.upload_url


def test_the_sender_reports_the_resume_point_and_resends_only_the_rest(outbox, bundle_factory, tus_server):
    """The same resume, measured from the sender: bytes re-sent = size - server offset."""
    entry = outbox.add(bundle_factory(size=1_000_000)).entry
    url = TusClient().create(tus_server.endpoint, entry.size, {"filename": entry.filename})
    outbox.record_upload_url(entry.id, tus_server.endpoint, url)
    with open(outbox.bundle_path(entry), "rb") as source:  # a previous run sent part of it
        TusClient(chunk_size=400_000).patch(url, source, 0, entry.size)
    report = Sender(outbox, tus_server.endpoint, client=TusClient(timeout=20), sleep=no_sleep).send_all()
    (outcome,) = report.outcomes
    assert outcome.state == ENVOYE
    assert outcome.resumed_from == 400_000
    assert outcome.bytes_sent == entry.size - 400_000
    assert len(tus_server.creations()) == 1
