"""Tables in and out: CSV as French offices write it, XLSX and ODS.

XLSX and ODS are read by calamine (python-calamine, Rust): 16× faster than openpyxl and 100×
faster than odfpy on a 3 000-line budget (benchmarks/bench_spreadsheet.py). calamine builds a
dense grid from the farthest cell, so a few-kilobyte file naming cell XFD1048576 would make it
allocate hundreds of gigabytes and abort the process: every sheet part is first scanned for
its extent (`_sheet_extents`, a regular-expression pass over the XML, no parser), and a sheet
reaching past MAX_ROWS or MAX_COLUMNS, or holding more than MAX_CELL_TAGS cells, is refused
(as a CSV file is). Writing stays with openpyxl and odfpy.

Reading returns rows of cells (`str`, `int`, `Decimal` or None: a spreadsheet's binary floats
become the Decimal of their 15 significant digits, as the spreadsheet shows them, never a float
in a money path). Every file is hostile until read: its size, its zip members (an .xlsx or .ods
is a zip), its rows and columns
are bounded before the parser sees them, and any failure is one French `SpreadsheetError`.

Writing gives real numbers with euro formats, a sheet per volet and one for the financing
summary, frozen headers and set widths; the CSV is what a French Excel opens as is (UTF-8 with
BOM, `;`, decimal comma).
"""

from __future__ import annotations

import copy
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from ..domain.coded_error import CodedError
from ..domain.line_table import UncomputedFormula
from ..domain.model import Dossier
from ..domain.money import format_euros
from ..fileio import atomic_write_bytes
from .table_labels import LINE_HEADERS, SUMMARY_HEADERS, SUMMARY_SHEET

MAX_FILE_BYTES = 50 * 1024 * 1024  # a quote is kilobytes; 50 MB is already no quote
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # every member of an .xlsx/.ods together
MAX_ZIP_RATIO = 200  # a zip bomb compresses far better than any spreadsheet
MAX_ROWS = 20_001  # the dossier's limit on lines, plus a header
MAX_COLUMNS = 100
SUFFIXES = (".csv", ".xlsx", ".ods")

Cell = str | int | Decimal | None


class SpreadsheetError(CodedError, ValueError):
    """A table that cannot be read or written: a code and its values, worded by the front-ends
    (catalogue/export_errors.py), the file named by the caller."""


# ---------------------------------------------------------------- reading

def read_table(path: Path | str, sheet: str | None = None) -> list[list[Cell]]:
    """The rows of a CSV file, or of the first (or named) sheet of an XLSX or ODS file."""
    return read_sheets(path, sheet)[0]


def read_sheets(path: Path | str, sheet: str | None = None) -> tuple[list[list[Cell]], list[str]]:
    """read_table's rows, and the workbook's sheet names (none for a CSV file)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise SpreadsheetError("sheet_format_unsupported", suffix=suffix)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise SpreadsheetError("sheet_unreadable", os_error=error) from None
    if size > MAX_FILE_BYTES:
        raise SpreadsheetError("sheet_too_big", size=size, maximum=MAX_FILE_BYTES)
    if suffix == ".csv":
        return read_csv_bytes(path.read_bytes()), []
    _check_zip(path)
    extents, uncomputed = _sheet_extents(path, suffix)
    rows_needed = max((rows for rows, _columns in extents), default=0)
    if rows_needed > MAX_ROWS:
        raise SpreadsheetError("sheet_too_many_rows", maximum=MAX_ROWS - 1)
    widest = max((columns for _rows, columns in extents), default=0)
    if widest > MAX_COLUMNS:
        raise SpreadsheetError("sheet_too_wide", column=_column_letters(widest), maximum=MAX_COLUMNS)
    rows, names = _read_calamine(path, sheet, suffix)
    if uncomputed:
        _mark_uncomputed(rows, uncomputed.get(_sheet_parts(path).get(sheet if sheet is not None else names[0]), {}))
    return rows, names


def read_csv_bytes(data: bytes) -> list[list[Cell]]:
    text = _decode(data)
    delimiter = _delimiter(text[:65536])
    rows: list[list[Cell]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"'):
            if len(rows) >= MAX_ROWS:
                raise SpreadsheetError("sheet_too_many_rows", maximum=MAX_ROWS - 1)
            if len(row) > MAX_COLUMNS:
                raise SpreadsheetError("csv_too_many_columns", maximum=MAX_COLUMNS)
            rows.append([_unguarded(cell) if cell.strip() else None for cell in row])
    except csv.Error as error:
        raise SpreadsheetError("csv_unreadable", problem=_csv_problem(error), field_limit=csv.field_size_limit()) \
            from None
    return rows


def _delimiter(sample: str) -> str:
    """The separator that makes a table: the one giving the most rows of the same width (two
    columns or more) in the first hundred. csv.Sniffer judged a quote's letterhead, whose lines
    (« NUMERI, 12 rue des Écoles, 43000 Le Puy ») hold commas, and split its « ; » table on them."""
    lines = sample.splitlines()[:100]
    if len(sample) == 65536 and len(lines) > 1:
        lines = lines[:-1]  # cut by the sample: maybe half a line
    best, best_score = ";", 0
    for candidate in (";", ",", "\t"):  # on a tie, the French « ; » first
        counts: dict[int, int] = {}
        try:
            for row in csv.reader(lines, delimiter=candidate, quotechar='"'):
                if len(row) >= 2:
                    counts[len(row)] = counts.get(len(row), 0) + 1
        except csv.Error:
            pass  # a quoted field the sample cut: the rows before it count
        score = max(counts.values(), default=0)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _csv_problem(error: csv.Error) -> str:
    """The csv module's English reason, as a code (worded in French by the catalogue)."""
    text = str(error)
    if "field larger than field limit" in text:
        return "cell_too_long"
    if "NUL" in text:
        return "nul_character"
    if "new-line character" in text:
        return "unquoted_line_break"
    return "malformed"


# A text beginning with one of these is a formula to Excel (and « = » to LibreOffice) when it opens
# a CSV: « =2+3 » shows 5, « - Câble HDMI » #NOM?, and a hostile one calls HYPERLINK or DDE. The
# export writes such a text after an apostrophe (OWASP's advice: a spreadsheet shows it, runs
# nothing), and the import takes the apostrophe off again, so the round trip gives the same label.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _guarded(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _unguarded(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with its BOM (a « Unicode » CSV of LibreOffice or
    Excel), else Windows-1252 (what Excel saves « CSV (séparateur: ;) »)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace").lstrip("\ufeff")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise SpreadsheetError("workbook_unreadable") from None
    if len(members) > 10_000:
        raise SpreadsheetError("workbook_too_many_parts")
    total = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if total > MAX_UNZIPPED_BYTES or total / packed > MAX_ZIP_RATIO:
        raise SpreadsheetError("workbook_bomb")


_READ_CHUNK = 1024 * 1024


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """A part of the zip, read a chunk at a time up to the size its directory declares. That size
    is what the file's maker wrote: a part said to hold 1 KB may inflate to gigabytes, which
    `archive.read` would inflate into memory at once before failing on a bad CRC (« erreur
    inattendue »). One byte past the declared size is a lie, refused at once. (calamine's zip
    reader makes the same check on every part it reads, and checks the CRCs.)"""
    member = archive.getinfo(name)
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        # What Excel, LibreOffice and the libraries write; bzip2 and LZMA inflate without bound.
        raise SpreadsheetError("workbook_odd_compression")
    probe = copy.copy(member)
    probe.file_size = member.file_size + 1  # zipfile stops at the declared size: let one byte more show
    del probe.CRC  # a CRC over the declared bytes only would call a bomb a damaged file
    chunks, read = [], 0
    try:
        with archive.open(probe) as stream:
            while chunk := stream.read(_READ_CHUNK):
                read += len(chunk)
                if read > member.file_size:
                    raise SpreadsheetError("workbook_bomb")
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError):
        raise SpreadsheetError("workbook_damaged") from None
    return b"".join(chunks)


# A cell or row start tag, its attributes (any namespace prefix; <col>, <cfRule>, <table:table-column> are other tags).
_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(row|c|table-row|table-cell|covered-table-cell|table)"
                  rb"(?=[\s/>])([^>]*)>")
_REF = re.compile(rb"\br=\"([A-Za-z]*)(\d*)\"")
_REPEAT_ROWS = re.compile(rb"number-rows-repeated=\"(\d+)\"")
_REPEAT_COLUMNS = re.compile(rb"number-columns-repeated=\"(\d+)\"")
_ODS_VALUE = re.compile(rb"value-type=")


MAX_CELL_TAGS = 1_000_000  # per sheet: a 20 000-line budget of 10 columns is 200 000 cells


def _sheet_extents(path: Path, suffix: str) -> tuple[list[tuple[int, int]], dict[str, dict]]:
    """(rows, columns) each sheet spans up to its farthest cell, read from the XML without a parser
    (the zip is already bounded). Counts every cell tag, empty or not: an overestimate is safe.
    The cell tags are first counted at C speed, so the scan itself stays under a second.
    With them, per XLSX sheet part, its formulas that have no computed value (`_uncomputed`)."""
    with zipfile.ZipFile(path) as archive:
        if suffix == ".xlsx":
            extents, uncomputed = [], {}
            for name in archive.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    xml = _read_part(archive, name)
                    if sum(xml.count(tag) for tag in (b"<c ", b"<c>", b"<c/", b":c ", b":c>", b":c/")) > MAX_CELL_TAGS:
                        raise SpreadsheetError("workbook_too_many_cells")
                    extents.append(_xlsx_extent(xml))
                    if _UNCOMPUTED_HINT.search(xml):
                        uncomputed[name] = _uncomputed(xml)
            return extents, uncomputed
        if "content.xml" not in archive.namelist():
            raise SpreadsheetError("ods_no_content")
        xml = _read_part(archive, "content.xml")
        if xml.count(b"table-cell") > 2 * MAX_CELL_TAGS:  # an opening and a closing tag per cell
            raise SpreadsheetError("workbook_too_many_cells")
        return _ods_extents(xml), {}


# A formula a program wrote without computing it (openpyxl, some management software): no cached
# value, which calamine reads as an empty cell, so that its row was refused as « quantité vide ».
# Excel and LibreOffice always store the value; such a cell becomes an UncomputedFormula, which
# the row's validation names, with the way out (open and save the file in a spreadsheet). A text
# formula (t="str") with an empty <v></v> is computed: its result is the empty text (=SI(…;"";…)).
_UNCOMPUTED_HINT = re.compile(rb"(?:</f>|<f\b[^>]*/>)\s*(?:<v>\s*</v>|<v/>)?\s*</c>")
_FORMULA_CELL = re.compile(rb"<c\s([^>]*?\br=\"([A-Z]{1,3})(\d{1,7})\"[^>]*?)(?<!/)>(.*?)</c>", re.S)
_TEXT_RESULT = re.compile(rb"\bt=\"str\"")
_FORMULA_TEXT = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
_CACHED_VALUE = re.compile(rb"<v>\s*[^<\s]")


def _uncomputed(xml: bytes) -> dict[tuple[int, int], str]:
    """(0-based row, column) -> formula text of the cells holding a formula without a value."""
    import html

    found = {}
    for attributes, letters, number, inner in _FORMULA_CELL.findall(xml):
        if b"<f" not in inner or _CACHED_VALUE.search(inner):
            continue
        if _TEXT_RESULT.search(attributes) and b"<v" in inner:  # the empty text, computed
            continue
        formula = _FORMULA_TEXT.search(inner)
        text = formula.group(1) if formula and formula.group(1) else b""
        found[(int(number) - 1, _column_number(letters) - 1)] = html.unescape(text.decode("utf-8", "replace"))
    return found


def _sheet_parts(path: Path) -> dict[str, str]:
    """An XLSX workbook's sheet names -> their parts (xl/workbook.xml and its relationships)."""
    import html

    attribute = re.compile(rb'\b([\w:]+)="([^"]*)"')
    with zipfile.ZipFile(path) as archive:
        try:
            workbook, relations = (_read_part(archive, name) for name in ("xl/workbook.xml",
                                                                          "xl/_rels/workbook.xml.rels"))
        except KeyError:
            return {}
    targets = {}
    for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", relations):
        found = dict(attribute.findall(tag))
        target = found.get(b"Target", b"").decode("utf-8", "replace")
        targets[found.get(b"Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    parts = {}
    for tag in re.findall(rb"<(?:\w+:)?sheet\b[^>]*>", workbook):
        found = dict(attribute.findall(tag))
        relation = next((value for key, value in found.items() if key.endswith(b":id")), None)
        if b"name" in found and relation in targets:
            parts[html.unescape(found[b"name"].decode("utf-8", "replace"))] = targets[relation]
    return parts


def _mark_uncomputed(rows: list[list[Cell]], cells: dict[tuple[int, int], str]) -> None:
    for (row, column), formula in cells.items():
        if row >= MAX_ROWS or column >= MAX_COLUMNS:
            continue
        while len(rows) <= row:
            rows.append([])
        cells_of_row = rows[row]
        if len(cells_of_row) <= column:
            cells_of_row.extend([None] * (column + 1 - len(cells_of_row)))
        if cells_of_row[column] is None:  # calamine found no value there
            cells_of_row[column] = UncomputedFormula(formula)


_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_CELL_REF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*?\br=\"([A-Za-z]{1,3})(\d{1,7})\"")


def _xlsx_extent(xml: bytes) -> tuple[int, int]:
    refs = _CELL_REF.findall(xml)
    if len(refs) == len(_CELL_TAG.findall(xml)):  # every cell says where it is (what Excel writes)
        rows = max((int(number) for _letters, number in refs), default=0)
        columns = max((_column_number(letters) for letters in {letters for letters, _number in refs}), default=0)
        return rows, columns
    return _xlsx_extent_by_position(xml)


def _xlsx_extent_by_position(xml: bytes) -> tuple[int, int]:
    """Cells without a reference sit after the previous one; rows without one, below it."""
    row = column = rows = columns = 0
    for match in _TAG.finditer(xml):
        closing, tag, attributes = match.groups()
        if closing:
            continue
        ref = _REF.search(attributes)
        if tag == b"row":
            row = int(ref.group(2)) if ref and ref.group(2) else row + 1
            column = 0
        elif tag == b"c":
            if ref and ref.group(1):
                column = _column_number(ref.group(1))
                row = int(ref.group(2) or row)
            else:
                column += 1
            rows, columns = max(rows, row), max(columns, column)
    return rows, columns


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper()[:8]:
        number = number * 26 + letter - 64
    return number


def _ods_extents(xml: bytes) -> list[tuple[int, int]]:
    """ODS repeats rows and cells (number-rows-repeated, number-columns-repeated): positions count
    the repeats, and a sheet's extent is its farthest cell that holds something."""
    extents: list[tuple[int, int]] = []
    rows = columns = row = column = 0
    row_repeat = 1
    for match in _TAG.finditer(xml):
        closing, tag, attributes = match.groups()
        if tag == b"table":
            if closing:
                extents.append((rows, columns))
            rows = columns = row = 0
        elif tag == b"table-row":
            if closing:
                row += row_repeat
            else:
                found = _REPEAT_ROWS.search(attributes)
                row_repeat = int(found.group(1)) if found else 1
                column = 0
                if attributes.rstrip().endswith(b"/"):
                    row += row_repeat
        elif not closing:  # a cell
            found = _REPEAT_COLUMNS.search(attributes)
            repeat = int(found.group(1)) if found else 1
            empty = attributes.rstrip().endswith(b"/") and not _ODS_VALUE.search(attributes)
            if not empty:
                rows, columns = max(rows, row + row_repeat), max(columns, column + repeat)
            column += repeat
    return extents


def _read_calamine(path: Path, sheet: str | None, suffix: str) -> tuple[list[list[Cell]], list[str]]:
    import python_calamine

    kind = "XLSX" if suffix == ".xlsx" else "ODS"
    try:
        workbook = python_calamine.load_workbook(str(path))
        names = list(workbook.sheet_names)
        if not names:
            raise SpreadsheetError("workbook_no_sheet", kind=kind)
        if sheet is not None and sheet not in names:
            raise SpreadsheetError("sheet_missing", sheet=sheet, names=names)
        grid = workbook.get_sheet_by_name(sheet if sheet is not None else names[0]).to_python(
            skip_empty_area=False)  # from A1: row numbers stay the spreadsheet's
    except SpreadsheetError:
        raise
    except Exception as error:  # calamine's CalamineError, ZipError, XmlError, PasswordError…
        raise SpreadsheetError("workbook_kind_unreadable", kind=kind, error_name=type(error).__name__) from None
    rows = []
    for raw in grid[:MAX_ROWS]:
        cells = [_calamine_value(value) for value in raw[:MAX_COLUMNS]]
        while cells and cells[-1] is None:
            cells.pop()
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    return rows, names


def _calamine_value(value) -> Cell:
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return _number(value)
    return str(value)  # a date or a duration: text, which a number column refuses by name


def _number(value) -> Cell:
    if value is None or isinstance(value, int | Decimal):
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        # A workbook's number as the spreadsheet shows and computes it: 15 significant digits. Excel
        # stores a formula's value with all its binary noise (=100*1,1 is 110.00000000000001 in the
        # file, 110 on screen): the noise is no third decimal of a price.
        return Decimal(format(value, ".15g"))
    text = str(value)
    return text if text.strip() else None


# ---------------------------------------------------------------- writing

EURO_FORMAT = '#,##0.00 "€"'
WIDTHS = (16, 36, 11, 32, 48, 10, 14, 8, 15, 15)


def budget_rows(dossier: Dossier, calcul: dict, categories: dict, volet_labels: dict) -> dict[str, list[list]]:
    """The lines per volet as table rows (amounts as Decimal euros), and the summary rows."""
    from ..domain.compute import line_amounts

    schools = {e.id: e for e in dossier.ecoles}
    sheets: dict[str, list[list]] = {}
    for volet, label in volet_labels.items():
        rows = []
        for ligne in dossier.lignes:
            if ligne.volet != volet:
                continue
            ecole = schools.get(ligne.ecole)
            amounts = line_amounts(ligne)
            rows.append([label, ecole.nom if ecole else "", ecole.uai if ecole else "",
                         categories.get(volet, {}).get(ligne.categorie, ligne.categorie), ligne.libelle,
                         ligne.quantite, _euros(ligne.prix_unitaire_ht_centimes), Decimal(ligne.taux_tva),
                         _euros(amounts.ht), _euros(amounts.ttc)])
        sheets[volet] = rows
    summary = []
    for key, figures in [*calcul["volets"].items(), ("total", calcul["total"])]:
        summary.append([volet_labels.get(key, "Total"),
                        *(_euros(figures[f]) for f in ("depense_ht_centimes", "depense_ttc_centimes",
                                                       "assiette_centimes", "subvention_centimes",
                                                       "reste_a_charge_centimes"))])
    sheets["synthese"] = summary
    return sheets


def _euros(centimes: int) -> Decimal:
    return Decimal(centimes).scaleb(-2)


def write_table(path: Path | str, sheets: dict[str, list[list]], volet_labels: dict) -> None:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        data = _xlsx_bytes(sheets, volet_labels)
    elif suffix == ".ods":
        data = _ods_bytes(sheets, volet_labels)
    elif suffix == ".csv":
        data = _csv_bytes(sheets)
    else:
        raise SpreadsheetError("table_extension_expected")
    atomic_write_bytes(path, data)


def _sheet_plan(sheets: dict[str, list[list]], volet_labels: dict) -> Iterable[tuple[str, Sequence[str], list]]:
    for volet, label in volet_labels.items():
        yield label[:31], LINE_HEADERS, sheets.get(volet, [])
    yield SUMMARY_SHEET, SUMMARY_HEADERS, sheets["synthese"]


def _xlsx_bytes(sheets, volet_labels) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in _sheet_plan(sheets, volet_labels):
        worksheet = workbook.create_sheet(title)
        worksheet.append(list(headers))
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            worksheet.append(row)
            if any(isinstance(value, str) and value.startswith("=") for value in row):
                for cell in worksheet[worksheet.max_row]:  # openpyxl took it for a formula: it is text
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        cell.data_type = "s"
        worksheet.freeze_panes = "A2"
        for column in range(1, len(headers) + 1):
            letter = get_column_letter(column)
            worksheet.column_dimensions[letter].width = WIDTHS[column - 1] if headers is LINE_HEADERS else 18
            if column - 1 in _euro_columns(headers):
                for (cell,) in worksheet.iter_rows(min_row=2, min_col=column, max_col=column):
                    cell.number_format = EURO_FORMAT
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _euro_columns(headers: Sequence[str]) -> set[int]:
    """The 0-based columns of amounts in euros (the same in the XLSX and the ODS)."""
    if headers is SUMMARY_HEADERS:
        return set(range(1, len(headers)))
    return {index for index, header in enumerate(headers) if header in ("PU HT", "Montant HT", "Montant TTC")}


def _ods_bytes(sheets, volet_labels) -> bytes:
    """What the XLSX holds, as LibreOffice writes it: amounts as currency cells in a « 1 234,56 € »
    style, bold headers frozen by the view settings LibreOffice reads, a width per column."""
    from odf.config import ConfigItem, ConfigItemMapEntry, ConfigItemMapIndexed, ConfigItemMapNamed, ConfigItemSet
    from odf.number import CurrencyStyle, CurrencySymbol, Number
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableColumnProperties, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    euro_format = CurrencyStyle(name="euros", language="fr", country="FR")
    euro_format.addElement(Number(decimalplaces=2, minintegerdigits=1, grouping=True))
    euro_format.addElement(_odf_text("\u00a0"))
    euro_format.addElement(CurrencySymbol(language="fr", country="FR", text="€"))
    document.automaticstyles.addElement(euro_format)
    euro = Style(name="euro", family="table-cell", datastylename="euros")
    document.automaticstyles.addElement(euro)
    bold = Style(name="entete", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold", fontweightasian="bold", fontweightcomplex="bold"))
    document.automaticstyles.addElement(bold)
    column_styles: dict[int, Style] = {}

    def column_style(width: int) -> Style:
        if width not in column_styles:  # a character of the XLSX's width unit is about 0,25 cm
            column_styles[width] = Style(name=f"largeur{width}", family="table-column")
            column_styles[width].addElement(TableColumnProperties(columnwidth=f"{width * 0.25:.2f}cm"))
            document.automaticstyles.addElement(column_styles[width])
        return column_styles[width]

    tables = ConfigItemMapNamed(name="Tables")
    for title, headers, rows in _sheet_plan(sheets, volet_labels):
        sheet = Table(name=title)
        widths = WIDTHS if headers is LINE_HEADERS else (18,) * len(headers)
        for width in widths:
            sheet.addElement(TableColumn(stylename=column_style(width)))
        euro_columns = _euro_columns(headers)
        header_row = TableRow()
        for header in headers:
            cell = TableCell(valuetype="string", stylename=bold)
            cell.addElement(P(text=header))
            header_row.addElement(cell)
        sheet.addElement(header_row)
        for values in rows:
            row = TableRow()
            for index, value in enumerate(values):
                if value is None or value == "":
                    cell = TableCell()
                elif isinstance(value, int | Decimal) and not isinstance(value, bool):
                    if index in euro_columns:
                        cell = TableCell(valuetype="currency", currency="EUR", value=str(value), stylename=euro)
                        cell.addElement(P(text=format_euros(int(Decimal(value) * 100))))
                    else:
                        cell = TableCell(valuetype="float", value=str(value))
                        cell.addElement(P(text=str(value).replace(".", ",")))
                else:
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text=str(value)))
                row.addElement(cell)
            sheet.addElement(row)
        document.spreadsheet.addElement(sheet)
        tables.addElement(_ods_frozen_header(title))
    view = ConfigItemMapEntry()
    view_id = ConfigItem(name="ViewId", type="string")
    view_id.addText("view1")
    view.addElement(view_id)
    view.addElement(tables)
    active = ConfigItem(name="ActiveTable", type="string")
    active.addText(next(iter(_sheet_plan(sheets, volet_labels)))[0])
    view.addElement(active)
    views = ConfigItemMapIndexed(name="Views")
    views.addElement(view)
    settings = ConfigItemSet(name="ooo:view-settings")
    settings.addElement(views)
    document.settings.addElement(settings)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _odf_text(text: str):
    from odf.number import Text

    element = Text()
    element.addText(text)
    return element


def _ods_frozen_header(title: str):
    """LibreOffice's view settings freezing a sheet's first row (what « Figer la première ligne » writes)."""
    from odf.config import ConfigItem, ConfigItemMapEntry

    entry = ConfigItemMapEntry(name=title)
    for name, kind, value in (("HorizontalSplitMode", "short", "0"), ("VerticalSplitMode", "short", "2"),
                              ("HorizontalSplitPosition", "int", "0"), ("VerticalSplitPosition", "int", "1"),
                              ("ActiveSplitRange", "short", "2"), ("PositionLeft", "int", "0"),
                              ("PositionRight", "int", "0"), ("PositionTop", "int", "0"),
                              ("PositionBottom", "int", "1")):
        item = ConfigItem(name=name, type=kind)
        item.addText(value)
        entry.addElement(item)
    return entry


def _csv_bytes(sheets) -> bytes:
    """All lines in one table (the summary is in the XLSX/ODS): what Excel FR opens as is, no text
    taken for a formula."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(LINE_HEADERS)
    for volet, rows in sheets.items():
        if volet == "synthese":
            continue
        for row in rows:
            writer.writerow([str(v).replace(".", ",") if isinstance(v, Decimal)
                             else _guarded(v) if isinstance(v, str) else v for v in row])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")
