"""Which queued bundles no longer describe their dossier (issue 10: stale exports are visible).

A bundle waiting in the outbox is *superseded* when
- a bundle of the same dossier signed later is in the queue too (re-exported after a change), or
- the dossier in the library was edited after its last signed export (its life-cycle state is
  `modifie_apres_signature`): what would be sent is an older version than the dossier, or
- the dossier in the library was edited and signed again since, the new bundle kept out of the
  queue (saved in a folder, copied to a USB key): its state is « Signé » again, yet the
  bundle's dossier.json is no longer the library's dossier.

A superseded bundle is never sent without an explicit confirmation (`include_superseded`), and
the outbox shows why. Bundles already sent are history, not superseded.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..domain.lifecycle import MODIFIE_APRES_SIGNATURE
from ..export.bag_layout import BAG_INFO, INFO_SIGNING_TIME, parse_bag_info
from .queue import ENVOYE, REMIS

# Why an entry is superseded (codes; the front-ends' catalogue words them).
NEWER_IN_QUEUE, DOSSIER_EDITED = "plus_recent_dans_la_file", "dossier_modifie"
DOSSIER_SIGNED_AGAIN = "dossier_signe_a_nouveau"
MAX_BAG_INFO = 64 * 1024
_DONE = (ENVOYE, REMIS)


def bundle_signing_time(path: Path) -> dt.datetime | None:
    """The signing time bag-info.txt records (covered by the bundle's signature), or None."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.count("/") == 1 and n.endswith("/" + BAG_INFO)]
            if len(names) != 1 or archive.getinfo(names[0]).file_size > MAX_BAG_INFO:
                return None
            info = parse_bag_info(archive.read(names[0]))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return None
    values = info.get(INFO_SIGNING_TIME, [])
    if len(values) != 1:  # absent, or ambiguous
        return None
    try:
        moment = dt.datetime.fromisoformat(values[0])
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def dossier_states(db, dossier_ids) -> dict[str, str]:
    """The life-cycle state of each dossier of the library that shares the outbox's file."""
    ids = sorted({i for i in dossier_ids if i})
    if not ids or "dossiers" not in db.table_names():
        return {}
    marks = ",".join("?" for _ in ids)
    try:
        rows = db.execute(f"SELECT id, etat FROM dossiers WHERE id IN ({marks})", ids).fetchall()
    except sqlite3.OperationalError:  # an older library without the column: nothing known
        return {}
    return {str(row[0]): str(row[1]) for row in rows}


@dataclass(frozen=True)
class Supersession:
    code: str  # NEWER_IN_QUEUE, DOSSIER_EDITED or DOSSIER_SIGNED_AGAIN
    newer_short_id: str = ""  # the newer bundle of the same dossier (NEWER_IN_QUEUE)


def superseded_entries(outbox) -> dict[str, Supersession]:
    """{entry id: why it is superseded} for the entries not yet sent."""
    entries = outbox.entries()
    times = {e.id: _signing_time_of(str(outbox.bundle_path(e)), e.sha256) for e in entries if e.dossier_id}
    states = dossier_states(outbox.db, [e.dossier_id for e in entries])
    # Signing times have a one-second grain: two exports in the same second are told apart by
    # their order in the queue (entries() is ordered by when they were added).
    rank = {e.id: (times.get(e.id), position) for position, e in enumerate(entries)}
    reasons: dict[str, Supersession] = {}
    for entry in entries:
        if not entry.dossier_id or entry.state in _DONE:
            continue
        mine = times.get(entry.id)
        newer = [other for other in entries if other.id != entry.id and other.dossier_id == entry.dossier_id
                 and mine is not None and times.get(other.id) is not None and rank[other.id] > rank[entry.id]]
        if newer:
            reasons[entry.id] = Supersession(NEWER_IN_QUEUE, newer[0].short_id)
        elif states.get(entry.dossier_id) == MODIFIE_APRES_SIGNATURE:
            reasons[entry.id] = Supersession(DOSSIER_EDITED)
        elif entry.dossier_id in states and not describes_library_dossier(outbox, entry):
            reasons[entry.id] = Supersession(DOSSIER_SIGNED_AGAIN)
    return reasons


# A queued bundle's bytes never change (its SHA-256 names them): what is read of it is kept, so
# that the outbox page's refresh, `sendable` and the send do not open every zip again.
@lru_cache(maxsize=1024)
def _signing_time_of(path: str, sha256: str) -> dt.datetime | None:
    return bundle_signing_time(Path(path))


@lru_cache(maxsize=256)
def _signed_dossier_of(path: str, sha256: str):
    """The bundle's dossier (compared, never changed: the object is shared), or None."""
    from ..export.signed_copy import bundle_dossier

    return bundle_dossier(path)


def describes_library_dossier(outbox, entry) -> bool:
    """Whether the bundle's dossier.json is the library's dossier as it stands (`calcul` aside:
    both are read into the domain's model and compared). What cannot be read or found is not
    judged here (True): verify refused it when it entered the queue, the state machine decides."""
    from ..store.dossiers import Dossiers
    from ..store.errors import LibraryError

    signed = _signed_dossier_of(str(outbox.bundle_path(entry)), entry.sha256)
    if signed is None:
        return True
    try:
        current = Dossiers(outbox.database).load_rows(entry.dossier_id)
    except LibraryError:
        return True
    return signed == current
