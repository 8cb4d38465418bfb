"""`lignes import` / `lignes export` as a secretary would run them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "resources" / "demo" / "demo-dossier.json"


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "socle_desktop", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, timeout=120)


def imported(data_dir: Path, source: Path) -> str:
    done = run(data_dir, "import", str(source))
    assert done.returncode == 0, done.stderr
    listed = json.loads(run(data_dir, "list", "--json").stdout)
    return listed[-1]["id"] if len(listed) == 1 else next(d["id"] for d in listed if d["id"][:8] in done.stdout)


def lines(data_dir: Path, dossier_id: str) -> list:
    return json.loads(run(data_dir, "show", dossier_id).stdout)["lignes"]


def test_export_then_import_into_an_empty_dossier_gives_the_same_lines(tmp_path):
    data = tmp_path / "donnees"
    demo_id = imported(data, DEMO)
    out = tmp_path / "budget.csv"
    assert run(data, "lignes", "export", demo_id, "--out", str(out)).returncode == 0

    empty = json.loads(DEMO.read_text(encoding="utf-8"))
    empty["id"], empty["lignes"] = "11111111-1111-4111-8111-111111111111", []
    (tmp_path / "vide.json").write_text(json.dumps(empty), encoding="utf-8")
    run(data, "import", str(tmp_path / "vide.json"))
    empty_id = next(d["id"] for d in json.loads(run(data, "list", "--json").stdout) if d["id"] != demo_id)

    done = run(data, "lignes", "import", empty_id, str(out))
    assert done.returncode == 0, done.stderr
    assert "13 lignes ajoutées" in done.stdout
    assert "identique" not in done.stdout  # an empty dossier: nothing to say

    def key(line):
        return {k: v for k, v in line.items() if k != "id"}

    assert [key(line) for line in lines(data, empty_id)] == [key(line) for line in lines(data, demo_id)]
    totals = [json.loads(run(data, "compute", i).stdout)["total"] for i in (demo_id, empty_id)]
    assert totals[0] == totals[1]


def test_importing_the_same_file_twice_says_the_lines_are_already_there(tmp_path):
    """The secretary imports the quote again, thinking the first import failed: every line was
    added a second time, « 13 lignes ajoutées » and nothing else, the budget doubled and the
    dossier still « Complet ». The import says so and adds nothing; two identical lines can be
    meant: --doublons adds them (the window asks before « Importer »)."""
    data = tmp_path / "donnees"
    demo_id = imported(data, DEMO)
    out = tmp_path / "budget.csv"
    assert run(data, "lignes", "export", demo_id, "--out", str(out)).returncode == 0
    done = run(data, "lignes", "import", demo_id, str(out))
    assert done.returncode == 2, done.stderr
    assert ("13 lignes à ajouter sont identiques à des lignes déjà dans le dossier (le même fichier importé "
            "deux fois ?)") in done.stdout, done.stdout
    assert "rien n'a été ajouté" in done.stderr and "--doublons" in done.stderr
    assert len(lines(data, demo_id)) == 13
    done = run(data, "lignes", "import", demo_id, str(out), "--doublons")
    assert done.returncode == 0, done.stderr
    assert "13 lignes ajoutées" in done.stdout
    assert len(lines(data, demo_id)) == 26


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_a_workbook_comes_back_sheet_by_sheet_and_the_unread_sheets_are_named(tmp_path, suffix):
    """lignes export writes a sheet per volet: an import reads the first (or --feuille), and says
    which sheets it left, or « 14 lignes ajoutées » looked like the whole budget back."""
    data = tmp_path / "donnees"
    demo_id = imported(data, DEMO)
    out = tmp_path / f"budget{suffix}"
    assert run(data, "lignes", "export", demo_id, "--out", str(out)).returncode == 0
    empty = json.loads(DEMO.read_text(encoding="utf-8"))
    empty["id"], empty["lignes"] = "11111111-1111-4111-8111-111111111111", []
    (tmp_path / "vide.json").write_text(json.dumps(empty), encoding="utf-8")
    run(data, "import", str(tmp_path / "vide.json"))

    first = run(data, "lignes", "import", "11111111", str(out))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Feuille lue : « Équipement » ; non lues : « Ressources numériques », "
                                   "« Accompagnement », « Financement » (--feuille NOM pour en importer une autre).")
    for sheet in ("Ressources numériques", "Accompagnement"):
        done = run(data, "lignes", "import", "11111111", str(out), "--feuille", sheet)
        assert done.returncode == 0, done.stderr
        assert "Feuille lue" not in done.stdout  # the user chose it

    def key(line):
        return {k: v for k, v in line.items() if k != "id"}

    assert [key(line) for line in lines(data, "11111111")] == [key(line) for line in lines(data, demo_id)]


def test_a_refused_row_writes_nothing_unless_accepted(tmp_path):
    data = tmp_path / "donnees"
    demo_id = imported(data, DEMO)
    before = lines(data, demo_id)
    devis = tmp_path / "devis.csv"
    devis.write_text("Désignation;Qté;PU HT;TVA;UAI\nCâble;2;10,00;20;0439901D\nTablette;-1;300;20;0439901D\n",
                     encoding="utf-8")
    refused = run(data, "lignes", "import", demo_id, str(devis))
    assert refused.returncode == 2
    assert "ligne 3 : quantité -1" in refused.stdout
    assert "rien n'a été ajouté" in refused.stderr
    assert lines(data, demo_id) == before

    accepted = run(data, "lignes", "import", demo_id, str(devis), "--sans-les-refusees")
    assert accepted.returncode == 0
    assert len(lines(data, demo_id)) == len(before) + 1


def test_hostile_or_missing_files_are_one_french_line(tmp_path):
    data = tmp_path / "donnees"
    demo_id = imported(data, DEMO)
    bomb = tmp_path / "devis.xlsx"
    bomb.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    for path in (bomb, tmp_path / "absent.csv", tmp_path / "devis.pdf"):
        done = run(data, "lignes", "import", demo_id, str(path))
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1


def test_unknown_schools_are_listed_or_created_with_creer_ecoles(tmp_path):
    data = tmp_path / "donnees"
    demo_id = imported(data, DEMO)
    devis = tmp_path / "devis.csv"
    devis.write_text("Désignation;Qté;PU HT;UAI;École\nCâble;2;10,00;0439901D;\n"
                     "Borne wifi;1;240;0439931L;École du Bourg\nHousse;1;9;;\n", encoding="utf-8")
    refused = run(data, "lignes", "import", demo_id, str(devis))
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "ligne 3 : école d'UAI 0439931L absente du dossier" in refused.stdout
    assert ("Écoles absentes du dossier (ajoutez-les, ou relancez avec --creer-ecoles ou --associer « ÉCOLE=UAI ») : "
            "0439931L") in refused.stdout
    assert "ligne 4 : ligne d'équipement sans école" in refused.stdout and "--ecole UAI" in refused.stdout
    schools = json.loads(run(data, "show", demo_id).stdout)["ecoles"]
    created = run(data, "lignes", "import", demo_id, str(devis), "--creer-ecoles", "--ecole", "0439902E")
    assert created.returncode == 0, created.stderr
    assert "une école créée : complétez ses classes et élèves" in created.stdout  # not « leurs »
    assert "3 lignes ajoutées" in created.stdout
    shown = json.loads(run(data, "show", demo_id).stdout)
    (new,) = shown["ecoles"][len(schools):]
    assert (new["uai"], new["nom"]) == ("0439931L", "École du Bourg")
    assert [line["ecole"] for line in shown["lignes"][-3:]] == [schools[0]["id"], new["id"], schools[1]["id"]]


def test_unknown_schools_can_be_sent_to_a_school_of_the_dossier_with_associer(tmp_path):
    """The window lets a school the file names be sent to one of the dossier's (« Les Tilleuls » for
    « École élémentaire publique Les Tilleuls »); the command line could only create a second one."""
    data = tmp_path / "donnees"
    demo_id = imported(data, DEMO)
    schools = json.loads(run(data, "show", demo_id).stdout)["ecoles"]
    before = len(lines(data, demo_id))
    devis = tmp_path / "devis.csv"
    devis.write_text("Désignation;Qté;PU HT;UAI;École\nCâble;2;10,00;;Les Tilleuls\n"
                     "Borne wifi;1;240;0439931L;École du Bourg\nHousse;1;9;;les  tilleuls\n", encoding="utf-8")
    refused = run(data, "lignes", "import", demo_id, str(devis))
    assert "--associer « ÉCOLE=UAI »" in refused.stdout and refused.returncode == 2

    mistyped = run(data, "lignes", "import", demo_id, str(devis), "--associer", "Les Tilleul=0439901D")
    assert mistyped.returncode == 2 and mistyped.stderr.count("\n") == 1
    assert "ne nomme aucune école absente du dossier qui s'écrive « les tilleul »" in mistyped.stderr
    assert len(lines(data, demo_id)) == before
    absent = run(data, "lignes", "import", demo_id, str(devis), "--associer", "Les Tilleuls=0000000X")
    assert absent.returncode == 2 and "aucune école d'UAI ou d'identifiant « 0000000X »" in absent.stderr

    done = run(data, "lignes", "import", demo_id, str(devis), "--associer", "Les Tilleuls=0439901D",
               "--associer", "École du Bourg=0439902E")
    assert done.returncode == 0, done.stderr
    shown = json.loads(run(data, "show", demo_id).stdout)
    assert len(shown["ecoles"]) == len(schools)  # none created
    tilleuls, cote = schools[0]["id"], schools[1]["id"]
    assert [line["ecole"] for line in shown["lignes"][before:]] == [tilleuls, cote, tilleuls]


def test_columns_mapped_in_the_window_are_used_by_the_command_line(tmp_path):
    from socle_desktop.app.line_import import Columns, LayoutMemory

    data = tmp_path / "donnees"
    demo_id = imported(data, DEMO)
    devis = tmp_path / "fournisseur.csv"
    devis.write_text("Réf;Article fournisseur;Nb;Prix;Site\nA1;Rallonge;2;4,50;0439901D\n", encoding="utf-8")
    unknown = run(data, "lignes", "import", demo_id, str(devis))
    assert unknown.returncode == 2 and "aucune ligne d'en-tête reconnue" in unknown.stderr
    rows = [["Réf", "Article fournisseur", "Nb", "Prix", "Site"]]
    LayoutMemory(data).remember(rows, Columns(0, {"libelle": 1, "quantite": 2, "prix_unitaire_ht": 3, "uai": 4}))
    done = run(data, "lignes", "import", demo_id, str(devis))
    assert done.returncode == 0, done.stderr
    assert lines(data, demo_id)[-1]["libelle"] == "Rallonge"
