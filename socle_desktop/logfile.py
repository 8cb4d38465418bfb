"""The one log file of the data folder, `journaux/erreurs.log`, rotating, and who writes there.

Two kinds of records go to it through one handler per folder (so one rotation, never two
writers renaming the file under each other):
- the application's own errors with their tracebacks (`errorlog.log_error`, window and CLI);
- while a command runs (`logforward.logs_to_file`), the libraries' warnings: pyHanko, bagit and
  others log in English with tracebacks, which Python would otherwise print on stderr beside the
  French report.

A record may quote a bundle's names: each message is written on one line with its hidden
characters made visible and its length bounded (no ESC sequence acting when the log is read in
a terminal); a traceback keeps its lines, each escaped. The file is created on the first record
(a command that logs nothing creates nothing), readable by its owner only.
"""

from __future__ import annotations

import copy
import logging
import logging.handlers
import os
from pathlib import Path

from .domain.text import visible

LOG_FOLDER = "journaux"
LOG_NAME = "erreurs.log"
MAX_LOG_BYTES, KEPT_LOGS = 1024 * 1024, 3  # erreurs.log, then .1 .2 .3: 4 Mo at most
MAX_LINE = 2000


def log_path(data_folder: Path | str) -> Path:
    return Path(data_folder) / LOG_FOLDER / LOG_NAME


class _EscapingFormatter(logging.Formatter):
    def formatMessage(self, record: logging.LogRecord) -> str:
        shown = copy.copy(record)  # other handlers (a test's, the console's) keep the message as it is
        shown.message = visible(record.message, MAX_LINE)
        return super().formatMessage(shown)

    def formatException(self, exc_info) -> str:
        return "\n".join(visible(line, MAX_LINE) for line in super().formatException(exc_info).split("\n"))


class LogFile(logging.handlers.RotatingFileHandler):
    """The rotating file of one data folder. A log that cannot be written (full disk, read-only
    folder) is noted in `failed`, never printed: it must not become the user's error."""

    failed = False

    def __init__(self, path: Path):
        super().__init__(path, maxBytes=MAX_LOG_BYTES, backupCount=KEPT_LOGS, encoding="utf-8", delay=True)
        self.setFormatter(_EscapingFormatter("--- %(asctime)s %(levelname)s %(name)s : %(message)s"))

    def _open(self):
        folder = Path(self.baseFilename).parent
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        return open(descriptor, "a", encoding=self.encoding, errors="backslashreplace")

    def handleError(self, record) -> None:
        self.failed = True


_files: dict[str, LogFile] = {}


def log_file(data_folder: Path | str) -> LogFile:
    """The handler of `data_folder`'s log, the same object for every writer of that folder."""
    path = log_path(data_folder)
    key = os.path.abspath(path)
    if key not in _files:
        _files[key] = LogFile(path)
    return _files[key]
