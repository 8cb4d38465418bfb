"""Budget lines from a table (a supplier's quote, a colleague's spreadsheet): pure rules.

A reader (export/spreadsheet.py) turns a CSV, XLSX or ODS file into rows of cells (`str`,
`int`, `Decimal` or None: never float). This module finds the header row, maps its columns
by their usual French names, and validates each row with the same rules as a typed line,
returning accepted lines and refused rows (row number as the spreadsheet shows it, and the
reason as a code the front-ends word). Nothing is written here: the caller shows the report and writes on acceptance.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .coded_error import CodedError
from .compute import line_amounts
from .dossier_json import MAX_AMOUNT_CENTIMES, MAX_COUNT, MAX_LIBELLE, MAX_TEXT
from .model import Ecole, Ligne
from .money import MoneyFormatError, parse_euros

Cell = str | int | Decimal | None

# The fields a column can hold, and the headers that name them (compared without accents,
# case or punctuation). Order matters only for display.
FIELDS = ("libelle", "quantite", "prix_unitaire_ht", "taux_tva", "montant_ttc", "ecole", "uai", "categorie", "volet")
HEADER_NAMES: Mapping[str, tuple[str, ...]] = {
    "libelle": ("designation", "libelle", "description", "article", "produit", "intitule", "objet"),
    "quantite": ("qte", "quantite", "qt", "quantites", "nombre", "nb", "qte commandee"),
    "prix_unitaire_ht": ("pu ht", "prix unitaire ht", "pu", "prix unitaire", "prix ht", "p u ht", "pu ht eur",
                         "prix unitaire ht eur", "pu ht euros", "prix unitaire hors taxes", "prix unit ht",
                         "prix unit ht eur"),
    "taux_tva": ("tva", "taux tva", "taux de tva", "tva %", "taux", "taux tva %", "taux de tva %", "tx tva"),
    "montant_ttc": ("montant ttc", "total ttc", "prix ttc", "montant ttc eur", "total ttc eur"),
    "ecole": ("ecole", "etablissement", "nom de l ecole", "ecole concernee"),
    "uai": ("uai", "rne", "code uai", "uai de l ecole", "n uai", "no uai", "uai rne", "code rne"),
    "categorie": ("categorie", "famille", "type"),
    "volet": ("volet",),
}
REQUIRED_FIELDS = ("libelle", "quantite", "prix_unitaire_ht")
HEADER_SEARCH_ROWS = 20  # a quote's header often sits below the supplier's letterhead
MAX_LABEL_LENGTH = MAX_LIBELLE  # what the dossier can hold: a longer label would fail the save


class RowRefused(CodedError):
    """Why a row is not a line: a code and what it quotes (the cell's text, the field…), worded by
    the front-ends' catalogue (catalogue/domain_errors.py)."""


@dataclass
class RefusedRow:
    row: int  # 1-based, as the spreadsheet numbers it
    reason: RowRefused


@dataclass
class UnknownSchool:
    """A school a table names that the dossier lacks: what the rows say of it."""

    key: str  # what `aliases` expects: the UAI (upper case), or the name as written
    uai: str
    nom: str
    rows: list[int] = field(default_factory=list)  # 1-based


@dataclass
class LineTable:
    """What a table would add: nothing is written until the user accepts."""

    header_row: int  # 1-based
    mapping: dict[str, int]  # field -> 0-based column
    lines: list[tuple[int, Ligne]] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)
    unknown_schools: list[str] = field(default_factory=list)
    unknown_details: list[UnknownSchool] = field(default_factory=list)


class UncomputedFormula(str):
    """A cell holding a formula its file has no value for (written by a program, never computed by
    a spreadsheet): the formula's text, without its « = ». A row that needs it is refused, saying so."""


class LineTableError(CodedError, ValueError):
    """The table as a whole cannot be read as budget lines: a code and its values."""


@lru_cache(maxsize=4096)  # a table repeats its categories, volets and schools on every row
def normalise(text: str) -> str:
    """« Prix unitaire H.T. (€) » -> "prix unitaire h t eur": what header and label matching compare."""
    text = text.replace("€", " eur ")
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", bare).split())


_HEADER_LOOKUP = {name: fld for fld, names in HEADER_NAMES.items() for name in names}


def header_field(text: str) -> str | None:
    key = normalise(text)
    if key in _HEADER_LOOKUP:
        return _HEADER_LOOKUP[key]
    compact = key.replace(" ", "")
    for name, fld in _HEADER_LOOKUP.items():
        if name.replace(" ", "") == compact:
            return fld
    return None


def recognise_header(rows: Sequence[Sequence[Cell]]) -> tuple[int, dict[str, int]] | None:
    """(0-based row index, field -> column) of the first row naming the required columns."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapping: dict[str, int] = {}
        for column, cell in enumerate(row):
            if isinstance(cell, str):
                fld = header_field(cell)
                if fld is not None and fld not in mapping:
                    mapping[fld] = column
        if all(f in mapping for f in REQUIRED_FIELDS):
            return index, mapping
    return None


def read_lines(
    rows: Sequence[Sequence[Cell]],
    *,
    ecoles: Sequence[Ecole],
    taux_tva: Sequence[str],
    categories: Mapping[str, Mapping[str, str]],
    volet: str | None = None,
    ecole: Ecole | None = None,
    mapping: dict[str, int] | None = None,
    header_row: int | None = None,
    aliases: Mapping[str, str] | None = None,
) -> LineTable:
    """The lines of a table. `volet` and `ecole` apply to rows that do not name their own;
    `mapping` (field -> 0-based column) and `header_row` (0-based; -1 when the table has no
    header) override recognition; `aliases` maps an unknown school's key (see UnknownSchool)
    to the id of the dossier's school its rows go to."""
    if mapping is None:
        found = recognise_header(rows)
        if found is None:
            raise LineTableError("line_table_no_header", rows=HEADER_SEARCH_ROWS)
        header_row, mapping = found
    missing = [f for f in REQUIRED_FIELDS if f not in mapping]
    if missing:
        raise LineTableError("line_table_columns_missing", missing=missing)
    header_row = 0 if header_row is None else header_row
    if volet is None and "volet" not in mapping:
        volet = "equipement"
    reader = _RowReader(mapping, ecoles, taux_tva, categories, volet, ecole, aliases or {})
    table = LineTable(header_row=header_row + 1, mapping=dict(mapping))
    for index in range(header_row + 1, len(rows)):
        row = rows[index]
        if all(_blank(cell) for cell in row):
            continue
        reader.row_number = index + 1
        try:
            table.lines.append((index + 1, reader.line(row)))
        except RowRefused as refusal:
            table.refused.append(RefusedRow(index + 1, refusal))
    table.unknown_schools = sorted(reader.unknown_schools)
    table.unknown_details = [reader.unknown_schools[key] for key in table.unknown_schools]
    return table


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip() and not isinstance(cell, UncomputedFormula))


class _RowReader:
    def __init__(self, mapping, ecoles, taux_tva, categories, volet, ecole, aliases):
        self.mapping = mapping
        self.aliases = {key: e for key, ecole_id in aliases.items()
                        for e in ecoles if e.id == ecole_id}
        self.taux_tva = tuple(taux_tva)
        self.categories = categories
        self.volet = volet
        self.ecole = ecole
        self.by_uai = {e.uai.strip().upper(): e for e in ecoles if e.uai.strip()}
        self.by_name = {normalise(e.nom): e for e in ecoles if e.nom.strip()}
        self.volets = {normalise(code): code for code in categories}
        self.categories_by_key = {
            volet: {key: code for code, label in known.items()
                    for key in (code, normalise(code).replace("_", " "), normalise(label))}
            for volet, known in categories.items()
        }
        self.unknown_schools: dict[str, UnknownSchool] = {}
        self.row_number = 0

    def cell(self, row: Sequence[Cell], fld: str) -> Cell:
        column = self.mapping.get(fld)
        if column is None or column >= len(row):
            return None
        value = row[column]
        if isinstance(value, UncomputedFormula):
            raise RowRefused("row_formula_uncomputed", field=fld, formula=str(value))  # "": a shared formula
        return value

    def line(self, row: Sequence[Cell]) -> Ligne:
        volet = self.row_volet(row)
        ligne = Ligne(
            volet=volet,
            categorie=self.row_categorie(row, volet),
            ecole=self.row_ecole(row, volet),
            libelle=self.row_libelle(row),
            quantite=self.row_quantite(row),
            prix_unitaire_ht_centimes=self.row_prix(row),
            taux_tva=self.row_tva(row),
        )
        self.check_ttc(row, ligne)
        return ligne

    def row_libelle(self, row) -> str:
        value = self.cell(row, "libelle")
        text = _text(value)
        if not text:
            raise RowRefused("row_label_empty")
        if len(text) > MAX_LABEL_LENGTH:
            raise RowRefused("row_label_too_long", limit=MAX_LABEL_LENGTH)
        return text

    def row_quantite(self, row) -> int:
        value = self.cell(row, "quantite")
        number = _decimal(value, "quantite")
        if number is None:
            raise RowRefused("row_quantity_empty")
        if number != number.to_integral_value():
            raise RowRefused("row_quantity_not_whole", value=_shown(value))
        quantity = int(number)
        if quantity <= 0:
            raise RowRefused("row_quantity_below_one", quantity=quantity)
        if quantity > MAX_COUNT:
            raise RowRefused("row_quantity_too_big", quantity=quantity)
        return quantity

    def row_prix(self, row) -> int:
        value = self.cell(row, "prix_unitaire_ht")
        if _blank(value):
            raise RowRefused("row_price_empty")
        if isinstance(value, str):
            try:
                centimes = parse_euros(value)
            except MoneyFormatError as error:
                raise RowRefused("row_price_unreadable", cause=error) from None
        else:
            euros = _decimal(value, "prix_unitaire_ht")
            if abs(euros) * 100 > MAX_AMOUNT_CENTIMES:  # before quantize, which a 1E+30 overflows
                raise RowRefused("row_price_too_big")
            if euros != euros.quantize(Decimal("0.01")):
                raise RowRefused("row_price_too_precise", euros=euros)
            centimes = int(euros * 100)
        if centimes < 0:
            raise RowRefused("row_price_negative")
        if centimes > MAX_AMOUNT_CENTIMES:
            raise RowRefused("row_price_too_big")
        return centimes

    def row_tva(self, row) -> str:
        value = self.cell(row, "taux_tva")
        if _blank(value):
            return "20" if "20" in self.taux_tva else self.taux_tva[0]
        text = _text(value).replace("%", "").replace(",", ".").strip()
        try:
            rate = Decimal(text)
        except InvalidOperation:
            raise RowRefused("row_vat_unreadable", text=_text(value)) from None
        if 0 < rate < 1 and "%" not in _text(value):
            rate *= 100  # a percentage cell: 0,2 shown as « 20 % »
        for allowed in self.taux_tva:
            if Decimal(allowed) == rate:
                return allowed
        # A text is quoted as typed, a workbook's number as the rate it means (0,196: « 19,6 % »).
        raise RowRefused("row_vat_unknown", text=_text(value) if isinstance(value, str) else None, rate=rate,
                         allowed=self.taux_tva)

    def row_volet(self, row) -> str:
        value = self.cell(row, "volet")
        if _blank(value):
            if self.volet is None:
                raise RowRefused("row_volet_empty")
            return self.volet
        key = normalise(_text(value))
        for normalised, code in self.volets.items():
            if key == normalised or key.startswith(normalised[:6]):  # « Ressources numériques »
                return code
        raise RowRefused("row_volet_unknown", text=_text(value))

    def row_categorie(self, row, volet: str) -> str:
        known = self.categories.get(volet, {})
        value = self.cell(row, "categorie")
        if _blank(value):
            return "autre" if "autre" in known else next(iter(known), "autre")
        code = self.categories_by_key.get(volet, {}).get(normalise(_text(value)))
        if code is not None:
            return code
        raise RowRefused("row_category_unknown", text=_text(value))

    def row_ecole(self, row, volet: str) -> str | None:
        uai = _text(self.cell(row, "uai")).upper()
        name = _text(self.cell(row, "ecole"))
        if uai:
            found = self.by_uai.get(uai) or self.aliases.get(uai)
            if found is not None:
                return found.id
            self.unknown(uai, uai, name)
            raise RowRefused("row_school_uai_unknown", uai=uai)
        if name:  # a name, or a UAI typed in the school's column
            if len(name) > MAX_TEXT:
                raise RowRefused("row_school_name_too_long", limit=MAX_TEXT)
            found = self.by_name.get(normalise(name)) or self.by_uai.get(name.upper()) or self.aliases.get(name)
            if found is not None:
                return found.id
            self.unknown(name, "", name)
            raise RowRefused("row_school_unknown", name=name)
        if self.ecole is not None:
            return self.ecole.id
        if volet == "equipement":  # as when typed: an equipment line names its school
            raise RowRefused("row_equipment_without_school")
        return None

    def unknown(self, key: str, uai: str, name: str) -> None:
        school = self.unknown_schools.setdefault(key, UnknownSchool(key, uai, name))
        school.nom = school.nom or name
        school.rows.append(self.row_number)

    def check_ttc(self, row, ligne: Ligne) -> None:
        column = self.mapping.get("montant_ttc")
        value = row[column] if column is not None and column < len(row) else None
        if _blank(value) or isinstance(value, UncomputedFormula):  # a check the line does without
            return
        if isinstance(value, str):
            try:
                stated = parse_euros(value)
            except MoneyFormatError as error:
                raise RowRefused("row_ttc_unreadable", cause=error) from None
        else:
            stated = int((_decimal(value, "montant_ttc") * 100).to_integral_value())
        computed = line_amounts(ligne).ttc
        if abs(stated - computed) > 1:  # one centime: the quote may round its TTC differently
            raise RowRefused("row_ttc_differs", stated=stated, computed=computed)


def _shown(value: Cell) -> Decimal | str:
    """A cell as a refusal quotes it: text as typed (spaces folded), a workbook's number as a
    number (the catalogue writes it in French)."""
    return Decimal(value) if isinstance(value, int | Decimal) else _text(value)


def _text(value: Cell) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


def _decimal(value: Cell, fld: str) -> Decimal | None:
    if _blank(value):
        return None
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    else:
        cleaned = re.sub(r"[\s\u00a0\u202f]", "", str(value)).replace(",", ".")
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise RowRefused("row_not_a_number", field=fld, text=_text(value)) from None
    if not number.is_finite():  # « inf », « NaN »: Decimal reads them, int() and quantize() do not
        raise RowRefused("row_not_a_number", field=fld, text=_text(value))
    return number
