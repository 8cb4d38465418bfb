"""Recording the dossier's life-cycle events in the library (the table: domain/lifecycle.py)."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import lifecycle as machine
from ..domain.lifecycle import COPIED_TO_MEDIUM, EXPORTED_SIGNED, RECEIPT, SENT  # noqa: F401  (the events)
from ..store import LibraryError


@dataclass(frozen=True)
class Recorded:
    """The dossier's state after an event, or why it could not be recorded (`problem`: a code,
    or the library's own error; catalogue.record_problem words both). The job itself (files
    written, bundle sent) succeeded either way."""

    dossier_id: str
    state: str | None
    problem: str | LibraryError | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def record(library, dossier_id: str, event: str) -> Recorded:
    """Apply `event` to the library's dossier `dossier_id`. A dossier absent from this library
    (a bundle from elsewhere), a read-only library: `problem` says so, nothing is raised."""
    if event not in machine.EVENTS:
        raise machine.UnknownLifecycleCode(event)  # a programming error, not the user's
    if library is None:
        return Recorded(dossier_id, None, "no_library")
    try:
        return Recorded(dossier_id, library.apply_event(dossier_id, event))
    except LibraryError as error:
        return Recorded(dossier_id, None, error)
