"""The import job shared by the window and `lignes import`: columns found or remembered per file
layout, unknown schools created or mapped, the dossier's bounds, nothing written by planning."""

from __future__ import annotations

import json
import os

from socle_desktop import catalogue
from socle_desktop.app import line_import as job
from socle_desktop.domain.dossier_json import MAX_LIGNES
from socle_desktop.domain.model import Dossier, Ecole, Ligne
from socle_desktop.domain.money import format_integer
from socle_desktop.resources import load_rules

RULES = load_rules()  # the categories and VAT rates are the rules file's
TILLEULS = Ecole(id="e1", nom="École élémentaire Les Tilleuls", uai="0439901D", nb_classes=4, nb_eleves=90)

ODD_HEADERS = [["Devis 12", None, None], ["Réf. article", "Nb", "Tarif"], ["Tablette", "3", "250,00"],
               ["Housse", "3", "19,90"]]


def dossier(**changes) -> Dossier:
    return Dossier(ecoles=[TILLEULS], **changes)


def plan(rows, columns, **options):
    return job.plan(rows, options.pop("dossier", None) or dossier(), columns, taux_tva=RULES.taux_tva,
                    categories=RULES.categories, **options)


def test_usual_headers_are_found_without_memory(tmp_path):
    rows = [["Désignation", "Qté", "PU HT", "UAI"], ["A", 1, 10, "0439901D"]]
    columns = job.find_columns(rows, job.LayoutMemory(tmp_path))
    assert (columns.header_row, columns.mapping, columns.remembered) == (
        0, {"libelle": 0, "quantite": 1, "prix_unitaire_ht": 2, "uai": 3}, False)


def test_a_mapping_is_remembered_per_layout_and_found_again_below_another_letterhead(tmp_path):
    memory = job.LayoutMemory(tmp_path)
    assert job.find_columns(ODD_HEADERS, memory) is None
    chosen = job.Columns(1, {"libelle": 0, "quantite": 1, "prix_unitaire_ht": 2})
    assert memory.remember(ODD_HEADERS, chosen)
    stored = json.loads((tmp_path / job.LAYOUTS_FILE).read_text(encoding="utf-8"))
    assert stored["dispositions"][0]["entetes"] == ["ref article", "nb", "tarif"]
    # Another file of the same supplier: two letterhead rows, same header texts (other case, spaces).
    other = [["Devis 13"], ["Client : mairie"], ["RÉF.  ARTICLE", "nb", "Tarif ", None], ["Câble", "1", "5"]]
    found = job.find_columns(other, job.LayoutMemory(tmp_path))  # a new reader: read from the file
    assert (found.header_row, found.mapping, found.remembered) == (2, chosen.mapping, True)
    result = plan(other, found, ecole=TILLEULS)
    assert [(line.libelle, line.quantite, line.prix_unitaire_ht_centimes) for line in result.lignes] == [
        ("Câble", 1, 500)]


def test_a_damaged_or_hostile_memory_file_is_a_forgotten_memory(tmp_path):
    path = tmp_path / job.LAYOUTS_FILE
    headers = ["ref article", "nb", "tarif"]
    for content in ("{", "[]", json.dumps({"format": job.LAYOUTS_FORMAT, "dispositions": [
            {"entetes": headers, "colonnes": {"libelle": 0, "quantite": 0, "prix_unitaire_ht": 2}},
            {"entetes": headers, "colonnes": {"libelle": 0, "quantite": 1, "prix_unitaire_ht": 10**9}},
            {"entetes": headers, "colonnes": {"libelle": 0, "quantite": 1}},
            "x"]})):
        path.write_text(content, encoding="utf-8")
        assert job.find_columns(ODD_HEADERS, job.LayoutMemory(tmp_path)) is None
    with path.open("wb") as handle:
        handle.truncate(job.MAX_LAYOUTS_BYTES + 1)
    assert job.LayoutMemory(tmp_path).entries() == []


def test_the_memory_keeps_the_most_recent_layouts_and_leaves_no_partial_file(tmp_path):
    memory = job.LayoutMemory(tmp_path)
    for number in range(job.MAX_LAYOUTS + 5):
        rows = [[f"colonne {number}", "b", "c"]]
        assert memory.remember(rows, job.Columns(0, {"libelle": 0, "quantite": 1, "prix_unitaire_ht": 2}))
    entries = job.LayoutMemory(tmp_path).entries()
    assert len(entries) == job.MAX_LAYOUTS and entries[0]["entetes"][0] == f"colonne {job.MAX_LAYOUTS + 4}"
    assert os.listdir(tmp_path) == [job.LAYOUTS_FILE]
    assert not memory.remember(ODD_HEADERS, job.Columns(-1, {"libelle": 0, "quantite": 1, "prix_unitaire_ht": 2}))


def test_unknown_schools_are_created_mapped_or_left_out_as_the_user_answers():
    rows = [["Désignation", "Qté", "PU HT", "UAI", "École"],
            ["A", 1, 10, "0439902E", "École des Pins"], ["B", 1, 10, None, "Le Moulin"], ["C", 2, 10, None, "Ailleurs"]]
    columns = job.find_columns(rows)
    unanswered = plan(rows, columns)
    assert unanswered.lignes == [] and len(unanswered.table.refused) == 3 and unanswered.new_ecoles == []
    answered = plan(rows, columns, schools={"0439902E": (job.CREATE, None), "Le Moulin": (job.MAP, "e1"),
                                            "Ailleurs": (job.LEAVE, None)})
    (created,) = answered.new_ecoles
    assert (created.uai, created.nom) == ("0439902E", "École des Pins")
    assert [(line.libelle, line.ecole) for line in answered.lignes] == [("A", created.id), ("B", "e1")]
    assert [r.row for r in answered.table.refused] == [4]
    assert [u.key for u in answered.table.unknown_details] == ["0439902E", "Ailleurs", "Le Moulin"]
    # A map to a school the dossier does not hold is no answer.
    assert plan(rows, columns, schools={"Le Moulin": (job.MAP, "e9")}).lignes == []


def test_a_plan_that_would_overflow_the_dossier_says_so():
    rows = [["Désignation", "Qté", "PU HT"], ["A", 1, 10], ["B", 1, 10]]
    full = dossier(lignes=[Ligne(volet="ressources") for _ in range(MAX_LIGNES - 1)])
    result = plan(rows, job.find_columns(rows), dossier=full, volet="ressources")
    assert len(result.lignes) == 2
    assert catalogue.line_import_problem(result) == (
        f"le dossier compterait {format_integer(MAX_LIGNES + 1)} lignes : au plus "
        f"{format_integer(MAX_LIGNES)} par dossier. Découpez le fichier ou le projet.")
    assert len(full.lignes) == MAX_LIGNES - 1  # planning wrote nothing
