"""`import`, `list`, `show`, `compute ID`, `check` as a user types them."""

from __future__ import annotations

import json

import pytest

from socle_desktop.cli import main
from socle_desktop.resources import resource_path
from socle_desktop.store import Library

DEMO = str(resource_path("demo", "demo-dossier.json"))


@pytest.fixture
def run(tmp_path, capsys):
    folder = tmp_path / "donnees"

    def run_cli(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(folder), *argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    run_cli.folder = folder
    return run_cli


def test_import_prints_the_new_id_and_show_gives_the_same_content(run):
    code, out, err = run("import", DEMO)
    new_id = out.strip()
    assert code == 0 and len(new_id) == 36, "stdout is the id alone, for scripts"
    # for the person: what was imported, in one sentence on stderr (issue 16)
    assert err == ("Importé : Commune de Saint-Exemple-sur-Loire (EXEMPLE FICTIF), projet « Équiper les deux "
                   "écoles de Saint-Exemple du socle numérique » : 2 écoles, 13 lignes, 2 pièces jointes. "
                   f"Identifiant : {new_id}\n")
    code, out, _ = run("show", new_id)
    assert code == 0
    shown, original = json.loads(out), json.loads(open(DEMO, encoding="utf-8").read())
    assert shown.pop("id") == new_id == original.pop("id")  # a dossier keeps its id when imported
    original.setdefault("pieces", [])
    assert shown == original


def test_replacing_a_dossier_by_an_import_backs_the_library_up_first(run, tmp_path):
    """`import --remplacer` threw away the edits made in the library since (a line added) with no
    copy anywhere: the library is now backed up before, and the edits come back from there."""
    import sqlite3

    from socle_desktop.store.backups import REASON_REPLACE, list_backups, parse_backup_name

    dossier_id = run("import", DEMO)[1].strip()
    with Library.open(run.folder) as library:
        edited = library.load(dossier_id)
        edited.projet.intitule = "Modifié dans la bibliothèque"
        library.save(edited)
    before = set(list_backups(run.folder))
    code, _, err = run("import", "--remplacer", DEMO)
    assert code == 0, err
    made = [path for path in list_backups(run.folder) if path not in before]
    assert [parse_backup_name(path)[1] for path in made] == [REASON_REPLACE]
    with sqlite3.connect(made[0]) as backup:
        kept = backup.execute("SELECT intitule FROM projets WHERE dossier_id = ?", [dossier_id]).fetchone()
    assert kept == ("Modifié dans la bibliothèque",), "the edit is in the backup"
    assert "Modifié" not in json.loads(run("show", dossier_id)[1])["projet"]["intitule"]


def test_importing_twice_refuses_unless_told_to_replace_or_keep_both(run, tmp_path):
    first = run("import", DEMO)[1].strip()
    code, out, err = run("import", DEMO)
    assert (code, out) == (2, "")
    assert "déjà ce dossier" in err and "--remplacer ou --copie" in err and len(err.strip().splitlines()) == 1
    code, out, err = run("import", "--copie", DEMO)
    second = out.strip()
    assert code == 0 and second != first
    code, out, _ = run("show", second)
    assert json.loads(out)["projet"]["intitule"].endswith("(copie)")
    changed = json.loads(open(DEMO, encoding="utf-8").read())
    changed["projet"]["intitule"] = "Intitulé corrigé"
    (tmp_path / "corrige.json").write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run("import", "--remplacer", str(tmp_path / "corrige.json"))
    assert (code, out.strip()) == (0, first)
    assert json.loads(run("show", first)[1])["projet"]["intitule"] == "Intitulé corrigé"
    code, out, _ = run("list", "--json")
    entries = json.loads(out)
    assert code == 0 and {entry["id"] for entry in entries} == {first, second}
    entry = entries[0]
    assert set(entry) >= {"id", "raison_sociale", "intitule", "modified", "subvention_centimes", "has_errors"}
    assert entry["subvention_centimes"] > 0 and entry["raison_sociale"].startswith("Commune de Saint-Exemple")
    code, out, _ = run("list")
    assert code == 0 and first in out and second in out and "€" in out and "Saint-Exemple" in out


def test_list_of_an_empty_library(run):
    assert run("list") == (0, f"Aucun dossier dans la bibliothèque ({run.folder}).\n", "")
    assert run("list", "--json")[1].strip() == "[]"
    assert not run.folder.exists()  # reading never creates a library


def test_compute_by_id_equals_compute_of_the_file(run):
    new_id = run("import", DEMO)[1].strip()
    by_file = json.loads(run("compute", DEMO)[1])
    code, out, _ = run("compute", new_id[:8])
    assert code == 0 and json.loads(out) == by_file


@pytest.mark.parametrize(("argv", "message"), [
    (("show", "12345678"), "« 12345678 » n'est pas un dossier de la bibliothèque"),
    (("show", "x" * 40), "n'est pas un dossier de la bibliothèque"),
    (("compute", "inconnu"), "« inconnu » n'est ni un fichier ni un dossier de la bibliothèque"),
])
def test_unknown_id_is_one_french_line_and_exit_2(run, argv, message):
    run("import", DEMO)
    code, out, err = run(*argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def _library_with(folder, *ids):
    from dataclasses import replace

    from socle_desktop.domain.dossier_json import loads_dossier

    demo = loads_dossier(open(DEMO, encoding="utf-8").read())
    with Library.open(folder) as library:
        for number, dossier_id in enumerate(ids):
            projet = replace(demo.projet, intitule=f"Projet {number}")
            assert library.create(replace(demo, id=dossier_id, projet=projet)) == dossier_id


def test_a_too_short_prefix_says_so_and_names_the_dossiers_it_starts(run):
    _library_with(run.folder, "5e000000-0000-4000-8000-000000000001", "5e000000-0000-4000-8000-000000000002",
                  "70000000-0000-4000-8000-000000000003")
    code, out, err = run("show", "5e")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "« 5e » est trop court pour désigner un dossier" in err and "8 premiers caractères" in err
    assert "des 2 dossiers 5e000000-0000-4000-8000-00000000000" in err and "Projet 0" in err and "Projet 1" in err
    assert "70000000" not in err
    code, _, err = run("compute", "7")
    assert code == 2 and "trop court" in err and "du dossier 70000000 (" in err


def test_an_ambiguous_prefix_lists_the_candidates(run):
    _library_with(run.folder, "5e000000-0000-4000-8000-000000000001", "5e000000-0000-4000-8000-000000000002")
    code, out, err = run("show", "5e000000")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "« 5e000000 » désigne plusieurs dossiers" in err and "Projet 0" in err and "Projet 1" in err
    # each candidate as far as it differs from the others: « 5e000000, 5e000000 » told nothing
    assert "5e000000-0000-4000-8000-000000000001 (" in err and "5e000000-0000-4000-8000-000000000002 (" in err
    assert run("show", "5e000000-0000-4000-8000-000000000002")[0] == 0


def test_candidates_are_shown_as_far_as_they_differ():
    from socle_desktop.domain.identifiers import distinct_prefix_length

    assert distinct_prefix_length(["5e111111-0000", "5e000000-0000"]) == 8
    assert distinct_prefix_length(["5e000000-0000-4a", "5e000000-0000-4b"]) == 16
    assert distinct_prefix_length(["5e000000-aaaa"]) == 8


def test_unknown_id_on_an_empty_library(run):
    code, _, err = run("show", "12345678")
    assert code == 2 and "est vide" in err


def test_invalid_json_file_is_refused_naming_the_file_and_field(run, tmp_path):
    bad = tmp_path / "mauvais.json"
    data = json.loads(open(DEMO, encoding="utf-8").read())
    data["lignes"][1]["quantite"] = "trois"
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run("import", str(bad))
    assert code == 2 and out == ""
    assert f"{bad} : lignes[1].quantite" in err and err.count("\n") == 1
    (tmp_path / "vide.json").write_text("")
    assert run("import", str(tmp_path / "vide.json"))[0] == 2
    assert run("import", str(tmp_path / "absent.json"))[0] == 2
    assert run("list", "--json")[1].strip() == "[]"


def test_check_passes_on_a_good_library(run):
    run("import", DEMO)
    code, out, _ = run("check")
    assert code == 0 and "en bon état : 1 dossier vérifié" in out


def test_check_reports_a_damaged_library_and_restores_the_latest_backup(run):
    kept = run("import", DEMO)[1].strip()
    with Library.open(run.folder) as lib:
        lib.backup("avant-export")
    database = run.folder / "bibliotheque.sqlite"
    database.write_bytes(database.read_bytes()[:200] + b"\xff" * 50_000)
    code, out, _ = run("check")
    assert code == 1
    assert "est endommagée" in out and "socle-desktop check --restaurer" in out
    code, _, err = run("list")
    assert code == 1 and "endommagée" in err and err.count("\n") == 1
    code, out, _ = run("check", "--restaurer")
    assert code == 0
    assert "Restauré : la sauvegarde du" in out and "mises-de-cote" in out and "en bon état" in out
    assert kept in run("list")[1]


def test_check_reports_a_problem_inside_a_dossier(run):
    new_id = run("import", DEMO)[1].strip()
    with Library.open(run.folder) as lib:
        lib.db.conn.execute("UPDATE lignes SET position = position + 10 WHERE dossier_id = ?", [new_id])
    code, out, _ = run("check")
    assert code == 1 and f"dossier {new_id} : l'ordre des lignes est incohérent" in out


def test_list_corbeille(run):
    new_id = run("import", DEMO)[1].strip()
    with Library.open(run.folder) as lib:
        lib.trash(new_id)
    assert new_id not in run("list")[1]
    assert new_id in run("list", "--corbeille")[1]


def test_importing_the_demo_brings_its_attachment_along(run, tmp_path, capsys):
    new_id = run("import", DEMO)[1].strip()
    with Library.open(run.folder, read_only=True) as lib:
        pieces = lib.load(new_id).pieces
        assert pieces and all(lib.piece_bytes(piece.sha256).startswith(b"%PDF") for piece in pieces)
    alone = tmp_path / "seul" / "dossier.json"
    alone.parent.mkdir()
    alone.write_text(open(DEMO, encoding="utf-8").read(), encoding="utf-8")
    assert main(["--data-dir", str(tmp_path / "autre"), "import", str(alone)]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.strip()) == 36  # stdout: the id alone
    assert "Remarque : le fichier de la pièce « devis-numeri-exemple-2021-0142.pdf »" in captured.err
