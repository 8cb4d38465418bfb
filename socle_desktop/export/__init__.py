"""Export: the signed PDF, the signed BagIt bundle, and their verification (DESIGN.md §4).

    from socle_desktop.export import export_dossier, ExportResult, ExportError, ExportCancelled
    from socle_desktop.export.identity import load_pkcs12, load_local_identity, demo_identity, …
    from socle_desktop.export.verify import verify_bundle

The bundle writer (reportlab, pyHanko's signers) is loaded when first named, not with the
package: `verify` and each reception worker process need none of it.
"""

from .errors import ExportCancelled, ExportError

__all__ = ["ExportCancelled", "ExportError", "ExportResult", "SignerMismatch", "export_dossier"]
_FROM_BUNDLE = ("ExportResult", "SignerMismatch", "export_dossier")


def __getattr__(name: str):
    if name in _FROM_BUNDLE:
        from . import bundle

        return getattr(bundle, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
