"""The log file of the data folder (`journaux/erreurs.log`): where the libraries' own messages go.

pyHanko, bagit and others log in English, with tracebacks; with no handler configured, Python
prints warnings on stderr, so a hostile PDF made `verify` print pyHanko's traceback beside the
French report. While a command runs, every warning goes to this file instead, opened only when
there is something to write (a command that logs nothing creates nothing).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

from .domain.text import visible

LOG_FOLDER = "journaux"
LOG_NAME = "erreurs.log"
MAX_LOG_BYTES = 5 * 1024 * 1024
MAX_LINE = 2000  # then the file starts again (the previous one kept as .1)


def log_path(data_folder: Path) -> Path:
    return Path(data_folder) / LOG_FOLDER / LOG_NAME


class LazyFileHandler(logging.Handler):
    """Appends each record to the file, created on the first one; never raises, never prints."""

    def __init__(self, path: Path, level: int = logging.WARNING):
        super().__init__(level)
        self.path = Path(path)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s : %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            # A message may quote a bundle's names: each line shown visibly (no ESC sequence
            # acting when the log is read in a terminal), bounded; the lines of a traceback kept.
            text = f"{self.formatter.formatTime(record)} {record.levelname} {record.name} : " + visible(
                record.getMessage(), MAX_LINE)  # the message on one line
            if record.exc_info:
                trace = self.formatter.formatException(record.exc_info)
                text += "\n" + "\n".join(visible(line, MAX_LINE) for line in trace.split("\n"))
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(OSError):
                if self.path.stat().st_size > MAX_LOG_BYTES:
                    self.path.replace(self.path.with_name(self.path.name + ".1"))
            with self.path.open("a", encoding="utf-8", errors="backslashreplace") as handle:
                handle.write(f"--- {dt.datetime.now().isoformat()} {sys.argv!r}\n{text}\n")
        except Exception:  # a log that cannot be written must not become the user's error
            pass


@contextlib.contextmanager
def logs_to_file(data_folder: Path) -> Iterator[LazyFileHandler]:
    """While the block runs, warnings of every library go to the data folder's log, not stderr."""
    handler = LazyFileHandler(log_path(data_folder))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
