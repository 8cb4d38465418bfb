"""The session over an in-memory dossier: edits, undo/redo, merging, recomputation."""

import re
from dataclasses import replace

import builders

from socle_desktop.domain.model import Dossier
from socle_desktop.domain.money import format_integer
from socle_desktop.gui.session import COLLECTIVITE, ECOLE, LIGNE, DossierSession


def make_session(rules, dossier=None):
    return DossierSession(dossier or builders.dossier(), rules)


def test_typing_in_one_field_is_one_undo_step(qapp, rules):
    session = make_session(rules)
    for text in ("2", "21", "214"):
        session.edit(COLLECTIVITE, None, "siret", text, typing=True)
    assert session.dossier.collectivite.siret == "214"
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert session.dossier.collectivite.siret == builders.VALID_SIRET


def test_edits_in_two_fields_are_two_steps(qapp, rules):
    session = make_session(rules)
    session.edit(COLLECTIVITE, None, "commune", "A", typing=True)
    session.edit(COLLECTIVITE, None, "representant.nom", "B", typing=True)
    assert session.undo_stack.count() == 2
    assert session.dossier.collectivite.representant.nom == "B"


def test_totals_come_from_compute_and_follow_edits(qapp, rules):
    session = make_session(rules, builders.dossier(lignes=[builders.line("equipement", 500000, line_id="l1")]))
    seen = []
    session.changed.connect(seen.append)
    before = session.result.volets["equipement"].depense_ttc
    session.edit(LIGNE, "l1", "quantite", 2)
    assert seen and seen[-1].volets["equipement"].depense_ttc == 2 * before
    session.undo_stack.undo()
    assert session.result.volets["equipement"].depense_ttc == before
    session.undo_stack.redo()
    assert session.result.lignes["l1"].ttc == 2 * before


def test_removing_a_school_removes_its_lines_in_one_step(qapp, rules):
    dossier = builders.dossier(lignes=[builders.line("equipement", 100, line_id="a"),
                                       builders.line("equipement", 200, line_id="b")])
    session = make_session(rules, dossier)
    session.remove_ecoles(["e1"])
    assert session.dossier.ecoles == [] and session.dossier.lignes == []
    session.undo_stack.undo()
    assert [ligne.id for ligne in session.dossier.lignes] == ["a", "b"]
    assert session.dossier.ecoles[0].id == "e1"


def test_undo_names_where_the_change_was(qapp, rules):
    session = make_session(rules)
    places = []
    session.located.connect(places.append)
    session.edit(ECOLE, "e1", "uai", "123")
    assert places == []  # the first application is where the user already is
    session.undo_stack.undo()
    assert places == ["ecoles[0].uai"]


def test_an_empty_dossier_opens(qapp, rules):
    session = make_session(rules, Dossier())
    assert session.result.volets["equipement"].subvention == 0


def test_a_line_or_school_beyond_what_a_dossier_may_hold_is_refused_before_the_edit(qapp, rules):
    """Issue 17 item 15: the window asks the reader's own bound; nothing is added, nothing to undo."""
    import pytest

    from socle_desktop.domain.dossier_json import MAX_ECOLES, MAX_LIGNES, DossierFormatError

    dossier = builders.dossier(lignes=[builders.line("ressources", 100, line_id=f"l{i}") for i in range(MAX_LIGNES)])
    dossier.ecoles = [replace(dossier.ecoles[0], id=f"e{i}") for i in range(MAX_ECOLES)]
    session = make_session(rules, dossier)
    from socle_desktop.catalogue.errors import error_text

    with pytest.raises(DossierFormatError) as caught:
        session.add_ligne("ressources")
    assert re.match(f"^lignes : {format_integer(MAX_LIGNES + 1)} lignes : au plus {format_integer(MAX_LIGNES)} par",
                    error_text(caught.value))
    with pytest.raises(DossierFormatError) as caught:
        session.add_ecole()
    assert re.match(f"^ecoles : {MAX_ECOLES + 1} écoles : au plus {MAX_ECOLES} par", error_text(caught.value))
    assert (len(session.dossier.lignes), len(session.dossier.ecoles)) == (MAX_LIGNES, MAX_ECOLES)
    assert session.undo_stack.count() == 0
    session.remove_lignes(["l0"])
    assert session.add_ligne("ressources") in session.dossier.lignes  # room again
