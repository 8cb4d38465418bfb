"""While a command runs, the libraries' warnings go to the data folder's log, not to stderr.

Their handler opens the log (logfile.py: logging.handlers, which brings sockets and pickle) on
the first warning only: most commands log nothing, and `compute` must start fast (issue 15).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path


class _Forward(logging.Handler):
    """Hands the libraries' warnings to the folder's log (its level filters them, not the file's)."""

    def __init__(self, data_folder: Path):
        super().__init__(logging.WARNING)
        self.data_folder = data_folder
        self.target = None  # the folder's LogFile, once a warning came

    def emit(self, record: logging.LogRecord) -> None:
        if self.target is None:
            from .logfile import log_file

            self.target = log_file(self.data_folder)
        self.target.handle(record)


@contextlib.contextmanager
def logs_to_file(data_folder: Path) -> Iterator[None]:
    """While the block runs, warnings of every library go to the data folder's log, not stderr."""
    forward = _Forward(data_folder)
    root = logging.getLogger()
    root.addHandler(forward)
    try:
        yield
    finally:
        root.removeHandler(forward)
        if forward.target is not None:
            with contextlib.suppress(OSError, ValueError):
                forward.target.flush()
