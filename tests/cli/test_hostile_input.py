"""The command line used carelessly or with hostile input: never a traceback (exit 3), never an
English message, never a dossier stored while the user is told it was not, never a silently
wrong figure."""

from __future__ import annotations

import copy
import errno
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from socle_desktop.cli import main
from socle_desktop.domain.money import format_integer
from socle_desktop.resources import resource_path
from socle_desktop.store import Library

DEMO = str(resource_path("demo", "demo-dossier.json"))
REPO = Path(__file__).resolve().parents[2]
# Words of the operating system's or SQLite's English messages that must never reach a user.
ENGLISH = ("No such", "Not a directory", "File exists", "Permission denied", "Read-only",
           "No space", "unable to open", "no such table", "already exists", "Traceback")


@pytest.fixture
def demo() -> dict:
    return json.loads(Path(DEMO).read_text(encoding="utf-8"))


@pytest.fixture
def run(tmp_path, capsys):
    folder = tmp_path / "donnees"

    def run_cli(*argv: str, data_dir: str | None = None) -> tuple[int, str, str]:
        code = main(["--data-dir", str(folder if data_dir is None else data_dir), *argv])
        captured = capsys.readouterr()
        for word in ENGLISH:
            assert word not in captured.err, captured.err
        return code, captured.out, captured.err

    run_cli.folder = folder
    return run_cli


def write_json(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def ids_in(folder: Path) -> set[str]:
    with Library.open(folder, read_only=True) as lib:
        return {summary.id for summary in lib.list_dossiers()}


# --- the data folder ---------------------------------------------------------------------


@pytest.mark.parametrize("argv", [("import", DEMO), ("list",), ("list", "--json"), ("show", "12345678"),
                                  ("compute", "12345678"), ("check",)])
def test_a_data_folder_that_is_a_file_is_named_as_such(run, tmp_path, argv):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("pas un dossier")
    code, out, err = run(*argv, data_dir=str(a_file))
    assert (code, out) == (2, "")
    assert "est un fichier, pas un dossier" in err and err.count("\n") == 1
    assert a_file.read_text() == "pas un dossier"


def test_a_data_folder_below_a_file_gets_a_french_reason(run, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    code, _, err = run("import", DEMO, data_dir=str(a_file / "sous-dossier"))
    assert code == 2 and "pas un dossier" in err


def test_an_empty_data_dir_option_never_falls_back_to_the_real_library(run, monkeypatch, tmp_path):
    real = tmp_path / "vraie-bibliotheque"
    monkeypatch.setenv("SOCLE_DATA_DIR", str(real))
    code, out, err = run("import", DEMO, data_dir="")
    assert (code, out) == (2, "") and "--data-dir est vide" in err
    assert not real.exists()


def test_a_deep_folder_with_spaces_and_accents_is_created(run, tmp_path):
    folder = tmp_path / "Mes documents" / "Mairie de Saint-Étienne-d'Été" / "a" / "b"
    code, out, _ = run("import", DEMO, data_dir=str(folder))
    assert code == 0 and ids_in(folder) == {out.strip()}


@pytest.mark.skipif(os.geteuid() != 0 or not sys.platform.startswith("linux"),
                    reason="mounting a read-only file system needs root on Linux")
def test_a_library_on_a_write_protected_medium_can_still_be_read(run, tmp_path):
    medium = tmp_path / "cle-usb"
    medium.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(medium)], capture_output=True).returncode:
        pytest.skip("mount refused here")
    try:
        new_id = run("import", DEMO, data_dir=str(medium))[1].strip()
        assert not Path(f"{medium}/bibliotheque.sqlite-shm").exists()
        subprocess.run(["mount", "-o", "remount,ro", str(medium)], check=True)
        code, out, _ = run("list", data_dir=str(medium))
        assert code == 0 and new_id in out
        assert run("show", new_id, data_dir=str(medium))[0] == 0
        assert run("check", data_dir=str(medium))[0] == 0
        code, _, err = run("import", DEMO, data_dir=str(medium))
        assert code == 2 and "lecture seule" in err
    finally:
        subprocess.run(["umount", str(medium)], check=False)


# --- hostile JSON --------------------------------------------------------------------------


@pytest.mark.parametrize(("replace_from", "replace_to", "chemin"), [
    ('"Maire"', '"Ma\\ud800ire"', "collectivite.representant.qualite"),
    ('"uai": "0439901D"', '"uai": "04\\udc8039901D"', "ecoles[0].uai"),
    ('"objectifs"', '"obj\\ud800"', "projet.obj"),
    # NaN and Infinity are refused while reading, before any field is known: the message names them.
    ('"projet": {', '"projet": {"budget": NaN, ', "« NaN »"),
    ('"regles"', '"inconnu": [Infinity], "regles"', "« Infinity »"),
])
def test_lone_surrogates_and_nan_are_refused_naming_the_field(run, tmp_path, replace_from, replace_to, chemin):
    text = Path(DEMO).read_text(encoding="utf-8")
    assert replace_from in text
    path = write_json(tmp_path / "piege.json", text.replace(replace_from, replace_to, 1))
    for argv in (("import", path), ("compute", path)):
        code, out, err = run(*argv)
        assert (code, out) == (2, ""), err
        assert chemin in err and err.count("\n") == 1
    assert not (run.folder / "bibliotheque.sqlite").exists() or ids_in(run.folder) == set()


def test_control_and_bidi_characters_never_reach_the_terminal(run, tmp_path, demo):
    demo["collectivite"]["raison_sociale"] = "Commune\u202e de \x07\x1b[31mRouge\u200f\x7f"
    demo["projet"]["intitule"] = "a\tb\nc\rd"
    new_id = run("import", write_json(tmp_path / "c.json", json.dumps(demo)))[1].strip()
    code, out, _ = run("list")
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith(new_id))
    assert not any(char in line for char in "\x07\x1b\x7f\r\t\u202e\u200f")
    assert "Rouge" in line and "a b c d" in line
    assert len(out.splitlines()) == 2  # the header and one line: the newline did not split it
    shown = json.loads(run("show", new_id)[1])  # the JSON keeps the text exactly
    assert shown["collectivite"]["raison_sociale"] == demo["collectivite"]["raison_sociale"]


def test_an_id_typed_with_escape_sequences_is_echoed_harmlessly(run):
    run("import", DEMO)
    code, _, err = run("show", "abc\x1b[2Jdef\nfausse ligne")
    assert code == 2 and "\x1b" not in err and err.count("\n") == 1


def test_regles_naming_a_file_on_the_disk_is_never_read(run, tmp_path, demo):
    rules = Path(resource_path("rules", "snee-2021.toml")).read_text(encoding="utf-8")
    assert 'taux_jusqu_au_seuil = "70"' in rules
    (tmp_path / "piege.toml").write_text(rules.replace('taux_jusqu_au_seuil = "70"', 'taux_jusqu_au_seuil = "99"'),
                                         encoding="utf-8")
    honest = json.loads(run("compute", DEMO)[1])["total"]["subvention_centimes"]
    for regles in (str(tmp_path / "piege"), f"../../../../../../../..{tmp_path}/piege"):
        demo["regles"] = regles
        path = write_json(tmp_path / "d.json", json.dumps(demo))
        for command in ("compute", "import"):
            code, out, err = run(command, path)
            assert (code, out) == (2, "") and "regles : édition de règles" in err and "invalide" in err
    assert honest not in (None, 0)
    assert json.loads(run("list", "--json")[1]) == []


def test_figures_beyond_sqlite_integers_are_no_traceback(run, tmp_path, demo):
    line = demo["lignes"][0]
    demo["lignes"] = [dict(line, id=f"l{i}", quantite=10**6, prix_unitaire_ht_centimes=10**11)
                      for i in range(1000)]  # 10^20 centimes: beyond 2^63
    path = write_json(tmp_path / "enorme.json", json.dumps(demo))
    for command in ("import", "compute"):
        code, out, err = run(command, path)
        assert (code, out) == (2, "") and "cent milliards" in err and err.count("\n") == 1
    assert run("list")[0] == 0 and run("check")[0] == 0


@pytest.mark.parametrize("text", ["", "   ", "\ufeff", "[", "[]", "null", "42", '"x"', "[" * 100_000 + "]" * 100_000,
                                  '{"format": "socle-dossier", "version_format": 1, "x": ' + "9" * 5000 + "}"])
def test_malformed_json_is_one_french_line(run, tmp_path, text):
    path = write_json(tmp_path / "mauvais.json", text)
    for argv in (("import", path), ("compute", path)):
        code, out, err = run(*argv)
        assert (code, out) == (2, "") and err.count("\n") == 1 and err.startswith("socle-desktop : ")


def test_utf16_bom_and_huge_files(run, tmp_path, demo):
    text = json.dumps(demo, ensure_ascii=False, indent=2)
    (tmp_path / "utf16.json").write_bytes(text.encode("utf-16"))
    code, _, err = run("import", str(tmp_path / "utf16.json"))
    assert code == 2 and "UTF-8" in err
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert run("import", str(tmp_path / "bom.json"))[0] == 0
    from socle_desktop.domain.dossier_json import MAX_LIGNES

    demo["lignes"] = [dict(demo["lignes"][0], id=f"l{i}") for i in range(MAX_LIGNES)]
    big = write_json(tmp_path / "grand.json", json.dumps(demo, indent=1))  # ~30,000 lines of text
    code, out, _ = run("import", "--copie", big)  # the same dossier id as bom.json's: kept beside it
    assert code == 0
    assert len(json.loads(run("show", out.strip())[1])["lignes"]) == MAX_LIGNES
    # One line more than a dossier may hold (so that it exports in seconds): refused, in French.
    demo["lignes"].append(dict(demo["lignes"][0], id="de-trop"))
    code, _, err = run("import", write_json(tmp_path / "trop.json", json.dumps(demo)))
    assert code == 2 and f"au plus {format_integer(MAX_LIGNES)} par dossier" in err  # « 3 000 »


def test_compute_with_an_empty_argument(run):
    code, out, err = run("compute", "")
    assert (code, out) == (2, "") and "argument vide" in err


# --- output that cannot be written, interruptions ---------------------------------------------


class FullDisk(io.TextIOBase):
    def write(self, text):
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self):
        raise OSError(errno.ENOSPC, "No space left on device")


def test_import_on_a_full_output_still_tells_the_new_id(run, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdout", FullDisk())
    code = main(["--data-dir", str(run.folder), "import", DEMO])
    monkeypatch.undo()
    err = capsys.readouterr().err
    (stored,) = ids_in(run.folder)
    assert code == 2 and f"importé sous l'identifiant {stored}" in err and "disque plein" in err


def test_list_on_a_full_output_is_french(run, monkeypatch, capsys):
    run("import", DEMO)
    monkeypatch.setattr(sys, "stdout", FullDisk())
    code = main(["--data-dir", str(run.folder), "list", "--json"])
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert code == 2 and "disque plein" in err and "No space" not in err


@pytest.fixture
def ctrl_c_raises():
    """Ctrl+C (SIGINT) raises KeyboardInterrupt here, whatever this process inherited: a test
    run as a background job (`pytest &`) starts with SIGINT ignored, and the signal these tests
    send would then never arrive."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_ctrl_c_once_the_import_writes_never_hides_a_stored_dossier(run, monkeypatch, ctrl_c_raises):
    original = Library.store_imported  # what `import` writes with

    def store_then_ctrl_c(self, *args, **kwargs):
        stored = original(self, *args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)  # pressed just as the commit returns
        return stored

    monkeypatch.setattr(Library, "store_imported", store_then_ctrl_c)
    code, out, err = run("import", DEMO)
    assert ids_in(run.folder) == {out.strip()}
    assert code == 0 and "Ctrl+C reçu pendant l'enregistrement" in err
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # handler given back


def test_ctrl_c_while_reading_the_file_stores_nothing(run, monkeypatch):
    import socle_desktop.app.imports as import_job  # where `import` parses the file (the window too)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(import_job, "loads_storable", interrupted)
    code, out, err = run("import", DEMO)
    assert (code, out, err) == (130, "", "socle-desktop : interrompu.\n")
    assert not (run.folder / "bibliotheque.sqlite").exists()


def test_two_imports_at_once_both_succeed(run, tmp_path):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    demo = json.loads(Path(DEMO).read_text(encoding="utf-8"))
    from socle_desktop.domain.dossier_json import MAX_LIGNES

    # Imports long enough to overlap, short enough that a loaded machine keeps each one well
    # under the command line's wait for a busy library (LOCK_WAIT_SECONDS).
    demo["lignes"] = [dict(demo["lignes"][0], id=f"l{i}") for i in range(MAX_LIGNES // 3)]
    paths = [write_json(tmp_path / f"lent-{n}.json", json.dumps(dict(demo, id=f"dossier-lent-{n}"))) for n in range(3)]
    commands = [[sys.executable, "-m", "socle_desktop", "--data-dir", str(run.folder), "import", path]
                for path in paths]  # three dossiers (one file imported twice would be refused)
    children = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
                for command in commands]
    results = [child.communicate(timeout=120) for child in children]
    assert [child.returncode for child in children] == [0, 0, 0], [err.decode() for _, err in results]
    assert ids_in(run.folder) == {out.decode().strip() for out, _ in results}


# --- a library altered outside the application ------------------------------------------------

TAMPERINGS = {
    "contenu d'une pièce en texte": "UPDATE fichiers SET contenu = 'texte'",
    "quantité en texte": "UPDATE lignes SET quantite = 'beaucoup'",
    "prix décimal": "UPDATE lignes SET prix_unitaire_ht_centimes = 1.5",
    "volet inconnu": "UPDATE lignes SET volet = 'x'",
    "TVA inconnue": "UPDATE lignes SET taux_tva = 'x'",
    "nom d'école binaire": "UPDATE ecoles SET nom = x'ff00'",
    "élèves en texte": "UPDATE ecoles SET nb_eleves = 'x'",
    "extra illisible": "UPDATE dossiers SET extra = 'pas du json'",
    "extra en liste": "UPDATE dossiers SET extra = '[1, 2]'",
    "autres illisible": "UPDATE projets SET autres = '{mauvais'",
    "date illisible": "UPDATE dossiers SET modifie_le = 'demain'",
    "état inconnu": "UPDATE dossiers SET etat = 'vole'",
    "résumé en texte": "UPDATE dossiers SET resume_subvention_centimes = 'x'",
    "résumé périmé et ligne abîmée": "UPDATE dossiers SET revision = revision + 1; UPDATE lignes SET quantite = 'x'",
    "table des pièces supprimée": "DROP TABLE fichiers",
    "registre des migrations supprimé": "DROP TABLE _sqlite_migrations",
    "version future": "PRAGMA user_version = 99",
    "autre application": "PRAGMA application_id = 5",
}


@pytest.mark.parametrize("sql", TAMPERINGS.values(), ids=TAMPERINGS.keys())
def test_a_tampered_library_gives_a_check_report_and_no_traceback(run, tmp_path, sql):
    demo_folder = tmp_path / "demo"  # the demo with its attachment beside it
    demo_folder.mkdir()
    for source in Path(DEMO).parent.iterdir():
        (demo_folder / source.name).write_bytes(source.read_bytes())
    new_id = run("import", str(demo_folder / "demo-dossier.json"))[1].strip()
    connection = sqlite3.connect(run.folder / "bibliotheque.sqlite", isolation_level=None)
    connection.execute("PRAGMA ignore_check_constraints = ON")
    connection.executescript(sql)
    connection.close()
    code, out, err = run("check")
    assert code == 1, out + err
    assert "problème" in out
    for argv in (("list",), ("list", "--json"), ("show", new_id), ("compute", new_id)):
        code, out, err = run(*argv)
        assert code in (0, 1, 2), (argv, err)
        if code:
            assert err.count("\n") == 1
        elif argv[0] == "show":
            json.loads(out)


def test_a_damaged_dossier_does_not_hide_the_others_in_the_list(run):
    first = run("import", DEMO)[1].strip()
    second = run("import", "--copie", DEMO)[1].strip()
    with sqlite3.connect(run.folder / "bibliotheque.sqlite") as connection:
        connection.execute("UPDATE dossiers SET revision = revision + 1, modifie_le = 'x' WHERE id = ?", [first])
        connection.execute("UPDATE lignes SET quantite = 'x' WHERE dossier_id = ?", [first])
    listed = {entry["id"]: entry for entry in json.loads(run("list", "--json")[1])}
    assert listed[first]["subvention_centimes"] is None and listed[second]["subvention_centimes"] > 0
    code, out, _ = run("show", first)
    assert code == 1 and out == ""


def test_check_restaurer_on_a_healthy_library_keeps_the_recent_work(run):
    run("import", DEMO)
    with Library.open(run.folder) as lib:
        lib.backup("avant-export")
    later = run("import", "--copie", DEMO)[1].strip()  # work done after the latest backup
    code, _, err = run("check", "--restaurer")
    assert code == 2 and "en bon état : rien n'a été restauré" in err
    assert later in ids_in(run.folder)
    backup = sorted((run.folder / "sauvegardes").iterdir())[-1]
    code, out, _ = run("check", "--restaurer", str(backup))  # explicitly chosen: done
    assert code == 0 and "Restauré" in out and later not in ids_in(run.folder)


def test_copy_of_a_dossier_keeps_figures_when_reimported(run, tmp_path):
    """`show` then `import` of its output: the same dossier, figures and all (no drift)."""
    first = run("import", DEMO)[1].strip()
    shown = run("show", first)[1]
    second = run("import", "--copie", write_json(tmp_path / "copie.json", shown))[1].strip()
    figures = {entry["id"]: entry["subvention_centimes"] for entry in json.loads(run("list", "--json")[1])}
    assert figures[first] == figures[second] > 0
    original, copy_ = json.loads(shown), json.loads(run("show", second)[1])
    assert copy_["projet"]["intitule"] == original["projet"]["intitule"] + " (copie)"
    copy_["projet"]["intitule"] = original["projet"]["intitule"]
    assert {**copy.deepcopy(original), "id": None} == {**copy_, "id": None}


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
@pytest.mark.parametrize("argv", [("import", "/dev/zero"), ("compute", "/dev/zero"),
                                  ("compute", DEMO, "--rules", "/dev/zero")])
def test_an_endless_input_is_refused_once_too_big(run, argv):
    code, out, err = run(*argv)  # used to read forever, memory growing
    assert (code, out) == (2, "") and "trop volumineux" in err


def test_rules_file_errors_are_french(run, tmp_path):
    code, _, err = run("compute", DEMO, "--rules", str(tmp_path))
    assert code == 2 and "est un dossier, pas un fichier de règles" in err


def test_restaurer_refuses_the_library_itself_and_a_backup_from_a_newer_version(run, tmp_path):
    kept = run("import", DEMO)[1].strip()
    database = run.folder / "bibliotheque.sqlite"
    code, _, err = run("check", "--restaurer", str(database))
    assert code == 2 and "la bibliothèque elle-même" in err
    newer = tmp_path / "future.sqlite"
    newer.write_bytes(database.read_bytes())
    with sqlite3.connect(newer) as connection:
        connection.execute("PRAGMA user_version = 99")
    code, _, err = run("check", "--restaurer", str(newer))
    assert code == 2 and "version plus récente" in err
    assert ids_in(run.folder) == {kept} and not (run.folder / "mises-de-cote").exists()


def test_arguments_that_are_not_utf8_are_no_traceback(run, tmp_path):
    """On Linux, bytes of a command line that are not UTF-8 reach Python as lone surrogates."""
    run("import", DEMO)
    code, _, err = run("show", "\udcff\udcfeabcdefgh")
    assert code == 2 and "n'est pas un dossier de la bibliothèque" in err
    folder = tmp_path / "d\udcffossier"
    assert run("list", data_dir=str(folder))[0] == 0
    code, out, _ = run("import", DEMO, data_dir=str(folder))
    assert code == 0 and run("check", data_dir=str(folder))[0] == 0
    assert out.strip() in run("list", data_dir=str(folder))[1]


def test_an_id_with_surrounding_spaces_is_found(run, tmp_path):
    new_id = run("import", DEMO)[1].strip()
    code, out, _ = run("show", f"  {new_id}\n")
    assert code == 0 and json.loads(out)["id"] == new_id


class ClosedStream(io.TextIOBase):
    def write(self, text):
        raise OSError(errno.EBADF, "Bad file descriptor")

    def flush(self):
        raise OSError(errno.EBADF, "Bad file descriptor")


@pytest.mark.parametrize("argv", [("show", "inconnu-1234"), ("show",), ("compute", "/nulle/part.json")])
def test_a_closed_stderr_keeps_the_exit_code(tmp_path, monkeypatch, argv):
    """`2>&-`: writing the message fails; the exit code must still say what happened."""
    monkeypatch.setattr(sys, "stderr", ClosedStream())
    try:
        code = main(["--data-dir", str(tmp_path), *argv])
    except SystemExit as exit_:  # argparse's own exit
        code = exit_.code
    assert code == 2  # was an OSError escaping main: Python's exit code 1


def test_a_folder_in_place_of_the_library_file_is_named(run):
    (run.folder / "bibliotheque.sqlite").mkdir(parents=True)
    for argv, expected in ((("list",), 2), (("import", DEMO), 2), (("check",), 1)):
        code, out, err = run(*argv)
        assert code == expected and "est un dossier, à la place du fichier de la bibliothèque" in out + err


def test_prefixes_are_exact_with_like_and_sql_metacharacters(run):
    from dataclasses import replace

    from socle_desktop.domain.dossier_json import loads_dossier

    dossier = loads_dossier(Path(DEMO).read_text(encoding="utf-8"))
    with Library.open(run.folder) as lib:
        for dossier_id in ("abcdefgh-1", "abcdefgh-2", "abc%defgh-1", "abc_defgh-2", "x' OR '1'='1", "a\\bcdefghij"):
            assert lib.create(replace(dossier, id=dossier_id)) == dossier_id
    code, _, err = run("show", "abcdefgh")
    assert code == 2 and "désigne plusieurs dossiers" in err
    for typed, expected in (("abcdefgh-1", "abcdefgh-1"), ("abc%defg", "abc%defgh-1"), ("abc_defg", "abc_defgh-2"),
                            ("x' OR '1'='1", "x' OR '1'='1"), ("a\\bcdefgh", "a\\bcdefghij")):
        code, out, err = run("show", typed)
        assert code == 0 and json.loads(out)["id"] == expected, err
    for typed in ("%%%%%%%%", "________", "abc%%%%%", "'; DROP TABLE dossiers; --"):
        assert run("show", typed)[0] == 2
    assert len(ids_in(run.folder)) == 6


def test_ctrl_c_while_waiting_for_a_busy_library_stops_without_writing(run, monkeypatch, ctrl_c_raises):
    run("import", DEMO)
    with Library.open(run.folder):  # the window holds the library
        monkeypatch.setattr("socle_desktop.cli.library.LOCK_WAIT_SECONDS", 30)
        real_sleep = __import__("time").sleep

        def ctrl_c_while_waiting(seconds):
            os.kill(os.getpid(), signal.SIGINT)
            real_sleep(0)

        monkeypatch.setattr("socle_desktop.cli.library.time.sleep", ctrl_c_while_waiting)
        code, out, err = run("import", DEMO)
    assert (code, out, err) == (130, "", "socle-desktop : interrompu.\n")
    assert len(ids_in(run.folder)) == 1


@pytest.mark.parametrize(("extra", "message"), [
    (("--width", "0"), "entre 320 et 7680 pixels"),
    (("--height", "-5"), "entre 320 et 7680 pixels"),
    (("--width", "100000"), "entre 320 et 7680 pixels"),
])
def test_screenshot_sizes_out_of_range_are_refused(run, tmp_path, extra, message):
    code, out, err = run("screenshot", "--out", str(tmp_path / "images"), *extra)
    assert (code, out) == (2, "") and message in err
    assert not (tmp_path / "images").exists()


def test_screenshot_out_that_is_a_file_or_empty(run, tmp_path):
    a_file = tmp_path / "image.png"
    a_file.write_bytes(b"x")
    code, _, err = run("screenshot", "--out", str(a_file))
    assert code == 2 and "est un fichier, pas un dossier" in err
    code, _, err = run("screenshot", "--out", "")
    assert code == 2 and "--out est vide" in err


def test_a_daily_backup_that_cannot_be_written_is_said_once(run):
    run("import", DEMO)
    backups = run.folder / "sauvegardes"
    for old in backups.iterdir():
        old.unlink()
    backups.rmdir()
    backups.write_text("un fichier à la place du dossier des sauvegardes")
    code, _, err = run("import", "--copie", DEMO)
    assert code == 0 and len(ids_in(run.folder)) == 2
    assert err.count("Attention : la sauvegarde n'a pas pu être écrite") == 1  # was silent


@pytest.mark.parametrize("depth", [70, 985])  # 985: read by Python's json, but not written back
def test_deeply_nested_unknown_fields_are_refused(run, tmp_path, depth):
    text = Path(DEMO).read_text(encoding="utf-8").rstrip().rstrip("}")
    path = write_json(tmp_path / "imbrique.json", text + ', "z": ' + "[" * depth + "]" * depth + "}")
    for argv in (("import", path), ("compute", path)):
        code, out, err = run(*argv)
        assert (code, out) == (2, "") and len(err) < 300
        # the parser's own guard may answer first when the interpreter's stack is already deep
        assert "imbrication trop profonde" in err or "imbriqué trop profondément" in err


def test_a_bundle_or_a_pdf_given_to_import_is_recognised(run, tmp_path):
    import zipfile

    bundle = tmp_path / "paquet.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("data/dossier.json", Path(DEMO).read_text(encoding="utf-8"))
    code, _, err = run("import", str(bundle))
    assert code == 2 and "archive zip" in err and "data/dossier.json" in err
    pdf = tmp_path / "dossier.pdf"
    pdf.write_bytes(b"%PDF-1.7\n\xe2\xe3\xcf\xd3\n")
    code, _, err = run("compute", str(pdf))
    assert code == 2 and "est un PDF, pas un fichier de dossier (JSON)." in err  # not « pas un fichier »
    code, _, err = run("compute", DEMO, "--rules", str(pdf))
    assert code == 2 and "est un PDF, pas un fichier de règles" in err


def test_socle_data_dir_of_blanks_is_refused_and_empty_means_unset(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOCLE_DATA_DIR", "   ")
    assert main(["list"]) == 2
    assert "SOCLE_DATA_DIR ne contient que des espaces" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # no folder named "   " created here
    monkeypatch.setenv("SOCLE_DATA_DIR", "")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert main(["list"]) == 0 and "xdg" in capsys.readouterr().out


def test_version_is_answered(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.startswith("socle-desktop ")


FUZZ_VALUES = [None, True, False, 0, -1, 1.5, -0.0, 10**30, 2**63, "", "x", "\u202e", "\x00", "\x1b[2J", [], {},
               [1], {"a": 1}, "9" * 50, "20", "5.5", "equipement", "ecole", float("nan"), "\ud800"]


def _json_paths(value, prefix=()):
    yield prefix
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        yield from _json_paths(child, (*prefix, key))


def test_random_damage_to_the_demo_never_gives_a_traceback(run, tmp_path, demo):
    """Values swapped or fields removed at random: import and compute answer 0 or 2, and the
    library stays listable and checkable whatever got in."""
    import random

    rng = random.Random(2021)
    paths = [path for path in _json_paths(demo) if path]
    for round_number in range(300):
        mutated = copy.deepcopy(demo)
        for _ in range(rng.randint(1, 2)):
            *parents, last = rng.choice(paths)
            try:
                parent = mutated
                for key in parents:
                    parent = parent[key]
                if isinstance(parent, dict) and rng.random() < 0.15:
                    del parent[last]
                else:
                    parent[last] = copy.deepcopy(rng.choice(FUZZ_VALUES))
            except (KeyError, IndexError, TypeError):
                continue  # an earlier change removed that path
        path = tmp_path / "abime.json"
        path.write_text(json.dumps(mutated), encoding="ascii")  # "\ud800" escaped, as another tool would
        for argv in (("import", str(path)), ("compute", str(path))):
            code, _, err = run(*argv)
            assert code in (0, 2), (round_number, argv, err)
    assert run("list")[0] == 0 and run("list", "--json")[0] == 0
    code, out, _ = run("check")
    assert code == 0, out


def test_hostile_text_in_a_dossier_is_an_error_and_no_certificate_carries_it(run, tmp_path, demo, monkeypatch):
    demo["id"] = "11111111-2222-4333-8444-555555555555"
    demo["collectivite"]["raison_sociale"] = "Commune de Retournac \u202egnilliw\u202c <b>GRAS</b> \u0007\u001b[31m"
    demo["collectivite"]["adresse"] = "1 place\u0000 de la Mairie"
    path = write_json(tmp_path / "hostile.json", json.dumps(demo, ensure_ascii=False))
    code, out, _ = run("compute", path)
    hidden = [c for c in json.loads(out)["constats"] if c["code"] == "CARACTERES_CACHES"]
    assert code == 0 and [(c["gravite"], c["chemin"]) for c in hidden] == [
        ("erreur", "collectivite.raison_sociale"), ("erreur", "collectivite.adresse")]
    assert "Raison sociale (page Collectivité) : caractères de contrôle ou d'inversion du sens d'écriture " \
           "(U+202E, U+202C, U+0007, U+001B) ; retirez-les." == hidden[0]["message"]
    assert run("import", path)[0] == 0
    monkeypatch.setenv("SOCLE_TEST_PASSPHRASE", "une phrase de passe")
    code, out, err = run("export", "--out", str(tmp_path / "sortie"), "--password-env", "SOCLE_TEST_PASSPHRASE",
                         demo["id"])
    assert code == 2 and not (tmp_path / "sortie").exists()
    last = err.strip().splitlines()[-1]
    assert last.startswith("socle-desktop : la raison sociale contient des caractères de contrôle")
    assert "\u202e" not in err
    assert not (run.folder / "identites").exists() or not list((run.folder / "identites").iterdir())


@pytest.mark.parametrize("module", ["socle_desktop.referentiel", "socle_desktop.domain.compute", "tomllib"])
def test_a_module_missing_from_the_installation_is_one_french_line_and_logged(tmp_path, module):
    """A damaged installation (a module gone) is neither « fichier introuvable » nor a traceback,
    even when the command's own module cannot be imported: one line naming the missing module,
    exit 3, and the details in the data folder's log."""
    folder = tmp_path / "donnees"
    script = (f"import sys; sys.modules[{module!r}] = None\n"
              "from socle_desktop.cli import main\n"
              f"sys.exit(main(['--data-dir', {str(folder)!r}, 'compute', {DEMO!r}]))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr and "introuvable" not in done.stderr
    assert done.stderr.startswith("socle-desktop : erreur inattendue (ModuleNotFoundError")
    assert len(done.stderr.strip().splitlines()) == 1
    log = folder / "journaux" / "erreurs.log"
    assert str(log) in done.stderr and module in log.read_text(encoding="utf-8")


CAMPAIGN = ("campagne", "creer", "--id", "c1", "--titre", "Campagne", "--adresse", "https://depot.example/files/",
            "--empreinte-serveur", "ab" * 32, "--date-limite", "2031-03-31T23:59:00+02:00", "--contact-nom", "DANE",
            "--identity", "absent.p12", "--out", "sortie")


def test_a_campaigns_rules_file_that_is_a_pdf_is_named_as_a_rules_file(run, tmp_path):
    pdf = tmp_path / "regles.toml"
    pdf.write_bytes(b"%PDF-1.7\n")
    code, _out, err = run(*CAMPAIGN, "--regles", "snee-2021", "--regles-fichier", str(pdf))
    assert code == 2 and "pas un fichier de règles (TOML)" in err


@pytest.mark.parametrize("edition", ["../rules/snee-2021", "snee-2021.", "SNEE-2021"])
def test_a_campaigns_edition_is_checked_by_the_one_rule_of_edition_names(run, edition):
    code, _out, err = run(*CAMPAIGN, "--regles", edition)
    assert code == 2 and "édition de règles" in err and "invalide" in err
