"""Reading and writing the `socle-dossier` v1 JSON (DESIGN.md §4).

`dossier_from_dict` checks every *type* and names the faulty field: a DossierFormatError's code,
its path (`chemin`, e.g. `lignes[3].prix_unitaire_ht_centimes`) and raw values, worded in French
by the front-ends' catalogue (catalogue/domain_errors.py) and by verify's report; what is well
typed but wrong by the call's rules (a quantity of 0, an invalid SIRET) is left to the findings.
`dossier_to_dict` writes what the JSON Schema in resources/schema describes.
"""

from __future__ import annotations

import json
from typing import Any

from .coded_error import CodedError
from .editions import edition_problem
from .model import (
    COLLECTIVITE_TYPES,
    FORMAT_NAME,
    FORMAT_VERSION,
    PIECE_TYPES,
    SECTEURS,
    TAUX_TVA,
    VOLETS,
    Collectivite,
    Contact,
    Dossier,
    Ecole,
    Ligne,
    Piece,
    Projet,
    Representant,
)

_KNOWN_TOP_LEVEL = {
    "format", "version_format", "id", "regles", "collectivite", "ecoles", "lignes",
    "projet", "pieces", "calcul",
}


class DossierFormatError(CodedError, ValueError):
    """The JSON is not a `socle-dossier` v1: a code, the faulty field's path `chemin` ("" for the
    whole file; also a value) and raw values (`received`: the JSON read, shortened)."""

    def __init__(self, code: str, /, *, chemin: str = "", **values):
        super().__init__(code, chemin=chemin, **values)
        self.chemin = chemin


def loads_dossier(text: str) -> Dossier:
    """Parse JSON text into a Dossier; raise DossierFormatError naming the field."""
    if not text.strip():
        raise DossierFormatError("dossier_empty")
    try:
        data = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_refuse_duplicate_keys)
    except DossierFormatError:
        raise
    except json.JSONDecodeError as error:
        raise DossierFormatError("dossier_not_json", line=error.lineno, column=error.colno) from None
    except RecursionError:
        raise DossierFormatError("dossier_json_too_deep") from None
    except ValueError:  # an integer of thousands of digits (Python's own guard)
        raise DossierFormatError("dossier_number_huge") from None
    return dossier_from_dict(data)


def _refuse_constant(name: str):
    """Python's json accepts NaN and Infinity, which JSON does not have and no amount can be."""
    raise DossierFormatError("dossier_not_a_json_value", name=name)


def _refuse_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    """`"quantite": 4, "quantite": 400` would silently keep the last one: refuse it."""
    data: dict = {}
    for key, value in pairs:
        if key in data:
            raise DossierFormatError("dossier_key_twice", key=key[:60])
        data[key] = value
    return data


def dumps_dossier(dossier: Dossier, *, calcul: dict | None = None) -> str:
    data = dossier_to_dict(dossier)
    if calcul is not None:
        data["calcul"] = calcul
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


# --- reading -------------------------------------------------------------------------------


def _describe(value: Any) -> str:
    """A value read as JSON text, shortened (the `received` of an error: the file's, not French)."""
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 40 else shown[:37] + "…"


def _object(value: Any, chemin: str) -> dict:
    if not isinstance(value, dict):
        raise DossierFormatError("dossier_object_expected", chemin=chemin, received=_describe(value))
    return value


def _array(value: Any, chemin: str) -> list:
    if not isinstance(value, list):
        raise DossierFormatError("dossier_array_expected", chemin=chemin, received=_describe(value))
    return value


def _required(data: dict, key: str, chemin: str) -> Any:
    if key not in data:
        raise DossierFormatError("dossier_field_missing", chemin=_join(chemin, key))
    return data[key]


def _join(chemin: str, key: str) -> str:
    return f"{chemin}.{key}" if chemin else key


# What one text field may hold, in characters. A dossier the app accepts must export in seconds:
# the PDF lays out every character (a 1 MB description took 300 s, a 10 MB label 600 s).
MAX_TEXT = 250  # a name, an address, an identifier
MAX_LIBELLE = 300  # a line's label, drawn in a narrow column, up to MAX_LIGNES times
MAX_DESCRIPTION = 50_000  # the project's description (about twenty pages)
MAX_PROJET_AUTRES = 50_000  # the project's other fields, as JSON text


def _text(data: dict, key: str, chemin: str, *, required: bool = False, default: str = "",
          limit: int = MAX_TEXT) -> str:
    if key not in data or (data[key] is None and not required):
        if required:
            raise DossierFormatError("dossier_field_missing", chemin=_join(chemin, key))
        return default
    value = data[key]
    if not isinstance(value, str):
        raise DossierFormatError("dossier_text_expected", chemin=_join(chemin, key), received=_describe(value))
    if len(value) > limit:
        raise DossierFormatError("dossier_text_too_long", chemin=_join(chemin, key), length=len(value), limit=limit)
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (\ud800): no file or database can hold it
            raise DossierFormatError("dossier_text_invalid_character", chemin=_join(chemin, key)) from None
    return value


# Beyond these, a figure is a typing accident (10^11 centimes is a billion euros for one unit);
# the dossier's total keeps every figure of `calcul` below 2^53 (exact for JavaScript readers)
# and far inside SQLite's 64-bit integers.
MAX_AMOUNT_CENTIMES = 10**11
MAX_COUNT = 10**6
MAX_DOSSIER_HT_CENTIMES = 10**13
# How many items a dossier may hold. Each school and each line is a row of the signed PDF (the
# schools three times: their table, their financing, their findings), and a dossier the app
# accepts must export in seconds (issue 17 item 15). An intercommunalité's dossier has up to
# about 60 schools and 3 000 lines (DESIGN.md: « one dossier for 10–60 schools »; the call's
# first wave averaged 1.4 schools per dossier, 8 767 for 6 323). 300 schools is five times the
# largest intercommunalité; at 1 000, the schools alone made 550 of the largest accepted
# dossier's 1 066 pages. Every way in checks these through `count_problem`.
MAX_LIGNES = 3_000  # 60 schools of 50 lines
MAX_ECOLES = 300
MAX_PIECES = 1_000
_COUNTED = {"ecoles": MAX_ECOLES, "lignes": MAX_LIGNES, "pieces": MAX_PIECES}


def count_problem(key: str, count: int) -> DossierFormatError | None:
    """The error (`dossier_too_many`, naming the field) when a dossier would hold `count` items of `key`
    (« ecoles », « lignes », « pieces »), more than it may; else None. The one check of these
    bounds: the reader, the library's additions, the line import and the window ask it."""
    limit = _COUNTED[key]
    if count <= limit:
        return None
    return DossierFormatError("dossier_too_many", chemin=key, count=count, limit=limit)


def _integer(data: dict, key: str, chemin: str, limit: int = MAX_COUNT) -> int:
    value = _required(data, key, chemin)
    # bool is an int in Python but never a count or an amount.
    if isinstance(value, bool) or not isinstance(value, int):
        raise DossierFormatError("dossier_integer_expected", chemin=_join(chemin, key), field=key,
                                 received=_describe(value))
    if abs(value) > limit:
        raise DossierFormatError("dossier_out_of_range", chemin=_join(chemin, key), limit=limit)
    return value


def _choice(data: dict, key: str, chemin: str, allowed, *, default: str | None = None) -> str:
    if key not in data and default is not None:
        return default
    value = _required(data, key, chemin)
    if value not in allowed:
        raise DossierFormatError("dossier_unknown_value", chemin=_join(chemin, key), received=_describe(value),
                                 allowed=tuple(allowed))
    return value


def dossier_from_dict(data: Any) -> Dossier:
    data = _object(data, "")
    if data.get("format") != FORMAT_NAME:
        raise DossierFormatError("dossier_not_socle", chemin="format", expected=FORMAT_NAME,
                                 received=_describe(data.get("format")))
    version = data.get("version_format")
    if version != FORMAT_VERSION:
        raise DossierFormatError("dossier_version_unsupported", chemin="version_format", received=_describe(version),
                                 supported=FORMAT_VERSION)
    dossier_id = _text(data, "id", "", required=True)
    if not dossier_id.strip():
        raise DossierFormatError("dossier_id_empty", chemin="id")
    ecoles_data = _bounded_array(data, "ecoles")
    lignes_data = _bounded_array(data, "lignes")
    ecoles = [_ecole(item, f"ecoles[{i}]") for i, item in enumerate(ecoles_data)]
    lignes = [_ligne(item, f"lignes[{i}]") for i, item in enumerate(lignes_data)]
    _check_dossier_total(lignes)
    _unique_ids(ecoles, "ecoles")
    _unique_ids(lignes, "lignes")
    pieces_data = data.get("pieces")
    if isinstance(pieces_data, list) and count_problem("pieces", len(pieces_data)):
        raise count_problem("pieces", len(pieces_data))
    pieces = [] if pieces_data is None else [
        _piece(item, f"pieces[{i}]") for i, item in enumerate(_array(pieces_data, "pieces"))
    ]
    return Dossier(
        id=dossier_id,
        regles=_edition(data),
        collectivite=_collectivite(_object(_required(data, "collectivite", ""), "collectivite")),
        ecoles=ecoles,
        lignes=lignes,
        projet=_projet(data.get("projet")),
        pieces=pieces,
        extra={key: value for key, value in data.items() if key not in _KNOWN_TOP_LEVEL},
    )


def _bounded_array(data: dict, key: str) -> list:
    items = _array(_required(data, key, ""), key)
    problem = count_problem(key, len(items))
    if problem:
        raise problem
    return items


def _check_dossier_total(lignes: list[Ligne]) -> None:
    total = sum(abs(ligne.quantite * ligne.prix_unitaire_ht_centimes) for ligne in lignes)
    if total > MAX_DOSSIER_HT_CENTIMES:
        raise DossierFormatError("dossier_total_too_big", chemin="lignes", limit=MAX_DOSSIER_HT_CENTIMES)


def _edition(data: dict) -> str:
    edition = _text(data, "regles", "", required=True)
    if edition_problem(edition):  # worded as the catalogue's « edition_invalid »
        raise DossierFormatError("dossier_edition_invalid", chemin="regles", edition=edition[:60])
    return edition


def _unique_ids(items: list, chemin: str) -> None:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            raise DossierFormatError("dossier_id_twice", chemin=f"{chemin}[{index}].id", item_id=item.id)
        seen.add(item.id)


def _collectivite(data: dict) -> Collectivite:
    chemin = "collectivite"
    representant = _object(data.get("representant") or {}, f"{chemin}.representant")
    contact = _object(data.get("contact") or {}, f"{chemin}.contact")
    return Collectivite(
        type=_choice(data, "type", chemin, tuple(COLLECTIVITE_TYPES), default="commune"),
        raison_sociale=_text(data, "raison_sociale", chemin, required=True),
        siret=_text(data, "siret", chemin, required=True),
        code_insee=_text(data, "code_insee", chemin),
        adresse=_text(data, "adresse", chemin),
        code_postal=_text(data, "code_postal", chemin),
        commune=_text(data, "commune", chemin),
        representant=Representant(
            nom=_text(representant, "nom", f"{chemin}.representant"),
            qualite=_text(representant, "qualite", f"{chemin}.representant"),
        ),
        contact=Contact(
            nom=_text(contact, "nom", f"{chemin}.contact"),
            courriel=_text(contact, "courriel", f"{chemin}.contact"),
            telephone=_text(contact, "telephone", f"{chemin}.contact"),
        ),
    )


def _ecole(item: Any, chemin: str) -> Ecole:
    data = _object(item, chemin)
    return Ecole(
        id=_text(data, "id", chemin, required=True),
        nom=_text(data, "nom", chemin, required=True),
        uai=_text(data, "uai", chemin, required=True),
        code_insee=_text(data, "code_insee", chemin),
        nb_classes=_integer(data, "nb_classes", chemin),
        nb_eleves=_integer(data, "nb_eleves", chemin),
        secteur=_choice(data, "secteur", chemin, tuple(SECTEURS), default="public"),
        commune=_text(data, "commune", chemin),
    )


def _ligne(item: Any, chemin: str) -> Ligne:
    data = _object(item, chemin)
    ecole = data.get("ecole")
    if ecole is not None and not isinstance(ecole, str):
        raise DossierFormatError("dossier_school_expected", chemin=f"{chemin}.ecole", received=_describe(ecole))
    return Ligne(
        id=_text(data, "id", chemin, required=True),
        volet=_choice(data, "volet", chemin, VOLETS),
        categorie=_text(data, "categorie", chemin, default="autre") or "autre",
        ecole=ecole,
        libelle=_text(data, "libelle", chemin, required=True, limit=MAX_LIBELLE),
        quantite=_integer(data, "quantite", chemin),
        prix_unitaire_ht_centimes=_integer(data, "prix_unitaire_ht_centimes", chemin, MAX_AMOUNT_CENTIMES),
        taux_tva=_choice(data, "taux_tva", chemin, TAUX_TVA),
    )


def _projet(item: Any) -> Projet:
    if item is None:
        return Projet()
    data = _object(item, "projet")
    autres = {key: value for key, value in data.items() if key not in ("intitule", "description")}
    if autres and _json_length(autres) > MAX_PROJET_AUTRES:
        raise DossierFormatError("dossier_projet_too_long", chemin="projet", limit=MAX_PROJET_AUTRES)
    return Projet(
        intitule=_text(data, "intitule", "projet"),
        description=_text(data, "description", "projet", limit=MAX_DESCRIPTION),
        autres=autres,
    )


def _json_length(value: Any) -> int:
    """Characters of `value` as JSON text; anything that is not plain JSON counts as too long
    (storable.py names what is wrong with it)."""
    try:
        return len(json.dumps(value, ensure_ascii=False))
    except (TypeError, ValueError, RecursionError):
        return 0


def _piece(item: Any, chemin: str) -> Piece:
    data = _object(item, chemin)
    sha256 = _text(data, "sha256", chemin, required=True).lower()
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise DossierFormatError("dossier_sha256_expected", chemin=f"{chemin}.sha256")
    taille = _integer(data, "taille", chemin, 2**53)
    if taille < 0:
        raise DossierFormatError("dossier_size_negative", chemin=f"{chemin}.taille")
    return Piece(
        id=_text(data, "id", chemin, required=True),
        nom=_text(data, "nom", chemin, required=True),
        type=_choice(data, "type", chemin, tuple(PIECE_TYPES), default="autre"),
        sha256=sha256,
        taille=taille,
        ecoles=_piece_schools(data, chemin),
    )


def _piece_schools(data: dict, chemin: str) -> tuple[str, ...]:
    """The ids of the schools a piece covers; absent or null (an older file): ()."""
    value = data.get("ecoles")
    if value is None:
        return ()
    where = f"{chemin}.ecoles"
    items = _array(value, where)
    if len(items) > MAX_ECOLES:
        raise DossierFormatError("dossier_piece_schools_too_many", chemin=where, count=len(items), limit=MAX_ECOLES)
    ids = []
    for item in items:
        if not isinstance(item, str) or not item or len(item) > MAX_TEXT:
            raise DossierFormatError("dossier_school_ids_expected", chemin=where, received=_describe(item))
        if item not in ids:
            ids.append(item)
    return tuple(ids)


# --- writing -------------------------------------------------------------------------------


def dossier_to_dict(dossier: Dossier) -> dict:
    c = dossier.collectivite
    data: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version_format": FORMAT_VERSION,
        "id": dossier.id,
        "regles": dossier.regles,
        "collectivite": {
            "type": c.type,
            "raison_sociale": c.raison_sociale,
            "siret": c.siret,
            "code_insee": c.code_insee,
            "adresse": c.adresse,
            "code_postal": c.code_postal,
            "commune": c.commune,
            "representant": {"nom": c.representant.nom, "qualite": c.representant.qualite},
            "contact": {
                "nom": c.contact.nom,
                "courriel": c.contact.courriel,
                "telephone": c.contact.telephone,
            },
        },
        "ecoles": [
            {
                "id": e.id, "nom": e.nom, "uai": e.uai, "code_insee": e.code_insee,
                "commune": e.commune, "nb_classes": e.nb_classes, "nb_eleves": e.nb_eleves,
                "secteur": e.secteur,
            }
            for e in dossier.ecoles
        ],
        "lignes": [
            {
                "id": line.id, "volet": line.volet, "categorie": line.categorie, "ecole": line.ecole,
                "libelle": line.libelle, "quantite": line.quantite,
                "prix_unitaire_ht_centimes": line.prix_unitaire_ht_centimes, "taux_tva": line.taux_tva,
            }
            for line in dossier.lignes
        ],
        "projet": {"intitule": dossier.projet.intitule, "description": dossier.projet.description,
                   **dossier.projet.autres},
        # "ecoles" only when said: a dossier without it is written as before this field existed.
        "pieces": [
            {"id": p.id, "nom": p.nom, "type": p.type, "sha256": p.sha256, "taille": p.taille,
             **({"ecoles": list(p.ecoles)} if p.ecoles else {})}
            for p in dossier.pieces
        ],
    }
    data.update(dossier.extra)
    return data
