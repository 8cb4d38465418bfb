"""Atomic file writes: a temporary file beside the target, fsync, then os.replace.

A crash, a full disk or a pulled plug leaves either the old file or the new one, never half.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def _read_umask() -> int:
    """Read once at import: os.umask can only be read by setting it, which is not thread-safe."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


@contextlib.contextmanager
def atomic_writer(path: Path | str) -> Iterator[BinaryIO]:
    """Yield a binary file; on normal exit it replaces `path` atomically, on error it vanishes."""
    target = Path(path)
    make_folder(target.parent)
    import tempfile  # (shutil, random: only when a file is written, not at each command's start)

    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partiel", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600; give the file the permissions an ordinary new file would have,
        # unless its folder is private (the data folder): then it stays 0600 (issue 17).
        if not is_private_folder(target.parent):
            os.chmod(temp_name, 0o666 & ~_UMASK)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    fsync_directory(target.parent)


def is_private_folder(folder: Path) -> bool:
    """Does this folder give group and others no access at all (POSIX)? Files written inside
    are then made for their owner only: nobody else could read them through it anyway, and a
    copy moved out later keeps its privacy."""
    if os.name != "posix":
        return False
    try:
        return os.stat(folder).st_mode & 0o077 == 0
    except OSError:
        return False


def make_folder(folder: Path) -> None:
    """`mkdir -p`, where each new folder is as private as the nearest existing one above it
    (a subfolder of the data folder is 0700 like it)."""
    missing = []
    current = Path(folder)
    while not current.exists() and current.parent != current:
        missing.append(current)
        current = current.parent
    mode = 0o700 if is_private_folder(current) else 0o777
    for new in reversed(missing):
        with contextlib.suppress(FileExistsError):
            new.mkdir(mode=mode)
    if not Path(folder).is_dir():
        Path(folder).mkdir(parents=True, exist_ok=True)  # raises the OSError that explains why


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    with atomic_writer(path) as handle:
        handle.write(data)


def atomic_write_text(path: Path | str, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
