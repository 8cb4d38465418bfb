"""The queue: what may enter, states that survive a restart, the copy in the data folder."""

from __future__ import annotations

import pytest

from socle_desktop.catalogue import outbox_note, outbox_receipt
from socle_desktop.outbox import (
    ECHEC,
    EN_ATTENTE,
    ENVOI_EN_COURS,
    ENVOYE,
    BundleRefused,
    EntryNotFound,
    Outbox,
)
from socle_desktop.outbox.queue import file_sha256
from socle_desktop.store import Database

from .conftest import fake_verify, raises_saying


def test_a_verified_bundle_is_queued_with_a_copy_in_the_data_folder(outbox, bundle_factory):
    source = bundle_factory()
    result = outbox.add(source)
    assert result.created
    entry = result.entry
    assert entry.state == EN_ATTENTE
    assert entry.sha256 == file_sha256(source)
    assert entry.size == source.stat().st_size
    assert entry.dossier_id == "d-0001"
    stored = outbox.bundle_path(entry)
    assert stored.parent == outbox.data_dir / "envoi"
    source.unlink()  # the original may go: the queue keeps its own copy
    assert file_sha256(stored) == entry.sha256
    assert not list(stored.parent.glob(".arrivee-*")), "no temporary file left behind"


def test_the_same_bytes_are_queued_once(outbox, bundle_factory, tmp_path):
    source = bundle_factory(seed=7)
    first = outbox.add(source)
    copy = tmp_path / "autre-nom.zip"
    copy.write_bytes(source.read_bytes())
    second = outbox.add(copy)
    assert not second.created
    assert second.entry.id == first.entry.id
    assert "déjà dans la file" in outbox_note(second.notes[0])
    assert len(outbox.entries()) == 1


def test_a_bundle_that_fails_verification_is_refused_in_french(outbox, bundle_factory):
    with raises_saying(BundleRefused, r"la vérification de .* a échoué : Signature du manifeste"):
        outbox.add(bundle_factory(ok=False))
    assert outbox.entries() == []
    assert not [p for p in (outbox.data_dir / "envoi").iterdir()], "nothing stays in the outbox folder"


def test_a_draft_is_refused(outbox, bundle_factory):
    with raises_saying(BundleRefused, "brouillon"):
        outbox.add(bundle_factory(draft=True))
    assert outbox.entries() == []


@pytest.mark.parametrize("name", ["absent.zip", "dossier"])
def test_a_missing_file_or_a_folder_is_refused(outbox, tmp_path, name):
    (tmp_path / "dossier").mkdir()
    with pytest.raises(BundleRefused):
        outbox.add(tmp_path / name)


def test_a_file_that_is_not_a_zip_is_refused_not_a_crash(outbox, tmp_path):
    junk = tmp_path / "pas-un-zip.zip"
    junk.write_text("bonjour")
    with raises_saying(BundleRefused, "n'a pas pu être vérifié"):
        outbox.add(junk)


def test_a_second_bundle_of_the_same_dossier_is_noted(outbox, bundle_factory):
    outbox.add(bundle_factory(dossier_id="d-42"))
    result = outbox.add(bundle_factory(dossier_id="d-42"))
    assert result.created
    assert "même dossier" in outbox_note(result.notes[0])


def test_states_survive_a_restart(data_dir, bundle_factory):
    db_path = data_dir / "bibliotheque.db"
    box = Outbox(Database.connect(db_path), data_dir, verify=fake_verify)
    a = box.add(bundle_factory()).entry
    b = box.add(bundle_factory()).entry
    c = box.add(bundle_factory()).entry
    box.record_upload_url(a.id, "http://127.0.0.1:1/files/", "http://127.0.0.1:1/files/abc")
    box.record_progress(a.id, 1234)
    box.mark_sent(b.id, "http://127.0.0.1:1/files/def", b.size)
    box.mark_failed(c.id, "le serveur ne répond pas", retryable=True)
    box.close()

    reopened = Outbox(Database.connect(db_path), data_dir, verify=fake_verify)
    states = {e.id: e for e in reopened.entries()}
    assert states[a.id].state == ENVOI_EN_COURS and states[a.id].offset == 1234
    assert states[a.id].upload_url == "http://127.0.0.1:1/files/abc"
    assert states[b.id].state == ENVOYE and "Envoyé le" in outbox_receipt(states[b.id])
    assert states[c.id].state == ECHEC and states[c.id].error == "le serveur ne répond pas"
    reopened.close()


def test_migrations_are_recorded_under_the_outbox_set(outbox):
    applied = [row["name"] for row in outbox.db["_sqlite_migrations"].rows_where(
        "migration_set = ?", ["socle-outbox"])]
    assert applied == ["create_outbox_tables"]


def test_entries_are_found_by_a_unique_prefix(outbox, bundle_factory):
    entry = outbox.add(bundle_factory()).entry
    assert outbox.get(entry.id[:6]).id == entry.id
    with raises_saying(EntryNotFound, "aucun paquet"):
        outbox.get("zzzzzz")


def test_a_too_short_or_ambiguous_prefix_is_said_as_such_with_the_bundles_it_starts(outbox, bundle_factory):
    """« aucun paquet « b1 » » while b1a37a88 was in the list; « identifiant ambigu » named
    none; « % » matched every bundle (LIKE) and `outbox remove %%%%` removed the only one."""
    first = outbox.add(bundle_factory(seed=1)).entry
    second = outbox.add(bundle_factory(seed=2)).entry
    with outbox.database.write():  # two ids that share their first 9 characters
        outbox.db.execute("PRAGMA defer_foreign_keys = ON")
        for old, new in ((first.id, "ab12cd34" + "0" * 24), (second.id, "ab12cd34" + "1" * 24)):
            outbox.db.execute("UPDATE outbox_entries SET id = ? WHERE id = ?", [new, old])
            outbox.db.execute("UPDATE outbox_events SET entry_id = ? WHERE entry_id = ?", [new, old])
    with raises_saying(EntryNotFound, r"« ab » est trop court .* des 2 paquets ab12cd340 .*, ab12cd341 "):
        outbox.get("ab")
    with raises_saying(EntryNotFound, r"« ab12cd34 » désigne plusieurs paquets .* ab12cd340 .*, ab12cd341 "):
        outbox.get("ab12cd34")
    assert outbox.get("ab12cd341").id == "ab12cd34" + "1" * 24
    for wildcard in ("%", "%%%%", "ab12cd3_", "____"):
        with raises_saying(EntryNotFound, "aucun paquet"):
            outbox.get(wildcard)


def test_a_claim_excludes_a_second_sender_until_released(outbox, bundle_factory):
    entry = outbox.add(bundle_factory()).entry
    other = outbox.reopen()
    try:
        assert outbox.claim(entry.id)
        assert not other.claim(entry.id), "a live sender's lease is respected"
        outbox.release(entry.id)
        assert other.claim(entry.id)
    finally:
        other.close()


def test_a_lease_of_a_dead_process_is_stale(outbox, bundle_factory):
    entry = outbox.add(bundle_factory()).entry
    import socket
    import time
    outbox.db["outbox_entries"].update(entry.id, {
        "lease_owner": f"{socket.gethostname()}:999999999:dead", "lease_until": time.time() + 600})
    assert outbox.claim(entry.id)


def test_a_sent_entry_cannot_be_claimed(outbox, bundle_factory):
    entry = outbox.add(bundle_factory()).entry
    outbox.mark_sent(entry.id, "http://127.0.0.1:1/files/x", entry.size)
    assert not outbox.claim(entry.id)


def test_retry_puts_a_failure_back_in_the_queue(outbox, bundle_factory):
    entry = outbox.add(bundle_factory()).entry
    outbox.mark_failed(entry.id, "raison", retryable=False)
    assert outbox.retry(entry.id).state == EN_ATTENTE
    assert [e.id for e in outbox.sendable(automatic=True)] == [entry.id]


def test_automatic_sending_skips_failures_that_need_the_user(outbox, bundle_factory):
    entry = outbox.add(bundle_factory()).entry
    outbox.mark_failed(entry.id, "certificat refusé", retryable=False)
    assert outbox.sendable(automatic=True) == []
    assert [e.id for e in outbox.sendable()] == [entry.id]


def test_copies_cut_short_by_a_crash_are_cleaned_at_the_next_open(data_dir, outbox, bundle_factory):
    import os

    kept = outbox.add(bundle_factory()).entry
    stale = outbox.folder / ".arrivee-0123.zip"
    fresh = outbox.folder / ".arrivee-4567.zip"
    for path in (stale, fresh):
        path.write_bytes(b"moitie")
    os.utime(stale, (1_000_000, 1_000_000))
    reopened = Outbox(Database.connect(data_dir / "bibliotheque.db"), data_dir, verify=fake_verify)
    reopened.close()
    assert not stale.exists()
    assert fresh.exists(), "a copy in progress elsewhere is left alone"
    assert outbox.bundle_path(kept).exists()


def test_a_bundle_not_sent_can_be_removed_with_its_copy(outbox, bundle_factory):
    wrong = outbox.add(bundle_factory()).entry
    sent = outbox.add(bundle_factory()).entry
    outbox.mark_sent(sent.id, "http://127.0.0.1:1/files/x", sent.size)
    outbox.remove(wrong.id[:6])
    assert [e.id for e in outbox.entries()] == [sent.id]
    assert not outbox.bundle_path(wrong).exists()
    from socle_desktop.outbox import OutboxError
    with raises_saying(OutboxError, "reste dans la file"):
        outbox.remove(sent.id)


def test_a_bundle_being_sent_cannot_be_removed(outbox, bundle_factory):
    from socle_desktop.outbox import OutboxError

    entry = outbox.add(bundle_factory()).entry
    other = outbox.reopen()
    try:
        assert other.claim(entry.id)
        with raises_saying(OutboxError, "en cours d'envoi"):
            outbox.remove(entry.id)
    finally:
        other.close()


def test_the_fictional_example_is_queued_with_a_warning_not_to_send_it(data_dir, tmp_path):
    export = pytest.importorskip("socle_desktop.export")
    from socle_desktop.export.demo import demo_dossier, demo_piece_bytes
    from socle_desktop.export.identity import demo_identity

    example = export.export_dossier(demo_dossier(), out_dir=tmp_path / "exemple", identity=demo_identity(),
                                    piece_bytes=demo_piece_bytes, example=True)
    box = Outbox(Database.connect(data_dir / "bibliotheque.db"), data_dir)
    try:
        added = box.add(example.bundle_path)
    finally:
        box.close()
    assert added.created
    assert any("EXEMPLE FICTIF" in outbox_note(note) for note in added.notes)
