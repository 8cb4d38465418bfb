"""Builders for small, valid dossiers that each test then bends around one rule.

Imported by tests as `builders` (pytest puts tests/ on the path: see pyproject.toml)."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from socle_desktop.domain.identifiers import uai_check_letter
from socle_desktop.domain.model import (
    Collectivite,
    Contact,
    Dossier,
    Ecole,
    Ligne,
    Piece,
    Projet,
    Representant,
)

# The SIRET of the town hall of Agnat (Haute-Loire, code INSEE 43001): SIREN 214300014.
VALID_SIRET = "21430001400013"


def uai(number: int) -> str:
    digits = f"{number:07d}"
    return digits + uai_check_letter(digits)


def school(index: int = 1, *, classes: int = 1, pupils: int = 20) -> Ecole:
    return Ecole(id=f"e{index}", nom=f"École {index}", uai=uai(4390000 + index), code_insee="43001",
                 nb_classes=classes, nb_eleves=pupils)


def line(volet: str, price: int, *, ecole: str | None = "e1", quantity: int = 1, vat: str = "20",
         category: str | None = None, line_id: str | None = None) -> Ligne:
    default_category = {"equipement": "autre", "ressources": "ent", "accompagnement": "formation"}[volet]
    kwargs = {"id": line_id} if line_id else {}
    return Ligne(volet=volet, categorie=category or default_category, ecole=ecole, libelle="ligne",
                 quantite=quantity, prix_unitaire_ht_centimes=price, taux_tva=vat, **kwargs)


_PIECE_BYTES: dict[str, bytes] = {}


def piece(kind: str, index: int = 1) -> Piece:
    """A small attachment whose bytes `piece_bytes` gives back (an export needs them)."""
    data = f"%PDF-1.4 pièce d'essai {kind} {index}".encode()
    sha256 = hashlib.sha256(data).hexdigest()
    _PIECE_BYTES[sha256] = data
    return Piece(id=f"p-{kind}-{index}", nom=f"{kind}-{index}.pdf", type=kind, sha256=sha256, taille=len(data))


def piece_bytes(sha256: str) -> bytes:
    try:
        return _PIECE_BYTES[sha256]
    except KeyError:
        raise FileNotFoundError(sha256) from None


def dossier(ecoles: list[Ecole] | None = None, lignes: list[Ligne] | None = None) -> Dossier:
    """A complete dossier: every field and attachment the rules ask for (one devis per school)."""
    ecoles = [school()] if ecoles is None else ecoles
    return Dossier(
        collectivite=Collectivite(raison_sociale="Commune test", siret=VALID_SIRET, code_insee="43001",
                                  representant=Representant(nom="Marie Test", qualite="Maire"),
                                  contact=Contact(nom="Jeanne Test", courriel="mairie@agnat.fr",
                                                  telephone="04 71 00 00 00")),
        ecoles=ecoles,
        lignes=lignes or [],
        projet=Projet(intitule="Projet test", description="Équiper les classes.",
                      autres={"objectifs": "Usages numériques en classe."}),
        pieces=[piece("deliberation"), *(piece("devis", i) for i, _ in enumerate(ecoles, start=1))],
    )




def forged_copy(bundle: Path, target: Path) -> Path:
    """`bundle` with one byte of its dossier.json changed after signing, the zip written again
    whole (its CRCs right): a forgery, which verify rejects, not a copy damaged on the way."""
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for member in source.infolist():
            data = source.read(member)
            if member.filename.endswith("/data/dossier.json"):
                data = data.replace(b"socle-dossier", b"socle-Dossier", 1)
            copy.writestr(member, data)
    return target
