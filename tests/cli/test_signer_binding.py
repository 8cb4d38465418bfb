"""Issue 10: an identity belongs to a collectivité and a signer. Exporting with someone else's
identity is refused, `--autre-signataire` overrides it visibly, and `verify` fails such a bundle;
`verify --confiance` tells a confirmed identity from an unconfirmed one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from socle_desktop.export.demo import DEMO_DELIBERATION_NAME, DEMO_DEVIS_NAME
from socle_desktop.export.identity import identity_to_pkcs12, self_signed_identity
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


def dossier_of_another_collectivite(folder):
    """The demo dossier, as a Communauté de communes whose President is Jean Autre."""
    data = json.loads(DEMO_JSON.read_text(encoding="utf-8"))
    data["collectivite"].update(type="epci", raison_sociale="Communauté de communes des Exemples",
                                siret="20004999700014")
    data["collectivite"]["representant"] = {"nom": "Jean Autre", "qualite": "Président"}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "dossier.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    shutil.copy(resource_path("demo", DEMO_DEVIS_NAME), folder / DEMO_DEVIS_NAME)
    shutil.copy(resource_path("demo", DEMO_DELIBERATION_NAME), folder / DEMO_DELIBERATION_NAME)
    return path


def mairie_p12(tmp_path):
    """The certificate of Marie Exemple, maire of Saint-Exemple (SIREN 214399990)."""
    identity = self_signed_identity(common_name="Marie Exemple", title="Maire", siren="214399990",
                                    organization="Commune de Saint-Exemple-sur-Loire")
    path = tmp_path / "mairie.p12"
    path.write_bytes(identity_to_pkcs12(identity, "secret de mairie"))
    return path, identity


def test_wrong_collectivite_is_refused_then_overridden_and_verify_fails(tmp_path):
    dossier = dossier_of_another_collectivite(tmp_path / "cc")
    p12, _ = mairie_p12(tmp_path)
    args = ("export", str(dossier), "--out", str(tmp_path / "out"), "--identity", str(p12),
            "--password-env", "PW")
    refused = run(*args, data_dir=tmp_path / "d", env={"PW": "secret de mairie"})
    assert refused.returncode == 2
    line = refused.stderr.strip().splitlines()[-1]
    assert "Traceback" not in refused.stderr
    assert "SIREN 214 399 990" in line and "SIREN 200 049 997" in line
    assert "(SIREN 200 049 997) ; le certificat est au nom" in line  # French spacing, as verify says it
    assert "« Marie Exemple »" in line and "« Jean Autre »" in line and "--autre-signataire" in line
    assert not (tmp_path / "out").exists()  # nothing written

    done = run(*args, "--autre-signataire", data_dir=tmp_path / "d", env={"PW": "secret de mairie"})
    assert done.returncode == 0, done.stderr
    assert "signataire différent du dossier, confirmé" in done.stderr and "signalera comme un échec" in done.stderr
    bundle = next((tmp_path / "out").glob("*.zip"))
    with zipfile.ZipFile(bundle) as archive:
        info = next(archive.read(n) for n in archive.namelist() if n.endswith("/bag-info.txt")).decode()
    assert "Socle-Signataire-Autre: signature confirmée par l'utilisateur malgré : le certificat est celui" in info
    assert "Socle-Signataire-SIREN: 214399990" in info
    pdf = next((tmp_path / "out").glob("*.pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Signataire différent du dossier, confirmé explicitement à l'export" in text
    assert "(SIREN 200 049 997); " not in info and "(SIREN 200 049 997) ; le certificat" in info

    checked = run("verify", str(bundle), data_dir=tmp_path / "d")
    assert checked.returncode == 1, checked.stdout
    assert "[ÉCHEC] Signataire lié au dossier (SIREN et représentant)" in checked.stdout
    assert "la personne qui a signé l'a confirmé malgré cela" in checked.stdout
    assert "Résultat : paquet REJETÉ" in checked.stdout


def test_the_local_identity_is_picked_per_collectivite_and_signer(tmp_path):
    """An EPCI agent exports for two collectivités: each gets its own identity, reused afterwards."""
    data_dir = tmp_path / "d"
    env = {"PW": "une phrase sûre"}
    saint_exemple = tmp_path / "se" / "dossier.json"
    saint_exemple.parent.mkdir()
    shutil.copy(DEMO_JSON, saint_exemple)
    shutil.copy(resource_path("demo", DEMO_DEVIS_NAME), saint_exemple.parent / DEMO_DEVIS_NAME)
    shutil.copy(resource_path("demo", DEMO_DELIBERATION_NAME), saint_exemple.parent / DEMO_DELIBERATION_NAME)
    cc = dossier_of_another_collectivite(tmp_path / "cc")
    for dossier, name in ((saint_exemple, "Marie Exemple"), (cc, "Jean Autre"), (saint_exemple, "Marie Exemple")):
        done = run("export", str(dossier), "--out", str(tmp_path / "out"), "--password-env", "PW",
                   data_dir=data_dir, env=env)
        assert done.returncode == 0, done.stderr
        assert f"Signé par : {name}" in done.stdout
    identities = sorted(p.name.split("-")[0] for p in (data_dir / "identites").glob("*.p12"))
    assert identities == ["200049997", "214399990"]  # the third export reused the first identity
    for bundle in (tmp_path / "out").glob("*.zip"):
        assert run("verify", str(bundle), data_dir=data_dir).returncode == 0


def test_verify_confiance_confirms_only_a_trusted_identity(tmp_path):
    folder = tmp_path / "se"
    folder.mkdir()
    shutil.copy(DEMO_JSON, folder / "dossier.json")
    shutil.copy(resource_path("demo", DEMO_DEVIS_NAME), folder / DEMO_DEVIS_NAME)
    shutil.copy(resource_path("demo", DEMO_DELIBERATION_NAME), folder / DEMO_DELIBERATION_NAME)
    p12, identity = mairie_p12(tmp_path)
    done = run("export", str(folder / "dossier.json"), "--out", str(tmp_path / "out"), "--identity", str(p12),
               "--password-env", "PW", data_dir=tmp_path / "d", env={"PW": "secret de mairie"})
    assert done.returncode == 0, done.stderr
    bundle = next((tmp_path / "out").glob("*.zip"))

    plain = run("verify", str(bundle), data_dir=tmp_path / "d")
    assert plain.returncode == 0
    assert f"Code de vérification : {identity.short_code}" in plain.stdout
    assert "Émetteur : Marie Exemple (certificat autosigné)" in plain.stdout
    assert "Validité : du " in plain.stdout and "Sujet du certificat : CN=Marie Exemple" in plain.stdout
    assert "title=Maire" in plain.stdout and "2.5.4." not in plain.stdout  # names, not bare OIDs
    assert "Identité : NON CONFIRMÉE (certificat autosigné ; aucune liste de confiance" in plain.stdout

    pinned = tmp_path / "prefecture.txt"
    pinned.write_text(f"# mairie de Saint-Exemple\n{identity.fingerprint_sha256.upper()}\n")
    confirmed = run("verify", str(bundle), "--confiance", str(pinned), data_dir=tmp_path / "d")
    assert confirmed.returncode == 0 and "Identité : confirmée (empreinte du certificat présente" in confirmed.stdout

    as_pem = tmp_path / "mairie.pem"
    as_pem.write_bytes(identity.certificate.public_bytes(serialization.Encoding.PEM))
    assert "Identité : confirmée (certificat présent" in run(
        "verify", str(bundle), "--confiance", str(as_pem), data_dir=tmp_path / "d").stdout

    other = tmp_path / "autre.txt"
    other.write_text("AB" * 32 + "\n")
    unconfirmed = run("verify", str(bundle), "--confiance", str(other), data_dir=tmp_path / "d")
    assert unconfirmed.returncode == 0
    assert "Identité : NON CONFIRMÉE (certificat autosigné ; absent de la liste de confiance autre.txt)" \
        in unconfirmed.stdout

    broken = tmp_path / "casse.txt"
    broken.write_text("pas une empreinte\n")
    bad = run("verify", str(bundle), "--confiance", str(broken), data_dir=tmp_path / "d")
    assert bad.returncode == 2 and "ligne 1" in one_french_line(bad)
    missing = run("verify", str(bundle), "--confiance", str(tmp_path / "absent.pem"), data_dir=tmp_path / "d")
    assert missing.returncode == 2 and "introuvable" in one_french_line(missing)


def test_a_64_character_accented_signer_name_is_signed_whole(tmp_path):
    """64 characters is X.509's bound, counted in characters: a name with accents that fits is
    signed whole (it stopped on « erreur inattendue (ValueError …) »), with no Python warning."""
    name = "Marie-Christine Élisabeth de La Tour d'Auvergne-Lauraguais-Montm"
    assert len(name) == 64 and len(name.encode("utf-8")) > 64
    dossier = dossier_of_another_collectivite(tmp_path / "cc")
    data = json.loads(dossier.read_text(encoding="utf-8"))
    data["collectivite"]["representant"]["nom"] = name
    dossier.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = run("export", str(dossier), "--out", str(tmp_path / "out"), "--password-env", "PW",
               data_dir=tmp_path / "d", env={"PW": "une phrase sûre"})
    assert done.returncode == 0, done.stderr
    assert f"Signé par : {name}, Président" in done.stdout
    assert "Warning" not in done.stderr and "Traceback" not in done.stderr
    checked = run("verify", str(next((tmp_path / "out").glob("*.zip"))), data_dir=tmp_path / "d")
    assert checked.returncode == 0, checked.stdout
    assert f"Signataire : {name} — Président" in checked.stdout and "Warning" not in checked.stderr
