"""Between the domain's dataclasses and the library's rows: one place that knows the columns."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from ..domain.model import Collectivite, Contact, Ecole, Ligne, Piece, Projet, Representant

ECOLE_COLUMNS = ("id", "nom", "uai", "code_insee", "commune", "nb_classes", "nb_eleves", "secteur")
LIGNE_COLUMNS = (
    "id", "volet", "categorie", "ecole", "libelle", "quantite", "prix_unitaire_ht_centimes", "taux_tva",
)
PIECE_COLUMNS = ("id", "nom", "type", "sha256", "taille", "ecoles")  # ecoles: a JSON list
COLLECTIVITE_COLUMNS = (
    "type", "raison_sociale", "siret", "code_insee", "adresse", "code_postal", "commune",
    "representant_nom", "representant_qualite", "contact_nom", "contact_courriel", "contact_telephone",
)
# Which item table holds which columns, and how to rebuild the dataclass from a row.
ITEM_TABLES = {
    "ecoles": ECOLE_COLUMNS,
    "lignes": LIGNE_COLUMNS,
    "pieces": PIECE_COLUMNS,
}


def dumps_json(value: Any) -> str:
    """JSON text for `extra` and `projet.autres`: key order kept, so `show` gives them back as imported."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def item_values(item: Ecole | Ligne | Piece, columns: tuple[str, ...]) -> list[Any]:
    values = [getattr(item, column) for column in columns]
    if isinstance(item, Piece):
        values[columns.index("ecoles")] = dumps_json(list(item.ecoles))
    return values


def piece_schools(text: str | None) -> tuple[str, ...]:
    """The `ecoles` column back as ids; anything but a list of texts (a row altered outside
    the application) reads as not said, which `check` then sees through check_storable."""
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return ()
    return tuple(value) if isinstance(value, list) and all(isinstance(v, str) for v in value) else ()


def collectivite_values(c: Collectivite) -> list[Any]:
    return [
        c.type, c.raison_sociale, c.siret, c.code_insee, c.adresse, c.code_postal, c.commune,
        c.representant.nom, c.representant.qualite, c.contact.nom, c.contact.courriel, c.contact.telephone,
    ]


def collectivite_from_row(row: dict) -> Collectivite:
    return Collectivite(
        type=row["type"],
        raison_sociale=row["raison_sociale"],
        siret=row["siret"],
        code_insee=row["code_insee"],
        adresse=row["adresse"],
        code_postal=row["code_postal"],
        commune=row["commune"],
        representant=Representant(nom=row["representant_nom"], qualite=row["representant_qualite"]),
        contact=Contact(
            nom=row["contact_nom"], courriel=row["contact_courriel"], telephone=row["contact_telephone"]
        ),
    )


def projet_from_row(row: dict, autres: dict) -> Projet:
    return Projet(intitule=row["intitule"], description=row["description"], autres=autres)


def piece_from_row(row: dict) -> Piece:
    values = {column: row[column] for column in PIECE_COLUMNS}
    return Piece(**{**values, "ecoles": piece_schools(values["ecoles"])})


# Loading a 3,000-line dossier builds 3,000 dataclasses: selecting the columns in the order of
# the dataclass's fields lets each be built positionally, without a dict per row.
ITEM_CLASSES = {"ecoles": Ecole, "lignes": Ligne, "pieces": Piece}
FIELD_ORDER = {table: tuple(f.name for f in fields(cls)) for table, cls in ITEM_CLASSES.items()}
for _table, _order in FIELD_ORDER.items():
    assert set(_order) == set(ITEM_TABLES[_table]), f"{_table}: columns and dataclass fields differ"
