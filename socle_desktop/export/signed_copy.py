"""What a bundle on disk holds of its dossier: the dossier (read into the domain's model) and
the signed PDF, exactly as filed.

Issue 10: the outbox tells a queued bundle that no longer describes its dossier (superseded.py),
and the export page finds the signed PDF of a dossier opened again, so that « Aperçu » and
« Imprimer » show the bundle's PDF and not an unsigned rendering. A bundle is one zip holding one
bag folder; anything else, or anything too large, is not read (None): verify judges bundles.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from ..domain.dossier_json import DossierFormatError, dossier_from_dict
from ..domain.model import Dossier
from .bag_layout import JSON_NAME, MAX_JSON_BYTES, MAX_PDF_BYTES, PDF_NAME


def _member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    found = [n for n in archive.namelist() if n.count("/") == 2 and n.endswith("/data/" + name)]
    if len(found) != 1 or archive.getinfo(found[0]).file_size > limit:
        return None
    return archive.read(found[0])


def bundle_dossier(path: Path | str) -> Dossier | None:
    """The dossier a bundle's dossier.json describes, or None when it cannot be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            data = _member(archive, JSON_NAME, MAX_JSON_BYTES)
        return dossier_from_dict(json.loads(data)) if data is not None else None
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, RecursionError, DossierFormatError):
        return None


def signed_pdf_of(dossier: Dossier, bundles: list[Path | str]) -> bytes | None:
    """The signed PDF of the first bundle (most recent first) whose dossier.json is `dossier` as it
    stands, byte for byte as the bundle holds it; None when none of them describes it any more."""
    for path in bundles:
        if bundle_dossier(path) != dossier:
            continue
        try:
            with zipfile.ZipFile(path) as archive:
                pdf = _member(archive, PDF_NAME, MAX_PDF_BYTES)
        except (OSError, zipfile.BadZipFile, KeyError, ValueError):
            continue
        if pdf is not None:
            return pdf
    return None
