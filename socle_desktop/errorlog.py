"""The error log of the front-ends: one rotating file, <data folder>/journaux/erreurs.log.

The window (its excepthook, its error dialog) and the command line (its last safety net) both
write there through `log_error`; the user is told where the file is and sends it with a report.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path

from .logfile import KEPT_LOGS, MAX_LOG_BYTES, LogFile, log_file, log_path  # noqa: F401 (re-exported)

LOGGER = logging.getLogger("socle_desktop")


def setup(data_dir: Path | str) -> Path | None:
    """Send the application's log records to the rotating file of `data_dir` (once per folder);
    returns its path, or None when the folder cannot be written (nothing is logged then)."""
    path = log_path(data_dir)
    handler = log_file(data_dir)
    for other in list(LOGGER.handlers):
        if other is handler:
            return path
        LOGGER.removeHandler(other)  # another data folder (tests, --data-dir): its file is closed
        other.close()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    LOGGER.propagate = False
    return path


def log_error(error: BaseException, context: str = "") -> Path | None:
    """Write `error` and its traceback to the log; returns the log's path when it was written."""
    handlers = [h for h in LOGGER.handlers if isinstance(h, LogFile)]
    if not handlers:
        return None
    handler = handlers[0]
    handler.failed = False
    LOGGER.error("%s %r", context or "erreur", sys.argv, exc_info=(type(error), error, error.__traceback__))
    with contextlib.suppress(OSError, ValueError):
        handler.flush()
    return None if handler.failed else Path(handler.baseFilename)
