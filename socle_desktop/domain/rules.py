"""The call's parameters, read from a rules file (resources/rules/<edition>.toml).

Rules are data: another edition or a departmental scheme is another file, never a code change.
This module parses the TOML text (the caller reads the file) and checks every value.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .coded_error import CodedError


class RulesError(CodedError, ValueError):
    """The rules file is unusable: a code and the values it names (`key`: the key's path, as
    `equipement.taux`; `value`: what was found), worded by the front-ends' catalogue."""


GRAVITES_COMPLETUDE = ("erreur", "avertissement")


@dataclass(frozen=True)
class ChampRequis:
    """A narrative or identity field a complete dossier fills in (`[[completude.champs]]`)."""

    chemin: str  # "projet.description", "projet.objectifs", "collectivite.contact.courriel"
    libelle: str
    gravite: str
    source: str


@dataclass(frozen=True)
class PieceRequise:
    """An attachment a complete dossier holds (`[[completude.pieces]]`): one of `types`; with
    `par_ecole`, one for the equipment of each school (a single one may cover several)."""

    types: tuple[str, ...]
    libelle: str
    gravite: str
    source: str
    par_ecole: bool = False


@dataclass(frozen=True)
class Rules:
    edition: str
    titre: str
    base: str  # "TTC" or "HT"
    equipement_taux_bas: Decimal  # % up to the threshold
    equipement_taux_haut: Decimal  # % above it
    equipement_seuil_centimes: int
    equipement_minimum_par_ecole_centimes: int
    equipement_plafond_par_classe_centimes: int  # 0: no ceiling
    ressources_taux: Decimal
    ressources_plafond_par_eleve_centimes: int  # 0: no ceiling
    accompagnement_taux: Decimal
    eleves_par_classe_min: int = 1
    eleves_par_classe_max: int = 35
    taux_tva: tuple[str, ...] = ()  # the VAT rates a line may use, as the format writes them
    categories: dict[str, dict[str, str]] | None = None  # volet -> {category code: label}
    categories_projection: tuple[str, ...] = ()  # equipment giving a class a projection device
    categories_ordinateur_enseignant: tuple[str, ...] = ()
    # Eligible equipment spending of a dossier at most this (0: no ceiling).
    equipement_plafond_depense_centimes: int = 0
    # A private school is eligible only in a commune without a public school.
    privees_seulement_sans_publique: bool = False
    completude_champs: tuple[ChampRequis, ...] = ()
    completude_pieces: tuple[PieceRequise, ...] = ()
    # SHA-256 of the rules file's text: the figures are « selon les paramètres de l'édition … (empreinte …) ».
    empreinte: str = ""
    # The whole parsed file, so a PDF or a report can print every parameter and its source.
    raw: dict | None = None

    def parameters(self) -> list[RuleParameter]:
        """Each parameter with its value, unit and provenance; the front-ends' catalogue and the
        PDF word the values (« 20,00 € par élève », « aucun »); the names are the call's own labels
        (model.PARAMETER_LABELS, like the volets')."""
        from .model import PARAMETER_LABELS

        def provenance(section: str, source_key: str, confirmed_key: str) -> tuple[str, bool]:
            entries = (self.raw or {}).get(section, {})
            return entries.get(source_key, ""), bool(entries.get(confirmed_key))

        rows = [
            ("assiette", self.base, BASE, ("assiette", "source", "confirme")),
            ("equipement_taux_bas", self.equipement_taux_bas, PERCENT, ("equipement", "source_taux", "taux_confirme")),
            ("equipement_taux_haut", self.equipement_taux_haut, PERCENT,
             ("equipement", "source_taux", "taux_confirme")),
            ("equipement_seuil", self.equipement_seuil_centimes, EUROS,
             ("equipement", "source_seuil", "seuil_confirme")),
            ("equipement_plafond_depense", self.equipement_plafond_depense_centimes, EUROS_PER_DOSSIER,
             ("equipement", "source_plafond_depense", "plafond_depense_confirme")),
            ("equipement_minimum_par_ecole", self.equipement_minimum_par_ecole_centimes, EUROS,
             ("equipement", "source_minimum", "minimum_confirme")),
            ("equipement_plafond_par_classe", self.equipement_plafond_par_classe_centimes, EUROS_PER_CLASS,
             ("equipement", "source_plafond", "plafond_confirme")),
            ("ecoles_privees", self.privees_seulement_sans_publique, PRIVATE_SCHOOLS,
             ("ecoles_privees", "source", "confirme")),
            ("ressources_taux", self.ressources_taux, PERCENT, ("ressources", "source_taux", "taux_confirme")),
            ("ressources_plafond_par_eleve", self.ressources_plafond_par_eleve_centimes, EUROS_PER_PUPIL,
             ("ressources", "source_plafond", "plafond_confirme")),
            ("accompagnement_taux", self.accompagnement_taux, PERCENT,
             ("accompagnement", "source_taux", "taux_confirme")),
        ]
        return [RuleParameter(code, PARAMETER_LABELS[code], value, unit, *provenance(*keys))
                for code, value, unit, keys in rows]

    def parameter(self, code: str) -> RuleParameter:
        """One parameter by its code (KeyError for an unknown code)."""
        for parameter in self.parameters():
            if parameter.code == code:
                return parameter
        raise KeyError(code)


# The units of a parameter's value (RuleParameter.unit).
BASE, PERCENT, EUROS, EUROS_PER_CLASS, EUROS_PER_PUPIL = "assiette", "pourcent", "euros", "euros_par_classe", \
    "euros_par_eleve"
EUROS_PER_DOSSIER = "euros_par_dossier"  # a ceiling of eligible spending per dossier (0: none)
PRIVATE_SCHOOLS = "ecoles_privees"  # True: eligible only in a commune without a public school

@dataclass(frozen=True)
class RuleParameter:
    code: str
    label: str
    value: str | Decimal | int | bool  # the base ("TTC"), a rate in %, centimes (0: no ceiling), a rule's flag
    unit: str
    source: str
    confirmed: bool


def parse_rules(text: str) -> Rules:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesError("rules_toml_invalid", **_where(str(error))) from None
    edition = _section(data, "edition")
    assiette = _section(data, "assiette")
    eq = _section(data, "equipement")
    res = _section(data, "ressources")
    acc = _section(data, "accompagnement")
    controles = data.get("controles", {})
    categories = _categories(data)
    privees = data.get("ecoles_privees", {})
    if not isinstance(privees, dict) or not isinstance(controles, dict):
        raise RulesError("rules_tables_expected")
    seulement = privees.get("seulement_sans_ecole_publique", False)
    if not isinstance(seulement, bool):
        raise RulesError("rules_boolean_expected", key="ecoles_privees.seulement_sans_ecole_publique")
    champs, pieces = _completude(data.get("completude", {}))
    base = assiette.get("base")
    if base not in ("HT", "TTC"):
        raise RulesError("rules_base_expected", key="assiette.base", value=base)
    return Rules(
        edition=_string(edition, "id", "edition"),
        titre=_string(edition, "titre", "edition"),
        base=base,
        equipement_taux_bas=_rate(eq, "taux_jusqu_au_seuil", "equipement"),
        equipement_taux_haut=_rate(eq, "taux_au_dela_du_seuil", "equipement"),
        equipement_seuil_centimes=_centimes(eq, "seuil_centimes", "equipement"),
        equipement_minimum_par_ecole_centimes=_centimes(eq, "minimum_par_ecole_centimes", "equipement"),
        equipement_plafond_par_classe_centimes=_centimes(eq, "plafond_par_classe_centimes", "equipement"),
        ressources_taux=_rate(res, "taux", "ressources"),
        ressources_plafond_par_eleve_centimes=_centimes(res, "plafond_par_eleve_centimes", "ressources"),
        accompagnement_taux=_rate(acc, "taux", "accompagnement"),
        eleves_par_classe_min=_centimes(controles, "eleves_par_classe_min", "controles", default=1),
        eleves_par_classe_max=_centimes(controles, "eleves_par_classe_max", "controles", default=35),
        taux_tva=_vat_rates(_section(data, "tva")),
        categories=categories,
        categories_projection=_codes(controles, "categories_projection", categories["equipement"]),
        categories_ordinateur_enseignant=_codes(controles, "categories_ordinateur_enseignant",
                                                categories["equipement"]),
        equipement_plafond_depense_centimes=_centimes(eq, "plafond_depense_centimes", "equipement", default=0),
        privees_seulement_sans_publique=seulement,
        completude_champs=champs,
        completude_pieces=pieces,
        empreinte=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        raw=data,
    )


_CODE = re.compile(r"[a-z][a-z0-9_]{0,63}")


def _vat_rates(section: dict) -> tuple[str, ...]:
    from .model import TAUX_TVA  # the rates the socle-dossier format can record

    rates = section.get("taux")
    if not isinstance(rates, list) or not rates or any(rate not in TAUX_TVA for rate in rates) \
            or len(set(rates)) != len(rates):
        raise RulesError("rules_vat_rates_expected", key="tva.taux", allowed=TAUX_TVA)
    return tuple(rates)


def _categories(data: dict) -> dict[str, dict[str, str]]:
    from .model import VOLETS

    section = _section(data, "categories")
    categories = {}
    for volet in VOLETS:
        table = section.get(volet)
        if not isinstance(table, dict) or not table:
            raise RulesError("rules_categories_missing", section=f"categories.{volet}")
        for code, label in table.items():
            if not _CODE.fullmatch(code) or not isinstance(label, str) or not label.strip():
                raise RulesError("rules_category_invalid", key=f"categories.{volet}.{code[:64]}")
        categories[volet] = dict(table)
    return categories


def _codes(section: dict, key: str, known: dict[str, str]) -> tuple[str, ...]:
    codes = section.get(key, [])
    if not isinstance(codes, list) or any(code not in known for code in codes):
        raise RulesError("rules_categories_expected", key=f"controles.{key}")
    return tuple(codes)


def _completude(section: object) -> tuple[tuple[ChampRequis, ...], tuple[PieceRequise, ...]]:
    if not isinstance(section, dict):
        raise RulesError("rules_completude_table")
    champs, pieces = [], []
    for index, entry in enumerate(_entries(section, "champs")):
        where = f"completude.champs[{index + 1}]"
        champs.append(ChampRequis(
            chemin=_string(entry, "chemin", where), libelle=_string(entry, "libelle", where),
            gravite=_gravite(entry, where), source=_string(entry, "source", where),
        ))
    for index, entry in enumerate(_entries(section, "pieces")):
        where = f"completude.pieces[{index + 1}]"
        types = entry.get("types")
        if not isinstance(types, list) or not types or not all(isinstance(t, str) and t for t in types):
            raise RulesError("rules_piece_types_expected", key=f"{where}.types")
        par_ecole = entry.get("par_ecole", False)
        if not isinstance(par_ecole, bool):
            raise RulesError("rules_boolean_expected", key=f"{where}.par_ecole")
        pieces.append(PieceRequise(
            types=tuple(types), libelle=_string(entry, "libelle", where), gravite=_gravite(entry, where),
            source=_string(entry, "source", where), par_ecole=par_ecole,
        ))
    return tuple(champs), tuple(pieces)


def _entries(section: dict, key: str) -> list[dict]:
    entries = section.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise RulesError("rules_entries_expected", key=f"completude.{key}")
    return entries


def _gravite(entry: dict, where: str) -> str:
    gravite = entry.get("gravite")
    if gravite not in GRAVITES_COMPLETUDE:
        raise RulesError("rules_gravite_expected", key=f"{where}.gravite", value=gravite)
    return gravite


def _where(toml_message: str) -> dict[str, int]:
    """tomllib's message is English: keep only where the mistake is (`line`, `column`)."""
    found = re.search(r"at line (\d+), column (\d+)", toml_message)
    return {"line": int(found[1]), "column": int(found[2])} if found else {}


def _section(data: dict, name: str) -> dict:
    section = data.get(name)
    if not isinstance(section, dict):
        raise RulesError("rules_section_missing", section=name)
    return section


def _string(section: dict, key: str, name: str) -> str:
    value = section.get(key)
    if not isinstance(value, str) or not value:
        raise RulesError("rules_text_expected", key=f"{name}.{key}")
    return value


def _rate(section: dict, key: str, name: str) -> Decimal:
    value = section.get(key)
    if not isinstance(value, str):
        raise RulesError("rules_rate_expected", key=f"{name}.{key}")
    try:
        rate = Decimal(value)
    except InvalidOperation:
        raise RulesError("rules_rate_unreadable", key=f"{name}.{key}", value=value) from None
    if not rate.is_finite() or not Decimal(0) <= rate <= Decimal(100):
        raise RulesError("rules_rate_out_of_range", key=f"{name}.{key}", value=value)
    return rate


def _centimes(section: dict, key: str, name: str, default: int | None = None) -> int:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RulesError("rules_integer_expected", key=f"{name}.{key}", value=value)
    return value
