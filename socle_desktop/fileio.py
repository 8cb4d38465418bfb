"""Atomic file writes: a temporary file beside the target, fsync, then os.replace.

A crash, a full disk or a pulled plug leaves either the old file or the new one, never half.
"""

from __future__ import annotations

import contextlib
import errno
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


# The operating system's own messages (`strerror`) are in the system's language, English on
# most machines: users read these instead.
_OS_ERRORS_BY_NAME = {
    "ENOENT": "fichier ou dossier introuvable",
    "EEXIST": "un fichier de ce nom existe déjà",
    "ENOTDIR": "un élément du chemin est un fichier, pas un dossier",
    "EISDIR": "c'est un dossier, pas un fichier",
    "EACCES": "droits insuffisants",
    "EPERM": "opération interdite par le système",
    "EROFS": "disque ou dossier en lecture seule",
    "ENOSPC": "disque plein",
    "EDQUOT": "quota de disque dépassé",
    "EIO": "erreur d'entrée-sortie du disque",
    "ENAMETOOLONG": "nom de fichier trop long",
    "ELOOP": "trop de liens symboliques",
    "EBUSY": "fichier occupé",
    "EINVAL": "chemin ou opération invalide",
    "EMFILE": "trop de fichiers ouverts",
    "ENODEV": "périphérique absent",
    "ENXIO": "périphérique absent",
    "EXDEV": "déplacement impossible entre deux disques",
    "EPIPE": "le programme qui lisait la sortie s'est arrêté",
}
# Not every name exists on every system (Windows lacks a few).
_OS_ERRORS_FR = {getattr(errno, name): text for name, text in _OS_ERRORS_BY_NAME.items() if hasattr(errno, name)}


def describe_os_error(error: OSError) -> str:
    """A short French description of an operating-system error (`disque plein`)."""
    if isinstance(error, PermissionError) and error.errno is None:
        return "droits insuffisants"
    known = _OS_ERRORS_FR.get(error.errno)
    if known:
        return known
    return f"erreur du système n° {error.errno}" if error.errno else "erreur du système"
