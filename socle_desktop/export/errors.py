"""The errors of the export: a code and the values it names (domain.coded_error.CodedError);
the front-ends word each as one French sentence the user can act on (catalogue/export_errors.py)."""

from __future__ import annotations

from ..domain.coded_error import CodedError


class ExportError(CodedError):
    """The export cannot be made (missing attachment, unusable identity, unwritable folder)."""


class ExportCancelled(ExportError):
    """The user cancelled: nothing was written."""

    def __init__(self, code: str = "export_cancelled", /, **values):
        super().__init__(code, **values)
