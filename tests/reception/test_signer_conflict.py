"""Issue 13: a newer version signed by another certificate (a forged « Maire de … » made with
openssl) must not silently replace the genuine dossier; the agent confirms a signer explicitly."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil

import pytest
from builders import VALID_SIRET
from reception_bundles import DOSSIER_A, SIGNED, export_to, make_dossier

from socle_desktop.cli import main
from socle_desktop.export.identity import self_signed_identity
from socle_desktop.reception.batch import verify_folder
from socle_desktop.reception.register import CONFLICT, SET_ASIDE, SUPERSEDED, VALID, Register, RegisterError


@pytest.fixture(scope="module")
def forged_identity():
    # The same names and SIREN as the commune's identity, another key: what anyone can make.
    return self_signed_identity(common_name="Marie Test", organization="Commune test", title="Maire", now=SIGNED,
                                siren=VALID_SIRET[:9])


@pytest.fixture(scope="module")
def bundles(tmp_path_factory, reception_identity, forged_identity):
    base = tmp_path_factory.mktemp("conflit")
    genuine = export_to(base / "vrai", make_dossier(DOSSIER_A, price=500_000), reception_identity, SIGNED)
    forged = export_to(base / "faux", make_dossier(DOSSIER_A, price=5_000_000), forged_identity,
                       SIGNED + dt.timedelta(days=3))  # a later date, written by the forger
    newer = export_to(base / "v2", make_dossier(DOSSIER_A, price=600_000), reception_identity,
                      SIGNED + dt.timedelta(days=5))
    return {"genuine": genuine, "forged": forged, "newer": newer}


def _folder(tmp_path, *bundles):
    folder = tmp_path / "recus"
    folder.mkdir(exist_ok=True)
    for bundle in bundles:
        shutil.copy(bundle, folder / f"{len(list(folder.iterdir()))}.zip")
    return folder


def test_a_newer_version_by_another_certificate_is_held_not_current(tmp_path, bundles):
    with Register(tmp_path / "reception.sqlite") as register:
        verify_folder(register, _folder(tmp_path, bundles["genuine"], bundles["forged"]), workers=1)
        entries = register.entries()
        assert [entry.status for entry in entries] == [CONFLICT, CONFLICT]  # neither current, neither replaced
        assert not register.entries(current_only=True)
        with pytest.raises(RegisterError) as error:
            register.decide(DOSSIER_A, "retenu")
        assert error.value.code == "signer_conflict"
        with pytest.raises(RegisterError) as error:
            register.decide_many([(DOSSIER_A, "retenu", 1)])
        assert error.value.code == "signer_conflict"
        from socle_desktop.reception.opendata import build
        assert build(register).collectivites == []  # nothing of it reaches the open data

        genuine = next(entry for entry in entries if entry.subsidy_centimes < 1_000_000)
        kept, set_aside = register.confirm_signer(genuine.sha256[:10])
        assert (kept.status, set_aside, kept.confirmed) == (VALID, 1, True)
        statuses = {entry.subsidy_centimes < 1_000_000: entry.status for entry in register.entries()}
        assert statuses == {True: VALID, False: SET_ASIDE}
        decided = register.decide(DOSSIER_A, "retenu")
        assert decided.granted_centimes == genuine.subsidy_centimes

        # The commune's own newer version (same certificate) supersedes as before.
        verify_folder(register, _folder(tmp_path, bundles["newer"]), workers=1)
        by_status = sorted(entry.status for entry in register.entries())
        assert by_status == sorted([VALID, SUPERSEDED, SET_ASIDE])


def test_the_state_agent_sees_and_resolves_it_in_the_cli(tmp_path, bundles, capsys, reception_identity):
    data = tmp_path / "donnees"

    def run(*argv):
        code = main(["--data-dir", str(data), *argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    trust = tmp_path / "confiance.txt"
    trust.write_text(f"# la commune, code confirmé par téléphone\n{reception_identity.fingerprint_sha256}\n",
                     encoding="utf-8")
    folder = _folder(tmp_path, bundles["genuine"], bundles["forged"])
    code, out, err = run("reception", "verifier", str(folder), "--processus", "1", "--confiance", str(trust))
    assert code == 0, err
    assert "2 versions de signataires différents — à confirmer" in out and "reception confirmer" in out
    code, out, _ = run("reception", "liste")
    lines = out.strip().splitlines()
    assert len(lines) == 2 and all("signataire différent — à confirmer" in line for line in lines)
    assert "remplacé" not in out
    assert sum("identité confirmée" in line for line in lines) == 1  # the genuine one, by the trust list
    listed = json.loads(run("reception", "liste", "--json")[1])
    assert sorted(item["identite_confirmee"] for item in listed) == [False, True]
    code, out, _ = run("reception", "rapport", DOSSIER_A[:8])
    assert code == 1 and "certificats différents" in out and out.count("  paquet ") == 2
    # Each candidate by the code the commune reads on its PDF, to be confirmed by phone, and signed
    # on a French date (it printed « signé le 2026-12-04T06:27:44+00:00 » and only a hex prefix).
    assert f"code de vérification {reception_identity.short_code}" in out, out
    candidates = [line for line in out.splitlines() if line.startswith("  paquet ")]
    assert all(re.search(r"signé le \d\d/\d\d/\d{4} à \d\d:\d\d\)", line) for line in candidates), candidates
    code, _, err = run("reception", "decider", DOSSIER_A[:8], "retenu")
    assert code == 2 and "certificats différents" in err and len(err.strip().splitlines()) == 1

    genuine = next(item for item in listed if item["identite_confirmee"])
    code, out, err = run("reception", "confirmer", genuine["paquet_sha256"][:12])
    assert code == 0 and "1 version d’un autre signataire écartée" in out, err
    code, out, _ = run("reception", "liste", "--etat", "écarté")
    assert len(out.strip().splitlines()) == 1 and "écarté" in out
    code, out, err = run("reception", "decider", DOSSIER_A[:8], "retenu")
    assert code == 0, err


def test_a_trust_list_that_cannot_be_read_is_one_french_line(tmp_path, bundles, capsys):
    code = main(["--data-dir", str(tmp_path / "d"), "reception", "verifier", str(_folder(tmp_path, bundles["genuine"])),
                 "--confiance", str(tmp_path / "absente.txt")])
    err = capsys.readouterr().err
    assert code == 2 and "liste de confiance introuvable" in err and "Traceback" not in err


def test_a_certificate_renewed_on_the_same_key_is_the_same_signer(tmp_path, bundles, reception_identity):
    renewed = self_signed_identity(common_name="Marie Test", organization="Commune test", title="Maire",
                                   now=SIGNED + dt.timedelta(days=4), siren=VALID_SIRET[:9],
                                   key=reception_identity.private_key)
    assert renewed.fingerprint_sha256 != reception_identity.fingerprint_sha256
    later = export_to(tmp_path / "renouvele", make_dossier(DOSSIER_A, price=700_000), renewed,
                      SIGNED + dt.timedelta(days=6))
    with Register(tmp_path / "reception.sqlite") as register:
        verify_folder(register, _folder(tmp_path, bundles["genuine"], later), workers=1)
        assert sorted(entry.status for entry in register.entries()) == sorted([VALID, SUPERSEDED])


def test_a_register_of_the_first_schema_is_migrated(tmp_path, bundles):
    path = tmp_path / "reception.sqlite"
    with Register(path) as register:
        verify_folder(register, _folder(tmp_path, bundles["genuine"], bundles["forged"]), workers=1)
        register.db.executescript("ALTER TABLE paquets DROP COLUMN cle; DROP TABLE ecartes; "
                                  "DROP TABLE confirmations; PRAGMA user_version = 1;")
    with Register(path) as register:  # schema 1: signers compared by certificate, still held
        assert register.db.execute("PRAGMA user_version").fetchone()[0] == 2
        assert [entry.status for entry in register.entries()] == [CONFLICT, CONFLICT]


def test_the_receipt_of_a_version_held_for_confirmation_does_not_say_instructible(tmp_path, bundles):
    """The tus reception point's accusé de réception follows the register: a valid bundle whose
    dossier has another signer's version is « à confirmer », not « instructible »."""
    from socle_desktop.reception.server import file_received_bundle, verification_summary

    folder, data = tmp_path / "point", tmp_path / "donnees"
    receipts = {}
    for kind in ("genuine", "forged"):
        pending = tmp_path / f"{kind}.zip"
        shutil.copy(bundles[kind], pending)
        summary = verification_summary(str(pending))
        summary["sha256"] = hashlib.sha256(pending.read_bytes()).hexdigest()
        receipts[kind] = file_received_bundle(pending, summary, folder=folder, data_dir=data)
    assert receipts["genuine"]["verification"] == "paquet intègre et instructible"  # alone when it came
    assert "instructible" not in receipts["forged"]["verification"]
    assert "confirmera le signataire" in receipts["forged"]["verification"]


def test_the_register_counts_versions_in_conflict_not_signers():
    """Three versions of one dossier, two signed by the commune's first identity and one by a new
    one: the summary said « Registre : 3 signataires différents — à confirmer » (window and command
    line), three signers where there are two; it counts versions."""
    from socle_desktop import catalogue
    from socle_desktop.reception.register import CONFLICT

    assert catalogue.reception_count(CONFLICT, 3) == "3 versions de signataires différents — à confirmer"
    assert catalogue.reception_count(CONFLICT, 1) == "1 version de signataire différent — à confirmer"
    assert catalogue.reception_status(CONFLICT) == "signataire différent — à confirmer"  # a row's state
