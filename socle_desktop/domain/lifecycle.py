"""The dossier's life cycle: one state machine, every transition in the table below.

States and events are codes; the front-ends' catalogue turns them into French. The store keeps
the state of each dossier and applies `EDITED` in the same transaction as the edit (that is why
the table lives here, below the store); the jobs of `socle_desktop.app` record the other events.

    brouillon ─exporte_signe→ signe ─copie_sur_support→ copie_sur_support
    signe, copie_sur_support ─modifie→ modifie_apres_signature ─exporte_signe→ signe
    brouillon, signe, copie_sur_support ─envoye→ envoye ─recu→ remis

`complet` is never stored: a stored `brouillon` without any finding of gravity `erreur` is shown
as `complet` (`displayed_state`).
"""

from __future__ import annotations

BROUILLON = "brouillon"
COMPLET = "complet"  # displayed only
SIGNE = "signe"
MODIFIE_APRES_SIGNATURE = "modifie_apres_signature"
COPIE_SUR_SUPPORT = "copie_sur_support"
ENVOYE = "envoye"
REMIS = "remis"

# What the store may hold, in the order of the life cycle.
STORED_STATES = (BROUILLON, SIGNE, MODIFIE_APRES_SIGNATURE, COPIE_SUR_SUPPORT, ENVOYE, REMIS)
# What a list of dossiers may show.
DISPLAYED_STATES = (BROUILLON, COMPLET, SIGNE, MODIFIE_APRES_SIGNATURE, COPIE_SUR_SUPPORT, ENVOYE, REMIS)

# Events.
EDITED = "modifie"              # any change to the dossier's content (the store applies it)
EXPORTED_SIGNED = "exporte_signe"  # a signed, non-draft export was written
COPIED_TO_MEDIUM = "copie_sur_support"  # a checked copy of the bundle on a folder or USB stick
SENT = "envoye"                 # the deposit server confirmed it holds every byte of the bundle
RECEIPT = "recu"                # the reception point's receipt for the bundle
EVENTS = (EDITED, EXPORTED_SIGNED, COPIED_TO_MEDIUM, SENT, RECEIPT)

_SIGNED_AND_UNCHANGED = (SIGNE, COPIE_SUR_SUPPORT)

# (state, event) -> next state. A pair that is absent leaves the state as it is.
TRANSITIONS: dict[tuple[str, str], str] = {
    # What was signed no longer describes the dossier. Sent or received stays true: the
    # server holds what it holds.
    **{(state, EDITED): MODIFIE_APRES_SIGNATURE for state in _SIGNED_AND_UNCHANGED},
    # A new signed export describes the dossier as it is now. A dossier already sent or
    # received keeps that fact (re-exporting an unchanged dossier changes nothing there).
    **{(state, EXPORTED_SIGNED): SIGNE for state in (BROUILLON, MODIFIE_APRES_SIGNATURE)},
    (SIGNE, COPIED_TO_MEDIUM): COPIE_SUR_SUPPORT,
    # The bundle reached the deposit server. From `modifie_apres_signature` it stays: what was
    # sent is an older version than the dossier.
    **{(state, SENT): ENVOYE for state in (BROUILLON, SIGNE, COPIE_SUR_SUPPORT)},
    **{(state, RECEIPT): REMIS for state in (BROUILLON, SIGNE, COPIE_SUR_SUPPORT, ENVOYE)},
}


class UnknownLifecycleCode(ValueError):
    """A state or an event this table does not know (a programming error, or a damaged store)."""


def next_state(state: str, event: str) -> str:
    """The state after `event`; the same state when the event does not change it."""
    if state not in STORED_STATES:
        raise UnknownLifecycleCode(state)
    if event not in EVENTS:
        raise UnknownLifecycleCode(event)
    return TRANSITIONS.get((state, event), state)


def states_changed_by(event: str) -> dict[str, str]:
    """{state: next state} for `event`: what the store needs to apply it in one SQL statement."""
    if event not in EVENTS:
        raise UnknownLifecycleCode(event)
    return {state: target for (state, name), target in TRANSITIONS.items() if name == event}


def displayed_state(stored: str, has_errors: bool | None) -> str:
    """The stored state records facts (signed, sent); before any of those, a dossier without
    any finding of gravity `erreur` is shown as complete."""
    if stored == BROUILLON and has_errors is False:
        return COMPLET
    return stored
