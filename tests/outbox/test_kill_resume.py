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

from socle_desktop.outbox import ENVOI_EN_COURS, ENVOYE, Sender, TusClient

from .conftest import no_sleep

REPO_ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("send_worker.py")

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


def test_a_killed_upload_resumes_from_the_server_offset(outbox, bundle_factory, tus_server,
                                                         cutting_proxy_factory):
    size = 3_000_000
    entry = outbox.add(bundle_factory(size=size)).entry
    slow = cutting_proxy_factory(tus_server.port, max_cuts=0, throttle=600_000)
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    child = subprocess.Popen([sys.executable, str(WORKER), str(outbox.data_dir), slow.endpoint],
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

    interrupted = outbox.get(entry.id)
    assert interrupted.state == ENVOI_EN_COURS, "the killed process left the entry mid-upload"
    assert interrupted.upload_url, "the upload URL was stored before the bytes were sent"
    held = _settled_server_bytes(tus_server)
    assert 300_000 <= held < entry.size

    slow.restore()  # the connection comes back (the stored upload URL goes through the proxy)
    slow.throttle = None
    report = Sender(outbox, slow.endpoint, client=TusClient(timeout=20), sleep=no_sleep).send_all()
    assert report.all_sent, report.text()
    outcome = report.outcomes[0]
    assert outcome.resumed_from == held
    assert outcome.bytes_sent == entry.size - held, "only the missing bytes were sent again"
    assert len(tus_server.creations()) == 1, "resumed, not restarted as a new upload"
    patches = tus_server.requests("PATCH")
    assert [int(p["upload_offset"]) for p in patches] == [0, held], "the resumed PATCH starts at the server's offset"
    uploads = tus_server.uploads()
    assert len(uploads) == 1
    (upload,) = uploads.values()
    assert upload["sha256"] == entry.sha256 and upload["offset"] == entry.size
    assert outbox.get(entry.id).state == ENVOYE
