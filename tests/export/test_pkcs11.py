"""Issue 10: signing through a hardware token, for real, against SoftHSM2 (PKCS#11)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from export_worded import raises_worded
from softhsm import make_token

from socle_desktop.export import export_dossier
from socle_desktop.export.demo import demo_dossier, demo_piece_bytes
from socle_desktop.export.identity import IdentityError, open_pkcs11_identity, self_signed_identity
from socle_desktop.export.verify import verify_bundle
from socle_desktop.resources import resource_path


@pytest.fixture(scope="module")
def token(tmp_path_factory, signing_time):
    """One token for the module: a PKCS#11 module is initialised once per process, with the
    SOFTHSM2_CONF of that moment."""
    identity = self_signed_identity(common_name="Marie Exemple", title="Maire", siren="214399990",
                                    organization="Commune de Saint-Exemple-sur-Loire", now=signing_time)
    with pytest.MonkeyPatch.context() as monkeypatch:
        yield make_token(tmp_path_factory.mktemp("hsm"), identity, monkeypatch), identity


def test_a_token_signs_the_pdf_and_the_bundle_and_independent_tools_accept_them(token, tmp_path, tool,
                                                                                  signing_time):
    soft, identity = token
    on_token = open_pkcs11_identity(soft.module, soft.label, soft.pin)
    assert on_token.private_key is None and on_token.kind == "pkcs11"  # the key stays on the token
    assert on_token.fingerprint_sha256 == identity.fingerprint_sha256
    result = export_dossier(demo_dossier(), out_dir=tmp_path / "out", identity=on_token,
                            piece_bytes=demo_piece_bytes, signing_time=signing_time)

    pdfsig = subprocess.run([tool("pdfsig"), str(result.pdf_path)], capture_output=True, text=True)
    assert "Signature is Valid." in pdfsig.stdout and "Total document signed" in pdfsig.stdout, pdfsig.stdout
    assert "CN=Marie Exemple" in pdfsig.stdout and "NTRFR-214399990" in pdfsig.stdout

    root = tmp_path / "x"
    with zipfile.ZipFile(result.bundle_path) as archive:
        archive.extractall(root)
    bag = next(root.iterdir())
    cms = subprocess.run([tool("openssl"), "cms", "-verify", "-binary", "-inform", "DER", "-noverify",
                          "-in", str(bag / "tagmanifest-sha256.txt.p7s"),
                          "-content", str(bag / "tagmanifest-sha256.txt"), "-out", os.devnull],
                         capture_output=True, text=True)
    assert cms.returncode == 0 and "Verification successful" in cms.stderr, cms.stderr
    report = verify_bundle(result.bundle_path)
    assert report.ok, report.text()
    assert f"Code de vérification : {identity.short_code}" in report.text()


def test_wrong_pin_missing_token_and_missing_module_are_french_errors(token, tmp_path):
    soft, _ = token
    with raises_worded(IdentityError, "code PIN incorrect pour le jeton « Jeton Mairie »"):
        open_pkcs11_identity(soft.module, soft.label, "000000")
    with raises_worded(IdentityError, "jeton « Clé absente » introuvable ; jetons présents : « Jeton Mairie »"):
        open_pkcs11_identity(soft.module, "Clé absente", soft.pin)
    with raises_worded(IdentityError, "module PKCS#11 introuvable"):
        open_pkcs11_identity(str(tmp_path / "absent.so"), soft.label, soft.pin)
    not_a_module = tmp_path / "faux.so"
    not_a_module.write_bytes(b"pas un module")
    with raises_worded(IdentityError, "n'a pas pu être chargé comme module PKCS#11"):
        open_pkcs11_identity(str(not_a_module), soft.label, soft.pin)


def test_export_command_signs_with_the_token(token, tmp_path):
    soft, identity = token
    folder = tmp_path / "envoi"
    folder.mkdir()
    (folder / "dossier.json").write_bytes(resource_path("demo", "demo-dossier.json").read_bytes())
    for piece in demo_dossier().pieces:
        (folder / piece.nom).write_bytes(demo_piece_bytes(piece.sha256))

    def export(*more, pin=soft.pin):
        command = [sys.executable, "-m", "socle_desktop", "--data-dir", str(tmp_path / "d"), "export",
                   str(folder / "dossier.json"), "--out", str(tmp_path / "out"), "--pkcs11", soft.module, *more,
                   "--password-env", "PIN"]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
                              env={**os.environ, "PIN": pin})

    done = export("--token", soft.label)
    assert done.returncode == 0, done.stderr
    assert f"Code de vérification : {identity.short_code}" in done.stdout
    assert not (tmp_path / "d" / "identites").exists()  # no local identity involved
    wrong = export("--token", soft.label, pin="999999")
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    assert wrong.stderr.strip().splitlines() == [
        "socle-desktop : code PIN incorrect pour le jeton « Jeton Mairie » (attention : après plusieurs erreurs, "
        "le jeton se bloque)."]
    absent = export("--token", "Autre jeton")
    assert absent.returncode == 2 and "jeton « Autre jeton » introuvable" in absent.stderr
    no_label = export()
    assert no_label.returncode == 2 and "--token NOM" in no_label.stderr
