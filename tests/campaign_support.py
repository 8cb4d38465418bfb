"""Making campaign files in tests: an académie identity, a valid campagne.json, zip surgery."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from socle_desktop.export.identity import identity_to_pkcs12, self_signed_identity
from socle_desktop.resources import resource_path

P12_PASSWORD = "mot-de-passe-academie"


def academie_identity(name: str = "Recteur Exemple"):
    return self_signed_identity(common_name=name, organization="Académie de Lyon (test)", title="Recteur")


def write_p12(identity, path: Path) -> Path:
    path.write_bytes(identity_to_pkcs12(identity, P12_PASSWORD))
    return path


def campaign_data(address: str = "https://depot.ac-lyon.invalid/files/", *, pin: str = "ab" * 32,
                  deadline: str | None = None, edition: str = "snee-2021", ca_pem: str | None = None) -> dict:
    deadline = deadline or (dt.datetime.now(dt.timezone(dt.timedelta(hours=1))).replace(microsecond=0)
                            + dt.timedelta(days=20, hours=3)).isoformat()
    depot = {"adresse": address, **({"ca_pem": ca_pem} if ca_pem else {"certificat_sha256": pin})}
    return {
        "format": "socle-campagne", "version_format": 1, "id": "snee-2021-lyon",
        "titre": "Socle numérique dans les écoles — académie de Lyon", "regles": edition,
        "depot": depot, "date_limite": deadline,
        "contact": {"nom": "DANE de Lyon", "courriel": "dane@ac-lyon.invalid", "telephone": "04 72 00 00 00"},
        "perimetre": {"academies": ["Lyon"]},
    }


def shipped_rules() -> bytes:
    return resource_path("rules", "snee-2021.toml").read_bytes()


def rewrite_zip(source: Path, target: Path, change) -> Path:
    """Copy a zip member by member; `change(name, data)` returns new bytes, None to drop, or a list of
    (name, data) to put instead."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            result = change(info.filename, old.read(info))
            if result is None:
                continue
            if isinstance(result, list):
                for name, data in result:
                    new.writestr(name, data)
            else:
                new.writestr(info.filename, result)
    return target


def require_tool(name: str) -> str:
    """The path of an independent checker; in CI (which installs them) its absence is a failure."""
    path = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: .ci/run must install it")
        pytest.skip(f"{name} is not installed here")
    return path
