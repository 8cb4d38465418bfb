"""The campaign file: made signed, checked by tools nobody here wrote, imported in one step, hostile ones refused."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import zipfile

import pytest
from campaign_support import (
    P12_PASSWORD,
    academie_identity,
    campaign_data,
    require_tool,
    rewrite_zip,
    shipped_rules,
    write_p12,
)
from export_worded import raises_worded

from socle_desktop import catalogue
from socle_desktop.app.campaign import current_campaign, import_campaign, tls_for_endpoint
from socle_desktop.app.errors import JobRefused
from socle_desktop.export import campaign as campaign_format
from socle_desktop.export.campaign import CampaignError, read_campaign, write_campaign
from socle_desktop.outbox.settings import load_settings
from socle_desktop.resources import load_rules


@pytest.fixture(scope="module")
def signer():
    return academie_identity()


@pytest.fixture
def campaign_file(tmp_path, signer):
    return write_campaign(campaign_data(), shipped_rules(), signer, tmp_path / "publie")


def _root(path):
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()[0].split("/")[0]


def test_a_campaign_file_is_a_bag_signed_like_a_bundle(campaign_file, signer, tmp_path):
    with zipfile.ZipFile(campaign_file) as archive:
        archive.extractall(tmp_path / "x")
        names = sorted(name.split("/", 1)[1] for name in archive.namelist())
    assert names == ["bag-info.txt", "bagit.txt", "data/campagne.json", "data/regles/snee-2021.toml",
                     "manifest-sha256.txt", "tagmanifest-sha256.txt", "tagmanifest-sha256.txt.p7s"]
    root = tmp_path / "x" / _root(campaign_file)
    openssl = require_tool("openssl")
    checked = subprocess.run(
        [openssl, "cms", "-verify", "-binary", "-inform", "DER", "-noverify",
         "-in", str(root / "tagmanifest-sha256.txt.p7s"), "-content", str(root / "tagmanifest-sha256.txt"),
         "-out", "/dev/null"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    bagit = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(root)], capture_output=True, text=True)
    assert bagit.returncode == 0, bagit.stderr
    campaign = read_campaign(campaign_file)
    assert campaign.signer_fingerprint == signer.fingerprint_sha256
    assert campaign.adresse == "https://depot.ac-lyon.invalid/files/"
    assert campaign.rules_toml == shipped_rules()


def test_import_configures_outbox_and_rules_in_one_step(campaign_file, signer, tmp_path):
    data = tmp_path / "donnees"
    assert current_campaign(data) is None
    campaign = import_campaign(data, campaign_file, signer.fingerprint_sha256.upper())
    assert load_settings(data).endpoint == "https://depot.ac-lyon.invalid/files/"
    stored = current_campaign(data)
    assert stored is not None and stored.id == campaign.id and stored.certificat_sha256 == "ab" * 32
    assert stored.signer_fingerprint == signer.fingerprint_sha256
    assert 19 <= stored.days_left() <= 20
    assert "plus que" in catalogue.campaign_deadline(stored)
    # The TLS pin applies to the campaign's server only.
    assert tls_for_endpoint(data, "https://depot.ac-lyon.invalid/files/") is not None
    assert tls_for_endpoint(data, "https://ailleurs.invalid/files/") is None


def test_wrong_fingerprint_imports_nothing(campaign_file, tmp_path):
    data = tmp_path / "donnees"
    other = academie_identity("Quelqu'un d'autre")
    with pytest.raises(JobRefused) as refused:
        import_campaign(data, campaign_file, other.fingerprint_sha256)
    assert refused.value.code == "campaign_other_signer"
    assert "pas signé par le certificat attendu" in catalogue.refusal(refused.value)
    assert not (data / "campagne.json").exists() and load_settings(data).endpoint == ""


def test_a_new_edition_is_stored_and_used_by_its_dossiers(signer, tmp_path):
    toml = shipped_rules().decode("utf-8").replace('id = "snee-2021"', 'id = "snee-2027-test"', 1)
    toml = toml.replace('taux_jusqu_au_seuil = "70"', 'taux_jusqu_au_seuil = "75"', 1)
    path = write_campaign(campaign_data(edition="snee-2027-test"), toml.encode("utf-8"), signer, tmp_path / "p")
    data = tmp_path / "donnees"
    import_campaign(data, path, signer.fingerprint_sha256)
    assert (data / "regles" / "snee-2027-test.toml").read_text(encoding="utf-8") == toml
    rules = load_rules("snee-2027-test")
    assert rules.edition == "snee-2027-test" and str(rules.equipement_taux_bas) == "75"


def test_different_rules_under_a_shipped_name_are_refused(signer, tmp_path):
    toml = shipped_rules().decode("utf-8").replace('taux_jusqu_au_seuil = "70"', 'taux_jusqu_au_seuil = "90"', 1)
    path = write_campaign(campaign_data(), toml.encode("utf-8"), signer, tmp_path / "p")
    data = tmp_path / "donnees"
    with pytest.raises(JobRefused) as refused:
        import_campaign(data, path, signer.fingerprint_sha256)
    assert "diffèrent de celles livrées" in catalogue.refusal(refused.value)
    assert not (data / "campagne.json").exists()


@pytest.mark.parametrize("change, message", [
    ({"depot": {"adresse": "http://depot.ac-lyon.invalid/files/", "certificat_sha256": "ab" * 32}}, "https"),
    ({"date_limite": "2021-03-31T23:59:00"}, "date_limite"),
    ({"date_limite": "2021-02-30T23:59:00+01:00"}, "date limite"),
    ({"depot": {"adresse": "https://x.invalid/", "certificat_sha256": "ab" * 32, "ca_pem": "x"}}, "soit"),
    ({"depot": {"adresse": "https://x.invalid/", "ca_pem": "pas un certificat"}}, "PEM"),
    ({"regles": "../../etc/passwd"}, "regles"),
])
def test_creating_a_bad_campaign_is_refused(signer, tmp_path, change, message):
    with raises_worded(CampaignError, message):
        write_campaign({**campaign_data(), **change}, shipped_rules(), signer, tmp_path)


def _signed_without_checks(data, rules, signer, folder, monkeypatch):
    """A hostile académie (or a stolen key) signs what our writer would refuse."""
    monkeypatch.setattr(campaign_format, "campaign_problem", lambda _data: None)
    monkeypatch.setattr(campaign_format, "_rules_problem", lambda _e, _t: (None, None))
    path = write_campaign(data, rules, signer, folder)
    monkeypatch.undo()
    return path


@pytest.mark.parametrize("change, message", [
    ({"depot": {"adresse": "http://depot.invalid/files/", "certificat_sha256": "ab" * 32}}, "https"),
    ({"date_limite": "demain"}, "date_limite"),
    ({"date_limite": "2021-13-01T00:00:00+01:00"}, "date limite"),
    ({"format": "socle-dossier"}, "format"),
])
def test_a_signed_but_invalid_campaign_is_refused(signer, tmp_path, monkeypatch, change, message):
    path = _signed_without_checks({**campaign_data(), **change}, shipped_rules(), signer, tmp_path, monkeypatch)
    with raises_worded(CampaignError, message):
        import_campaign(tmp_path / "d", path, signer.fingerprint_sha256)
    assert not (tmp_path / "d" / "campagne.json").exists()


def test_rules_of_another_edition_than_announced_are_refused(signer, tmp_path, monkeypatch):
    toml = shipped_rules().decode("utf-8").replace('id = "snee-2021"', 'id = "autre"', 1).encode("utf-8")
    path = _signed_without_checks(campaign_data(), toml, signer, tmp_path, monkeypatch)
    with raises_worded(CampaignError, "annonce"):
        read_campaign(path)


def _modified(campaign_file, tmp_path, change):
    return rewrite_zip(campaign_file, tmp_path / "modifie.campagne.zip", change)


def test_a_changed_address_breaks_the_bag(campaign_file, tmp_path):
    def change(name, data):
        return data.replace(b"depot.ac-lyon.invalid", b"depot.pirate.invalid") if name.endswith("campagne.json") \
            else data
    with raises_worded(CampaignError, r"refusé.*BagIt"):
        read_campaign(_modified(campaign_file, tmp_path, change))


def test_a_resigned_manifest_by_another_key_fails_the_fingerprint_only(campaign_file, tmp_path):
    """Swapping in another signer's valid signature is not caught by the bag: the fingerprint catches it."""
    from socle_desktop.export.signing import sign_detached

    other = academie_identity("Imposteur")

    def change(name, data):
        if name.endswith("p7s"):
            with zipfile.ZipFile(campaign_file) as archive:
                manifest = archive.read(name[:-4])
            return sign_detached(manifest, other, signing_time=dt.datetime.now().astimezone())
        return data
    forged = _modified(campaign_file, tmp_path, change)
    with raises_worded(CampaignError, "Empreinte du signataire"):
        read_campaign(forged)


def test_a_broken_signature_is_refused(campaign_file, tmp_path):
    def change(name, data):
        return data[:-40] + bytes(40) if name.endswith("p7s") else data
    with raises_worded(CampaignError, "Signature CMS"):
        read_campaign(_modified(campaign_file, tmp_path, change))


def test_path_traversal_and_extra_members_are_refused(campaign_file, tmp_path):
    root = _root(campaign_file)

    def traversal(name, data):
        return [(name, data), ("../../evil.toml", b"x")] if name.endswith("bagit.txt") else data
    with raises_worded(CampaignError, r"refusé.*\.\."):
        read_campaign(_modified(campaign_file, tmp_path, traversal))

    def extra(name, data):
        return [(name, data), (f"{root}/data/regles/../x.sh", b"x")] if name.endswith("bagit.txt") else data
    with raises_worded(CampaignError, "refusé"):
        read_campaign(rewrite_zip(campaign_file, tmp_path / "b.zip", extra))


def test_a_huge_member_is_refused_before_it_is_read(campaign_file, tmp_path):
    root = _root(campaign_file)
    bomb = tmp_path / "bombe.campagne.zip"
    with zipfile.ZipFile(campaign_file) as old, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info))
        new.writestr(f"{root}/data/regles/gros.toml", b"\0" * (50 * 1024 * 1024))
    with raises_worded(CampaignError, "refusé"):
        read_campaign(bomb)


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 pas un zip", b"%PDF-1.7"])
def test_garbage_is_one_french_error(tmp_path, content):
    path = tmp_path / "x.campagne.zip"
    path.write_bytes(content)
    with raises_worded(CampaignError, "refusé"):
        read_campaign(path)


def test_a_dossier_bundle_is_not_a_campaign(tmp_path):
    from socle_desktop.export import export_dossier
    from socle_desktop.export.demo import demo_dossier, demo_piece_bytes
    from socle_desktop.export.identity import demo_identity

    bundle = export_dossier(demo_dossier(), out_dir=tmp_path, identity=demo_identity(),
                            piece_bytes=demo_piece_bytes, example=True).bundle_path
    with raises_worded(CampaignError, "refusé"):
        read_campaign(bundle)


# --- the command line ------------------------------------------------------------------------


def _cli(*args, env=None):
    import os

    return subprocess.run([sys.executable, "-m", "socle_desktop", *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(__import__("pathlib").Path(__file__).parents[2]),
                               **(env or {})}, stdin=subprocess.DEVNULL)


def test_cli_creates_imports_and_shows(signer, tmp_path):
    p12 = write_p12(signer, tmp_path / "academie.p12")
    data = tmp_path / "donnees"
    made = _cli("--data-dir", str(data), "campagne", "creer", "--id", "c1", "--titre", "Campagne test",
                "--regles", "snee-2021", "--adresse", "https://depot.ac-lyon.invalid/files/",
                "--empreinte-serveur", "AB:" * 31 + "AB", "--date-limite", "2031-03-31T23:59:00+02:00",
                "--contact-nom", "DANE", "--academie", "Lyon", "--identity", str(p12),
                "--password-env", "P12", "--out", str(tmp_path / "out"), env={"P12": P12_PASSWORD})
    assert made.returncode == 0, made.stderr
    path = tmp_path / "out" / "campagne-c1.campagne.zip"
    assert path.is_file()
    shown = _cli("--data-dir", str(data), "campagne", "afficher")
    assert "Aucune campagne importée" in shown.stdout and "académie" in shown.stdout
    refused = _cli("--data-dir", str(data), "campagne", "importer", str(path))
    assert refused.returncode == 2 and "--empreinte" in refused.stderr and "Traceback" not in refused.stderr
    assert signer.fingerprint_sha256[:8].upper() not in refused.stderr.replace(":", "").upper()  # not to be copied
    done = _cli("--data-dir", str(data), "campagne", "importer", str(path), "--empreinte", signer.fingerprint_sha256)
    assert done.returncode == 0, done.stderr
    assert "31/03/2031" in done.stdout
    record = json.loads((data / "campagne.json").read_text(encoding="utf-8"))
    assert record["depot"]["certificat_sha256"] == "ab" * 32
    assert "plus que" in _cli("--data-dir", str(data), "campagne", "afficher").stdout


def test_cli_hostile_file_is_one_french_line(tmp_path):
    path = tmp_path / "x.campagne.zip"
    path.write_bytes(b"PK\x03\x04" + bytes(100))
    result = _cli("--data-dir", str(tmp_path / "d"), "campagne", "importer", str(path), "--empreinte", "ab" * 32)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "refusé" in result.stderr


def test_showing_the_deadline_loads_neither_the_signature_nor_the_server_libraries(campaign_file, signer, tmp_path):
    """The window shows the deadline just after its first paint: that must not freeze it."""
    data = tmp_path / "donnees"
    import_campaign(data, campaign_file, signer.fingerprint_sha256)
    code = ("import sys; from socle_desktop.app.campaign import current_campaign; "
            "from socle_desktop.catalogue import campaign_summary_lines as summary_lines; "
            f"c = current_campaign({str(data)!r}); print(c.days_left(), len(summary_lines(c))); "
            "print(sorted(m for m in ('pyhanko', 'reportlab', 'jsonschema', 'fastapi', 'uvicorn', 'tuspyserver') "
            "if m in sys.modules))")
    import os

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(__import__("pathlib").Path(__file__).parents[2])})
    assert result.returncode == 0, result.stderr
    days, loaded = result.stdout.splitlines()
    assert days.split()[0] in ("19", "20") and loaded == "[]"


def test_a_damaged_record_means_no_campaign(campaign_file, signer, tmp_path):
    data = tmp_path / "donnees"
    import_campaign(data, campaign_file, signer.fingerprint_sha256)
    record = json.loads((data / "campagne.json").read_text(encoding="utf-8"))
    for damage in ({"date_limite": "bientôt"}, {"depot": {"adresse": "http://x.invalid/"}},
                   {"depot": {"adresse": "https://x.invalid/"}}, {"format": "autre"}):
        (data / "campagne.json").write_text(json.dumps({**record, **damage}), encoding="utf-8")
        assert current_campaign(data) is None, damage
    (data / "campagne.json").write_text("{", encoding="utf-8")
    assert current_campaign(data) is None


@pytest.mark.parametrize("stop, code, said", [(EOFError, 2, "saisie abandonnée"),
                                              (KeyboardInterrupt, 130, "saisie interrompue (Ctrl+C)")])
def test_ctrl_d_or_ctrl_c_at_the_fingerprint_question_imports_nothing(campaign_file, tmp_path, monkeypatch,
                                                                      capsys, stop, code, said):
    from socle_desktop.cli import campaign as campaign_command
    from socle_desktop.cli import main

    class Terminal:
        def isatty(self) -> bool:
            return True

    def interrupted(prompt=""):
        raise stop

    monkeypatch.setattr(campaign_command.sys, "stdin", Terminal())
    monkeypatch.setattr("builtins.input", interrupted)
    data = tmp_path / "donnees"
    assert main(["--data-dir", str(data), "campagne", "importer", str(campaign_file)]) == code
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
    assert current_campaign(data) is None


@pytest.mark.parametrize(("zone", "shown"), [
    ("UTC0", "15/01/2027 à 23 h 59 (UTC+1) — plus que 12 jours"),  # was « 22 h 59 », no time zone
    ("CET-1CEST,M3.5.0,M10.5.0/3", "15/01/2027 à 23 h 59 — plus que 12 jours"),  # Paris: as written
    ("<+04>-4", "15/01/2027 à 23 h 59 (UTC+1) — plus que 12 jours"),  # La Réunion
])
def test_the_deadline_is_the_hour_the_academie_wrote_with_its_offset_when_the_clock_differs(monkeypatch, zone, shown):
    import time

    from socle_desktop.domain.campaign import Campaign, parse_deadline

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        campaign = Campaign(id="c", titre="t", regles="snee-2021", adresse="https://x.invalid/", certificat_sha256=None,
                            ca_pem=None, date_limite=parse_deadline("2027-01-15T23:59:00+01:00"), contact={},
                            academies=())
        assert catalogue.campaign_deadline(campaign, now=dt.datetime(2027, 1, 3, 12, tzinfo=dt.UTC)) == shown
    finally:
        monkeypatch.undo()  # the machine's own zone again, for the tests that follow
        time.tzset()


def test_a_signed_campaign_json_with_nan_is_refused_in_french(signer, tmp_path, monkeypatch):
    data = {**campaign_data(), "perimetre": {"academies": [float("nan")]}}
    path = _signed_without_checks(data, shipped_rules(), signer, tmp_path, monkeypatch)
    with raises_worded(CampaignError, r"^fichier de campagne refusé : campagne\.json illisible "
                                      r"\(valeur « NaN » : ce n'est pas un nombre JSON\)\.$"):
        read_campaign(path)
