"""`socle-desktop compute`, run as a person runs it: a real process, its stdout, stderr and exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from socle_desktop.resources import resource_path, rules_path

DEMO = resource_path("demo", "demo-dossier.json")


def run(*args: str, cwd: Path | None = None, data_dir: Path | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "socle_desktop"]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    return subprocess.run([*command, *args], capture_output=True, text=True, cwd=cwd, timeout=60)


def test_compute_the_demo(tmp_path):
    done = run("compute", str(DEMO), data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["regles"] == "snee-2021"
    # Equipment TTC 33 429,60 €: 70 % rounded down = 23 400,72 €.
    assert result["volets"]["equipement"]["depense_ttc_centimes"] == 3_342_960
    assert result["volets"]["equipement"]["subvention_centimes"] == 2_340_072
    assert result["total"]["subvention_centimes"] == 2_340_072 + 130_650
    assert set(result["ecoles"]) == {"3f0c1b6e-0d1a-4f43-9a6f-1a2b3c4d5e01", "3f0c1b6e-0d1a-4f43-9a6f-1a2b3c4d5e02"}
    # The demo's commune is fictional: the référentiel does not know its code INSEE (warnings only);
    # its one devis says it covers one of the two equipped schools (a warning naming the other).
    assert {(c["gravite"], c["code"]) for c in result["constats"]} == {
        ("avertissement", "COMMUNE_INCONNUE"), ("avertissement", "ECOLE_COMMUNE_INCONNUE"),
        ("avertissement", "DEVIS_A_VERIFIER")}


def test_another_rules_file_changes_the_result(tmp_path):
    other = tmp_path / "departement.toml"
    other.write_text(rules_path("snee-2021").read_text(encoding="utf-8")
                     .replace('taux_jusqu_au_seuil = "70"', 'taux_jusqu_au_seuil = "60"')
                     .replace('id = "snee-2021"', 'id = "departement-2022"'), encoding="utf-8")
    done = run("compute", str(DEMO), "--rules", str(other), data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["regles"] == "departement-2022"
    assert result["volets"]["equipement"]["subvention_centimes"] == 3_342_960 * 60 // 100


def test_findings_are_in_the_output(tmp_path):
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    data["collectivite"]["siret"] = "21439999000017"
    data["ecoles"][1]["uai"] = data["ecoles"][0]["uai"]
    source = tmp_path / "dossier.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    result = json.loads(run("compute", str(source), data_dir=tmp_path).stdout)
    found = {(c["code"], c["chemin"]) for c in result["constats"]}
    assert ("SIRET_INVALIDE", "collectivite.siret") in found
    assert ("UAI_DOUBLON", "ecoles[1].uai") in found


def _bad_input_cases(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    demo = json.loads(DEMO.read_text(encoding="utf-8"))
    cases = {
        "empty": ("", "vide"),
        "not-json": ("ceci n'est pas du JSON", "pas du JSON valide"),
        "binary": (None, "UTF-8"),
        "price-with-comma": ("price", "lignes[3].prix_unitaire_ht_centimes"),
        "missing-field": ("missing", "collectivite.raison_sociale"),
    }
    files = {}
    for name, (content, fragment) in cases.items():
        path = tmp_path / f"{name}.json"
        if content is None:
            path.write_bytes(b"\xff\xfe\x00\x01garbage")
        elif content == "price":
            demo_copy = json.loads(json.dumps(demo))
            demo_copy["lignes"][3]["prix_unitaire_ht_centimes"] = "12,50"
            path.write_text(json.dumps(demo_copy), encoding="utf-8")
        elif content == "missing":
            demo_copy = json.loads(json.dumps(demo))
            del demo_copy["collectivite"]["raison_sociale"]
            path.write_text(json.dumps(demo_copy), encoding="utf-8")
        else:
            path.write_text(content, encoding="utf-8")
        files[name] = (path, fragment)
    return files


@pytest.mark.parametrize("case", ["empty", "not-json", "binary", "price-with-comma", "missing-field"])
def test_malformed_input_exits_2_with_one_french_line(tmp_path, case):
    path, fragment = _bad_input_cases(tmp_path)[case]
    done = run("compute", str(path), data_dir=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert fragment in lines[0]
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [
    ["compute", "absent.json"],
    ["compute", "."],
    ["compute", "resources/demo/demo-dossier.json", "--rules", "absent.toml"],
    ["compute"],
    ["nonexistent-command"],
])
def test_bad_command_lines_exit_2_without_traceback(tmp_path, args):
    done = run(*args, cwd=Path(__file__).resolve().parents[2], data_dir=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_a_malformed_rules_file_is_a_clear_error(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('[edition]\nid = "x"\n[assiette]\nbase = "BRUT"\n', encoding="utf-8")
    done = run("compute", str(DEMO), "--rules", str(broken), data_dir=tmp_path)
    assert done.returncode == 2
    assert "assiette.base" in done.stderr or "section" in done.stderr
