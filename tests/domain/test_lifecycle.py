"""The dossier's life cycle: one table, every transition checked."""

from __future__ import annotations

import pytest

from socle_desktop.domain import lifecycle as L


@pytest.mark.parametrize(("state", "event", "expected"), [
    ("brouillon", "exporte_signe", "signe"),
    ("brouillon", "modifie", "brouillon"),
    ("signe", "modifie", "modifie_apres_signature"),
    ("copie_sur_support", "modifie", "modifie_apres_signature"),
    ("modifie_apres_signature", "modifie", "modifie_apres_signature"),
    ("modifie_apres_signature", "exporte_signe", "signe"),
    ("signe", "copie_sur_support", "copie_sur_support"),
    ("brouillon", "copie_sur_support", "brouillon"),
    ("signe", "envoye", "envoye"),
    ("copie_sur_support", "envoye", "envoye"),
    ("modifie_apres_signature", "envoye", "modifie_apres_signature"),  # an older version was sent
    ("envoye", "modifie", "envoye"),  # what the server holds stays true
    ("envoye", "exporte_signe", "envoye"),
    ("envoye", "recu", "remis"),
    ("remis", "envoye", "remis"),
    ("remis", "modifie", "remis"),
])
def test_transitions(state, event, expected):
    assert L.next_state(state, event) == expected


def test_every_transition_starts_and_ends_in_a_stored_state_on_a_known_event():
    for (state, event), target in L.TRANSITIONS.items():
        assert state in L.STORED_STATES and target in L.STORED_STATES and event in L.EVENTS


def test_complete_is_only_shown_never_stored():
    assert L.COMPLET not in L.STORED_STATES
    assert L.displayed_state("brouillon", False) == "complet"
    assert L.displayed_state("brouillon", True) == "brouillon"
    assert L.displayed_state("brouillon", None) == "brouillon"  # rules unknown: nothing claimed
    assert L.displayed_state("signe", True) == "signe"


def test_unknown_codes_are_refused():
    with pytest.raises(L.UnknownLifecycleCode):
        L.next_state("vole", "modifie")
    with pytest.raises(L.UnknownLifecycleCode):
        L.next_state("brouillon", "perdu")
    with pytest.raises(L.UnknownLifecycleCode):
        L.states_changed_by("perdu")


def test_the_edit_transition_the_store_applies_comes_from_the_table():
    assert L.states_changed_by(L.EDITED) == {"signe": "modifie_apres_signature",
                                            "copie_sur_support": "modifie_apres_signature"}
