"""The upload client against servers that lie, redirect, forget or drip (issue 17, items 7–10).

Each server here is a real HTTP server in a thread of the test (`HostileTusServer` in
conftest.py) speaking tus with one answer bent; the nominal paths run against the real
@tus/server in test_upload.py.
"""

from __future__ import annotations

import random
import time

import pytest

from socle_desktop.catalogue import send_report_text
from socle_desktop.catalogue.outbox_errors import stored_text
from socle_desktop.cli import main
from socle_desktop.outbox import ECHEC, ENVOYE, RetryPolicy, Sender, TusClient

from .conftest import no_sleep


def _sender(outbox, endpoint, *, request_deadline: float = 30.0, **options) -> Sender:
    client = TusClient(timeout=10, chunk_size=64 * 1024, request_deadline=request_deadline)
    options.setdefault("sleep", no_sleep)
    return Sender(outbox, endpoint, client=client, rng=random.Random(3), **options)


# ----- 7. the upload URL stays on the endpoint's origin ----------------------------------------

@pytest.mark.parametrize("where", ["other-port", "other-port-scheme-relative", "other-host-name"])
def test_a_location_off_the_endpoints_origin_gets_no_byte(outbox, bundle_factory, hostile_server_factory, where):
    thief = hostile_server_factory()
    locations = {
        "other-port": lambda upload_id, _s: f"http://127.0.0.1:{thief.port}/files/{upload_id}",
        "other-port-scheme-relative": lambda upload_id, _s: f"//127.0.0.1:{thief.port}/files/{upload_id}",
        # the same machine under another name: another origin all the same
        "other-host-name": lambda upload_id, server: f"http://localhost:{server.port}/files/{upload_id}",
    }
    server = hostile_server_factory(location=locations[where])
    entry = outbox.add(bundle_factory(size=150_000)).entry

    report = _sender(outbox, server.endpoint).send_all()

    after = outbox.get(entry.id)
    assert after.state == ECHEC and not after.error_retryable, "never retried: the server will say the same"
    assert "hors de son origine" in stored_text(after.error) and "rien n'a été transmis" in stored_text(after.error)
    assert f"127.0.0.1:{server.port}" in stored_text(after.error), "the message names the server"
    assert server.requests_of("PATCH") == [] and thief.requests == [], "not one byte left"
    assert after.upload_url is None
    assert report.outcomes[0].bytes_sent == 0


def test_an_upload_url_stored_off_origin_by_an_older_version_is_dropped_not_used(
        outbox, bundle_factory, hostile_server_factory):
    thief = hostile_server_factory()
    server = hostile_server_factory()
    entry = outbox.add(bundle_factory(size=150_000)).entry
    outbox.record_upload_url(entry.id, server.endpoint, f"http://127.0.0.1:{thief.port}/files/abc")

    report = _sender(outbox, server.endpoint).send_all()

    assert report.all_sent, send_report_text(report)
    assert thief.requests == [], "the stored foreign URL was never contacted"
    assert len(server.requests_of("POST")) == 1 and server.bytes_received() == entry.size
    assert "oubli" in [e["kind"] for e in outbox.events(entry.id)]


def test_origins_compare_scheme_host_and_port():
    from socle_desktop.outbox.tus import origin, same_origin

    assert origin("https://Depot.example.fr/files/") == ("https", "depot.example.fr", 443)
    assert same_origin("https://depot.example.fr:443/files/a", "https://depot.example.fr/files/")
    assert not same_origin("http://depot.example.fr/files/a", "https://depot.example.fr/files/"), "clear text"
    assert not same_origin("https://depot.example.fr:8443/files/a", "https://depot.example.fr/files/")
    assert not same_origin("https://autre.example.fr/files/a", "https://depot.example.fr/files/")
    assert not same_origin("https://depot.example.fr@evil.example/x", "https://depot.example.fr/files/")


# ----- 8. a server that claims bytes it never received -------------------------------------------

def test_a_server_claiming_the_whole_file_after_one_chunk_never_gets_envoye(
        outbox, bundle_factory, hostile_server_factory):
    server = hostile_server_factory(patch_claim=lambda old, received, size: size,
                                    head_claim=lambda upload: upload["size"])
    entry = outbox.add(bundle_factory(size=300_000)).entry

    report = _sender(outbox, server.endpoint, policy=RetryPolicy(max_tries=5)).send_all()

    after = outbox.get(entry.id)
    assert after.state == ECHEC and not after.error_retryable
    assert after.sent_at is None and not report.all_sent
    assert "n'est pas fiable" in stored_text(after.error) and "octets reçus alors que" in stored_text(after.error)
    assert server.bytes_received() < entry.size, "the server really had less than it claimed"


def test_a_patch_acknowledging_fewer_bytes_than_sent_is_not_a_receipt(
        outbox, bundle_factory, hostile_server_factory):
    # It keeps every byte but always answers one short: the truth comes back on HEAD, and the
    # final HEAD equal to the size is what marks the bundle sent.
    server = hostile_server_factory(patch_claim=lambda old, received, size: old + received - 1)
    entry = outbox.add(bundle_factory(size=150_000)).entry

    report = _sender(outbox, server.endpoint, policy=RetryPolicy(max_tries=3)).send_all()

    assert report.outcomes[0].failures >= 1, "the short answer was not accepted as is"
    events = outbox.events(entry.id)
    assert any("décalage incohérent" in stored_text(e["detail"]) for e in events if e["kind"] == "incident")
    assert outbox.get(entry.id).state == ENVOYE  # every byte is there, a HEAD said so
    assert server.uploads[next(iter(server.uploads))]["data"] == outbox.bundle_path(entry).read_bytes()


# ----- 9. an upload the server drops once complete is sent once -----------------------------------

@pytest.mark.parametrize("head_statuses", [(), (503,), (410,)], ids=["404", "503-then-404", "410"])
def test_an_upload_dropped_once_complete_is_not_sent_again(
        outbox, bundle_factory, hostile_server_factory, head_statuses):
    server = hostile_server_factory(forget_when_complete=True, head_statuses=head_statuses)
    entry = outbox.add(bundle_factory(size=300_000)).entry

    report = _sender(outbox, server.endpoint).send_all()

    after = outbox.get(entry.id)
    assert after.state == ENVOYE, send_report_text(report)
    assert len(server.requests_of("POST")) == 1, "created once"
    assert server.bytes_received() == entry.size, "every byte sent exactly once"
    assert "accusé réception du dernier octet" in send_report_text(report)


def test_a_queue_that_recorded_the_last_byte_acknowledged_does_not_resend_after_a_restart(
        outbox, bundle_factory, hostile_server_factory):
    # The process stopped after the last PATCH was acknowledged (recorded) and before the
    # final HEAD; the server has dropped the completed upload since.
    server = hostile_server_factory(forget_when_complete=True)
    entry = outbox.add(bundle_factory(size=100_000)).entry
    outbox.record_upload_url(entry.id, server.endpoint, server.endpoint + "fini")
    outbox.record_progress(entry.id, entry.size)

    report = _sender(outbox, server.endpoint).send_all()

    assert outbox.get(entry.id).state == ENVOYE, send_report_text(report)
    assert server.requests_of("POST") == [] and server.requests_of("PATCH") == []


# ----- 10. total deadlines -----------------------------------------------------------------------

def test_a_server_dripping_its_answer_is_cut_by_the_request_deadline(
        outbox, bundle_factory, hostile_server_factory):
    # One byte every 0.2 s: each read succeeds well within the 10 s per-read timeout, and the
    # whole answer would take ~25 s per request (times the retries).
    server = hostile_server_factory(drip={"POST": 0.2})
    entry = outbox.add(bundle_factory(size=50_000)).entry

    started = time.monotonic()
    _sender(outbox, server.endpoint, request_deadline=1.5, policy=RetryPolicy(max_tries=2)).send_all()
    elapsed = time.monotonic() - started

    after = outbox.get(entry.id)
    assert elapsed < 6, f"two requests of 1.5 s at most, took {elapsed:.1f} s"
    assert after.state == ECHEC and after.error_retryable, "a slow server may be faster tomorrow"
    assert f"le serveur 127.0.0.1:{server.port} est trop lent" in stored_text(after.error)
    assert "délai total de 2 s" in stored_text(after.error)  # 1.5 s, rounded up, in French


def test_the_whole_send_of_a_bundle_has_a_deadline_too(outbox, bundle_factory, hostile_server_factory):
    server = hostile_server_factory(drip={"POST": 0.2})
    entry = outbox.add(bundle_factory(size=50_000)).entry

    started = time.monotonic()
    _sender(outbox, server.endpoint, request_deadline=1.0, send_deadline=2.5, sleep=time.sleep,
            policy=RetryPolicy(max_tries=50, base_delay=0.05, max_delay=0.1)).send_all()
    elapsed = time.monotonic() - started

    after = outbox.get(entry.id)
    assert elapsed < 4.5, f"the send's deadline is 2.5 s, took {elapsed:.1f} s"
    assert after.state == ECHEC and after.error_retryable
    assert f"127.0.0.1:{server.port}" in stored_text(after.error) and "délai total de 3 s" in stored_text(after.error)
    assert "reprendra" in stored_text(after.error)


def test_send_on_the_command_line_takes_its_deadlines_as_options(
        tmp_path, capsys, real_bundles, hostile_server_factory):
    server = hostile_server_factory(drip={"POST": 0.2})
    folder = str(tmp_path / "donnees")
    assert main(["--data-dir", folder, "outbox", "add", str(real_bundles["good"])]) == 0
    capsys.readouterr()

    started = time.monotonic()
    code = main(["--data-dir", folder, "outbox", "send", "--endpoint", server.endpoint, "--max-tries", "1",
                 "--delai-requete", "1", "--delai-total", "20"])
    out, err = capsys.readouterr()

    assert code == 1 and time.monotonic() - started < 5
    assert f"127.0.0.1:{server.port} est trop lent" in out and "Traceback" not in out + err
    with pytest.raises(SystemExit) as refused:
        main(["--data-dir", folder, "outbox", "send", "--endpoint", server.endpoint, "--delai-total", "0"])
    assert refused.value.code == 2 and "604\u202f800" in capsys.readouterr().err


def test_send_on_the_command_line_refuses_a_foreign_location_in_french(
        tmp_path, capsys, real_bundles, hostile_server_factory):
    thief = hostile_server_factory()
    server = hostile_server_factory(location=lambda upload_id, _s: f"http://127.0.0.1:{thief.port}/f/{upload_id}")
    folder = str(tmp_path / "donnees")
    assert main(["--data-dir", folder, "outbox", "add", str(real_bundles["good"])]) == 0
    capsys.readouterr()

    code = main(["--data-dir", folder, "outbox", "send", "--endpoint", server.endpoint])
    out, err = capsys.readouterr()

    assert code == 1 and "hors de son origine" in out and "Traceback" not in out + err
    assert thief.requests == []
