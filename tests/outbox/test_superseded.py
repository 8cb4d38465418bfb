"""Issue 10: a queued bundle of an older version of its dossier is marked superseded and is
not sent without an explicit confirmation; the command line says which and why."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from socle_desktop.export import export_dossier
from socle_desktop.export.demo import demo_dossier, demo_piece_bytes
from socle_desktop.export.identity import demo_identity
from socle_desktop.outbox import Outbox
from socle_desktop.outbox.queue import SAME_DOSSIER_QUEUED
from socle_desktop.outbox.superseded import NEWER_IN_QUEUE, Supersession, bundle_signing_time, superseded_entries
from socle_desktop.store import Library

MONDAY = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


@pytest.fixture
def two_versions(tmp_path):
    """The demo signed on Monday, then again on Wednesday after a change."""
    identity = demo_identity(now=MONDAY)
    old = export_dossier(demo_dossier(), out_dir=tmp_path / "lundi", identity=identity,
                         piece_bytes=demo_piece_bytes, signing_time=MONDAY)
    changed = demo_dossier()
    changed.collectivite.contact.telephone = "04 71 99 99 99"
    new = export_dossier(changed, out_dir=tmp_path / "mercredi", identity=identity, piece_bytes=demo_piece_bytes,
                         signing_time=MONDAY + dt.timedelta(days=2))
    return old.bundle_path, new.bundle_path


def _signed_on_monday_and_queued(library, identity, out_dir):
    """The demo created in `library`, signed on Monday (« Signé ») and its bundle queued; returns
    (dossier id, the queued entry)."""
    from socle_desktop.app import lifecycle

    files = {piece.sha256: demo_piece_bytes(piece.sha256) for piece in demo_dossier().pieces}
    dossier_id = library.create(demo_dossier(), piece_files=files)
    first = export_dossier(library.load(dossier_id), out_dir=out_dir, identity=identity,
                           piece_bytes=demo_piece_bytes, signing_time=MONDAY)
    lifecycle.record(library, dossier_id, lifecycle.EXPORTED_SIGNED)
    outbox = Outbox.from_library(library)
    try:
        return dossier_id, outbox.add(first.bundle_path).entry
    finally:
        outbox.close()


def test_the_older_bundle_of_a_dossier_is_superseded_and_not_sent_unconfirmed(tmp_path, two_versions):
    old_path, new_path = two_versions
    assert bundle_signing_time(old_path) == MONDAY
    data_dir = tmp_path / "donnees"
    with Library.open(data_dir) as library:
        outbox = Outbox.from_library(library)
        try:
            old = outbox.add(old_path).entry
            assert superseded_entries(outbox) == {}  # alone in the queue, it is the newest
            added = outbox.add(new_path)
            new = added.entry
            assert [note.code for note in added.notes] == [SAME_DOSSIER_QUEUED]
            stale = superseded_entries(outbox)
            assert list(stale) == [old.id]
            assert stale[old.id] == Supersession(NEWER_IN_QUEUE, new.short_id)
            assert [e.id for e in outbox.sendable()] == [new.id]  # never sent without confirmation
            assert {e.id for e in outbox.sendable(include_superseded=True)} == {old.id, new.id}
        finally:
            outbox.close()

    listing = subprocess.run([sys.executable, "-m", "socle_desktop", "--data-dir", str(data_dir), "outbox", "list"],
                             capture_output=True, text=True, timeout=120, env=dict(os.environ))
    assert listing.returncode == 0, listing.stderr
    assert "remplacé : un paquet plus récent du même dossier est dans la file" in listing.stdout


def test_two_exports_signed_in_the_same_second_the_one_queued_later_wins(tmp_path):
    """Signing times have a one-second grain: a re-export within the same second (a fast machine)
    must still supersede the bundle queued before it."""
    identity = demo_identity(now=MONDAY)
    changed = demo_dossier()
    changed.collectivite.contact.telephone = "04 71 99 99 99"
    first = export_dossier(demo_dossier(), out_dir=tmp_path / "a", identity=identity,
                           piece_bytes=demo_piece_bytes, signing_time=MONDAY).bundle_path
    second = export_dossier(changed, out_dir=tmp_path / "b", identity=identity,
                            piece_bytes=demo_piece_bytes, signing_time=MONDAY).bundle_path
    with Library.open(tmp_path / "donnees") as library:
        outbox = Outbox.from_library(library)
        try:
            old = outbox.add(first).entry
            outbox.add(second)
            assert list(superseded_entries(outbox)) == [old.id]
        finally:
            outbox.close()


def test_a_queued_bundle_is_superseded_once_its_dossier_is_signed_again_unqueued(tmp_path):
    """Signed and queued, then edited and signed again, the new bundle kept aside (a USB key, a
    folder): the dossier is « Signé » again, and the queued bundle, an older version, must still
    not leave unconfirmed (it was sent as if nothing had changed)."""
    from socle_desktop.app import lifecycle
    from socle_desktop.outbox.superseded import DOSSIER_SIGNED_AGAIN

    identity = demo_identity(now=MONDAY)
    files = {piece.sha256: demo_piece_bytes(piece.sha256) for piece in demo_dossier().pieces}
    with Library.open(tmp_path / "donnees") as library:
        dossier_id = library.create(demo_dossier(), piece_files=files)
        first = export_dossier(library.load(dossier_id), out_dir=tmp_path / "lundi", identity=identity,
                               piece_bytes=demo_piece_bytes, signing_time=MONDAY)
        assert lifecycle.record(library, dossier_id, lifecycle.EXPORTED_SIGNED).state == "signe"
        outbox = Outbox.from_library(library)
        try:
            queued = outbox.add(first.bundle_path).entry
            assert superseded_entries(outbox) == {}  # it is the dossier as it stands

            changed = library.load(dossier_id)
            changed.collectivite.contact.telephone = "04 71 99 99 99"
            library.save(changed)
            export_dossier(library.load(dossier_id), out_dir=tmp_path / "mercredi", identity=identity,
                           piece_bytes=demo_piece_bytes, signing_time=MONDAY + dt.timedelta(days=2))
            assert lifecycle.record(library, dossier_id, lifecycle.EXPORTED_SIGNED).state == "signe"

            assert superseded_entries(outbox) == {queued.id: Supersession(DOSSIER_SIGNED_AGAIN)}
            assert outbox.sendable() == []  # not sent without a confirmation
        finally:
            outbox.close()


def test_an_older_version_is_not_copied_to_a_stick_unconfirmed_nor_moves_the_dossier(tmp_path):
    """« outbox copy » of a superseded bundle: refused, then, confirmed (--anciens-aussi), copied, but
    the dossier is not « copié sur support »: what went on the stick is not the dossier as it is."""
    from socle_desktop.app import lifecycle, sending

    identity = demo_identity(now=MONDAY)
    data_dir = tmp_path / "donnees"
    with Library.open(data_dir) as library:
        dossier_id, queued = _signed_on_monday_and_queued(library, identity, tmp_path / "lundi")
        changed = library.load(dossier_id)
        changed.collectivite.contact.telephone = "04 71 99 99 99"
        library.save(changed)  # edited, then signed again and kept on the computer
        export_dossier(library.load(dossier_id), out_dir=tmp_path / "mercredi", identity=identity,
                       piece_bytes=demo_piece_bytes, signing_time=MONDAY + dt.timedelta(days=2))
        lifecycle.record(library, dossier_id, lifecycle.EXPORTED_SIGNED)

    def outbox_cli(*args):
        return subprocess.run([sys.executable, "-m", "socle_desktop", "--data-dir", str(data_dir), "outbox", *args],
                              capture_output=True, text=True, timeout=120, env=dict(os.environ))

    stick = tmp_path / "cle"
    stick.mkdir()
    refused = outbox_cli("copy", queued.short_id, "--to", str(stick))
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    (line,) = refused.stderr.strip().splitlines()
    assert "signé à nouveau depuis ce paquet" in line and "--anciens-aussi" in line and "rien n'a été copié" in line
    assert list(stick.iterdir()) == []

    confirmed = outbox_cli("copy", queued.short_id, "--to", str(stick), "--anciens-aussi")
    assert confirmed.returncode == 0, confirmed.stderr
    assert len(list(stick.iterdir())) == 1
    with Library.open(data_dir) as library:
        assert {s.id: s.etat for s in library.list_dossiers()}[dossier_id] == "signe"  # not « copié sur support »
        outbox = Outbox.from_library(library)  # sent too, after a confirmation: still not « envoyé »
        try:
            outbox.claim(queued.id)
            outbox.mark_sent(queued.id, "https://depot.example/files/x", queued.size)
            outbox.release(queued.id)
            assert sending.record_sent(library, outbox, [queued.id]) == []
        finally:
            outbox.close()
        assert {s.id: s.etat for s in library.list_dossiers()}[dossier_id] == "signe"


def test_export_names_the_older_bundle_still_waiting_in_the_outbox(tmp_path):
    """`export ID` of a dossier whose older bundle waits in the outbox says so, and how to replace
    it (the window offers it; a terminal user would otherwise learn it at `outbox send`)."""

    identity = demo_identity(now=MONDAY)
    data_dir = tmp_path / "donnees"
    with Library.open(data_dir) as library:
        dossier_id, queued = _signed_on_monday_and_queued(library, identity, tmp_path / "lundi")
        changed = library.load(dossier_id)
        changed.collectivite.contact.telephone = "04 71 99 99 99"
        library.save(changed)

    done = subprocess.run([sys.executable, "-m", "socle_desktop", "--data-dir", str(data_dir), "export", dossier_id,
                           "--out", str(tmp_path / "mercredi"), "--password-env", "PW"],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PW": "une phrase sûre"})
    assert done.returncode == 0, done.stderr
    assert f"un paquet plus ancien de ce dossier attend dans la boîte d'envoi : {queued.short_id}" in done.stderr
    assert "outbox add" in done.stderr and f"outbox remove {queued.short_id}" in done.stderr


def test_export_by_another_signer_does_not_advise_replacing_the_older_bundle_with_it(tmp_path):
    """The new mayor's dossier signed with the former mayor's certificate (--autre-signataire):
    its bundle fails verify and `outbox add` refuses it, yet the note said « Pour le remplacer :
    outbox add NOUVEAU, puis outbox remove ANCIEN » — the first command fails and the second takes
    the one valid bundle out of the queue."""
    from socle_desktop.export.identity import identity_to_pkcs12

    identity = demo_identity(now=MONDAY)
    (tmp_path / "ancien-maire.p12").write_bytes(identity_to_pkcs12(identity, "une phrase sûre"))
    data_dir = tmp_path / "donnees"
    with Library.open(data_dir) as library:
        dossier_id, queued = _signed_on_monday_and_queued(library, identity, tmp_path / "lundi")
        changed = library.load(dossier_id)
        changed.collectivite.representant.nom = "Jean Nouveau"
        library.save(changed)

    done = subprocess.run([sys.executable, "-m", "socle_desktop", "--data-dir", str(data_dir), "export", dossier_id,
                           "--out", str(tmp_path / "mercredi"), "--password-env", "PW",
                           "--identity", str(tmp_path / "ancien-maire.p12"), "--autre-signataire"],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PW": "une phrase sûre"})
    assert done.returncode == 0, done.stderr
    assert "le signalera comme un échec" in done.stderr
    assert f"outbox remove {queued.short_id}" not in done.stderr and "outbox add" not in done.stderr, done.stderr
