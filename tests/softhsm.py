"""A real PKCS#11 token for the tests: SoftHSM2 (Debian `softhsm2`, installed by .ci/run), in a
temporary folder, holding one key and its certificate, as a mayor's USB token would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

SOFTHSM_MODULES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                   "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so")
PIN = "123456"
SO_PIN = "87654321"
LABEL = "Jeton Mairie"
KEY_ID = b"\x01"


@dataclass
class SoftToken:
    module: str
    label: str
    pin: str
    conf: Path


def softhsm_module() -> str:
    for module in SOFTHSM_MODULES:
        if Path(module).is_file():
            return module
    if os.environ.get("CI"):
        pytest.fail("SoftHSM2 is missing: .ci/run must install softhsm2")
    pytest.skip("SoftHSM2 is not installed here")
    raise AssertionError  # unreachable


def make_token(folder: Path, identity, monkeypatch, *, label: str = LABEL) -> SoftToken:
    """Initialise a token under `folder`, import the identity's key and certificate into it."""
    module = softhsm_module()
    tool = shutil.which("softhsm2-util")
    assert tool, "softhsm2-util comes with the softhsm2 package"
    tokens = folder / "tokens"
    tokens.mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    subprocess.run([tool, "--init-token", "--free", "--label", label, "--pin", PIN, "--so-pin", SO_PIN],
                   check=True, capture_output=True, env=env)
    key_file = folder / "cle.pem"
    key_file.write_bytes(identity.private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    subprocess.run([tool, "--import", str(key_file), "--token", label, "--label", "signature",
                    "--id", KEY_ID.hex(), "--pin", PIN], check=True, capture_output=True, env=env)
    key_file.unlink()
    # In a child process: a PKCS#11 module is initialised once per process, with the SOFTHSM2_CONF
    # of that moment, so this process may still see the token folder of an earlier test.
    cert_file = folder / "certificat.der"
    cert_file.write_bytes(identity.certificate_der())
    subprocess.run([sys.executable, "-c", _IMPORT_CERTIFICATE, module, label, PIN, str(cert_file), KEY_ID.hex()],
                   check=True, capture_output=True, env=env)
    return SoftToken(module, label, PIN, conf)


_IMPORT_CERTIFICATE = """
import sys
from pathlib import Path
import pkcs11
from pkcs11 import Attribute, CertificateType, ObjectClass
from cryptography import x509
module, label, pin, cert_file, key_id = sys.argv[1:]
der = Path(cert_file).read_bytes()
token = pkcs11.lib(module).get_token(token_label=label)
with token.open(rw=True, user_pin=pin) as session:
    session.create_object({
        Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
        Attribute.TOKEN: True, Attribute.LABEL: "signature", Attribute.ID: bytes.fromhex(key_id),
        Attribute.SUBJECT: x509.load_der_x509_certificate(der).subject.public_bytes(), Attribute.VALUE: der,
    })
"""
