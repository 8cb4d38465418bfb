"""Importing budget lines from a spreadsheet: the job the window and `lignes import` share.

1. `read_file(path, sheet)` reads the table (export/spreadsheet.py: bounded, French errors);
2. `find_columns(rows, memory)` says which row is the header and which column holds what: a
   layout the user mapped before (remembered per file layout in the data folder), else the
   usual French headers, else None (the window then asks, with a preview of the first rows);
3. `plan(...)` validates every row against the dossier, with the user's answer for each school
   the table names but the dossier lacks (create it, or send its rows to an existing school);
   it writes nothing and returns the lines, the refused rows and the schools to create;
4. the front-end shows the plan, and on acceptance adds it in one transaction (the window as
   one undoable step).

The layout memory is a small JSON file beside the library (`correspondances-tableurs.json`),
keyed by the header row's texts; it is written atomically and read defensively (a damaged
file is a forgotten memory, never an error).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.dossier_json import DossierFormatError, count_problem
from ..domain.line_table import (
    FIELDS,
    HEADER_SEARCH_ROWS,
    REQUIRED_FIELDS,
    LineTable,
    LineTableError,
    normalise,
    read_lines,
    recognise_header,
)
from ..domain.model import Dossier, Ecole
from ..export.spreadsheet import MAX_COLUMNS, Cell, SpreadsheetError, read_sheets
from ..fileio import atomic_write_text

LAYOUTS_FILE = "correspondances-tableurs.json"
LAYOUTS_FORMAT = "socle-correspondances-tableurs"
MAX_LAYOUTS = 200  # the most recently used are kept
MAX_LAYOUTS_BYTES = 1024 * 1024

CREATE, MAP, LEAVE = "creer", "associer", "laisser"  # what to do with a school the dossier lacks

__all__ = ["CREATE", "LEAVE", "MAP", "Columns", "ImportPlan", "LayoutMemory", "LineTableError",
           "SpreadsheetError", "find_columns", "plan", "read_file"]


def read_file(path: Path | str, sheet: str | None = None) -> list[list[Cell]]:
    """The rows of the file (raises SpreadsheetError, FileNotFoundError)."""
    return read_file_and_sheets(path, sheet)[0]


def read_file_and_sheets(path: Path | str, sheet: str | None = None) -> tuple[list[list[Cell]], list[str]]:
    """The rows of the file's first (or named) sheet, and its sheets' names (none for CSV)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(path)
    return read_sheets(path, sheet=sheet)


@dataclass
class Columns:
    header_row: int  # 0-based; -1 when the table has no header row
    mapping: dict[str, int]  # field -> 0-based column
    remembered: bool = False  # from the layout memory (else recognised by the headers' names)


def layout_key(row: Sequence[Cell]) -> tuple[str, ...]:
    """What identifies a file layout: its header row's texts, normalised, trailing blanks cut."""
    texts = [normalise(str(cell)) if cell is not None else "" for cell in row[:MAX_COLUMNS]]
    while texts and not texts[-1]:
        texts.pop()
    return tuple(texts)


def find_columns(rows: Sequence[Sequence[Cell]], memory: LayoutMemory | None = None) -> Columns | None:
    if memory is not None:
        remembered = memory.find(rows)
        if remembered is not None:
            return remembered
    found = recognise_header(rows)
    if found is None:
        return None
    return Columns(found[0], found[1])


class LayoutMemory:
    """Column mappings the user chose, per file layout (the header row's texts)."""

    def __init__(self, data_dir: Path | str):
        self.path = Path(data_dir) / LAYOUTS_FILE
        self._entries: list[dict] | None = None

    def entries(self) -> list[dict]:
        if self._entries is None:
            self._entries = self._load()
        return self._entries

    def _load(self) -> list[dict]:
        try:
            if self.path.stat().st_size > MAX_LAYOUTS_BYTES:
                return []
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(data, dict) or data.get("format") != LAYOUTS_FORMAT:
            return []
        entries = []
        for entry in data.get("dispositions", [])[:MAX_LAYOUTS] if isinstance(data.get("dispositions"), list) else []:
            mapping = entry.get("colonnes") if isinstance(entry, dict) else None
            headers = entry.get("entetes") if isinstance(entry, dict) else None
            if (isinstance(headers, list) and all(isinstance(h, str) for h in headers) and headers
                    and isinstance(mapping, dict) and _valid_mapping(mapping)):
                entries.append({"entetes": headers, "colonnes": dict(mapping)})
        return entries

    def find(self, rows: Sequence[Sequence[Cell]]) -> Columns | None:
        known = {tuple(e["entetes"]): e["colonnes"] for e in self.entries()}
        if not known:
            return None
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            mapping = known.get(layout_key(row))
            if mapping is not None:
                return Columns(index, dict(mapping), remembered=True)
        return None

    def remember(self, rows: Sequence[Sequence[Cell]], columns: Columns) -> bool:
        """Keep `columns` for files whose header row reads the same; False when the table has
        no header row (nothing identifies its layout)."""
        if columns.header_row < 0 or columns.header_row >= len(rows):
            return False
        key = list(layout_key(rows[columns.header_row]))
        if not any(key) or not _valid_mapping(columns.mapping):
            return False
        entries = [e for e in self.entries() if e["entetes"] != key]
        entries.insert(0, {"entetes": key, "colonnes": dict(columns.mapping),
                           "utilise_le": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
        self._entries = entries[:MAX_LAYOUTS]
        document = {"format": LAYOUTS_FORMAT, "version_format": 1, "dispositions": self._entries}
        atomic_write_text(self.path, json.dumps(document, ensure_ascii=False, indent=1) + "\n")
        return True


def _valid_mapping(mapping: Mapping) -> bool:
    return (all(f in mapping for f in REQUIRED_FIELDS)
            and all(k in FIELDS and type(v) is int and 0 <= v < MAX_COLUMNS for k, v in mapping.items())
            and len(set(mapping.values())) == len(mapping))


@dataclass
class ImportPlan:
    """What accepting would add; nothing is written yet."""

    table: LineTable
    new_ecoles: list[Ecole] = field(default_factory=list)
    # Why the plan cannot be applied at all: the count the dossier would exceed (the domain's
    # DossierFormatError of count_problem); the front-ends' catalogue words it.
    problem: DossierFormatError | None = None
    # How many of the lines to add are already in the dossier, field for field (the same quote
    # imported twice doubles the budget without a word otherwise); said, not refused.
    already_in_dossier: int = 0

    @property
    def lignes(self):
        return [ligne for _row, ligne in self.table.lines]

    @property
    def total_ht_centimes(self) -> int:
        return sum(ligne.quantite * ligne.prix_unitaire_ht_centimes for ligne in self.lignes)


def plan(rows: Sequence[Sequence[Cell]], dossier: Dossier, columns: Columns, *, taux_tva: Sequence[str],
         categories: Mapping[str, Mapping[str, str]], volet: str | None = None, ecole: Ecole | None = None,
         schools: Mapping[str, tuple[str, str | None]] | None = None) -> ImportPlan:
    """Validate the rows; `schools` answers, per unknown school key (LineTable.unknown_details),
    (CREATE, None), (MAP, ecole id) or (LEAVE, None): an unanswered school's rows stay refused."""
    schools = schools or {}
    first = read_lines(rows, ecoles=dossier.ecoles, taux_tva=taux_tva, categories=categories, volet=volet,
                       ecole=ecole, mapping=columns.mapping, header_row=columns.header_row)
    known_ids = {e.id for e in dossier.ecoles}
    aliases: dict[str, str] = {}
    new_ecoles: list[Ecole] = []
    for unknown in first.unknown_details:
        action, target = schools.get(unknown.key, (LEAVE, None))
        if action == MAP and target in known_ids:
            aliases[unknown.key] = target
        elif action == CREATE:
            school = Ecole(nom=unknown.nom, uai=unknown.uai)
            new_ecoles.append(school)
            aliases[unknown.key] = school.id
    if aliases:
        table = read_lines(rows, ecoles=[*dossier.ecoles, *new_ecoles], taux_tva=taux_tva, categories=categories,
                           volet=volet, ecole=ecole, mapping=columns.mapping, header_row=columns.header_row,
                           aliases=aliases)
        table.unknown_details = first.unknown_details  # every school the table names, answered or not
        table.unknown_schools = first.unknown_schools
    else:
        table = first
    result = ImportPlan(table, new_ecoles)
    result.already_in_dossier = _already_in(dossier.lignes, result.lignes)
    problem = (count_problem("lignes", len(dossier.lignes) + len(table.lines))
               or count_problem("ecoles", len(dossier.ecoles) + len(new_ecoles)))
    if problem:  # what saving would refuse, said before anything is written
        result.problem = problem
    return result


def _line_key(ligne) -> tuple:
    return (ligne.volet, ligne.categorie, ligne.ecole, ligne.libelle.strip(), ligne.quantite,
            ligne.prix_unitaire_ht_centimes, ligne.taux_tva)


def _already_in(present, added) -> int:
    """How many of `added` match a line of `present` (each present line matched once)."""
    left = Counter(_line_key(ligne) for ligne in present)
    count = 0
    for ligne in added:
        key = _line_key(ligne)
        if left[key]:
            left[key] -= 1
            count += 1
    return count


def apply_to(dossier: Dossier, import_plan: ImportPlan) -> None:
    """Add the plan's schools and lines to the dossier in memory (the caller saves it)."""
    dossier.ecoles.extend(import_plan.new_ecoles)
    dossier.lignes.extend(import_plan.lignes)
