"""Temporary copies the window hands to other programs (the PDF preview, an attachment opened
in its viewer) or to the library (an attachment put back by undo/redo): each in a folder of the
system's temporary folder, named with a known prefix.

They are removed when the window closes, and at start for leftovers older than a day (a
crash, a viewer that held a file open on Windows): a copy of the dossier must not stay in
the temporary folder for good.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from pathlib import Path

PREFIXES = ("socle-apercu-", "socle-piece-", "socle-pieces-")  # the last: attachments put back by Ctrl+Y
# Made elsewhere and removed there, but left by a process killed on the way: the export's
# self-check stages the whole bag (the dossier, its PDF, its attachments) in « socle-export- ».
STALE_ONLY_PREFIXES = ("socle-export-",)
STALE_AFTER_SECONDS = 24 * 3600

_created: list[Path] = []  # this process's folders


def scratch_folder(prefix: str) -> Path:
    """A new private folder (0700) in the temporary folder, removed by `remove_own_folders`."""
    if prefix not in PREFIXES:
        raise ValueError(prefix)
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    _created.append(folder)
    return folder


def remove_own_folders() -> None:
    """The window closes: its copies go (one still open elsewhere may resist: the next start)."""
    while _created:
        shutil.rmtree(_created.pop(), ignore_errors=True)


def remove_stale_folders(older_than: float = STALE_AFTER_SECONDS, root: Path | None = None) -> list[Path]:
    """Leftovers of earlier runs, older than `older_than` seconds; returns those removed."""
    root = Path(root or tempfile.gettempdir())
    limit = time.time() - older_than
    removed = []
    for prefix in PREFIXES + STALE_ONLY_PREFIXES:
        for folder in root.glob(f"{prefix}*"):
            with contextlib.suppress(OSError):
                if folder.is_dir() and not folder.is_symlink() and folder.stat().st_mtime < limit \
                        and folder not in _created:
                    shutil.rmtree(folder)
                    removed.append(folder)
    return removed
