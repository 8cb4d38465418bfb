"""What happens to a bundle moves its dossier's life cycle (app/sending.py): sent -> « envoyé »,
copied to a stick -> « copié sur support » (never « remis »), the reception point's receipt ->
« remis ». A real library, a real outbox on it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from socle_desktop import catalogue
from socle_desktop.app import sending
from socle_desktop.domain.model import Dossier
from socle_desktop.outbox import Outbox
from socle_desktop.outbox.receipt import ACCEPTED, SET_ASIDE, Receipt
from socle_desktop.store import Library

from .conftest import fake_verify


@pytest.fixture
def library_and_outbox(data_dir):
    library = Library.open(data_dir)
    outbox = Outbox.from_library(library, verify=fake_verify)
    yield library, outbox
    outbox.close()
    library.close()


def state(library, dossier_id):
    return {s.id: s.etat for s in library.list_dossiers()}[dossier_id]


def signed_and_queued(library, outbox, bundle_factory):
    dossier_id = library.create(Dossier())
    library.apply_event(dossier_id, "exporte_signe")
    entry = outbox.add(bundle_factory(dossier_id=dossier_id)).entry
    return dossier_id, entry


def test_a_copy_on_a_stick_is_copied_on_a_medium_not_handed_over(library_and_outbox, bundle_factory, tmp_path):
    library, outbox = library_and_outbox
    dossier_id, entry = signed_and_queued(library, outbox, bundle_factory)
    stick = tmp_path / "cle"
    stick.mkdir()
    handed = sending.hand_over_bundle(library, outbox, entry.id, stick)
    assert handed.path.parent == stick and handed.recorded.state == "copie_sur_support"
    assert state(library, dossier_id) == "copie_sur_support"


def test_sent_then_received_is_handed_over_and_a_set_aside_bundle_is_not(library_and_outbox, bundle_factory):
    library, outbox = library_and_outbox
    dossier_id, entry = signed_and_queued(library, outbox, bundle_factory)
    outbox.claim(entry.id)
    outbox.mark_sent(entry.id, "https://depot.example/files/x", entry.size)
    outbox.release(entry.id)
    [recorded] = sending.record_sent(library, outbox, [entry.id])
    assert recorded.state == "envoye" and state(library, dossier_id) == "envoye"

    receipt = Receipt(entry.sha256, SET_ASIDE, "42", "2026-12-03T10:00:00+00:00", "signature invalide")
    assert sending.record_receipt(library, outbox, entry.id, receipt) is None
    assert state(library, dossier_id) == "envoye"
    assert sending.record_receipt(library, outbox, entry.id, replace(receipt, status=ACCEPTED)).state == "remis"
    assert state(library, dossier_id) == "remis"


def test_a_bundle_whose_dossier_is_not_in_this_library_is_sent_all_the_same(library_and_outbox, bundle_factory):
    library, outbox = library_and_outbox
    entry = outbox.add(bundle_factory(dossier_id="ailleurs")).entry
    outbox.claim(entry.id)
    outbox.mark_sent(entry.id, "https://depot.example/files/y", entry.size)
    outbox.release(entry.id)
    [recorded] = sending.record_sent(library, outbox, [entry.id])
    assert not recorded.ok and recorded.state is None and "ailleurs" in catalogue.record_problem(recorded.problem)
