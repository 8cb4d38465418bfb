"""The error log of the front-ends: one rotating file, <data folder>/journaux/erreurs.log.

The window (its excepthook, its error dialog) and the command line (its last safety net) both
write there through `log_error`; the user is told where the file is and sends it with a report.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import sys
from pathlib import Path

from .logfile import log_path  # the one file: libraries' warnings (logfile) and our errors (here)

MAX_LOG_BYTES, KEPT_LOGS = 1024 * 1024, 3  # erreurs.log, then .1 .2 .3: 4 Mo at most

LOGGER = logging.getLogger("socle_desktop")


class _RotatingLog(logging.handlers.RotatingFileHandler):
    """A log that cannot be written (full disk, read-only folder) is noted, never printed."""

    failed = False

    def handleError(self, record) -> None:
        self.failed = True


def setup(data_dir: Path | str) -> Path | None:
    """Send the application's log records to the rotating file of `data_dir` (once per folder);
    returns its path, or None when the folder cannot be written (nothing is logged then)."""
    path = log_path(data_dir)
    for handler in list(LOGGER.handlers):
        if getattr(handler, "baseFilename", None) == str(path.resolve()):
            return path
        LOGGER.removeHandler(handler)  # another data folder (tests, --data-dir): its file is closed
        handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _RotatingLog(path, maxBytes=MAX_LOG_BYTES, backupCount=KEPT_LOGS,
                                                       encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("--- %(asctime)s %(message)s"))
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    LOGGER.propagate = False
    return path


def log_error(error: BaseException, context: str = "") -> Path | None:
    """Write `error` and its traceback to the log; returns the log's path when it was written."""
    handlers = [h for h in LOGGER.handlers if isinstance(h, _RotatingLog)]
    if not handlers:
        return None
    handler = handlers[0]
    handler.failed = False
    LOGGER.error("%s %r", context or "erreur", sys.argv, exc_info=(type(error), error, error.__traceback__))
    with contextlib.suppress(OSError, ValueError):
        handler.flush()
    return None if handler.failed else Path(handler.baseFilename)
