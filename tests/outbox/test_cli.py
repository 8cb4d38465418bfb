"""`socle-desktop outbox add|list|send|copy|config` on real bundles made by the export code,
sent to the real tus server on loopback."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from socle_desktop.cli import main


@pytest.fixture
def run(tmp_path, capsys):
    folder = tmp_path / "donnees"

    def invoke(*argv: str):
        code = main(["--data-dir", str(folder), "outbox", *argv])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err
    invoke.data_dir = folder
    return invoke


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_add_list_send_and_send_again(run, real_bundles, tus_server):
    code, out, _ = run("list")
    assert code == 0 and "vide" in out
    code, out, _ = run("add", str(real_bundles["good"]))
    assert code == 0 and "ajouté à la file d'envoi" in out
    size = real_bundles["good"].stat().st_size
    assert f"{size // 1000}\u202f{size % 1000:03d} octets" in out, "French digit grouping (issue 16)"
    code, out, _ = run("add", str(real_bundles["good"]))
    assert code == 0 and "déjà dans la file" in out
    code, out, _ = run("list", "--json")
    (entry,) = json.loads(out)
    assert entry["state"] == "en_attente" and entry["sha256"] == _sha(real_bundles["good"])
    assert entry["dossier_id"] == "d3a0d055-1e00-4000-8000-000000000001"

    code, out, err = run("send", "--endpoint", tus_server.endpoint)
    assert code == 0, out + err
    assert "1 paquet envoyé sur 1" in out
    (upload,) = tus_server.uploads().values()
    assert upload["sha256"] == _sha(real_bundles["good"]) and upload["offset"] == upload["size"]

    def upload_requests() -> list:  # a later send may still ask for the receipt (GET /accuses/…)
        return [r for r in tus_server.requests() if r["method"] != "GET"]

    requests = len(upload_requests())
    code, out, _ = run("send", "--endpoint", tus_server.endpoint)
    assert code == 0 and "Rien à envoyer" in out
    assert len(upload_requests()) == requests, "an envoye bundle is never sent again"
    code, out, _ = run("list")
    assert "envoyé" in out and "Envoyé le" in out and tus_server.endpoint in out


@pytest.mark.parametrize(("which", "message"), [("draft", "brouillon"), ("tampered", "paquet refusé")])
def test_drafts_and_damaged_bundles_are_refused(run, real_bundles, which, message):
    code, _, err = run("add", str(real_bundles[which]))
    assert code == 2
    assert message in err and err.count("\n") == 1
    assert json.loads(run("list", "--json")[1]) == []


def test_bad_input_gives_one_french_line_and_exit_2(run, tmp_path):
    assert run("add", str(tmp_path / "absent.zip"))[0] == 2
    code, _, err = run("add", str(tmp_path))
    assert code == 2 and "n'est pas un fichier" in err
    code, _, err = run("copy", "abcdef", "--to", str(tmp_path))
    assert code == 2 and "aucun paquet" in err


def test_send_needs_an_endpoint_and_refuses_plain_http_off_loopback(run, real_bundles):
    run("add", str(real_bundles["good"]))
    code, _, err = run("send")
    assert code == 2 and "aucune adresse d'envoi" in err
    code, _, err = run("send", "--endpoint", "http://depot.example.fr/files/")
    assert code == 2 and "https://" in err
    with pytest.raises(SystemExit) as exited:  # argparse's error path: one line, exit 2
        run("send", "--max-tries", "0")
    assert exited.value.code == 2


def test_an_unreachable_server_reports_in_french_and_exits_1(run, real_bundles):
    run("add", str(real_bundles["good"]))
    code, out, _ = run("send", "--endpoint", "http://127.0.0.1:9/files/", "--max-tries", "1")
    assert code == 1
    assert "échec : connexion impossible" in out and "0 paquet envoyé sur 1" in out
    assert json.loads(run("list", "--json")[1])[0]["state"] == "echec"


def test_config_is_saved_and_used_by_send(run, real_bundles, tus_server):
    code, _, err = run("config", "--endpoint", "http://depot.example.fr/")
    assert code == 2 and "https://" in err
    code, out, _ = run("config", "--endpoint", tus_server.endpoint, "--auto", "oui")
    assert code == 0 and "Envoi automatique : oui" in out
    saved = json.loads((run.data_dir / "envoi.json").read_text())
    assert saved == {"endpoint": tus_server.endpoint, "envoi_automatique": True, "dernier_dossier_remise": ""}
    run("add", str(real_bundles["good"]))
    assert run("send")[0] == 0
    assert len(tus_server.creations()) == 1


def test_copy_to_a_folder_reads_back_and_marks_it_copied_not_remis(run, real_bundles, tmp_path):
    """A copy on a stick has reached nobody: « copié sur support » with the path and the checked
    fingerprint; « remis » is kept for a receipt from the receiving side (issue 16)."""
    run("add", str(real_bundles["good"]))
    entry_id = json.loads(run("list", "--json")[1])[0]["id"]
    usb = tmp_path / "cle-usb"
    usb.mkdir()
    code, out, _ = run("copy", entry_id[:6], "--to", str(usb))
    (copied,) = usb.iterdir()
    assert code == 0 and f"copié sur support : {copied}" in out
    assert f"empreinte SHA-256 vérifiée : {_sha(real_bundles['good'])}" in out
    assert "État : copié sur support" in out
    assert copied.name == real_bundles["good"].name
    assert _sha(copied) == _sha(real_bundles["good"])
    (entry,) = json.loads(run("list", "--json")[1])
    assert entry["state"] == "copie_sur_support" and entry["handed_over_path"] == str(copied)
    assert entry["state_label"] == "copié sur support" and entry["receipt"].startswith("Copié sur support le ")
    code, out, _ = run("list")
    assert "copié sur support" in out and "remis" not in out.replace("pas encore remis", "")
    code, _, err = run("copy", entry_id, "--to", str(tmp_path / "absente"))
    assert code == 2 and "introuvable" in err


def test_remove_takes_a_wrong_export_out_of_the_queue(run, real_bundles):
    run("add", str(real_bundles["good"]))
    entry_id = json.loads(run("list", "--json")[1])[0]["id"]
    code, out, _ = run("remove", entry_id[:8])
    assert code == 0 and "retiré" in out
    assert json.loads(run("list", "--json")[1]) == []
    assert real_bundles["good"].exists(), "the exported file itself is not touched"
    assert run("remove", entry_id)[0] == 2


def test_a_sent_bundle_marks_its_library_dossier_envoye(run, real_bundles, tus_server):
    from socle_desktop.export.demo import demo_dossier
    from socle_desktop.store import Library

    with Library.open(run.data_dir) as library:  # the demo dossier is in the library, same id
        dossier_id = library.create(demo_dossier())
    assert dossier_id == "d3a0d055-1e00-4000-8000-000000000001"
    run("add", str(real_bundles["good"]))
    assert run("send", "--endpoint", tus_server.endpoint)[0] == 0
    with Library.open(run.data_dir, read_only=True) as library:
        (summary,) = library.list_dossiers()
    assert summary.etat == "envoye"


def test_a_bundle_whose_dossier_is_elsewhere_is_sent_all_the_same(run, real_bundles, tus_server):
    run("add", str(real_bundles["good"]))
    code, out, _ = run("send", "--endpoint", tus_server.endpoint)
    assert code == 0 and "1 paquet envoyé sur 1" in out
