"""Budget lines from and to spreadsheets: files written by the libraries themselves and by hand
(a CSV as a French Excel saves it), round trips in the three formats, hostile files."""

from __future__ import annotations

import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from socle_desktop.domain.compute import compute
from socle_desktop.domain.line_table import LineTableError, read_lines
from socle_desktop.domain.model import VOLET_LABELS, Ecole
from socle_desktop.export.demo import demo_dossier
from socle_desktop.export.spreadsheet import SpreadsheetError, budget_rows, read_table, write_table
from socle_desktop.resources import load_rules

RULES = load_rules()  # the categories and VAT rates are the rules file's

TILLEULS = Ecole(id="e1", nom="École élémentaire Les Tilleuls", uai="0439901D", nb_classes=4, nb_eleves=90)
MOULIN = Ecole(id="e2", nom="École du Moulin", uai="0750654D", nb_classes=2, nb_eleves=40)


def lines_of(path, **options):
    return read_lines(read_table(path, options.pop("sheet", None)), ecoles=[TILLEULS, MOULIN],
                      taux_tva=RULES.taux_tva, categories=RULES.categories, **options)


def comparable(lignes):
    return [(line.volet, line.categorie, line.ecole, line.libelle, line.quantite, line.prix_unitaire_ht_centimes,
             line.taux_tva) for line in lignes]


def test_a_csv_saved_by_a_french_excel(tmp_path):
    """cp1252, « ; », decimal comma, thousands with a space and U+00A0, « € », a quoted label on two
    lines, a letterhead above the header, an empty row, and one bad row among good ones."""
    text = (
        "Devis n° 2021-0142;;;;\r\n"
        "Numéri'Fournitures SARL;;;;\r\n"
        ";;;;\r\n"
        "Désignation;Qté;PU HT;TVA;École\r\n"
        "Vidéoprojecteur focale courte;4;1 250,00 €;20 %;École élémentaire Les Tilleuls\r\n"
        "\"Ordinateur portable\r\nenseignant\";2;1\u00a0020,50;20;0750654D\r\n"
        ";;;;\r\n"
        "Câble HDMI;3;12,5;5,5;École du Moulin\r\n"
        "Tablette;deux;300;20;École du Moulin\r\n"
    )
    path = tmp_path / "devis.csv"
    path.write_bytes(text.encode("cp1252"))
    table = lines_of(path)
    assert table.header_row == 4
    assert comparable(line for _row, line in table.lines) == [
        ("equipement", "autre", "e1", "Vidéoprojecteur focale courte", 4, 125000, "20"),
        ("equipement", "autre", "e2", "Ordinateur portable enseignant", 2, 102050, "20"),
        ("equipement", "autre", "e2", "Câble HDMI", 3, 1250, "5.5"),
    ]
    ((row, reason),) = [(r.row, r.reason) for r in table.refused]
    assert row == 9 and "quantité « deux »" in reason  # Excel's row 9: the two-line label is one row


def test_utf8_with_bom_and_comma_separated(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes("\ufeffLibellé,Quantité,Prix unitaire HT,TVA,UAI\nENT annuel,1,1500.00,20,0439901D\n".encode())
    table = lines_of(path, volet="ressources")
    assert comparable(line for _row, line in table.lines) == [
        ("ressources", "autre", "e1", "ENT annuel", 1, 150000, "20")]


def test_xlsx_numbers_percentages_and_cached_formula_values(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Désignation", "Qté", "PU HT", "TVA", "Montant TTC", "UAI"])
    sheet.append(["Visualiseur", 2, 89.9, 0.2, None, "0439901D"])
    sheet.append(["Formule", "=1+1", 10, 0.2, None, "0439901D"])  # no cached value: refused, not evaluated
    path = tmp_path / "plan.xlsx"
    workbook.save(path)
    table = lines_of(path)
    assert comparable(line for _row, line in table.lines) == [
        ("equipement", "autre", "e1", "Visualiseur", 2, 8990, "20")]
    assert [r.row for r in table.refused] == [3]


def test_a_stated_ttc_that_does_not_match_is_refused(tmp_path):
    path = tmp_path / "devis.csv"
    path.write_text("Désignation;Qté;PU HT;TVA;Montant TTC\nA;2;100,00;20;240,00\nB;2;100,00;20;250,00\n",
                    encoding="utf-8")
    table = lines_of(path, ecole=TILLEULS)
    assert [line.libelle for _row, line in table.lines] == ["A"]
    assert "différent du calcul" in table.refused[0].reason


def test_unknown_schools_are_listed(tmp_path):
    path = tmp_path / "devis.csv"
    path.write_text("Désignation;Qté;PU HT;UAI\nA;1;10;0999999Z\n", encoding="utf-8")
    table = lines_of(path)
    assert table.unknown_schools == ["0999999Z"] and not table.lines


def test_unknown_schools_say_their_rows_and_can_be_sent_to_a_known_school(tmp_path):
    path = tmp_path / "devis.csv"
    path.write_text("Désignation;Qté;PU HT;UAI;École\nA;1;10;0999999Z;École des Pins\nB;1;10;;Le Moulin\n"
                    "C;1;10;0999999Z;\n", encoding="utf-8")
    table = lines_of(path)
    assert [(u.key, u.uai, u.nom, u.rows) for u in table.unknown_details] == [
        ("0999999Z", "0999999Z", "École des Pins", [2, 4]), ("Le Moulin", "", "Le Moulin", [3])]
    mapped = lines_of(path, aliases={"0999999Z": "e2", "Le Moulin": "e1"})
    assert [(line.libelle, line.ecole) for _row, line in mapped.lines] == [("A", "e2"), ("B", "e1"), ("C", "e2")]
    assert mapped.refused == [] and mapped.unknown_details == []


def test_an_equipment_row_without_a_school_is_refused_as_when_typed(tmp_path):
    path = tmp_path / "devis.csv"
    path.write_text("Désignation;Qté;PU HT;UAI\nA;1;10;\nB;1;10;0439901D\n", encoding="utf-8")
    table = lines_of(path)
    assert [(r.row, r.reason.split(" :")[0]) for r in table.refused] == [(2, "ligne d'équipement sans école")]
    assert [line.ecole for _row, line in lines_of(path, ecole=MOULIN).lines] == ["e2", "e1"]
    assert [line.ecole for _row, line in lines_of(path, volet="ressources").lines] == [None, "e1"]


def test_a_label_the_dossier_could_not_hold_is_refused_before_the_save(tmp_path):
    path = tmp_path / "devis.csv"
    path.write_text(f"Désignation;Qté;PU HT;UAI\n{'x' * 301};1;10;0439901D\n{'y' * 300};1;10;0439901D\n",
                    encoding="utf-8")
    table = lines_of(path)
    assert [r.row for r in table.refused] == [2] and len(table.lines) == 1


def test_no_recognisable_header_is_one_french_error(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    with pytest.raises(LineTableError, match="en-tête"):
        lines_of(path)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".ods"])
def test_round_trip(tmp_path, suffix):
    dossier = demo_dossier()
    calcul = compute(dossier, load_rules()).to_dict()
    path = tmp_path / f"budget{suffix}"
    write_table(path, budget_rows(dossier, calcul, RULES.categories, VOLET_LABELS), VOLET_LABELS)
    imported = []
    sheets = [None] if suffix == ".csv" else list(VOLET_LABELS.values())
    for sheet in sheets:
        rows = read_table(path, sheet)
        imported += [line for _row, line in read_lines(rows, ecoles=dossier.ecoles, taux_tva=RULES.taux_tva,
                                                       categories=RULES.categories).lines]
    assert comparable(imported) == comparable(dossier.lignes)


def test_the_xlsx_export_has_real_numbers_formats_and_frozen_headers(tmp_path):
    dossier = demo_dossier()
    calcul = compute(dossier, load_rules()).to_dict()
    path = tmp_path / "budget.xlsx"
    write_table(path, budget_rows(dossier, calcul, RULES.categories, VOLET_LABELS), VOLET_LABELS)
    workbook = load_workbook(path)
    assert workbook.sheetnames == [*VOLET_LABELS.values(), "Financement"]
    sheet = workbook["Équipement"]
    assert sheet.freeze_panes == "A2"
    assert isinstance(sheet["G2"].value, int | float) and "€" in sheet["G2"].number_format
    total = workbook["Financement"]
    assert total.cell(row=total.max_row, column=5).value == pytest.approx(calcul["total"]["subvention_centimes"] / 100)
    assert Decimal(str(total.cell(row=total.max_row, column=5).value)) * 100 == calcul["total"]["subvention_centimes"]


def test_a_zip_bomb_disguised_as_xlsx_is_refused(tmp_path):
    path = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    with pytest.raises(SpreadsheetError, match="démesuré"):
        read_table(path)


def test_a_million_columns_are_cut_to_the_bound_without_hanging(tmp_path):
    path = tmp_path / "large.csv"
    path.write_text("Désignation;Qté;PU HT" + ";x" * 1_000_000 + "\n", encoding="utf-8")
    with pytest.raises(SpreadsheetError, match="colonnes"):
        read_table(path)


def test_a_file_over_50_mb_is_refused_before_reading(tmp_path):
    path = tmp_path / "gros.csv"
    with path.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)
    with pytest.raises(SpreadsheetError, match="trop gros"):
        read_table(path)


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04garbage", b"\x00" * 100])
def test_garbage_xlsx_or_ods_is_one_french_error(tmp_path, content):
    for suffix in (".xlsx", ".ods"):
        path = tmp_path / f"x{suffix}"
        path.write_bytes(content)
        with pytest.raises(SpreadsheetError):
            read_table(path)
