"""Export: back up the library, gather the attachments' bytes, open the signer and check it
against the dossier, write the signed PDF and bundle, record the signature in the dossier's
life cycle.

Three steps, because the window signs in a worker thread while the library's connection stays
in its own thread: `plan_export` (library thread), `run_export` (any thread), `record_export`
(library thread). The command line calls the same three in a row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.lifecycle import EXPORTED_SIGNED
from ..domain.model import Dossier
from ..export import ExportResult, export_dossier
from ..export import identity as identities
from ..export.binding import binding_mismatches
from ..store import REASON_EXPORT, LibraryError
from ..store.library import find_piece_files
from . import lifecycle
from .lifecycle import Recorded

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]


# --- the signer --------------------------------------------------------------------------------
# Which identity signs is the front-end's choice (a .p12, a token, or the data folder's local
# identity made for the dossier's collectivité: export/identity.py lists and matches them); the
# job opens it and checks it against the dossier (export/binding.py) before anything is written.


@dataclass(frozen=True)
class NeedsConfirmation:
    """The opened identity is not the dossier's collectivité or representative: nothing was
    written; the front-end asks, then runs the export again with `other_signer=True`."""

    signer: object  # the identity's CertificateFacts (export/binding.py), worded by the front-ends
    mismatches: list
    signer_name: str = ""  # its subject's name, when it has no common name


# --- the export --------------------------------------------------------------------------------


@dataclass
class ExportPlan:
    """What `run_export` needs, gathered where the library lives."""

    dossier: Dossier
    piece_bytes: dict[str, bytes] = field(default_factory=dict)  # sha256 -> bytes
    missing: list[str] = field(default_factory=list)  # names of the attachments with no bytes
    dossier_id: str | None = None  # the library's dossier whose life cycle the export records
    backup_problem: Exception | None = None  # the backup before export failed (LibraryError, OSError)


def plan_export(dossier: Dossier, *, library=None, dossier_id: str | None = None,
                beside: Path | None = None, backup: bool = True) -> ExportPlan:
    """Gather the attachments' bytes: from the folder `beside` (a JSON file's, and its `pieces/`)
    by size and SHA-256, else from the library. A dossier of the library (`dossier_id`) is
    exported from it: the library is backed up first (a failed copy is said, not fatal) unless
    `backup` is False (an export that will first ask who signs)."""
    plan = ExportPlan(dossier, dossier_id=dossier_id)
    if beside is not None:
        plan.piece_bytes.update(find_piece_files(dossier.pieces, beside))
    for piece in dossier.pieces:
        if piece.sha256 in plan.piece_bytes:
            continue
        data = _library_bytes(library, piece.sha256)
        if data is None:
            plan.missing.append(piece.nom)
        else:
            plan.piece_bytes[piece.sha256] = data
    if backup and library is not None and dossier_id is not None:
        try:
            library.backup(REASON_EXPORT)
        except (LibraryError, OSError) as error:
            plan.backup_problem = error
    return plan


def _library_bytes(library, sha256: str) -> bytes | None:
    if library is None:
        return None
    try:
        return library.piece_bytes(sha256)
    except LibraryError:  # not in the library, or damaged: the export names the piece
        return None


def run_export(plan: ExportPlan, *, out_dir: Path, open_identity: Callable[[], identities.SigningIdentity],
               other_signer: bool = False, rules=None, example: bool = False, progress: Progress | None = None,
               cancel: Cancel | None = None) -> ExportResult | NeedsConfirmation:
    """Open the signer (`open_identity`: a .p12, a token or a local identity, opened in the
    caller's thread), check it against the dossier, then write the signed PDF and bundle into
    `out_dir`. An identity of someone else is refused (NeedsConfirmation) unless `other_signer`
    says the user confirmed it. Raises ExportError (IdentityError, ExportCancelled)."""
    identity = open_identity()
    mismatches = binding_mismatches(identity.facts, plan.dossier.collectivite)
    if mismatches and not other_signer:
        return NeedsConfirmation(identity.facts, mismatches, identity.subject_name)
    out_dir.mkdir(parents=True, exist_ok=True)
    return export_dossier(plan.dossier, out_dir=out_dir, identity=identity, piece_bytes=plan.piece_bytes.get,
                          rules=rules, example=example, progress=progress, cancel=cancel,
                          other_signer=other_signer)


def record_export(library, plan: ExportPlan, result: ExportResult) -> Recorded | None:
    """A signed (non-draft) export of a library's dossier moves its life cycle; None when
    there is nothing to record (a draft, or a dossier from a file)."""
    if result.draft or plan.dossier_id is None or library is None:
        return None
    return lifecycle.record(library, plan.dossier_id, EXPORTED_SIGNED)


def older_bundles_waiting(library, dossier_id: str | None) -> list:
    """The outbox's unsent bundles of this dossier that no longer describe it (after a new
    export): the window offers to replace them, `export` names them. Empty when the data folder
    has no outbox yet (none is created here) or it cannot be read now."""
    import sqlite3

    from ..outbox import Outbox, OutboxError
    from ..outbox.superseded import superseded_entries

    if library is None or dossier_id is None:
        return []
    try:
        if "outbox_entries" not in library.database.db.table_names():
            return []
        outbox = Outbox.from_library(library)
        try:
            stale = superseded_entries(outbox)
            return [e for e in outbox.entries() if e.dossier_id == dossier_id and e.id in stale]
        finally:
            outbox.close()
    except (OutboxError, LibraryError, sqlite3.Error, OSError):
        return []


def export_demo(out_dir: Path, *, progress: Progress | None = None) -> ExportResult:
    """The demo dossier, signed by the demo identity, marked as a fictional example."""
    from .demo import read_demo

    read = read_demo()
    plan = ExportPlan(read.dossier, dict(read.piece_files))
    return run_export(plan, out_dir=out_dir, open_identity=identities.demo_identity, example=True,
                      progress=progress)
