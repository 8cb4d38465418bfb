"""Send and hand-over: what happened to a bundle moves its dossier's life cycle.

The upload itself is the outbox's (`outbox.Sender`, run in the window's worker thread or by
`outbox send`); this records its outcome, in the library's thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..domain.lifecycle import COPIED_TO_MEDIUM, RECEIPT, SENT
from ..outbox import ENVOYE, Outbox, hand_over
from . import lifecycle
from .lifecycle import Recorded


def record_sent(library, outbox: Outbox, entry_ids: list[str]) -> list[Recorded]:
    """Each bundle the server confirmed (`envoye`) moves its dossier (when this library holds it;
    a bundle may come from elsewhere, its dossier may be in the trash: the send stays a success)."""
    recorded = []
    for entry_id in entry_ids:
        entry = outbox.get(entry_id)
        if entry.state == ENVOYE and entry.dossier_id:
            recorded.append(lifecycle.record(library, entry.dossier_id, SENT))
    return recorded


def record_receipt(library, outbox: Outbox, entry_id: str, receipt) -> Recorded | None:
    """The reception point accepted the bundle (outbox.receipt.Receipt): its dossier is
    « remis ». A bundle set aside there, or one naming no dossier, records nothing."""
    entry = outbox.get(entry_id)
    if not receipt.accepted or not entry.dossier_id:
        return None
    return lifecycle.record(library, entry.dossier_id, RECEIPT)


@dataclass(frozen=True)
class HandedOver:
    path: Path  # the checked copy
    entry_id: str
    recorded: Recorded | None  # None: the bundle names no dossier


def hand_over_bundle(library, outbox: Outbox, entry_id: str, folder: Path | str) -> HandedOver:
    """Copy a queued bundle to a folder or USB stick, read it back, compare; its dossier is then
    « copié sur support » (not « remis »: only the receiving side's receipt says that).
    Raises OutboxError."""
    path = hand_over(outbox, entry_id, folder)
    entry = outbox.get(entry_id)
    recorded = lifecycle.record(library, entry.dossier_id, COPIED_TO_MEDIUM) if entry.dossier_id else None
    return HandedOver(path, entry.id, recorded)
