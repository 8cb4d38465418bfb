"""The queue keeps a reason as its code and values, never a sentence; the catalogue words it
when it is shown, the same French as when it happened (issue 9)."""

from __future__ import annotations

import errno
from pathlib import Path

from socle_desktop.catalogue import outbox_receipt
from socle_desktop.catalogue.errors import error_text
from socle_desktop.catalogue.outbox_errors import stored_text
from socle_desktop.outbox import ECHEC, Outbox, OutboxError, TusError
from socle_desktop.outbox.reasons import from_record, to_record
from socle_desktop.store import Database

from .conftest import fake_verify


def test_a_failure_is_kept_as_a_code_and_worded_after_a_restart(data_dir, bundle_factory):
    db_path = data_dir / "bibliotheque.db"
    box = Outbox(Database.connect(db_path), data_dir, verify=fake_verify)
    entry = box.add(bundle_factory()).entry
    failure = TusError("tus_no_answer", retryable=True, server="depot.example.fr")
    box.mark_failed(entry.id, OutboxError("gave_up", cause=failure, tries=5), retryable=True)
    box.close()

    reopened = Outbox(Database.connect(db_path), data_dir, verify=fake_verify)
    try:
        kept = reopened.get(entry.id)
        assert kept.state == ECHEC
        assert "gave_up" in kept.error and "serveur" not in kept.error, "a code, not a sentence"
        assert outbox_receipt(kept) == ("Échec : le serveur depot.example.fr ne répond pas (délai dépassé) "
                                        "(5 essai(s) sans succès).")
        (echec,) = [event for event in reopened.events(entry.id) if event["kind"] == "echec"]
        assert stored_text(echec["detail"]) == outbox_receipt(kept).removeprefix("Échec : ")
    finally:
        reopened.close()


def test_a_system_error_and_a_path_survive_the_record():
    error = OutboxError("stored_copy_unreadable", path=Path("/envoi/abc.zip"),
                        os_error=OSError(errno.ENOSPC, "No space left on device"))
    said = stored_text(to_record(error))
    assert said == error_text(error)
    assert said.startswith("la copie du paquet dans la file est illisible (/envoi/abc.zip) : ")
    assert "No space" not in said, "the system's English never reaches the user"


def test_an_older_sentence_is_shown_as_it_is():
    assert from_record("le serveur ne répond pas") is None
    assert stored_text("le serveur ne répond pas") == "le serveur ne répond pas"
    assert stored_text('{"numero": "1"}') == '{"numero": "1"}', "another record (a receipt) is no reason"
    assert stored_text(None) == ""
