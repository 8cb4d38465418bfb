"""`reception exporter`: the open-data tables, the département figures, the chart, the text."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from reception_bundles import DOSSIER_A, DOSSIER_B

from socle_desktop.reception.batch import verify_folder
from socle_desktop.reception.opendata import COLLECTIVITES_COLUMNS, csv_bytes, xlsx_bytes
from socle_desktop.reception.outputs import export_outputs
from socle_desktop.reception.register import NOT_RETAINED, RETAINED, Register

NATIONAL_COLUMNS = ("code_region;region_academique_ou_com;code_academie;academie;code_departement;departement;"
                    "raison_sociale_du_signataire_de_la_convention;siren_signataire_de_la_convention;"
                    "code_commune_siege;nom_officiel_commune_siege;nombre_de_communes;nombre_d_ecoles;"
                    "depenses_realisees_par_la_collectivite;montant_de_la_subvention;position")


@pytest.fixture
def decided(tmp_path, received):
    with Register(tmp_path / "reception.sqlite") as register:
        verify_folder(register, received["folder"], workers=1)
        register.decide(DOSSIER_A, RETAINED, 123_456)
        register.decide(DOSSIER_B, RETAINED)
        yield register


def read_csv(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))


def test_tables_have_the_national_columns_and_the_decided_amounts(decided, tmp_path):
    out = tmp_path / "sortie"
    exported = export_outputs(decided, out)
    names = sorted(path.name for path in exported.paths)
    assert names == sorted([
        "fr-en-aap-snee-collectivites.csv", "fr-en-aap-snee-collectivites.xlsx", "fr-en-aap-snee-ecoles.csv",
        "fr-en-aap-snee-ecoles.xlsx", "synthese-departements.csv", "synthese-departements.xlsx",
        "synthese-departements.png", "synthese-departements.svg", "communique.txt"])
    raw = (out / "fr-en-aap-snee-collectivites.csv").read_bytes()
    # UTF-8 with a byte-order mark: Excel on Windows, opened by a double click, reads the accents right.
    assert raw.startswith(b"\xef\xbb\xbf") and "Auvergne-Rhône-Alpes".encode() in raw
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == NATIONAL_COLUMNS
    rows = {row["raison_sociale_du_signataire_de_la_convention"]: row
            for row in read_csv(out / "fr-en-aap-snee-collectivites.csv")}
    test_row, two = rows["Commune test"], rows["Commune deux"]
    assert test_row["montant_de_la_subvention"] == "1234.56"
    entries = {entry.dossier_id: entry for entry in decided.entries(current_only=True)}
    b = entries[DOSSIER_B]
    assert two["montant_de_la_subvention"] == f"{b.subsidy_centimes // 100}.{b.subsidy_centimes % 100:02d}"
    assert two["depenses_realisees_par_la_collectivite"] == \
        f"{b.spending_centimes // 100}.{b.spending_centimes % 100:02d}"
    # Places from the référentiel: Agnat (43001) is in Haute-Loire, région 84, académie de Clermont-Ferrand.
    assert (two["code_region"], two["departement"], two["code_academie"], two["academie"],
            two["nom_officiel_commune_siege"], two["region_academique_ou_com"]) == \
        ("84", "Haute-Loire", "06", "Clermont-Ferrand", "Agnat", "Auvergne-Rhône-Alpes")
    assert two["nombre_d_ecoles"] == "2" and two["position"] == ""
    schools = read_csv(out / "fr-en-aap-snee-ecoles.csv")
    assert len(schools) == 3 and {school["siren"] for school in schools} == {"214300014"}

    workbook = openpyxl.load_workbook(out / "fr-en-aap-snee-collectivites.xlsx")
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert tuple(header) == COLLECTIVITES_COLUMNS
    amounts = sorted(Decimal(str(row[13])) for row in sheet.iter_rows(min_row=2, values_only=True))
    assert amounts[0] == Decimal("1234.56")


def test_totals_equal_the_sum_of_the_decisions(decided, tmp_path):
    exported = export_outputs(decided, tmp_path / "sortie", chart=False)
    entries = decided.entries(current_only=True)
    assert exported.outputs.total_subsidy_centimes == sum(entry.granted_centimes for entry in entries)
    assert exported.outputs.total_spending_centimes == sum(entry.spending_centimes for entry in entries)
    (dep,) = exported.outputs.departements
    assert (dep.code, len(dep.dossiers_received), dep.projects_retained, dep.schools_retained) == ("43", 2, 2, 3)
    text = (tmp_path / "sortie" / "communique.txt").read_text(encoding="utf-8").replace("\xa0", " ")
    assert "Haute-Loire (43) : 3 écoles retenues sur 3 proposées" in text
    assert "2 projets retenus sur 2 dossiers recevables" in text


def test_a_dossier_not_retained_is_no_convention_but_counts_as_received(decided, tmp_path):
    decided.decide(DOSSIER_B, NOT_RETAINED)
    exported = export_outputs(decided, tmp_path / "sortie", chart=False)
    assert len(exported.outputs.collectivites) == 1
    (dep,) = exported.outputs.departements
    assert (len(dep.dossiers_received), dep.projects_retained, dep.schools_proposed, dep.schools_retained) == \
        (2, 1, 3, 1)
    text = (tmp_path / "sortie" / "communique.txt").read_text("utf-8").replace("\xa0", " ")
    assert "1 école retenue sur 3 proposées" in text


def test_the_chart_is_a_png_and_an_svg(decided, tmp_path):
    export_outputs(decided, tmp_path / "sortie")
    png = (tmp_path / "sortie" / "synthese-departements.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 2000
    svg = (tmp_path / "sortie" / "synthese-departements.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "Haute-Loire" in svg


def test_text_from_a_bundle_never_becomes_a_formula():
    rows = [("=HYPERLINK(\"http://x\")", "nom\x01avec contrôle", 3)]
    text = csv_bytes(("a", "b", "c"), rows).decode("utf-8")
    assert "'=HYPERLINK" in text and "\x01" not in text
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes("t", ("a", "b", "c"), rows)))
    first = [cell.value for cell in workbook.active[2]]
    assert first[0].startswith("'=") and first[1] == "nomavec contrôle" and first[2] == 3


def test_fictional_examples_and_drafts_are_never_counted(tmp_path, received, reception_identity):
    """Issue 13: the demo bundle (« EXEMPLE FICTIF ») and a draft counted as received dossiers."""
    import dataclasses
    import shutil

    from builders import piece_bytes
    from reception_bundles import SIGNED, make_dossier

    from socle_desktop.export import export_dossier

    folder = tmp_path / "recus"
    shutil.copytree(received["folder"], folder)
    example = export_dossier(make_dossier("eeeeeeee-0000-4000-8000-000000000003", price=700_000, schools=3),
                             out_dir=tmp_path / "exemple", identity=reception_identity, signing_time=SIGNED,
                             piece_bytes=piece_bytes, example=True).bundle_path
    draft_value = make_dossier("dddddddd-0000-4000-8000-000000000004", price=700_000, schools=2)
    draft_value = dataclasses.replace(draft_value, lignes=())  # no line: errors, exported as a draft
    draft = export_dossier(draft_value, out_dir=tmp_path / "brouillon", identity=reception_identity,
                           signing_time=SIGNED, piece_bytes=piece_bytes).bundle_path
    shutil.copy(example, folder / "exemple.zip")
    shutil.copy(draft, folder / "brouillon.zip")
    with Register(tmp_path / "reception.sqlite") as register:
        verify_folder(register, folder, workers=1)
        assert sorted(entry.status for entry in register.entries() if entry.dossier_id[:1] in ("d", "e")) == \
            ["brouillon", "exemple"]
        register.decide(DOSSIER_A, RETAINED)
        register.decide(DOSSIER_B, RETAINED)
        exported = export_outputs(register, tmp_path / "sortie", chart=False)
    (dep,) = exported.outputs.departements
    assert (len(dep.dossiers_received), dep.dossiers_valid, dep.schools_proposed, dep.projects_retained) == \
        (2, 2, 3, 2)
    text = (tmp_path / "sortie" / "communique.txt").read_text("utf-8").replace("\xa0", " ")
    assert "3 écoles retenues sur 3 proposées" in text and "2 projets retenus sur 2 dossiers recevables" in text
    assert "Au total : 2 projets retenus sur 2 dossiers recevables, 3 écoles retenues sur 3 proposées" in text
    synthese = read_csv(tmp_path / "sortie" / "synthese-departements.csv")
    assert [(row["dossiers_recus"], row["dossiers_valides"], row["ecoles_proposees"]) for row in synthese] == \
        [("2", "2", "3")]


def test_the_press_text_writes_its_counts_the_french_way():
    """« 12670 écoles retenues » in a préfecture's communiqué: counts as French writes them (issue 16)."""
    from socle_desktop.reception.communique import press_text
    from socle_desktop.reception.opendata import DepartementFigures, Outputs

    dep = DepartementFigures(code="43", nom="Haute-Loire", dossiers_valid=6870, projects_retained=6870,
                             schools_proposed=13000, schools_retained=12670, classes_retained=45616,
                             spending_retained_centimes=19_653_372_648, subsidy_centimes=10_309_599_373)
    text = press_text(Outputs(departements=[dep], total_spending_centimes=19_653_372_648,
                              total_subsidy_centimes=10_309_599_373))
    for count in ("6\u202f870\u00a0projets retenus", "12\u202f670\u00a0écoles retenues", "13\u202f000\u00a0proposées",
                  "45\u202f616\u00a0classes"):
        assert text.count(count) == 2, (count, text)
    assert not re.search(r"\d{4}", text.replace("(43)", "")), text
