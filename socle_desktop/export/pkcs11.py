"""Signing with a hardware token (USB key, smart card) through its PKCS#11 module, with pyHanko.

Many mayors hold an RGS certificate on a token: the key never leaves it. The user names the
module (the `.so`/`.dll` its maker ships) and the token's label; the PIN is asked for each
export, kept in memory for that export only, never written anywhere. Opening the identity logs
in once to read the certificate (so that the export page and `export` can show who will sign
and check it against the dossier before anything is signed); each signature then opens its own
short session.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from .identity import IdentityError, SigningIdentity


@dataclass(frozen=True)
class Pkcs11Token:
    module: str
    token_label: str
    pin: str = field(repr=False)
    cert_id: bytes | None = None
    cert_label: str | None = None

    @contextlib.contextmanager
    def session(self):
        session = _open_session(self.module, self.token_label, self.pin)
        try:
            yield session
        finally:
            with contextlib.suppress(Exception):
                session.close()

    @contextlib.contextmanager
    def signer(self):
        from pyhanko.sign.pkcs11 import PKCS11Signer

        with self.session() as session:
            yield PKCS11Signer(session, cert_id=self.cert_id, key_id=self.cert_id,
                               cert_label=None if self.cert_id else self.cert_label,
                               key_label=None if self.cert_id else self.cert_label,
                               other_certs_to_pull=None)


def _library(module: str):
    path = Path(module)
    if not path.is_file():
        raise IdentityError("pkcs11_module_not_found", module=module)
    import pkcs11  # a mandatory dependency, imported only when a token is used
    try:
        return pkcs11.lib(str(path))
    except Exception as error:  # not a PKCS#11 module, wrong architecture, missing dependency
        raise IdentityError("pkcs11_module_unloadable", name=path.name, cause=error) from None


def _open_session(module: str, token_label: str, pin: str):
    import pkcs11
    from pkcs11 import exceptions as p11

    lib = _library(module)
    try:
        token = lib.get_token(token_label=token_label)
    except p11.NoSuchToken:
        raise IdentityError("pkcs11_token_not_found", token_label=token_label, labels=_token_labels(lib)) from None
    except p11.MultipleTokensReturned:
        raise IdentityError("pkcs11_several_tokens", token_label=token_label) from None
    except pkcs11.PKCS11Error as error:
        raise IdentityError("pkcs11_module_silent", error_name=type(error).__name__) from None
    try:
        return token.open(user_pin=pin)
    except (p11.PinIncorrect, p11.PinInvalid, p11.PinLenRange):
        raise IdentityError("pkcs11_pin_incorrect", token_label=token_label) from None
    except p11.PinLocked:
        raise IdentityError("pkcs11_token_locked", token_label=token_label) from None
    except p11.PinExpired:
        raise IdentityError("pkcs11_pin_expired", token_label=token_label) from None
    except pkcs11.PKCS11Error as error:
        raise IdentityError("pkcs11_open_failed", token_label=token_label, error_name=type(error).__name__) from None


def _token_labels(lib) -> list[str]:
    labels = []
    with contextlib.suppress(Exception):
        for slot in lib.get_slots(token_present=True):
            label = slot.get_token().label.strip()
            if label:  # SoftHSM and some readers list a free, uninitialised slot
                labels.append(label)
    return labels


def open_pkcs11_identity(module: str, token_label: str, pin: str) -> SigningIdentity:
    """Log in, read the signing certificate (the one whose private key is on the token; with
    several, the one for non-repudiation), and return an identity that signs on the token."""
    from cryptography import x509
    from pkcs11 import Attribute, ObjectClass

    if not pin:
        raise IdentityError("pkcs11_pin_missing")
    token = Pkcs11Token(module, token_label, pin)
    with token.session() as session:
        key_ids = {key[Attribute.ID] for key in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})}
        candidates = []
        for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
            with contextlib.suppress(Exception):
                cert_id = obj[Attribute.ID]
                if cert_id in key_ids:
                    candidates.append((cert_id, str(obj[Attribute.LABEL]),
                                       x509.load_der_x509_certificate(bytes(obj[Attribute.VALUE]))))
    if not candidates:
        raise IdentityError("pkcs11_no_certificate", token_label=token_label)
    candidates.sort(key=lambda c: not _for_signing(c[2]))
    cert_id, label, certificate = candidates[0]
    return SigningIdentity(certificate, None, (), "pkcs11",
                           token=Pkcs11Token(module, token_label, pin, cert_id, label))


def _for_signing(certificate) -> bool:
    from cryptography import x509

    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True
    return bool(usage.content_commitment)
