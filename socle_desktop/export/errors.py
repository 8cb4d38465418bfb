"""The errors of the export: each message is one French sentence the user can act on."""

from __future__ import annotations


class ExportError(Exception):
    """The export cannot be made (missing attachment, unusable identity, unwritable folder)."""


class ExportCancelled(ExportError):
    """The user cancelled: nothing was written."""

    def __init__(self, message: str = "export annulé : aucun fichier n'a été écrit."):
        super().__init__(message)
