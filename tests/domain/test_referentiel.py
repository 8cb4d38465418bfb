"""The shipped référentiel (Etalab's découpage administratif + the académies table)."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from socle_desktop import referentiel
from socle_desktop.catalogue.errors import error_text
from socle_desktop.domain.referentiel import Epci, Referentiel, ReferentielError
from socle_desktop.resources import resource_path

ROOT = Path(__file__).resolve().parents[2]


def test_a_commune_from_its_code_insee():
    paris = referentiel.commune("75056")
    assert (paris.nom, paris.departement, paris.region, paris.siren) == ("Paris", "75", "11", "217500016")
    ajaccio = referentiel.commune("2a004")  # lower case as typed
    assert (ajaccio.nom, ajaccio.departement, ajaccio.region) == ("Ajaccio", "2A", "94")
    assert referentiel.commune("99999") is None
    assert referentiel.commune("") is None


def test_an_arrondissement_and_a_former_commune_lead_to_the_commune_that_runs_the_schools():
    quinzieme = referentiel.commune("75115")
    assert quinzieme.statut == "arrondissement" and quinzieme.rattachement == "75056"
    assert quinzieme.siren == "217500016"
    beon = referentiel.commune("01039")  # commune déléguée of Culoz-Béon
    assert beon.statut == "deleguee" and not beon.actuelle
    assert referentiel.commune(beon.rattachement).actuelle


def test_departement_region_academie():
    assert referentiel.departement("2A").nom == "Corse-du-Sud"
    assert referentiel.region(referentiel.departement("69").region).nom == "Auvergne-Rhône-Alpes"
    assert referentiel.academie_of_departement("93").nom == "Créteil"
    assert referentiel.academie_of_departement("76").nom == "Normandie"  # Caen + Rouen since 2020
    assert referentiel.academie_of_departement("977").nom == "Guadeloupe"
    assert referentiel.academie_of_departement("00") is None
    for code in [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B", "971", "972", "973", "974", "976"]:
        assert referentiel.academie_of_departement(code) is not None, code


# Article R.* 222-1 of the Code de l'éducation, version of 17 July 2004 (LEGI text as Etalab published it,
# github.com/etalab/codes-juridiques-francais), circonscriptions 1° to 26°, its département names written as codes;
# décret n° 2015-1616 kept these limits when the list became article R. 222-2 (2016), and décret n° 2019-1056 merged
# 5° Caen and 23° Rouen into Normandie (2020). Overseas: R. 222-8 (971-974), décret n° 2019-1553 (976), and the
# Code's chapters on Saint-Barthélemy/Saint-Martin (Guadeloupe), Saint-Pierre-et-Miquelon and the vice-rectorats.
R222_CIRCONSCRIPTIONS = {
    "Aix-Marseille": "04 05 13 84", "Amiens": "02 60 80", "Besançon": "25 39 70 90",
    "Bordeaux": "24 33 40 47 64", "Caen": "14 50 61", "Clermont-Ferrand": "03 15 43 63", "Corse": "2A 2B",
    "Créteil": "77 93 94", "Dijon": "21 58 71 89", "Grenoble": "07 26 38 73 74", "Lille": "59 62",
    "Limoges": "19 23 87", "Lyon": "01 42 69", "Montpellier": "11 30 34 48 66", "Nancy-Metz": "54 55 57 88",
    "Nantes": "44 49 53 72 85", "Nice": "06 83", "Orléans-Tours": "18 28 36 37 41 45", "Paris": "75",
    "Poitiers": "16 17 79 86", "Reims": "08 10 51 52", "Rennes": "22 29 35 56", "Rouen": "27 76",
    "Strasbourg": "67 68", "Toulouse": "09 12 31 32 46 65 81 82", "Versailles": "78 91 92 95",
}
OVERSEAS = {"971": "Guadeloupe", "972": "Martinique", "973": "Guyane", "974": "La Réunion", "976": "Mayotte",
            "977": "Guadeloupe", "978": "Guadeloupe", "975": "Saint-Pierre-et-Miquelon",
            "986": "Wallis et Futuna", "987": "Polynésie française", "988": "Nouvelle-Calédonie"}


def test_every_row_follows_the_code_de_l_education():
    expected = {dep: nom for nom, deps in R222_CIRCONSCRIPTIONS.items() for dep in deps.split()}
    assert len(expected) == 96
    expected.update({dep: "Normandie" for dep, nom in expected.items() if nom in ("Caen", "Rouen")})
    expected.update(OVERSEAS)
    table = json.loads(resource_path("referentiel", "academies.json").read_text(encoding="utf-8"))
    assert {dep: nom for dep, _, nom, _ in table["lignes"]} == expected
    assert len(table["lignes"]) == len(expected)  # no département twice
    names_by_code: dict[str, set[str]] = {}
    for _, code, nom, _ in table["lignes"]:
        names_by_code.setdefault(code, set()).add(nom)
    assert all(len(names) == 1 for names in names_by_code.values()), names_by_code
    assert len(names_by_code) == len({nom for names in names_by_code.values() for nom in names})
    # 30 académies (25 metropolitan + 5 overseas) plus the 4 services and vice-rectorats of the COM
    assert len(names_by_code) == 34
    # a metropolitan région académique is the département's région (décret n° 2015-1616)
    for dep, _, _, region_academique in table["lignes"]:
        if len(dep) == 2:
            assert region_academique == referentiel.region(referentiel.departement(dep).region).nom, dep


def test_an_epci_and_its_members():
    plaine = referentiel.epci("200057867")
    assert isinstance(plaine, Epci) and plaine.type == "EPT"
    assert plaine.a_pour_membre("93066") and not plaine.a_pour_membre("75056")
    assert plaine in referentiel.epcis_of_commune("93066")
    ref = referentiel.get()
    assert ref.epci_contains(referentiel.epci("200054781"), "75115")  # Paris 15e in the Métropole du Grand Paris


def test_collectivite_by_siren_finds_a_commune_or_an_epci():
    assert referentiel.collectivite_by_siren("217500016").code_insee == "75056"
    assert referentiel.collectivite_by_siren("200057867").nom == "Plaine Commune"
    assert referentiel.collectivite_by_siren("123456789") is None


def test_the_table_records_its_source_version_and_licence():
    src = referentiel.source()
    lock = json.loads((ROOT / "packaging/referentiel/package-lock.json").read_text(encoding="utf-8"))
    pinned = lock["packages"]["node_modules/@etalab/decoupage-administratif"]["version"]
    assert (src.paquet, src.version) == ("@etalab/decoupage-administratif", pinned)
    assert "Licence Ouverte" in src.licence
    assert "R. 222-2" in src.academies["ressort"]
    counts = referentiel.get().counts()
    assert counts["communes"] > 34000 and counts["epci"] > 1200 and counts["academies"] >= 30


def test_lookups_take_well_under_a_millisecond():
    referentiel.get()
    start = time.perf_counter()
    for _ in range(1000):
        referentiel.commune("75056")
        referentiel.collectivite_by_siren("200057867")
    assert (time.perf_counter() - start) / 2000 < 0.001


def test_the_shipped_file_stays_small():
    assert resource_path("referentiel", "decoupage-administratif.json.gz").stat().st_size < 1_500_000


def test_not_loaded_when_the_window_starts():
    code = (
        "import os, sys, tempfile, pathlib; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from socle_desktop.store import Library\n"
        "from socle_desktop.gui.app import make_settings\n"
        "from socle_desktop.gui.main_window import MainWindow\n"
        "app = QApplication([])\n"
        "folder = pathlib.Path(tempfile.mkdtemp())\n"
        "library = Library.open(folder)\n"
        "window = MainWindow(library, make_settings(folder)); window.show(); app.processEvents()\n"
        "from socle_desktop import referentiel\n"
        "print('LOADED' if referentiel.is_loaded() else 'LAZY')\n"
        "window.close(); library.close()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip().endswith("LAZY"), done.stderr[-2000:]


def test_a_damaged_table_is_one_french_error():
    with pytest.raises(ReferentielError) as wrong:
        Referentiel.from_tables({"format": "autre"}, {})
    assert wrong.value.code == "referentiel_format"
    assert error_text(wrong.value) == "référentiel des communes illisible : format de la table inattendu"
    table = json.loads(gzip.decompress(resource_path("referentiel", "decoupage-administratif.json.gz").read_bytes()))
    del table["communes"]
    academies = json.loads(resource_path("referentiel", "academies.json").read_text(encoding="utf-8"))
    with pytest.raises(ReferentielError) as damaged:
        Referentiel.from_tables(table, academies)
    assert damaged.value.code == "referentiel_unreadable"
    assert error_text(damaged.value) == "référentiel des communes illisible : KeyError('communes')"


def test_the_extraction_is_reproducible(tmp_path):
    """Re-running packaging/referentiel/extract.mjs on the pinned package gives the shipped bytes."""
    import os
    import shutil

    script_dir = ROOT / "packaging" / "referentiel"
    if shutil.which("node") is None or not (script_dir / "node_modules").is_dir():
        if os.environ.get("SOCLE_REQUIRE_REFERENTIEL_BUILD") == "1":
            pytest.fail("node or packaging/referentiel/node_modules missing (npm ci --prefix packaging/referentiel)")
        pytest.skip("npm ci --prefix packaging/referentiel to run this test")
    done = subprocess.run(["node", "extract.mjs"], cwd=script_dir, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "SOCLE_REFERENTIEL_OUT": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    rebuilt = (tmp_path / "decoupage-administratif.json.gz").read_bytes()
    assert rebuilt == resource_path("referentiel", "decoupage-administratif.json.gz").read_bytes()


def test_a_missing_or_damaged_shipped_table_is_said_in_french(monkeypatch, tmp_path):
    """« [Errno 2] No such file or directory » (the system's English) reached the message."""
    from socle_desktop import referentiel as loader

    monkeypatch.setattr(loader, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    with pytest.raises(ReferentielError) as missing:
        loader._load()
    said = error_text(missing.value)
    assert missing.value.code == "referentiel_missing"
    assert "fichier ou dossier introuvable" in said and "No such file" not in said
    (tmp_path / loader.ACADEMIES_FILE[0]).mkdir(parents=True, exist_ok=True)
    tmp_path.joinpath(*loader.ACADEMIES_FILE).write_text("{", encoding="utf-8")
    with pytest.raises(ReferentielError) as damaged:
        loader._load()
    assert error_text(damaged.value) == "référentiel des communes introuvable ou illisible : contenu endommagé"
