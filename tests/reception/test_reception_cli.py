"""`reception verifier|liste|rapport|decider` as the State agent types them."""

from __future__ import annotations

import json
import re

import pytest
from reception_bundles import DOSSIER_A, DOSSIER_B

from socle_desktop.cli import main


@pytest.fixture
def run(tmp_path, capsys):
    folder = tmp_path / "donnees"

    def run_cli(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(folder), *argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    run_cli.folder = folder
    return run_cli


def test_verify_list_decide(run, received):
    code, out, err = run("reception", "verifier", str(received["folder"]), "--processus", "1")
    assert code == 0, err
    assert "5 paquets trouvés" in out and "5 vérifiés" in out
    assert "Registre : 2 valides, 1 remplacé, 1 rejeté, 1 non jugé — à renvoyer." in out
    assert re.search(r"\(\d+,\d s\)", out), out  # « (0,2 s) », the French decimal comma
    assert (run.folder / "reception.sqlite").is_file()

    code, out, _ = run("reception", "verifier", str(received["folder"]))
    assert code == 0 and "0 vérifié, 5 déjà au registre" in out

    code, out, _ = run("reception", "liste", "--json")
    listed = json.loads(out)
    assert len(listed) == 5
    current_a = next(item for item in listed if item["dossier"] == DOSSIER_A and item["etat"] == "valide")
    assert current_a["version"] == 2 and current_a["decision"] is None

    code, out, err = run("reception", "decider", DOSSIER_A[:8], "retenu", "--montant", "1 000,50")
    assert code == 0, err
    assert "retenu, subvention accordée 1\u202f000,50\u00a0€" in out
    code, out, err = run("reception", "decider", DOSSIER_B, "non-retenu")
    assert code == 0 and "non retenu" in out

    code, out, _ = run("reception", "liste", "--json")
    decided = {item["dossier"]: item for item in json.loads(out) if item["etat"] == "valide"}
    assert decided[DOSSIER_A]["subvention_accordee_centimes"] == 100_050
    assert decided[DOSSIER_B]["decision"] == "non-retenu"

    code, out, _ = run("reception", "liste", "--etat", "rejeté")
    assert code == 0 and len(out.strip().splitlines()) == 1
    # The cut transfer: not judged, to be sent again (issue 13), and named so in the list.
    code, out, _ = run("reception", "liste", "--etat", "non-jugé")
    assert code == 0 and len(out.strip().splitlines()) == 1 and "non jugé — à renvoyer" in out
    # A state no bundle is in: said so, not « Registre vide ».
    code, out, _ = run("reception", "liste", "--etat", "brouillon")
    assert code == 0 and "aucun paquet dans cet état" in out.lower() and "vide" not in out

    code, out, _ = run("reception", "rapport", DOSSIER_A[:8])
    assert code == 0 and "Résultat : paquet intègre et cohérent" in out


@pytest.mark.parametrize(("argv", "expected"), [
    (("decider", "aaaaaaaa", "retenu", "--montant", "99999999"), "ne peut pas dépasser"),
    (("decider", "aaaaaaaa", "non-retenu", "--montant", "12"), "non retenu ne reçoit pas"),
    (("decider", "aaaaaaaa", "retenu", "--montant", "douze"), "n'est pas un montant"),
    (("decider", "zzzzzzzz", "retenu"), "aucun dossier"),
    (("decider", "aaa", "retenu"), "au moins 6 caractères"),
    (("verifier", "/nulle/part"), "n'est pas un dossier"),
])
def test_bad_input_is_one_french_line(run, received, argv, expected):
    run("reception", "verifier", str(received["folder"]), "--processus", "1")
    code, _out, err = run("reception", *argv)
    assert code == 2
    assert expected in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_damaged_register_is_one_french_line(run):
    run.folder.mkdir()
    (run.folder / "reception.sqlite").write_bytes(b"x" * 5000)
    code, _, err = run("reception", "liste")
    assert code == 2 and "registre" in err and "Traceback" not in err


def test_a_large_batch_is_counted_the_french_way(run, tmp_path, monkeypatch, capsys):
    """The agent's terminal read « vérification : 1234/6870 » and « (1234,5 s) » (issue 16's sibling)."""
    import sys

    from socle_desktop.cli import reception as reception_command
    from socle_desktop.reception.batch import BatchResult

    def verify_folder(register, folder, *, progress, **_options):
        progress(1234, 6870, "paquet.zip")
        return BatchResult(found=6870, verified=6870, seconds=1234.46)

    class Terminal:
        def __init__(self, stream):
            self.stream = stream

        def isatty(self):
            return True

        def __getattr__(self, name):
            return getattr(self.stream, name)

    monkeypatch.setattr(reception_command, "verify_folder", verify_folder)
    monkeypatch.setattr(sys, "stderr", Terminal(sys.stderr))
    (tmp_path / "recus").mkdir()
    code, out, err = run("reception", "verifier", str(tmp_path / "recus"))
    assert code == 0, err
    assert "vérification : 1\u202f234/6\u202f870" in err
    assert "6\u202f870 paquets trouvés" in out and "(1\u202f234,5 s)" in out, out
