"""The repository API the window and the CLI share (issue 3, DESIGN.md §3)."""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import replace

import pytest
from store_worded import raises_said, said

from socle_desktop.catalogue.store_errors import dossier_description
from socle_desktop.domain.compute import compute
from socle_desktop.domain.dossier_json import DossierFormatError, dossier_to_dict, dumps_dossier, loads_dossier
from socle_desktop.domain.model import Collectivite, Ecole, Ligne, Projet
from socle_desktop.domain.money import format_integer
from socle_desktop.resources import load_rules, resource_path
from socle_desktop.store import (
    APPLICATION_ID,
    COPY,
    MAX_PIECE_BYTES,
    REFUSE,
    REPLACE,
    SCHEMA_VERSION,
    DossierExistsError,
    DossierNotFound,
    InvalidDossierError,
    Library,
    LibraryError,
    LibraryLockedError,
    LibraryMissing,
    PieceNotFound,
)


def test_import_then_load_gives_back_the_imported_content_under_a_new_id(library, demo_text):
    new_id = library.import_json(demo_text)
    original = json.loads(demo_text)
    assert new_id != original["id"]
    shown = json.loads(dumps_dossier(library.load(new_id)))
    assert shown.pop("id") == new_id
    original.pop("id")
    original.setdefault("pieces", [])
    assert shown == original


def test_unknown_fields_and_projet_fields_round_trip_in_order(library, demo_text):
    data = json.loads(demo_text)
    data["projet"]["calendrier"] = "Rentrée 2021"
    data["projet"]["objectifs"] = ["équiper", {"détail": [1, 2.5, None, True]}]
    data["note"] = {"z": 1, "a": 2}
    new_id = library.import_json(json.dumps(data, ensure_ascii=False))
    shown = dossier_to_dict(library.load(new_id))
    further = [key for key in data["projet"] if key not in ("intitule", "description")]
    assert list(shown["projet"]) == ["intitule", "description", *further]
    assert shown["projet"]["objectifs"] == data["projet"]["objectifs"]
    assert shown["note"] == {"z": 1, "a": 2} and list(shown["note"]) == ["z", "a"]


def test_importing_the_same_file_twice_makes_two_distinct_dossiers(library, demo_text):
    first, second = library.import_json(demo_text), library.import_json(demo_text)
    assert first != second
    assert {summary.id for summary in library.list_dossiers()} == {first, second}
    library.put_ligne(first, replace(library.load(first).lignes[0], libelle="modifiée"))
    assert library.load(second).lignes[0].libelle != "modifiée"


def test_a_known_id_is_refused_replaced_or_kept_beside_as_the_user_chose(library, demo_text):
    import hashlib

    first = library.import_json(demo_text, existing=REFUSE)
    assert first == json.loads(demo_text)["id"]  # a dossier keeps its id when imported
    before = library.list_dossiers()
    with pytest.raises(DossierExistsError) as refused:
        library.import_json(demo_text, existing=REFUSE)
    assert first in said(refused) and "Saint-Exemple" in dossier_description(refused.value.description)
    assert library.list_dossiers() == before  # nothing written

    copy = library.import_json(demo_text, existing=COPY)
    assert copy != first and library.load(copy).projet.intitule.endswith(" (copie)")
    assert library.load(first).projet.intitule == json.loads(demo_text)["projet"]["intitule"]

    # Replacing takes the file's content and the attachments given with it, under the same id.
    data = json.loads(demo_text)
    data["projet"]["intitule"] = "Intitulé corrigé"
    new_bytes = b"%PDF nouvelle deliberation"
    digest = hashlib.sha256(new_bytes).hexdigest()
    data["pieces"].append({"id": "pnew", "nom": "nouvelle.pdf", "type": "deliberation", "sha256": digest,
                           "taille": len(new_bytes)})
    stored = library.store_imported(loads_dossier(json.dumps(data)), piece_files={digest: new_bytes},
                                    existing=REPLACE)
    assert stored == first
    assert library.load(first).projet.intitule == "Intitulé corrigé"
    assert library.piece_bytes(digest) == new_bytes
    assert {summary.id for summary in library.list_dossiers()} == {first, copy}
    with pytest.raises(ValueError):
        library.import_json(demo_text, existing="peut-être")


def test_invalid_json_is_refused_with_the_domain_error_and_nothing_stored(library):
    with pytest.raises(InvalidDossierError) as caught:
        library.import_json('{"format": "socle-dossier", "version_format": 1, "id": "x"}')
    assert isinstance(caught.value, DossierFormatError)
    assert caught.value.chemin == "ecoles"
    assert "obligatoire" in said(caught)
    assert library.list_dossiers() == []


def test_create_keeps_its_id_unless_taken(library, make_dossier):
    dossier = make_dossier()
    assert library.create(dossier) == dossier.id
    other_id = library.create(dossier)
    assert other_id != dossier.id
    assert len(library.list_dossiers()) == 2


def complete_it(dossier) -> dict[str, bytes]:
    """What the rules' completeness asks for besides the figures: objectives, a contact, a
    délibération and devis; returns their files (sha256 -> bytes), for `create` to store."""
    import hashlib

    from socle_desktop.domain.model import Contact, Piece

    dossier.projet.autres["objectifs"] = "Équiper les classes."
    dossier.collectivite.contact = Contact(nom="Jeanne Test", courriel="mairie@agnat.fr")
    dossier.collectivite.siret = "21430001400013"
    files = {}
    dossier.pieces = []
    for piece_id, nom, kind in [("p1", "deliberation.pdf", "deliberation"),
                                *((f"d{i}", f"devis-{i}.pdf", "devis") for i in range(3))]:
        data = f"%PDF-1.4 {nom}".encode()
        sha256 = hashlib.sha256(data).hexdigest()
        files[sha256] = data
        dossier.pieces.append(Piece(id=piece_id, nom=nom, type=kind, sha256=sha256, taille=len(data)))
    return files


def test_summary_figures_come_from_the_domain(library, make_dossier, rules):
    dossier = make_dossier(schools=3, lines=20)
    dossier_id = library.create(dossier, piece_files=complete_it(dossier))
    (summary,) = library.list_dossiers()
    result = compute(dossier, rules)
    assert summary.subvention_centimes == result.total.subvention > 0
    assert summary.has_errors is result.has_errors is False
    assert (summary.raison_sociale, summary.intitule, summary.nb_ecoles) == ("Commune test", "Projet test", 3)
    assert summary.etat == "complet" and summary.created == summary.modified
    assert summary.id == dossier_id


def test_the_list_has_the_referentiel_s_findings_too(library, make_dossier):
    """A SIRET of another commune is an error in the window and at export: the list must not call
    that dossier « complet »."""
    dossier = make_dossier(schools=1, lines=4)
    library.create(dossier, piece_files=complete_it(dossier))
    assert library.list_dossiers()[0].has_errors is False
    other = make_dossier(schools=1, lines=4)
    files = complete_it(other)
    other.collectivite.siret = "21430157400007"  # Le Puy-en-Velay's SIREN (214301574), not Agnat's
    other_id = library.create(other, piece_files=files)
    summary = next(s for s in library.list_dossiers() if s.id == other_id)
    assert summary.has_errors is True and summary.etat != "complet"


def test_an_edit_marks_the_summary_stale_and_the_list_recomputes_it(library, make_dossier, rules):
    dossier_id = library.create(make_dossier(schools=2, lines=8))
    before = library.list_dossiers()[0]
    ligne = replace(library.load(dossier_id).lignes[0], quantite=50)
    library.put_ligne(dossier_id, ligne)
    stale = library.db.conn.execute(
        "SELECT revision != resume_revision FROM dossiers WHERE id = ?", [dossier_id]).fetchone()[0]
    assert stale == 1
    after = library.list_dossiers()[0]
    assert after.subvention_centimes == compute(library.load(dossier_id), rules).total.subvention
    assert after.subvention_centimes > before.subvention_centimes
    assert after.modified > before.modified
    fresh = library.db.conn.execute(
        "SELECT revision = resume_revision FROM dossiers WHERE id = ?", [dossier_id]).fetchone()[0]
    assert fresh == 1
    assert library.check() == []


def test_an_error_in_the_dossier_shows_in_the_summary(library, make_dossier):
    dossier_id = library.create(make_dossier())
    dossier = library.load(dossier_id)
    library.update_collectivite(dossier_id, replace(dossier.collectivite, siret="123"))
    assert library.list_dossiers()[0].has_errors is True


def test_lines_keep_their_order_through_insert_move_and_remove(library, make_dossier):
    dossier_id = library.create(make_dossier(schools=1, lines=5))
    ids = lambda: [ligne.id for ligne in library.load(dossier_id).lignes]  # noqa: E731
    assert ids() == ["l0", "l1", "l2", "l3", "l4"]
    library.put_ligne(dossier_id, Ligne(id="new", volet="ressources", categorie="ent", libelle="ENT",
                                        quantite=1, prix_unitaire_ht_centimes=100), position=1)
    assert ids() == ["l0", "new", "l1", "l2", "l3", "l4"]
    library.put_ligne(dossier_id, library.load(dossier_id).lignes[0], position=4)  # l0 moves down
    assert ids() == ["new", "l1", "l2", "l3", "l0", "l4"]
    library.put_ligne(dossier_id, library.load(dossier_id).lignes[5], position=0)  # l4 moves up
    assert ids() == ["l4", "new", "l1", "l2", "l3", "l0"]
    library.put_ligne(dossier_id, replace(library.load(dossier_id).lignes[2], libelle="x"))  # stays
    assert ids() == ["l4", "new", "l1", "l2", "l3", "l0"]
    library.remove_ligne(dossier_id, "l2")
    assert ids() == ["l4", "new", "l1", "l3", "l0"]
    library.put_ligne(dossier_id, Ligne(id="end", volet="ressources", categorie="ent", libelle="fin",
                                        quantite=1, prix_unitaire_ht_centimes=1), position=99)
    assert ids()[-1] == "end"
    assert library.check() == []


def test_schools_can_be_added_moved_and_removed_leaving_their_lines(library, make_dossier):
    dossier_id = library.create(make_dossier(schools=2, lines=4))
    library.put_ecole(dossier_id, Ecole(id="e9", nom="Nouvelle", uai="0439909M", code_insee="43001",
                                        nb_classes=1, nb_eleves=20), position=0)
    assert [ecole.id for ecole in library.load(dossier_id).ecoles] == ["e9", "e0", "e1"]
    library.remove_ecole(dossier_id, "e0")
    dossier = library.load(dossier_id)
    assert [ecole.id for ecole in dossier.ecoles] == ["e9", "e1"]
    assert len(dossier.lignes) == 4  # lines of e0 are kept, reported by the domain
    with raises_said(LibraryError, "aucune école"):
        library.remove_ecole(dossier_id, "e0")


def test_collectivite_and_projet_updates(library, make_dossier):
    dossier_id = library.create(make_dossier())
    library.update_collectivite(dossier_id, Collectivite(type="epci", raison_sociale="CC du Plateau",
                                                         siret="21439999000016"))
    library.update_projet(dossier_id, Projet(intitule="Nouveau", description="", autres={"calendrier": "2022"}))
    dossier = library.load(dossier_id)
    assert (dossier.collectivite.type, dossier.collectivite.raison_sociale) == ("epci", "CC du Plateau")
    assert dossier.projet.autres == {"calendrier": "2022"}
    assert library.list_dossiers()[0].intitule == "Nouveau"


def test_a_wrongly_typed_edit_is_refused_and_changes_nothing(library, make_dossier):
    dossier_id = library.create(make_dossier())
    before = dumps_dossier(library.load(dossier_id))
    bad = replace(library.load(dossier_id).lignes[0], taux_tva="19.6")
    with raises_said(InvalidDossierError, "taux_tva"):
        library.put_ligne(dossier_id, bad)
    with pytest.raises(InvalidDossierError):
        library.put_ligne(dossier_id, replace(bad, taux_tva="20", quantite="3"))
    assert dumps_dossier(library.load(dossier_id)) == before


def test_save_replaces_the_whole_dossier_in_one_go(library, make_dossier):
    dossier_id = library.create(make_dossier(schools=2, lines=6))
    dossier = library.load(dossier_id)
    dossier.lignes = list(reversed(dossier.lignes[:3]))
    dossier.ecoles[0].nom = "Renommée"
    dossier.extra = {"marque": 1}
    library.save(dossier)
    assert dumps_dossier(library.load(dossier_id)) == dumps_dossier(dossier)
    assert library.check() == []
    with pytest.raises(DossierNotFound):
        library.save(replace(dossier, id="inconnu"))


def test_edits_of_an_unknown_dossier_raise_dossier_not_found(library):
    for call in (lambda: library.load("nope"), lambda: library.put_ligne("nope", Ligne()),
                 lambda: library.trash("nope"), lambda: library.apply_event("nope", "exporte_signe")):
        with raises_said(DossierNotFound, "aucun dossier"):
            call()


def test_duplicate_makes_an_independent_copy(library, make_dossier):
    dossier_id = library.create(make_dossier())
    copy_id = library.duplicate(dossier_id)
    assert copy_id != dossier_id
    original, copy = library.load(dossier_id), library.load(copy_id)
    assert dumps_dossier(replace(copy, id=dossier_id)) == dumps_dossier(original)
    library.remove_ligne(copy_id, "l0")
    assert len(library.load(dossier_id).lignes) == len(original.lignes)


def test_trash_restore_and_purge(library, make_dossier, tmp_path):
    keep = library.create(make_dossier())
    gone = library.create(make_dossier())
    source = tmp_path / "devis.pdf"
    source.write_bytes(b"%PDF devis")
    piece = library.add_piece(gone, source, type="devis")
    with raises_said(LibraryError, "corbeille"):
        library.purge(gone)
    library.trash(gone)
    assert [s.id for s in library.list_dossiers()] == [keep]
    assert [s.id for s in library.list_trash()] == [gone]
    assert library.list_trash()[0].trashed is not None
    library.restore(gone)
    assert {s.id for s in library.list_dossiers()} == {keep, gone}
    library.trash(gone)
    library.purge(gone)
    assert library.list_trash() == []
    with pytest.raises(DossierNotFound):
        library.load(gone)
    with pytest.raises(PieceNotFound):  # its attachment was used by nobody else
        library.piece_bytes(piece.sha256)
    assert library.db.conn.execute("SELECT COUNT(*) FROM lignes WHERE dossier_id = ?", [gone]).fetchone()[0] == 0


def test_apply_event_follows_the_life_cycle_and_refuses_unknown_codes(library, make_dossier):
    dossier_id = library.create(make_dossier())
    assert library.apply_event(dossier_id, "exporte_signe") == "signe"
    assert library.list_dossiers()[0].etat == "signe"
    assert library.apply_event(dossier_id, "recu") == "remis"
    assert library.apply_event(dossier_id, "exporte_signe") == "remis"  # received stays true
    with pytest.raises(ValueError):
        library.apply_event(dossier_id, "perdu")
    assert library.list_dossiers()[0].etat == "remis"


def test_pieces_are_stored_once_by_content(library, make_dossier, tmp_path):
    first, second = library.create(make_dossier()), library.create(make_dossier())
    source = tmp_path / "délibération.pdf"
    source.write_bytes(b"%PDF-1.7 deliberation" * 100)
    piece_a = library.add_piece(first, source, type="deliberation")
    piece_b = library.add_piece(second, source, nom="copie.pdf")
    assert piece_a.sha256 == piece_b.sha256 and piece_a.taille == 2100
    assert (piece_a.nom, piece_a.type, piece_b.nom, piece_b.type) == (
        "délibération.pdf", "deliberation", "copie.pdf", "autre")
    assert library.db.conn.execute("SELECT COUNT(*) FROM fichiers").fetchone()[0] == 1
    assert library.piece_bytes(piece_a.sha256) == source.read_bytes()
    assert library.load(first).pieces == [piece_a]
    library.remove_piece(first, piece_a.id)
    assert library.load(first).pieces == []
    assert library.piece_bytes(piece_a.sha256)  # still used by the second dossier


def test_an_attachment_over_50_mo_is_refused_with_a_clear_message(library, make_dossier, tmp_path):
    dossier_id = library.create(make_dossier())
    big = tmp_path / "scan énorme.pdf"
    with big.open("wb") as handle:  # sparse: costs no disk
        handle.truncate(MAX_PIECE_BYTES + 1)
    with pytest.raises(LibraryError) as caught:
        library.add_piece(dossier_id, big)
    assert "« scan énorme.pdf » pèse 50,0 Mo" in said(caught)
    assert "ne peut pas dépasser 50 Mo" in said(caught)
    assert library.load(dossier_id).pieces == []
    with raises_said(LibraryError, "introuvable"):
        library.add_piece(dossier_id, tmp_path / "absent.pdf")


def test_imported_pieces_without_bytes_are_reported_not_invented(library, demo_text):
    data = json.loads(demo_text)
    data["pieces"] = [{"id": "p1", "nom": "devis.pdf", "type": "devis", "sha256": "ab" * 32, "taille": 10}]
    dossier_id = library.import_json(json.dumps(data))
    with raises_said(PieceNotFound, "joignez à nouveau"):
        library.piece_bytes("ab" * 32)
    assert [(did, piece.nom) for did, piece in library.missing_piece_files()] == [(dossier_id, "devis.pdf")]
    assert library.check() == []


def test_a_dossier_imported_without_its_files_is_not_called_complete_until_they_come(library, demo_text, tmp_path):
    """Its list entry shows errors (the window's side menu and Contrôles say which piece), and
    importing the files later (the same dossier beside them) makes it whole again."""
    demo_folder = resource_path("demo", "demo-dossier.json").parent
    alone = library.import_json(demo_text)  # no folder given: none of the attachments' files
    dossier = library.load(alone)
    assert {p.nom for p in dossier.pieces} and library.absent_pieces(dossier) == {p.id for p in dossier.pieces}
    summary = next(s for s in library.list_dossiers() if s.id == alone)
    assert summary.has_errors is True
    assert library.check() == []  # the cached summary agrees with `check`'s own computation
    whole = library.import_json(demo_text, pieces_dir=demo_folder)
    assert library.absent_pieces(library.load(whole)) == set()
    # the files now held, the first dossier (same contents) is whole too: its summary follows
    assert library.absent_pieces(dossier) == set()
    summaries = {s.id: s for s in library.list_dossiers()}
    assert summaries[alone].has_errors is False and summaries[whole].has_errors is False
    assert library.check() == []


def test_attaching_the_very_file_a_piece_lacks_gives_it_back_without_a_second_piece(library, demo_text):
    alone = library.import_json(demo_text)
    devis = next(p for p in library.load(alone).pieces if p.type == "devis")
    restored = library.add_piece(alone, resource_path("demo", devis.nom), type="devis")
    assert restored == devis  # the same piece, its schools kept
    dossier = library.load(alone)
    assert [p.id for p in dossier.pieces].count(devis.id) == 1 and len(dossier.pieces) == 2
    assert library.absent_pieces(dossier) == {p.id for p in dossier.pieces if p.id != devis.id}
    again = library.add_piece(alone, resource_path("demo", devis.nom), type="devis")  # now whole: a new piece
    assert again.id != devis.id and len(library.load(alone).pieces) == 3


def test_id_prefix_of_8_characters_is_accepted_when_unambiguous(library, make_dossier):
    dossier = make_dossier()
    dossier.id = "abcdef12-0000-4000-8000-000000000001"
    library.create(dossier)
    assert library.resolve_id("abcdef12") == dossier.id
    assert library.resolve_id(dossier.id) == dossier.id
    with pytest.raises(DossierNotFound):
        library.resolve_id("abcdef1")  # too short
    other = replace(make_dossier(), id="abcdef12-9999-4000-8000-000000000002")
    library.create(other)
    with raises_said(LibraryError, "plusieurs"):
        library.resolve_id("abcdef12")
    assert library.resolve_id("abcdef12-9") == other.id
    with pytest.raises(DossierNotFound):
        library.resolve_id("abcdef12_%")  # LIKE wildcards are taken literally


def test_pragmas_application_id_user_version_foreign_keys_wal(library):
    conn = library.db.conn
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA journal_size_limit").fetchone()[0] == 8 * 1024 * 1024


def test_a_second_writer_is_refused_and_a_reader_sees_the_data(tmp_path, make_dossier):
    folder = tmp_path / "donnees"
    with Library.open(folder) as writer:
        dossier_id = writer.create(make_dossier())
        with raises_said(LibraryLockedError, "déjà ouverte"):
            Library.open(folder)
        with Library.open(folder, read_only=True) as reader:
            assert [s.id for s in reader.list_dossiers()] == [dossier_id]
            writer.put_ligne(dossier_id, replace(writer.load(dossier_id).lignes[0], quantite=99))
            assert reader.load(dossier_id).lignes[0].quantite == 99
            with raises_said(LibraryError, "lecture seule"):
                reader.put_ligne(dossier_id, Ligne())
    with Library.open(folder) as again:  # the lock went with the close
        assert again.load(dossier_id).lignes[0].quantite == 99


def test_read_only_open_of_an_empty_folder(tmp_path):
    with pytest.raises(LibraryMissing):
        Library.open(tmp_path / "rien", read_only=True)
    assert not (tmp_path / "rien").exists()


def test_a_foreign_sqlite_file_is_not_taken_for_a_library(tmp_path):
    folder = tmp_path / "donnees"
    folder.mkdir()
    other = sqlite3.connect(folder / "bibliotheque.sqlite")
    other.execute("CREATE TABLE clients (nom TEXT)")
    other.commit()
    other.close()
    with raises_said(LibraryError, "n'est pas une bibliothèque"):
        Library.open(folder)


def test_a_library_from_a_newer_version_is_left_alone(tmp_path):
    folder = tmp_path / "donnees"
    Library.open(folder).close()
    conn = sqlite3.connect(folder / "bibliotheque.sqlite")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with raises_said(LibraryError, "version plus récente"):
        Library.open(folder)


def test_a_closed_library_says_so(tmp_path):
    lib = Library.open(tmp_path / "donnees")
    lib.close()
    with raises_said(LibraryError, "fermée"):
        lib.list_dossiers()


def test_other_parts_may_keep_their_tables_with_their_own_migrations(library, make_dossier):
    import sqlite_utils

    theirs = sqlite_utils.Migrations("une-autre-partie")

    @theirs()
    def create_table(db):
        db["autre_table"].create({"id": int, "texte": str}, pk="id")

    theirs.apply(library.db)
    library.db["autre_table"].insert({"id": 1, "texte": "é"})
    library.create(make_dossier())
    assert library.check() == []
    assert library.db["autre_table"].count == 1


def test_loaded_dossier_survives_a_json_round_trip(library, make_dossier):
    dossier_id = library.create(make_dossier(schools=4, lines=30))
    text = dumps_dossier(library.load(dossier_id))
    assert dumps_dossier(loads_dossier(text)) == text


def test_import_takes_the_attachments_lying_beside_the_json_when_their_hash_matches(library, demo_text, tmp_path):
    import hashlib

    good, wrong = b"%PDF devis du fournisseur", b"%PDF autre contenu, meme taille!"
    data = json.loads(demo_text)
    data["pieces"] = [
        {"id": "p1", "nom": "../../devis.pdf", "type": "devis", "sha256": hashlib.sha256(good).hexdigest(),
         "taille": len(good)},
        {"id": "p2", "nom": "absent.pdf", "type": "autre", "sha256": hashlib.sha256(b"x").hexdigest(), "taille": 1},
        {"id": "p3", "nom": "faux.pdf", "type": "autre", "sha256": "cd" * 32, "taille": len(wrong)},
    ]
    (tmp_path / "pieces").mkdir()
    (tmp_path / "pieces" / "renomme.pdf").write_bytes(good)  # found by content, not by name
    (tmp_path / "faux.pdf").write_bytes(wrong)  # right name and size, wrong content
    dossier_id = library.import_json(json.dumps(data), pieces_dir=tmp_path)
    assert library.piece_bytes(data["pieces"][0]["sha256"]) == good
    missing = [piece.id for did, piece in library.missing_piece_files() if did == dossier_id]
    assert missing == ["p2", "p3"]
    assert library.check() == []


def test_a_worker_thread_may_read_attachments_while_the_window_edits(library, make_dossier, tmp_path):
    import threading

    dossier_id = library.create(make_dossier(lines=20))
    source = tmp_path / "devis.pdf"
    source.write_bytes(b"%PDF" + bytes(range(256)) * 40)
    piece = library.add_piece(dossier_id, source)
    failures: list[BaseException] = []

    def export_worker() -> None:
        try:
            for _ in range(200):
                assert library.piece_bytes(piece.sha256) == source.read_bytes()
        except BaseException as error:  # reported to the main thread
            failures.append(error)

    worker = threading.Thread(target=export_worker)
    worker.start()
    ligne = library.load(dossier_id).lignes[0]
    for quantity in range(1, 200):
        library.put_ligne(dossier_id, replace(ligne, quantite=quantity))
    worker.join()
    assert failures == []
    assert library.load(dossier_id).lignes[0].quantite == 199
    assert library.check() == []


def test_a_write_blocked_by_another_connection_fails_cleanly_and_changes_nothing(library, make_dossier):
    dossier_id = library.create(make_dossier())
    library.db.conn.execute("PRAGMA busy_timeout = 100")
    other = sqlite3.connect(library.path, isolation_level=None, timeout=0.1)
    other.execute("BEGIN IMMEDIATE")  # e.g. the outbox's own connection, in the middle of a write
    try:
        with raises_said(LibraryLockedError, "occupée par une autre opération"):
            library.put_ligne(dossier_id, replace(library.load(dossier_id).lignes[0], quantite=77))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert library.load(dossier_id).lignes[0].quantite != 77
    library.put_ligne(dossier_id, replace(library.load(dossier_id).lignes[0], quantite=77))
    assert library.load(dossier_id).lignes[0].quantite == 77


def _etat(library, dossier_id):
    return next(s.etat for s in library.list_dossiers() if s.id == dossier_id)


def test_shown_state_follows_the_findings_and_a_signed_dossier_edited_is_modified_after_signature(
        library, demo_text):
    dossier_id = library.import_json(demo_text, pieces_dir=resource_path("demo"))  # with its files
    assert _etat(library, dossier_id) == "complet"  # the demo has no finding of gravity erreur
    library.apply_event(dossier_id, "exporte_signe")
    assert _etat(library, dossier_id) == "signe"
    collectivite = library.load(dossier_id).collectivite
    library.update_collectivite(dossier_id, replace(collectivite, siret="123"))
    assert _etat(library, dossier_id) == "modifie_apres_signature"
    library.update_collectivite(dossier_id, collectivite)
    assert _etat(library, dossier_id) == "modifie_apres_signature"  # what was signed is not re-checked
    library.apply_event(dossier_id, "exporte_signe")
    assert _etat(library, dossier_id) == "signe"
    library.apply_event(dossier_id, "envoye")
    library.update_collectivite(dossier_id, replace(collectivite, adresse="2 place de la Mairie"))
    assert _etat(library, dossier_id) == "envoye"  # it was sent: that stays true


def test_a_duplicate_of_a_signed_dossier_starts_as_a_draft(library, demo_text):
    dossier_id = library.import_json(demo_text, pieces_dir=resource_path("demo"))
    library.apply_event(dossier_id, "exporte_signe")
    copy_id = library.duplicate(dossier_id)
    assert _etat(library, copy_id) == "complet" and _etat(library, dossier_id) == "signe"


def test_values_json_and_sqlite_cannot_hold_are_refused_and_nothing_changes(library, demo_text):
    dossier_id = library.import_json(demo_text)
    before = library.load(dossier_id)
    with raises_said(LibraryError, "caractère invalide"):
        library.put_ligne(dossier_id, replace(before.lignes[0], libelle="écran\ud800"))
    with raises_said(InvalidDossierError, "NaN"):
        library.save(replace(before, extra={"budget": float("nan")}))
    with raises_said(InvalidDossierError, r"projet\.note : texte invalide"):
        library.update_projet(dossier_id, replace(before.projet, autres={"note": "\udcff"}))
    with raises_said(InvalidDossierError, r"representant\.qualite : le texte contient un caractère invalide"):
        library.import_json(demo_text.replace('"Maire"', '"Ma\\ud800ire"'))
    assert library.load(dossier_id) == before and library.check() == []


def test_figures_beyond_the_dossier_limit_are_refused_and_nothing_changes(library, demo_text):
    dossier_id = library.import_json(demo_text)
    before = library.load(dossier_id)
    huge = replace(before.lignes[0], id="enorme", quantite=10**6, prix_unitaire_ht_centimes=10**11)
    with raises_said(InvalidDossierError, "cent milliards"):
        library.put_ligne(dossier_id, huge)
    assert library.load(dossier_id) == before
    assert library.list_dossiers()[0].subvention_centimes == compute(before, load_rules()).total.subvention


def test_attaching_a_folder_or_a_device_says_what_it_is(library, demo_text, tmp_path):
    dossier_id = library.import_json(demo_text)
    with raises_said(LibraryError, "est un dossier"):
        library.add_piece(dossier_id, tmp_path)
    if os.path.exists("/dev/null"):
        with raises_said(LibraryError, "n'est pas un fichier ordinaire"):
            library.add_piece(dossier_id, "/dev/null")


def test_an_item_beyond_what_a_dossier_may_hold_is_refused_naming_the_field(library, make_dossier):
    """Issue 17 item 15: one line or school added at a time (the window) meets the reader's bound,
    as an import does; changing an item already there still works at the bound."""
    from socle_desktop.domain.dossier_json import MAX_ECOLES, MAX_LIGNES

    dossier = make_dossier(schools=MAX_ECOLES, lines=MAX_LIGNES)
    dossier_id = library.create(dossier)
    with raises_said(InvalidDossierError,
                     f"^lignes : {format_integer(MAX_LIGNES + 1)} lignes : au plus {format_integer(MAX_LIGNES)} par"):
        library.put_ligne(dossier_id, replace(dossier.lignes[0], id="one-more"))
    with raises_said(InvalidDossierError, f"^ecoles : {MAX_ECOLES + 1} écoles : au plus {MAX_ECOLES} par"):
        library.put_ecole(dossier_id, replace(dossier.ecoles[0], id="one-more"), position=0)
    library.put_ligne(dossier_id, replace(dossier.lignes[5], libelle="Changé"))
    stored = library.load(dossier_id)
    assert len(stored.lignes) == MAX_LIGNES and len(stored.ecoles) == MAX_ECOLES
    assert stored.lignes[5].libelle == "Changé" and "one-more" not in {e.id for e in stored.ecoles}


def test_the_schools_a_devis_covers_are_stored_edited_and_given_back(library, make_dossier):
    from socle_desktop.domain.model import Piece

    dossier = make_dossier(schools=2, lines=4)
    dossier.pieces = [Piece(id="p1", nom="devis.pdf", type="devis", sha256="a" * 64, taille=3, ecoles=("e0", "e1"))]
    dossier_id = library.create(dossier)
    assert library.load(dossier_id).pieces[0].ecoles == ("e0", "e1")
    library.put_piece(dossier_id, replace(library.load(dossier_id).pieces[0], ecoles=("e1",)))
    assert library.load(dossier_id).pieces[0].ecoles == ("e1",)
    assert dossier_to_dict(library.load(dossier_id))["pieces"][0]["ecoles"] == ["e1"]
    assert library.check() == []
