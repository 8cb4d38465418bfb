"""The errors of the export: each message is one French sentence the user can act on."""

from __future__ import annotations

import errno


class ExportError(Exception):
    """The export cannot be made (missing attachment, unusable identity, unwritable folder)."""


class ExportCancelled(ExportError):
    """The user cancelled: nothing was written."""

    def __init__(self, message: str = "export annulé : aucun fichier n'a été écrit."):
        super().__init__(message)


_REASONS = {
    errno.ENOENT: "chemin introuvable",
    errno.EACCES: "droits insuffisants",
    errno.EPERM: "opération non permise",
    errno.ENOSPC: "disque plein",
    errno.EEXIST: "un fichier porte déjà ce nom",
    errno.EROFS: "support en lecture seule",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EISDIR: "c'est un dossier",
}


def os_reason(error: OSError) -> str:
    """The French reason of a file-system error (the system's own text when unknown)."""
    return _REASONS.get(error.errno, error.strerror or str(error))
