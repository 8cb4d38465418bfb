"""The destination that needs no network: copy a queued bundle to a folder or a USB key.

The copy is written atomically (never a half file on the key), then read back from the
destination and its SHA-256 compared with the queued bundle's before the entry is marked
`copie_sur_support` (« copié sur support ») with the path. « Remis » is only for a bundle the
receiving side acknowledged (a receipt): a copy on a stick has reached nobody yet. A key
pulled out too early gives an error and no mark.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from ..fileio import atomic_writer
from .queue import HASH_BLOCK, Outbox, OutboxEntry, OutboxError, file_sha256


def hand_over(outbox: Outbox, entry_id: str, folder: Path | str) -> Path:
    """Copy the entry's bundle into `folder`, check it, mark it copied; returns the copy's path."""
    entry = outbox.get(entry_id)
    outbox.require_writable()
    folder = Path(folder)
    if not folder.is_dir():
        raise OutboxError("handover_folder_missing", folder=folder)
    target = _free_name(folder, entry)
    source = outbox.bundle_path(entry)
    try:
        with open(source, "rb") as reader, atomic_writer(target) as writer:
            while block := reader.read(HASH_BLOCK):
                writer.write(block)
        copied = file_sha256(target)
    except OSError as error:
        raise OutboxError("handover_copy_failed", folder=folder, os_error=error) from None
    if copied != entry.sha256:
        with contextlib.suppress(OSError):
            target.unlink()
        raise OutboxError("handover_copy_differs", folder=folder)
    outbox.mark_handed_over(entry.id, target)
    return target


def _free_name(folder: Path, entry: OutboxEntry) -> Path:
    """The bundle's own name, unless a different file already has it there."""
    name = Path(entry.filename or entry.stored_name).name
    candidate = folder / name
    stem, suffix = candidate.stem, candidate.suffix or ".zip"
    for number in range(2, 1000):
        if not candidate.exists():
            return candidate
        with contextlib.suppress(OSError):
            if file_sha256(candidate) == entry.sha256:
                return candidate  # the same bytes: rewriting it is harmless
        candidate = folder / f"{stem}-{number}{suffix}"
    raise OutboxError("handover_names_exhausted", folder=folder)
