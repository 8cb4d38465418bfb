"""Send and hand-over: what happened to a bundle moves its dossier's life cycle.

The upload itself is the outbox's (`outbox.Sender`, run in the window's worker thread or by
`outbox send`); this records its outcome, in the library's thread. Only a bundle that is the
dossier as it stands moves it: an older version (superseded, sent or copied after an explicit
confirmation) says nothing of the dossier the library holds now.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..domain.lifecycle import COPIED_TO_MEDIUM, RECEIPT, SENT
from ..outbox import ENVOYE, Outbox, OutboxError, hand_over
from ..outbox.superseded import describes_library_dossier, superseded_entries
from . import lifecycle
from .lifecycle import Recorded


def record_sent(library, outbox: Outbox, entry_ids: list[str]) -> list[Recorded]:
    """Each bundle the server confirmed (`envoye`) moves its dossier (when this library holds it;
    a bundle may come from elsewhere, its dossier may be in the trash: the send stays a success)."""
    recorded = []
    for entry_id in entry_ids:
        entry = outbox.get(entry_id)
        if entry.state == ENVOYE and entry.dossier_id and _is_the_dossier(library, outbox, entry):
            recorded.append(lifecycle.record(library, entry.dossier_id, SENT))
    return recorded


def _is_the_dossier(library, outbox: Outbox, entry) -> bool:
    """Whether the bundle still describes the library's dossier (superseded.py decides it)."""
    return library is None or describes_library_dossier(outbox, entry)


def record_receipt(library, outbox: Outbox, entry_id: str, receipt) -> Recorded | None:
    """The reception point accepted the bundle (outbox.receipt.Receipt): its dossier is
    « remis ». A bundle set aside there, or one naming no dossier, records nothing."""
    entry = outbox.get(entry_id)
    if not receipt.accepted or not entry.dossier_id or not _is_the_dossier(library, outbox, entry):
        return None
    return lifecycle.record(library, entry.dossier_id, RECEIPT)


@dataclass(frozen=True)
class HandedOver:
    path: Path  # the checked copy
    entry_id: str
    recorded: Recorded | None  # None: the bundle names no dossier


def hand_over_bundle(library, outbox: Outbox, entry_id: str, folder: Path | str, *,
                     include_superseded: bool = False) -> HandedOver:
    """Copy a queued bundle to a folder or USB stick, read it back, compare; its dossier is then
    « copié sur support » (not « remis »: only the receiving side's receipt says that).
    A superseded bundle (an older version of its dossier) is copied only when the user confirmed
    it (`include_superseded`; the front-ends ask, with the reason), and then leaves the dossier's
    state as it is. Raises OutboxError."""
    entry = outbox.get(entry_id)
    if not include_superseded and entry.id in superseded_entries(outbox):
        raise OutboxError("handover_superseded", filename=entry.filename)
    path = hand_over(outbox, entry.id, folder)
    entry = outbox.get(entry.id)
    recorded = (lifecycle.record(library, entry.dossier_id, COPIED_TO_MEDIUM)
                if entry.dossier_id and _is_the_dossier(library, outbox, entry) else None)
    return HandedOver(path, entry.id, recorded)
