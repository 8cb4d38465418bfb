"""Bundles as a reception point receives them: valid ones, a newer version, damaged and forged ones.

Imported by the reception tests and the GUI tests (tests/ is on the path); their conftest files
import the fixtures `reception_identity` and `received`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile
from pathlib import Path

import pytest
from builders import VALID_SIRET, dossier, line, piece_bytes, school

from socle_desktop.export import export_dossier
from socle_desktop.export.identity import self_signed_identity

SIGNED = dt.datetime(2026, 11, 27, 10, 30, tzinfo=dt.UTC)
DOSSIER_A = "aaaaaaaa-0000-4000-8000-000000000001"
DOSSIER_B = "bbbbbbbb-0000-4000-8000-000000000002"


def make_dossier(dossier_id: str, *, price: int, schools: int = 1, raison_sociale: str = "Commune test"):
    ecoles = [school(i, classes=2 + i, pupils=40) for i in range(1, schools + 1)]
    lignes = [line("equipement", price, ecole=f"e{i}", category="autre") for i in range(1, schools + 1)]
    lignes.append(line("ressources", 50_000, ecole=None))
    result = dossier(ecoles, lignes)
    collectivite = dataclasses.replace(result.collectivite, raison_sociale=raison_sociale)
    return dataclasses.replace(result, id=dossier_id, collectivite=collectivite)


@pytest.fixture(scope="session")
def reception_identity():
    return self_signed_identity(common_name="Marie Test", organization="Commune test", title="Maire", now=SIGNED,
                                siren=VALID_SIRET[:9])  # the SIREN of builders.VALID_SIRET (issue 10)


def export_to(folder: Path, dossier_value, identity, when: dt.datetime) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return export_dossier(dossier_value, out_dir=folder, identity=identity, signing_time=when,
                          piece_bytes=piece_bytes).bundle_path


def damage(bundle: Path, target: Path) -> Path:
    """The first half of the file: what a cut download leaves."""
    data = bundle.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def forge(bundle: Path, target: Path) -> Path:
    """dossier.json with a larger subsidy, the rest (manifests, signatures) untouched."""
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("data/dossier.json"):
                data = data.replace(b'"subvention_centimes": ', b'"subvention_centimes": 9', 1)
            out.writestr(info.filename, data)
    return target


@pytest.fixture(scope="session")
def received(tmp_path_factory, reception_identity) -> dict[str, Path]:
    """A folder of received bundles: A (two versions), B, a damaged copy and a forged copy of B."""
    base = tmp_path_factory.mktemp("recus")
    folder = base / "recus"
    a1 = export_to(base / "a1", make_dossier(DOSSIER_A, price=500_000), reception_identity, SIGNED)
    a2 = export_to(base / "a2", make_dossier(DOSSIER_A, price=800_000), reception_identity,
                   SIGNED + dt.timedelta(days=2))
    b = export_to(base / "b", make_dossier(DOSSIER_B, price=1_000_000, schools=2, raison_sociale="Commune deux"),
                  reception_identity, SIGNED)
    folder.mkdir()
    paths = {}
    for name, source in (("a1", a1), ("a2", a2), ("b", b)):
        paths[name] = folder / f"{name}.zip"
        paths[name].write_bytes(source.read_bytes())
    (folder / "cle-usb").mkdir()
    paths["damaged"] = damage(b, folder / "cle-usb" / "tronque.zip")
    paths["forged"] = forge(b, folder / "cle-usb" / "falsifie.zip")
    paths["folder"] = folder
    return paths
