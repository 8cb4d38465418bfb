"""Builders for small, valid dossiers that each test then bends around one rule.

Imported by tests as `builders` (pytest puts tests/ on the path: see pyproject.toml)."""

from __future__ import annotations

from socle_desktop.domain.identifiers import uai_check_letter
from socle_desktop.domain.model import Collectivite, Dossier, Ecole, Ligne, Projet, Representant

VALID_SIRET = "21439999000016"


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


def dossier(ecoles: list[Ecole] | None = None, lignes: list[Ligne] | None = None) -> Dossier:
    return Dossier(
        collectivite=Collectivite(raison_sociale="Commune test", siret=VALID_SIRET, code_insee="43001",
                                  representant=Representant(nom="Marie Test", qualite="Maire")),
        ecoles=[school()] if ecoles is None else ecoles,
        lignes=lignes or [],
        projet=Projet(intitule="Projet test"),
    )


