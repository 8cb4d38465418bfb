"""Uploads against a real tus server (@tus/server + @tus/file-store) on 127.0.0.1.

Every bundle must arrive byte-identical, exactly once (one upload per bundle on the server),
with no orphan partial upload, even through a proxy that cuts connections at random offsets.
"""

from __future__ import annotations

import random
import time

import pytest

from socle_desktop.catalogue import outbox_receipt, send_report_text
from socle_desktop.catalogue.outbox_errors import stored_text
from socle_desktop.outbox import ECHEC, EN_ATTENTE, ENVOYE, RetryPolicy, Sender, TusClient
from socle_desktop.outbox.tus import encode_metadata

from .conftest import no_sleep, start_tus_server


def _sender(outbox, endpoint, **options) -> Sender:
    chunk = options.pop("chunk_size", 64 * 1024)
    client = TusClient(timeout=10, chunk_size=chunk)
    return Sender(outbox, endpoint, client=client, sleep=no_sleep, rng=random.Random(3), **options)


def _assert_exactly_once_and_identical(server, outbox):
    uploads = server.uploads()
    entries = outbox.entries()
    assert len(uploads) == len(entries), f"one upload per bundle on the server, got {len(uploads)}"
    by_sha = {u["sha256"]: u for u in uploads.values()}
    for entry in entries:
        assert entry.state == ENVOYE
        upload = by_sha.get(entry.sha256)
        assert upload is not None, f"{entry.filename} is not byte-identical on the server"
        assert upload["offset"] == upload["size"] == entry.size, "no partial upload left"
        assert upload["metadata"]["sha256"] == entry.sha256
        assert upload["metadata"]["filename"] == entry.filename
        assert upload["metadata"]["dossier_id"] == entry.dossier_id
        assert entry.upload_url.rstrip("/").endswith(next(k for k, u in uploads.items() if u is upload))


def test_bundles_upload_byte_identical_with_metadata_and_receipt(outbox, bundle_factory, tus_server):
    for size in (1, 150_000, 700_000):
        outbox.add(bundle_factory(size=size))
    progress = []
    report = _sender(outbox, tus_server.endpoint, progress=lambda i, d, t: progress.append((i, d, t))).send_all()
    assert report.all_sent, send_report_text(report)
    _assert_exactly_once_and_identical(tus_server, outbox)
    assert all(0 < done <= total for _, done, total in progress)
    assert all(e.sent_at and "Envoyé le" in outbox_receipt(e) for e in outbox.entries())
    for method in ("POST", "HEAD", "PATCH"):  # every request carried the protocol version
        assert tus_server.requests(method), method


def test_sending_again_does_nothing_once_sent(outbox, bundle_factory, tus_server):
    outbox.add(bundle_factory())
    assert _sender(outbox, tus_server.endpoint).send_all().all_sent
    requests_before = len(tus_server.requests())
    report = _sender(outbox, tus_server.endpoint).send_all()
    assert report.outcomes == [] and "Rien à envoyer" in send_report_text(report)
    assert len(tus_server.requests()) == requests_before, "no request at all for an envoye entry"
    assert len(tus_server.creations()) == 1


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cut_connections_resume_and_every_bundle_arrives_once(
        outbox, bundle_factory, tus_server, cutting_proxy_factory, seed):
    for size in (300_000, 900_000, 1_500_000):
        outbox.add(bundle_factory(size=size, seed=seed * 10 + size))
    proxy = cutting_proxy_factory(tus_server.port, seed=seed, cut_range=(30_000, 500_000), max_cuts=10)
    sender = _sender(outbox, proxy.endpoint, chunk_size=256 * 1024,
                     policy=RetryPolicy(max_tries=4, base_delay=0.01))
    report = sender.send_all()
    assert report.all_sent, send_report_text(report)
    assert proxy.cuts >= 3, "the proxy really cut connections"
    _assert_exactly_once_and_identical(tus_server, outbox)
    assert len(tus_server.creations()) == 3
    resumed = [o for o in report.outcomes if o.failures]
    assert resumed, "at least one upload was interrupted and resumed"
    for outcome in resumed:
        events = [e["kind"] for e in outbox.events(outcome.entry_id)]
        assert events.count("creation") == 1 and "reprise" in events


def test_lost_patch_responses_are_recovered_by_head_without_resending(
        outbox, bundle_factory, tus_server, cutting_proxy_factory):
    """The server stored a chunk but its answer was lost: HEAD tells, nothing is sent twice."""
    for size in (600_000, 1_200_000):
        outbox.add(bundle_factory(size=size))
    proxy = cutting_proxy_factory(tus_server.port, seed=4, cut_range=(10**9, 10**9 + 1),
                                  drop_patch_responses=0.5, max_cuts=6)
    report = _sender(outbox, proxy.endpoint, chunk_size=200_000,
                     policy=RetryPolicy(max_tries=4, base_delay=0.01)).send_all()
    assert report.all_sent, send_report_text(report)
    assert proxy.dropped_responses >= 2
    _assert_exactly_once_and_identical(tus_server, outbox)
    assert len(tus_server.creations()) == 2
    for outcome in report.outcomes:
        entry = outbox.get(outcome.entry_id)
        assert outcome.bytes_sent == entry.size, "every byte went out exactly once"
    patches = [(p["path"], int(p["upload_offset"])) for p in tus_server.requests("PATCH")]
    assert len(patches) == len(set(patches)), "no chunk was sent twice"


def test_an_unreachable_server_fails_after_bounded_retries_and_keeps_the_entry(outbox, bundle_factory):
    entry = outbox.add(bundle_factory()).entry
    delays = []
    sender = Sender(outbox, "http://127.0.0.1:9/files/", client=TusClient(timeout=2),
                    sleep=delays.append, rng=random.Random(1), policy=RetryPolicy(max_tries=3))
    report = sender.send_all()
    assert not report.all_sent
    after = outbox.get(entry.id)
    assert after.state == ECHEC and after.error_retryable
    assert "connexion impossible" in stored_text(after.error)
    assert len(delays) == 2, "3 tries, 2 waits between them"
    assert after.upload_url is None
    assert outbox.sendable(automatic=True), "a network failure is retried automatically later"


def test_backoff_grows_exponentially_with_jitter_and_a_ceiling():
    policy = RetryPolicy(base_delay=1.0, max_delay=8.0)
    rng = random.Random(5)
    for failures, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (9, 8.0)]:
        delays = {policy.delay(failures, rng) for _ in range(20)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(delays) > 1, "jitter: not all the same"


def test_cancel_keeps_the_upload_for_later_and_resume_continues_it(outbox, bundle_factory, tus_server):
    entry = outbox.add(bundle_factory(size=1_000_000)).entry
    seen = []

    def progress(_id, done, _total):
        seen.append(done)

    sender = _sender(outbox, tus_server.endpoint, progress=progress,
                     cancel=lambda: bool(seen) and seen[-1] >= 300_000)
    report = sender.send_all()
    assert report.cancelled and not report.all_sent
    paused = outbox.get(entry.id)
    assert paused.state == EN_ATTENTE and paused.upload_url
    server_offset = next(iter(tus_server.uploads().values()))["offset"]
    assert 0 < server_offset < entry.size

    report = _sender(outbox, tus_server.endpoint).send_all()
    assert report.all_sent
    assert report.outcomes[0].resumed_from == server_offset
    assert report.outcomes[0].bytes_sent == entry.size - server_offset
    _assert_exactly_once_and_identical(tus_server, outbox)


def test_an_upload_begun_on_a_server_since_replaced_in_the_settings_starts_again_on_the_new_one(
        outbox, bundle_factory, tus_server, tmp_path):
    """A mistyped address corrected, a new campaign's server: the bundle goes only where the
    settings say now; the former server keeps its unfinished upload and gets no more bytes."""
    entry = outbox.add(bundle_factory(size=1_000_000)).entry
    seen = []
    report = _sender(outbox, tus_server.endpoint, progress=lambda _id, done, _total: seen.append(done),
                     cancel=lambda: bool(seen) and seen[-1] >= 300_000).send_all()
    assert report.cancelled
    former_offset = next(iter(tus_server.uploads().values()))["offset"]
    assert 0 < former_offset < entry.size

    new_server = start_tus_server(tmp_path / "nouveau")
    second_send_ms = time.time() * 1000  # the server logs Date.now(): the same clock
    try:
        report = _sender(outbox, new_server.endpoint).send_all()
        assert report.all_sent, send_report_text(report)
        assert report.outcomes[0].resumed_from is None and report.outcomes[0].bytes_sent == entry.size
        _assert_exactly_once_and_identical(new_server, outbox)
        assert outbox.get(entry.id).upload_url.startswith(new_server.endpoint)
    finally:
        new_server.stop()
    assert next(iter(tus_server.uploads().values()))["offset"] == former_offset, "no byte more to the former"
    # (counting its requests before and after raced with the log line of the last PATCH in flight)
    assert [r for r in tus_server.requests() if r["t"] >= second_send_ms] == [], "no request to the former"
    forgotten = [e for e in outbox.events(entry.id) if e["kind"] == "oubli"]
    assert forgotten and "le serveur de dépôt a changé" in stored_text(forgotten[-1]["detail"])


def test_an_upload_the_server_forgot_is_created_again(outbox, bundle_factory, tus_server):
    entry = outbox.add(bundle_factory()).entry
    outbox.record_upload_url(entry.id, tus_server.endpoint, tus_server.endpoint + "0123456789abcdef")
    report = _sender(outbox, tus_server.endpoint).send_all()
    assert report.all_sent, send_report_text(report)
    _assert_exactly_once_and_identical(tus_server, outbox)
    assert "oubli" in [e["kind"] for e in outbox.events(entry.id)]


def test_a_damaged_queue_copy_is_never_sent(outbox, bundle_factory, tus_server):
    entry = outbox.add(bundle_factory()).entry
    path = outbox.bundle_path(entry)
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    report = _sender(outbox, tus_server.endpoint).send_all()
    assert outbox.get(entry.id).state == ECHEC
    assert "altérée" in send_report_text(report)
    assert tus_server.creations() == []


def test_a_server_that_refuses_the_size_is_a_final_failure(outbox, bundle_factory, tus_server):
    import httpx

    def too_large(request: httpx.Request) -> httpx.Response:
        return httpx.Response(413, headers={"Tus-Resumable": "1.0.0"})

    entry = outbox.add(bundle_factory()).entry
    client = TusClient(transport=httpx.MockTransport(too_large))
    report = Sender(outbox, tus_server.endpoint, client=client, sleep=no_sleep).send_all()
    after = outbox.get(entry.id)
    assert after.state == ECHEC and not after.error_retryable
    assert "dépasse la taille" in send_report_text(report)


def test_a_busy_server_is_retried_after_the_delay_it_asks_for(outbox, bundle_factory):
    import httpx

    answers = iter([httpx.Response(503, headers={"Retry-After": "7"}),
                    httpx.Response(201, headers={"Location": "/files/abc"})])
    stored = {"offset": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return next(answers)
        if request.method == "PATCH":
            stored["offset"] += len(request.read())
            return httpx.Response(204, headers={"Upload-Offset": str(stored["offset"])})
        return httpx.Response(200, headers={"Upload-Offset": str(stored["offset"]), "Upload-Length": str(entry.size)})

    entry = outbox.add(bundle_factory()).entry
    waits = []
    sender = Sender(outbox, "https://depot.example.fr/files/", client=TusClient(transport=httpx.MockTransport(handler)),
                    sleep=waits.append, rng=random.Random(1), policy=RetryPolicy(base_delay=1.0, max_delay=60))
    assert sender.send_all().all_sent
    assert waits == [7.0]


def test_every_request_says_tus_resumable_and_metadata_is_base64():
    import httpx

    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, headers={"Location": "/files/abc", "Tus-Resumable": "1.0.0"})

    client = TusClient(transport=httpx.MockTransport(handler))
    url = client.create("https://depot.example.fr/files/", 10, {"filename": "é.zip", "sha256": "ab"})
    assert url == "https://depot.example.fr/files/abc"
    assert seen[0].headers["Tus-Resumable"] == "1.0.0"
    assert seen[0].headers["Upload-Length"] == "10"
    assert seen[0].headers["Upload-Metadata"] == encode_metadata({"filename": "é.zip", "sha256": "ab"})
    assert seen[0].headers["Upload-Metadata"] == "filename w6kuemlw,sha256 YWI="


def test_the_http_client_honours_proxies_and_has_timeouts():
    client = TusClient(timeout=12)
    http = client._http
    assert http.timeout.read == 12 and http.timeout.connect is not None
    assert http.trust_env is True
    client.close()


@pytest.mark.parametrize("with_truststore", [True, False])
def test_the_tls_context_always_verifies(monkeypatch, with_truststore):
    import ssl
    import sys

    from socle_desktop.outbox.tus import tls_context

    if with_truststore:
        pytest.importorskip("truststore")
    else:
        monkeypatch.setitem(sys.modules, "truststore", None)  # import fails: certifi's list
    context = tls_context()
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


def _self_signed_https_server(folder):
    """An HTTPS server on 127.0.0.1 whose certificate no authority signed."""
    import datetime as dt
    import http.server
    import ipaddress
    import ssl
    import threading

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                  critical=False)
                   .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))

    class Handler(http.server.BaseHTTPRequestHandler):
        requests = 0

        def do_POST(self):
            Handler.requests += 1
            self.send_response(201)
            self.send_header("Location", "/files/x")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    return server, Handler


def test_a_certificate_nobody_signed_is_refused_for_good(outbox, bundle_factory, tmp_path):
    pytest.importorskip("cryptography")
    server, handler = _self_signed_https_server(tmp_path)
    try:
        entry = outbox.add(bundle_factory()).entry
        endpoint = f"https://127.0.0.1:{server.server_address[1]}/files/"
        report = Sender(outbox, endpoint, client=TusClient(timeout=5), sleep=no_sleep).send_all()
    finally:
        server.shutdown()
        server.server_close()
    after = outbox.get(entry.id)
    assert after.state == ECHEC and not after.error_retryable
    assert "certificat du serveur refusé" in stored_text(after.error)
    assert report.outcomes[0].failures == 0, "not retried: it will not pass by itself"
    assert handler.requests == 0, "no request reached a server we could not authenticate"
