"""The issue's « Done when », as users do it, every step through the command line:

the académie creates a signed campaign file naming its reception point (TLS, pinned certificate)
→ the collectivité's app imports it (outbox address, pin and rules in one step)
→ a dossier is imported, exported and signed, queued, and sent through the outbox over a
  connection that is cut again and again
→ the reception point verifies it at once in a worker process, files it (recus/) and enters it
  in the State's register, and its receipt reaches the outbox
→ the State agent lists the register, decides, and exports the open-data tables, whose totals
  equal the dossier's `calcul`.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

from campaign_support import P12_PASSWORD, academie_identity, write_p12
from reception_point_support import ROOT, sha256_of

DEMO_JSON = ROOT / "resources" / "demo" / "demo-dossier.json"


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "P12": P12_PASSWORD, "PHRASE": "phrase de passe locale",
           "NO_PROXY": "127.0.0.1,localhost"}
    return subprocess.run([sys.executable, "-m", "socle_desktop", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=300)


def _ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, f"{result.args}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    return result.stdout


def test_campaign_to_received_bundle_over_a_cut_connection(reception_point, cutting_proxy_factory, server_tls,
                                                           tmp_path):
    cert, key, server_fingerprint = server_tls
    point = reception_point(tls=(cert, key))
    # The proxy outlives the whole test even on a loaded machine (its default is 2 minutes).
    proxy = cutting_proxy_factory(point.port, seed=21, cut_range=(3_000, 40_000), max_cuts=6,
                                  drop_patch_responses=0.25, lifetime=900.0)
    address = f"https://127.0.0.1:{proxy.port}/files/"

    # The académie: its certificate, the campaign file, the fingerprint published out of band.
    academie = academie_identity()
    p12 = write_p12(academie, tmp_path / "academie.p12")
    made = _ok(_cli(tmp_path / "academie", "campagne", "creer", "--id", "snee-2021-test",
                    "--titre", "Socle numérique — campagne de test", "--regles", "snee-2021",
                    "--adresse", address, "--certificat-serveur", str(cert),
                    "--date-limite", "2031-03-31T23:59:00+02:00", "--contact-nom", "DANE",
                    "--contact-courriel", "dane@ac-test.invalid", "--academie", "Lyon",
                    "--identity", str(p12), "--password-env", "P12", "--out", str(tmp_path / "publication")))
    campaign_file = Path(re.search(r"Fichier de campagne signé : (.+)", made).group(1).strip())

    # The collectivité: no address yet, then one import configures everything.
    mairie = tmp_path / "mairie"
    no_address = _cli(mairie, "outbox", "send")
    assert no_address.returncode == 2 and "campagne" in no_address.stderr
    imported = _ok(_cli(mairie, "campagne", "importer", str(campaign_file), "--empreinte",
                        academie.fingerprint_sha256))
    assert "31/03/2031" in imported and address in imported
    record = json.loads((mairie / "campagne.json").read_text(encoding="utf-8"))
    assert record["depot"] == {"adresse": address, "certificat_sha256": server_fingerprint}

    stored = _ok(_cli(mairie, "import", str(DEMO_JSON)))
    dossier_id = re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", stored).group(0)
    exported = _ok(_cli(mairie, "export", dossier_id, "--out", str(tmp_path / "export"),
                        "--password-env", "PHRASE"))
    bundle = Path(re.search(r"Paquet de dépôt : (.+)", exported).group(1).strip())
    _ok(_cli(mairie, "outbox", "add", str(bundle)))

    # Sent over a connection cut again and again (and PATCH answers lost): each `send` resumes.
    for _attempt in range(10):
        sent = _cli(mairie, "outbox", "send", "--max-tries", "3")
        if sent.returncode == 0:
            break
        assert sent.returncode == 1 and "Traceback" not in sent.stderr, sent.stderr
    assert sent.returncode == 0, sent.stdout + sent.stderr
    assert proxy.cuts >= 2

    # Verified at once and filed; the receipt is the acknowledgment.
    receipt = point.wait_receipt(sha256_of(bundle), verify=_context(cert))
    assert receipt["statut"] == "recu", receipt
    assert receipt["dossier_id"] == dossier_id
    [filed] = point.filed("recus")
    assert filed.read_bytes() == bundle.read_bytes()
    assert point.filed("mis-de-cote") == []
    assert len(list((point.folder / "accuses").glob("*.json"))) == 1
    with zipfile.ZipFile(filed) as archive:
        [json_name] = [n for n in archive.namelist() if n.endswith("data/dossier.json")]
        calcul = json.loads(archive.read(json_name))["calcul"]
    assert calcul["total"]["subvention_centimes"] > 0

    # The State agent: the register holds it (valid), the decision, the open-data tables.
    etat = point.data_dir
    [entry] = json.loads(_ok(_cli(etat, "reception", "liste", "--json")))
    assert (entry["dossier"], entry["etat"], entry["paquet_sha256"]) == (dossier_id, "valide", sha256_of(bundle))
    assert entry["subvention_demandee_centimes"] == calcul["total"]["subvention_centimes"]
    _ok(_cli(etat, "reception", "decider", dossier_id[:8], "retenu"))
    _ok(_cli(etat, "reception", "exporter", "--out", str(tmp_path / "opendata")))
    with (tmp_path / "opendata" / "fr-en-aap-snee-collectivites.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    assert len(rows) == 1
    assert sum(Decimal(r["montant_de_la_subvention"]) for r in rows) * 100 == calcul["total"]["subvention_centimes"]
    assert sum(Decimal(r["depenses_realisees_par_la_collectivite"]) for r in rows) * 100 \
        == calcul["total"]["depense_ttc_centimes"]
    with (tmp_path / "opendata" / "fr-en-aap-snee-ecoles.csv").open(encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.DictReader(f, delimiter=";"))) == len(calcul["ecoles"])

    # The outbox asks for the acknowledgment after sending (again at the next send if the
    # connection was cut then) and shows it.
    for _attempt in range(10):
        listed = _ok(_cli(mairie, "outbox", "list"))
        if "Accusé de réception" in listed:
            break
        _cli(mairie, "outbox", "send", "--max-tries", "3")
    assert f"Accusé de réception n° {receipt['numero']}" in listed and "paquet accepté" in listed


def _context(cert: Path):
    import ssl

    return ssl.create_default_context(cafile=str(cert))
