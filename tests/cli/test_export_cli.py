"""`demo`, `export` and `verify` as a person runs them: real processes, exit codes, French lines."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from socle_desktop.export.demo import DEMO_DELIBERATION_NAME, DEMO_DEVIS_NAME, demo_dossier
from socle_desktop.export.identity import demo_identity, identity_to_pkcs12
from socle_desktop.resources import resource_path

DEMO_JSON = resource_path("demo", "demo-dossier.json")


def run(*args: str, data_dir: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "socle_desktop", "--data-dir", str(data_dir), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
                          env={**os.environ, **(env or {})})


def one_french_line(done: subprocess.CompletedProcess) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    return lines[0]


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    done = run("demo", "--out", str(out), data_dir=out / "donnees")
    assert done.returncode == 0, done.stderr
    return out, done


def test_demo_exports_a_signed_example_and_checks_it(demo_out):
    out, done = demo_out
    assert "EXEMPLE FICTIF" in done.stdout
    assert "Vérification du paquet : réussie." in done.stdout
    # the verification code once, on its own line (« Signé par » repeated it)
    (code_line,) = [line for line in done.stdout.splitlines() if "ode de vérification" in line]
    assert code_line.startswith("Code de vérification : ")
    assert code_line.removeprefix("Code de vérification : ") not in done.stdout.replace(code_line, "")
    zips, pdfs = list(out.glob("*.zip")), list(out.glob("*.pdf"))
    assert len(zips) == 1 and len(pdfs) == 1
    with zipfile.ZipFile(zips[0]) as archive:
        assert any(name.endswith(f"data/pieces/{DEMO_DEVIS_NAME}") for name in archive.namelist())


def test_verify_accepts_the_demo_and_rejects_a_changed_copy(demo_out, tmp_path):
    out, _ = demo_out
    bundle = next(out.glob("*.zip"))
    done = run("verify", str(bundle), data_dir=tmp_path)
    assert done.returncode == 4, done.stdout + done.stderr  # intact, but an example: never instructable
    assert "Résultat : paquet intègre et cohérent — mais c'est un EXEMPLE FICTIF" in done.stdout
    changed = tmp_path / "modifie.zip"
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(changed, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("dossier.json"):
                data = data.replace(b"Saint-Exemple", b"Saint-Exempla", 1)
            target.writestr(info, data)
    refused = run("verify", str(changed), data_dir=tmp_path)
    assert refused.returncode == 1
    assert "REJETÉ" in refused.stdout
    missing = run("verify", str(tmp_path / "absent.zip"), data_dir=tmp_path)
    assert missing.returncode == 2 and "paquet introuvable" in one_french_line(missing)


def test_export_a_json_file_with_its_attachment_beside_it(tmp_path):
    folder = tmp_path / "envoi"
    folder.mkdir()
    shutil.copy(DEMO_JSON, folder / "dossier.json")
    data_dir = tmp_path / "donnees"
    missing = run("export", str(folder / "dossier.json"), "--out", str(tmp_path / "out"),
                  "--password-env", "SOCLE_PW", data_dir=data_dir, env={"SOCLE_PW": "une phrase sûre"})
    assert missing.returncode == 2
    assert f"« {DEMO_DEVIS_NAME} »" in one_french_line(missing)
    assert not (tmp_path / "out").exists()

    (folder / "pieces").mkdir()
    shutil.copy(resource_path("demo", DEMO_DEVIS_NAME), folder / "pieces" / DEMO_DEVIS_NAME)
    shutil.copy(resource_path("demo", DEMO_DELIBERATION_NAME), folder / "pieces" / DEMO_DELIBERATION_NAME)
    done = run("export", str(folder / "dossier.json"), "--out", str(tmp_path / "out"),
               "--password-env", "SOCLE_PW", data_dir=data_dir, env={"SOCLE_PW": "une phrase sûre"})
    assert done.returncode == 0, done.stderr
    assert "Identité locale créée" in done.stderr and "Empreinte SHA-256 du certificat" in done.stderr
    # One identity for this collectivité (SIREN 214399990) and its representative, with its
    # certificate beside it; the key file readable by this user only.
    created = list((data_dir / "identites").glob("214399990-marie-exemple-*.p12"))
    assert len(created) == 1 and created[0].with_suffix(".pem").exists()
    assert created[0].stat().st_mode & 0o077 == 0
    assert "Code de vérification" in done.stderr
    assert "PDF signé :" in done.stdout and "Paquet de dépôt :" in done.stdout
    bundle = next((tmp_path / "out").glob("*.zip"))
    assert run("verify", str(bundle), data_dir=data_dir).returncode == 0

    wrong = run("export", str(folder / "dossier.json"), "--out", str(tmp_path / "out"),
                "--password-env", "SOCLE_PW", data_dir=data_dir, env={"SOCLE_PW": "pas la bonne"})
    assert wrong.returncode == 2 and "phrase de passe" in one_french_line(wrong)


def test_export_with_a_pkcs12_file(tmp_path):
    p12 = tmp_path / "mairie.p12"
    p12.write_bytes(identity_to_pkcs12(demo_identity(), "secret de mairie"))
    dossier = tmp_path / "dossier.json"
    shutil.copy(DEMO_JSON, dossier)
    shutil.copy(resource_path("demo", DEMO_DEVIS_NAME), tmp_path / DEMO_DEVIS_NAME)
    shutil.copy(resource_path("demo", DEMO_DELIBERATION_NAME), tmp_path / DEMO_DELIBERATION_NAME)
    args = ("export", str(dossier), "--out", str(tmp_path / "out"), "--identity", str(p12))
    done = run(*args, "--password-env", "P12_PW", data_dir=tmp_path / "d", env={"P12_PW": "secret de mairie"})
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "d" / "identites").exists()  # the local identity is not involved
    wrong = run(*args, "--password-env", "P12_PW", data_dir=tmp_path / "d", env={"P12_PW": "faux"})
    assert wrong.returncode == 2 and "mot de passe incorrect" in one_french_line(wrong)
    unset = run(*args, "--password-env", "VARIABLE_ABSENTE_XYZ", data_dir=tmp_path / "d")
    assert unset.returncode == 2 and "VARIABLE_ABSENTE_XYZ" in one_french_line(unset)
    no_terminal = run(*args, data_dir=tmp_path / "d")
    assert no_terminal.returncode == 2 and "--password-env" in one_french_line(no_terminal)


def test_export_a_library_dossier_by_id(tmp_path):
    store = pytest.importorskip("socle_desktop.store")
    data_dir = tmp_path / "donnees"
    with store.Library.open(data_dir) as library:
        dossier = demo_dossier()
        dossier.pieces = []
        dossier_id = library.create(dossier)
        library.add_piece(dossier_id, resource_path("demo", DEMO_DEVIS_NAME), type="devis")
        library.add_piece(dossier_id, resource_path("demo", DEMO_DELIBERATION_NAME), type="deliberation")
    done = run("export", dossier_id, "--out", str(tmp_path / "out"), "--password-env", "PW",
               data_dir=data_dir, env={"PW": "une phrase sûre"})
    assert done.returncode == 0, done.stderr
    bundle = next((tmp_path / "out").glob("*.zip"))
    with zipfile.ZipFile(bundle) as archive:
        assert any(name.endswith(f"pieces/{DEMO_DEVIS_NAME}") for name in archive.namelist())
    assert run("verify", str(bundle), data_dir=data_dir).returncode == 0


class _Terminal:
    """A stdin that says it is a terminal (getpass itself is replaced)."""

    def isatty(self) -> bool:
        return True


def test_passphrase_is_asked_twice_on_a_terminal_when_the_identity_is_created(tmp_path, monkeypatch, capsys):
    import getpass

    from socle_desktop.cli import export as export_command
    from socle_desktop.cli import main

    shutil.copy(DEMO_JSON, tmp_path / "dossier.json")
    shutil.copy(resource_path("demo", DEMO_DEVIS_NAME), tmp_path / DEMO_DEVIS_NAME)
    shutil.copy(resource_path("demo", DEMO_DELIBERATION_NAME), tmp_path / DEMO_DELIBERATION_NAME)
    monkeypatch.setattr(export_command.sys, "stdin", _Terminal())
    answers = iter(["une phrase sûre", "une autre phrase"] * 3)  # three tries, each confirmation differs
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    args = ["--data-dir", str(tmp_path / "d"), "export", str(tmp_path / "dossier.json"), "--out", str(tmp_path / "o")]
    assert main(args) == 2
    assert "les deux saisies diffèrent ; 3 essais sans succès" in capsys.readouterr().err
    assert not (tmp_path / "d" / "identites").exists() and not (tmp_path / "o").exists()

    answers = iter(["une phrase sûre", "une phrase sûre", "une phrase sûre"])
    assert main(args) == 0  # created
    assert main(args) == 0  # then asked once to sign again
    assert len(list((tmp_path / "o").glob("*.zip"))) == 2  # the second export beside the first
