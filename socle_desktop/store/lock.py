"""One writer per library: an OS lock on `data_dir/.verrou`, held as long as the library is open.

The operating system releases the lock when the process dies (even on SIGKILL or a power cut),
so a crash never leaves a stale lock behind. `flock` (POSIX) and `msvcrt.locking` (Windows)
both conflict between two opens of the file, even inside one process.
SQLite's own locking (BEGIN IMMEDIATE + busy_timeout) stays as a second line of defence.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

LOCK_FILENAME = ".verrou"


class LockBusy(Exception):
    """Raised by `acquire` when another open already holds the lock."""


class LibraryLock:
    def __init__(self, data_dir: Path):
        self.path = data_dir / LOCK_FILENAME
        self._handle = None

    def acquire(self) -> None:
        handle = open(self.path, "a+b")  # kept open as long as the lock is held
        try:
            _lock(handle)
        except OSError:
            handle.close()
            raise LockBusy(str(self.path)) from None
        self._handle = handle
        with contextlib.suppress(OSError):  # who holds it, for a human reading the file
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n".encode())
            handle.flush()

    def release(self) -> None:
        if self._handle is None:
            return
        with contextlib.suppress(OSError):
            _unlock(self._handle)
        self._handle.close()
        self._handle = None

    @property
    def held(self) -> bool:
        return self._handle is not None


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
