"""The register's outputs: the open-data tables and the per-département figures.

- `fr-en-aap-snee-collectivites`: one row per convention (a dossier whose current version is
  retained), with exactly the national data set's columns (DESIGN.md §7);
- `fr-en-aap-snee-ecoles`: one row per school of those dossiers;
- `synthese-departements`: per département, the press release's figures (dossiers received,
  projects retained, schools retained of schools proposed, classes, spending, subsidy).

What is counted (issue 13): a fictional example (the demo bundle, « EXEMPLE FICTIF ») and a draft
are not submissions: neither is ever counted, in any table or figure, nor makes a département
appear. `dossiers_recus` counts the other dossiers received (a rejected bundle that names its
dossier, a dossier whose signer is « à confirmer », included); every other figure — dossiers
« recevables » (`dossiers_valides`), schools proposed, projects, schools and classes retained,
amounts — counts one set: the dossiers whose current version is valid (intact, bound,
instructable, one signer), the only figures of a bundle that can be trusted.

Each table is written as CSV (`;`, UTF-8 with a byte-order mark, so that Excel on Windows opened
by a double click reads « Auvergne-Rhône-Alpes » right; Python's `utf-8-sig`, LibreOffice and
pandas read it too) and XLSX. Amounts in these tables are euros with two
decimals, a dot as decimal separator (the national files' convention; centimes everywhere else):
the XLSX cells are numbers with a two-decimal format. Régions, départements and académies come
from the référentiel; `position` / `position_ecole` (the commune's centre) stay empty because
no shipped source gives commune coordinates (the référentiel's `source().coordonnees` says why).

The figures are computed here as data (`DepartementFigures`); the French sentences a préfecture
pastes into its communiqué are written by `press_text`, the chart by `reception.chart`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import referentiel
from ..fileio import atomic_write_bytes
from .register import DRAFT, EXAMPLE, RETAINED, Register

COLLECTIVITES = "fr-en-aap-snee-collectivites"
ECOLES = "fr-en-aap-snee-ecoles"
SYNTHESE = "synthese-departements"

COLLECTIVITES_COLUMNS = (
    "code_region", "region_academique_ou_com", "code_academie", "academie", "code_departement", "departement",
    "raison_sociale_du_signataire_de_la_convention", "siren_signataire_de_la_convention", "code_commune_siege",
    "nom_officiel_commune_siege", "nombre_de_communes", "nombre_d_ecoles", "depenses_realisees_par_la_collectivite",
    "montant_de_la_subvention", "position",
)
ECOLES_COLUMNS = ("uai", "nom_de_l_ecole", "nom_de_la_commune_uai", "nombre_de_classes", "siren", "position_ecole")
SYNTHESE_COLUMNS = (
    "code_departement", "departement", "dossiers_recus", "dossiers_valides", "projets_retenus",
    "ecoles_proposees", "ecoles_retenues", "classes_retenues", "depenses_retenues", "subvention_accordee",
)
# Columns holding euros (written with two decimals; numbers in the XLSX).
EURO_COLUMNS = frozenset({"depenses_realisees_par_la_collectivite", "montant_de_la_subvention",
                          "depenses_retenues", "subvention_accordee"})


class Euros(int):
    """Centimes that a table writes as euros with two decimals."""


def euros_text(centimes: int) -> str:
    sign = "-" if centimes < 0 else ""
    whole, cents = divmod(abs(int(centimes)), 100)
    return f"{sign}{whole}.{cents:02d}"


@dataclass
class DepartementFigures:
    code: str
    nom: str
    dossiers_received: set[str] = field(default_factory=set)
    dossiers_valid: int = 0
    projects_retained: int = 0
    schools_proposed: int = 0
    schools_retained: int = 0
    classes_retained: int = 0
    spending_retained_centimes: int = 0
    subsidy_centimes: int = 0

    def row(self) -> tuple:
        return (self.code, self.nom, len(self.dossiers_received), self.dossiers_valid, self.projects_retained,
                self.schools_proposed, self.schools_retained, self.classes_retained,
                Euros(self.spending_retained_centimes), Euros(self.subsidy_centimes))


@dataclass
class Outputs:
    collectivites: list[tuple] = field(default_factory=list)
    ecoles: list[tuple] = field(default_factory=list)
    departements: list[DepartementFigures] = field(default_factory=list)
    total_spending_centimes: int = 0
    total_subsidy_centimes: int = 0


def _place(code_insee: str, code_departement: str):
    try:
        commune = referentiel.commune(code_insee) if code_insee else None
        departement = referentiel.departement(code_departement) if code_departement else None
        academie = referentiel.academie_of_departement(code_departement) if code_departement else None
    except referentiel.ReferentielError:
        return None, None, None
    return commune, departement, academie


def build(register: Register) -> Outputs:
    """The three tables from the register: conventions and their schools (retained dossiers'
    current versions), and the figures of every département that received a dossier."""
    outputs = Outputs()
    figures: dict[str, DepartementFigures] = {}

    def figures_of(code: str) -> DepartementFigures:
        if code not in figures:
            _, departement, _ = _place("", code)
            figures[code] = DepartementFigures(code, departement.nom if departement else "")
        return figures[code]

    entries = register.entries()
    for entry in entries:
        if not entry.dossier_id:
            continue  # unreadable: attributable to no dossier nor département
        if entry.status in (EXAMPLE, DRAFT):
            continue  # not a submission: never counted (module docstring)
        figures_of(entry.code_departement).dossiers_received.add(entry.dossier_id)
    for entry, schools in register.current_with_schools(entries):
        dep = figures_of(entry.code_departement)
        dep.dossiers_valid += 1
        dep.schools_proposed += entry.school_count
        if entry.decision != RETAINED:
            continue
        granted = entry.granted_centimes or 0
        dep.projects_retained += 1
        dep.schools_retained += entry.school_count
        dep.classes_retained += entry.classes
        dep.spending_retained_centimes += entry.spending_centimes
        dep.subsidy_centimes += granted
        outputs.total_spending_centimes += entry.spending_centimes
        outputs.total_subsidy_centimes += granted
        commune, departement, academie = _place(entry.code_insee, entry.code_departement)
        communes = {school["code_insee"] for school in schools if school.get("code_insee")} or {entry.code_insee}
        outputs.collectivites.append((
            departement.region if departement else "",
            academie.region_academique if academie else "",
            academie.code if academie else "",
            academie.nom if academie else "",
            entry.code_departement,
            departement.nom if departement else "",
            entry.raison_sociale,
            entry.siren,
            entry.code_insee,
            commune.nom if commune else "",
            len(communes),
            entry.school_count,
            Euros(entry.spending_centimes),
            Euros(granted),
            "",
        ))
        for school in schools:
            school_commune, _, _ = _place(school.get("code_insee", ""), "")
            outputs.ecoles.append((school["uai"], school["nom"], school_commune.nom if school_commune else "",
                                   school["nb_classes"], entry.siren, ""))
    outputs.departements = sorted(figures.values(), key=lambda dep: _departement_order(dep.code))
    return outputs


def _departement_order(code: str) -> tuple:
    """01 … 19, 2A, 2B, 21 … 95, 971 …; unknown ('') last."""
    if not code:
        return (2, "")
    return (0, code.replace("2A", "20.1").replace("2B", "20.2")) if len(code) == 2 else (1, code)


# --- writing ----------------------------------------------------------------------------------


def _cell_text(value) -> str:
    if isinstance(value, Euros):
        return euros_text(value)
    return _text_safe(value) if isinstance(value, str) else str(value)


def csv_bytes(columns: Iterable[str], rows: Iterable[tuple]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")  # with a BOM: see the module docstring


def xlsx_bytes(sheet_title: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> bytes:
    from decimal import Decimal

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    sheet.append(list(columns))
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, Euros):
                cell = WriteOnlyCell(sheet, value=Decimal(int(value)) / 100)
                cell.number_format = "0.00"
                cells.append(cell)
            else:
                cells.append(_text_safe(value) if isinstance(value, str) else value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Characters XML 1.0 forbids (and lone surrogates, which no encoder writes): dropped.
_FORBIDDEN = re.compile("[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _text_safe(value: str) -> str:
    """Text from a bundle stays text when a spreadsheet opens the table: a name starting with
    `=`, `+`, `-` or `@` is prefixed with `'` (else it would run as a formula), and control
    characters (which XML 1.0 forbids) are dropped."""
    cleaned = _FORBIDDEN.sub("", value)
    return "'" + cleaned if cleaned.startswith(("=", "+", "-", "@")) else cleaned


def write_tables(outputs: Outputs, out_dir: Path) -> list[Path]:
    """CSV and XLSX of the three tables, each file written atomically. Returns the paths."""
    written = []
    tables = (
        (COLLECTIVITES, COLLECTIVITES_COLUMNS, outputs.collectivites),
        (ECOLES, ECOLES_COLUMNS, outputs.ecoles),
        (SYNTHESE, SYNTHESE_COLUMNS, [dep.row() for dep in outputs.departements]),
    )
    for name, columns, rows in tables:
        csv_path = out_dir / f"{name}.csv"
        atomic_write_bytes(csv_path, csv_bytes(columns, rows))
        xlsx_path = out_dir / f"{name}.xlsx"
        atomic_write_bytes(xlsx_path, xlsx_bytes(name, columns, rows))
        written += [csv_path, xlsx_path]
    return written
