"""The reception point as collectivités' clients meet it: tuspy and our own outbox, cut
connections, TLS with a pinned certificate, a size limit, and nothing received twice."""

from __future__ import annotations

import os
import random
import ssl
import struct
import zipfile
from types import SimpleNamespace

import httpx
import pytest
from reception_point_support import receipts, sha256_of

from socle_desktop.catalogue import send_report_text
from socle_desktop.catalogue.errors import error_text
from socle_desktop.outbox import Outbox, RetryPolicy, Sender, TusClient, TusError
from socle_desktop.outbox.pinning import pinned_context
from socle_desktop.outbox.receipt import fetch_receipt
from socle_desktop.store import Database


def _outbox(tmp_path, *, check_at_add=True):
    """A queue; without `check_at_add` it takes any zip (a modified client, or a bundle damaged
    after it was queued: the reception point must judge what it receives by itself)."""
    folder = tmp_path / "donnees"
    folder.mkdir(exist_ok=True)
    verify = None if check_at_add else (lambda path: SimpleNamespace(
        ok=True, draft=False, dossier_id="", checks=[], sha256=sha256_of(path), unchecked=""))
    return Outbox(Database.connect(folder / "bibliotheque.db"), folder, verify=verify)


def _sender(outbox, endpoint, client=None, **options):
    return Sender(outbox, endpoint, client=client or TusClient(chunk_size=32 * 1024),
                  policy=RetryPolicy(max_tries=30, base_delay=0.01, max_delay=0.05),
                  rng=random.Random(3), **options)


def test_tuspy_uploads_through_cut_connections_and_the_bundle_is_filed_once(
        reception_point, cutting_proxy_factory, real_bundles):
    tusclient = pytest.importorskip("tusclient.client")
    point = reception_point()
    proxy = cutting_proxy_factory(point.port, seed=5, cut_range=(2_000, 12_000), max_cuts=6)
    bundle = real_bundles["good"]
    client = tusclient.TusClient(proxy.endpoint)
    uploader = client.uploader(str(bundle), chunk_size=16 * 1024, retries=30, retry_delay=0.05,
                               metadata={"filename": bundle.name, "filetype": "application/zip"})
    uploader.upload()
    assert proxy.cuts >= 3, proxy.connections  # the connection really was cut, several times
    receipt = point.wait_receipt(sha256_of(bundle))
    assert receipt["statut"] == "recu" and receipt["sha256"] == sha256_of(bundle)
    [filed] = point.filed("recus")
    assert filed.read_bytes() == bundle.read_bytes()
    assert point.filed("mis-de-cote") == []


def test_our_outbox_resumes_through_cuts_and_lost_responses_and_gets_the_receipt(
        reception_point, cutting_proxy_factory, real_bundles, tmp_path):
    point = reception_point()
    proxy = cutting_proxy_factory(point.port, seed=11, cut_range=(5_000, 50_000), max_cuts=8,
                                  drop_patch_responses=0.3)
    outbox = _outbox(tmp_path, check_at_add=False)
    try:
        added = [outbox.add(real_bundles[name]).entry for name in ("good", "draft", "tampered")]
        report = _sender(outbox, proxy.endpoint).send_all()
        assert report.all_sent, send_report_text(report)
        assert proxy.cuts >= 3
        with TusClient() as client:
            for entry in added:
                point.wait_receipt(entry.sha256)
                receipt = fetch_receipt(client, proxy.endpoint, entry.sha256)
                assert receipt is not None and receipt.sha256 == entry.sha256
                assert receipt.accepted == (entry.sha256 == sha256_of(real_bundles["good"]))
    finally:
        outbox.close()
    # Exactly one receipt per bundle, each filed once, the failed ones with their report.
    assert len(receipts(point.folder)) == 3
    assert [p.read_bytes() for p in point.filed("recus")] == [real_bundles["good"].read_bytes()]
    aside = point.filed("mis-de-cote")
    assert len(aside) == 2
    reports = sorted(p.with_suffix(".rapport.txt").read_text(encoding="utf-8") for p in aside)
    assert any("BROUILLON" in text for text in reports)
    assert any("REJETÉ" in text for text in reports)
    # Each one is in the State's register, where it was filed, with its status.
    from socle_desktop.reception.register import Register, register_path

    with Register(register_path(point.data_dir)) as register:
        entries = {entry.sha256: entry for entry in register.entries()}
    assert {entries[sha256_of(real_bundles[name])].status for name in ("good", "draft", "tampered")} \
        == {"valide", "brouillon", "rejete"}
    assert entries[sha256_of(real_bundles["good"])].path == str(point.filed("recus")[0])


def test_the_same_bytes_uploaded_twice_are_filed_once(reception_point, real_bundles):
    """A client that lost the 201 of its creation uploads again: one bundle, one receipt."""
    point = reception_point()
    bundle = real_bundles["good"]
    data = bundle.read_bytes()
    with TusClient(chunk_size=64 * 1024) as client:
        for _ in range(2):
            url = client.create(point.endpoint, len(data), {"filename": bundle.name, "filetype": "application/zip"})
            offset = 0
            with bundle.open("rb") as source:
                while offset < len(data):
                    offset = client.patch(url, source, offset, len(data))
        first = point.wait_receipt(sha256_of(bundle))
    assert point.wait_receipt(sha256_of(bundle)) == first
    assert len(point.filed("recus")) == 1 and len(receipts(point.folder)) == 1
    assert list((point.folder / ".a-verifier").glob("*.zip")) == []


def test_a_copy_damaged_on_the_way_gets_a_receipt_asking_for_a_new_copy(reception_point, real_bundles, tmp_path):
    """Bytes broken in a member (bad CRC) are « non jugé »: the point says so in the receipt and
    files it, instead of leaving it pending as if this computer had failed to read it."""
    data = bytearray(real_bundles["good"].read_bytes())
    with zipfile.ZipFile(real_bundles["good"]) as archive:
        [member] = [info for info in archive.infolist() if info.filename.endswith("/data/dossier.json")]
    name_length, extra_length = struct.unpack_from("<HH", data, member.header_offset + 26)
    data[member.header_offset + 30 + name_length + extra_length + member.compress_size // 2] ^= 0x55
    damaged = tmp_path / "abime.zip"
    damaged.write_bytes(bytes(data))
    point = reception_point()
    with TusClient(chunk_size=64 * 1024) as client:
        url = client.create(point.endpoint, len(data), {"filename": damaged.name, "filetype": "application/zip"})
        offset = 0
        with damaged.open("rb") as source:
            while offset < len(data):
                offset = client.patch(url, source, offset, len(data))
    receipt = point.wait_receipt(sha256_of(damaged), timeout=30)
    assert receipt["statut"] == "mis_de_cote"
    assert "pas été jugé" in receipt["verification"] and "nouvelle copie" in receipt["verification"]
    assert list((point.folder / ".a-verifier").glob("*.zip")) == []
    from socle_desktop.reception.register import UNCHECKED, Register, register_path

    with Register(register_path(point.data_dir)) as register:
        assert [entry.status for entry in register.entries()] == [UNCHECKED]


def test_a_bundle_over_the_size_limit_is_refused_before_any_byte(reception_point, tmp_path):
    point = reception_point(max_mb=1)
    big = tmp_path / "gros.zip"
    big.write_bytes(os.urandom(1024 * 1024 + 10))
    data = big.read_bytes()
    with TusClient() as client, pytest.raises(TusError) as refused:
        client.create(point.endpoint, len(data), {"filename": big.name, "filetype": "application/zip"})
    assert "taille" in error_text(refused.value)
    assert refused.value.status == 413 and not refused.value.retryable
    assert [p for p in (point.folder / ".televersements").iterdir() if not p.name.startswith(".")] == []


def test_tls_with_the_pinned_certificate_and_a_wrong_pin_sends_nothing(
        reception_point, server_tls, real_bundles):
    cert, key, fingerprint = server_tls
    point = reception_point(tls=(cert, key))
    assert point.endpoint.startswith("https://127.0.0.1:")
    bundle = real_bundles["good"]
    data = bundle.read_bytes()
    with TusClient(tls=pinned_context("0" * 64)) as client, pytest.raises(TusError) as refused:
        client.create(point.endpoint, len(data), {"filename": bundle.name, "filetype": "application/zip"})
    assert "certificat" in error_text(refused.value)
    assert [p for p in (point.folder / ".televersements").iterdir() if not p.name.startswith(".")] == []
    with TusClient(tls=pinned_context(fingerprint)) as client:
        url = client.create(point.endpoint, len(data), {"filename": bundle.name, "filetype": "application/zip"})
        with bundle.open("rb") as source:
            offset = 0
            while offset < len(data):
                offset = client.patch(url, source, offset, len(data))
    assert point.wait_receipt(sha256_of(bundle), verify=ssl.create_default_context(cafile=str(cert)))["statut"] \
        == "recu"
    # Without the pin the system's trust store refuses a self-signed server.
    with TusClient() as client, pytest.raises(TusError) as refused:
        client.create(point.endpoint, 10, {"filename": "x", "filetype": "application/zip"})
    assert "certificat" in error_text(refused.value)


def test_concatenation_and_deferred_length_are_refused(reception_point):
    point = reception_point()
    headers = {"Tus-Resumable": "1.0.0", "Upload-Metadata": "filename eA==,filetype eA=="}
    assert httpx.post(point.endpoint, headers={**headers, "Upload-Concat": "partial", "Upload-Length": "5"}
                      ).status_code == 400
    assert httpx.post(point.endpoint, headers={**headers, "Upload-Defer-Length": "1"}).status_code == 400
    assert httpx.post(point.endpoint, headers={"Tus-Resumable": "1.0.0", "Upload-Length": "5"}).status_code == 400
    assert httpx.get(point.receipt_url("ab" * 32)).status_code == 404
    assert httpx.get(point.receipt_url("../../etc/passwd")).status_code == 404


def test_a_bundle_left_pending_by_a_crash_is_verified_at_the_next_start(reception_point, real_bundles):
    from reception_point_support import ReceptionPoint

    point = reception_point()
    point.stop()
    sha = sha256_of(real_bundles["good"])
    (point.folder / ".a-verifier" / f"{sha}.zip").write_bytes(real_bundles["good"].read_bytes())
    restarted = ReceptionPoint(point.folder)
    try:
        assert restarted.wait_receipt(sha)["statut"] == "recu"
        assert [p.read_bytes() for p in restarted.filed("recus")] == [real_bundles["good"].read_bytes()]
    finally:
        restarted.stop()


def test_old_uploads_are_forgotten_at_start(tmp_path):
    import time

    from socle_desktop.reception.server import forget_old_uploads

    uploads = tmp_path / ".televersements"
    uploads.mkdir()
    old, new = "a" * 32, "b" * 32
    for name in (old, f"{old}.info", new, f"{new}.info", "autre.txt"):
        (uploads / name).write_bytes(b"x")
    ten_days_ago = time.time() - 10 * 86400
    for name in (old, f"{old}.info", "autre.txt"):
        os.utime(uploads / name, (ten_days_ago, ten_days_ago))
    assert forget_old_uploads(uploads, 7) == 1
    assert sorted(p.name for p in uploads.iterdir()) == ["autre.txt", new, f"{new}.info"]


def test_bad_serve_options_are_one_french_line(tmp_path):
    import subprocess
    import sys

    from reception_point_support import ROOT

    def run(*args):
        return subprocess.run([sys.executable, "-m", "socle_desktop", "reception", "servir", "--dossier",
                               str(tmp_path / "r"), *args], capture_output=True, text=True, timeout=60,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})

    (tmp_path / "texte.pem").write_text("pas un certificat")
    for args, expected in [(["--adresse", "0.0.0.0:9"], "boucle locale"), (["--adresse", "x"], "HÔTE:PORT"),
                           (["--certificat", str(tmp_path / "texte.pem")], "vont ensemble"),
                           (["--certificat", str(tmp_path / "absent.pem"), "--cle", str(tmp_path / "absent")],
                            "introuvable"),
                           (["--certificat", str(tmp_path / "texte.pem"), "--cle", str(tmp_path / "texte.pem")],
                            "clé privée PEM")]:
        result = run(*args)
        assert result.returncode == 2 and expected in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1


def test_stopped_by_sigterm_the_point_shuts_its_verification_workers_down(reception_point, real_bundles):
    """uvicorn re-raises SIGTERM once it has stopped serving: the point used to die there, before
    shutting its pool down, and its workers waited for ever, orphaned (one per bundle verified)."""
    from reception_point_support import descendants

    point = reception_point()
    bundle = real_bundles["good"]
    data = bundle.read_bytes()
    with TusClient() as client:
        url = client.create(point.endpoint, len(data), {"filename": bundle.name, "filetype": "application/zip"})
        with bundle.open("rb") as source:
            assert client.patch(url, source, 0, len(data)) == len(data)
    assert point.wait_receipt(sha256_of(bundle))["statut"] == "recu"
    assert descendants(point.process.pid)  # the verification worker (and multiprocessing's tracker)
    point.stop()
    assert point.process.returncode == 0, point.log.read_text()
    assert point.left_behind == []


def test_an_unexpected_filing_failure_is_said_in_french_and_logged(tmp_path, capsys, caplog):
    """A worker that died or a register busy too long: the bundle stays pending, the agent reads
    one French line (no Python class name) and the traceback goes to the log."""
    import concurrent.futures
    import logging
    import threading

    from socle_desktop.cli.reception_server import announce
    from socle_desktop.reception.server import Verifier

    verifier = object.__new__(Verifier)  # no worker pool: only the filing of a finished verification
    verifier.folder, verifier.data_dir = tmp_path / "point", tmp_path / "donnees"
    verifier._queued, verifier._lock = {"ab" * 32}, threading.Lock()
    verifier.announce = announce  # what `reception servir` gives the point
    failed = concurrent.futures.Future()
    failed.set_exception(RuntimeError("BrokenProcessPool: a child process terminated abruptly"))
    with caplog.at_level(logging.ERROR, logger="socle_desktop"):
        verifier._file("ab" * 32, tmp_path / f"{'ab' * 32}.zip", failed)
    out = capsys.readouterr().out
    assert "impossible (erreur inattendue, détaillée dans le journal des erreurs)" in out
    assert "RuntimeError" not in out and "BrokenProcessPool" not in out
    assert any(record.exc_info for record in caplog.records)
    assert verifier._queued == set()
