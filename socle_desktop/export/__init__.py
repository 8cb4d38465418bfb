"""Export: the signed PDF, the signed BagIt bundle, and their verification (DESIGN.md §4).

    from socle_desktop.export import export_dossier, ExportResult, ExportError, ExportCancelled
    from socle_desktop.export.identity import load_pkcs12, load_local_identity, demo_identity, …
    from socle_desktop.export.verify import verify_bundle
"""

from .bundle import ExportResult, SignerMismatch, export_dossier
from .errors import ExportCancelled, ExportError

__all__ = ["ExportCancelled", "ExportError", "ExportResult", "SignerMismatch", "export_dossier"]
