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
        raise IdentityError(f"module PKCS#11 introuvable : {module} (le fichier .so ou .dll fourni avec le "
                            "jeton ou la carte, par exemple /usr/lib/softhsm/libsofthsm2.so).")
    import pkcs11  # a mandatory dependency, imported only when a token is used
    try:
        return pkcs11.lib(str(path))
    except Exception as error:  # not a PKCS#11 module, wrong architecture, missing dependency
        raise IdentityError(f"{path.name} n'a pas pu être chargé comme module PKCS#11 ({error}).") from None


def _open_session(module: str, token_label: str, pin: str):
    import pkcs11
    from pkcs11 import exceptions as p11

    lib = _library(module)
    try:
        token = lib.get_token(token_label=token_label)
    except p11.NoSuchToken:
        labels = _token_labels(lib)
        known = (" ; jetons présents : " + ", ".join(f"« {label} »" for label in labels)) if labels else \
            " ; aucun jeton n'est branché ou reconnu"
        raise IdentityError(f"jeton « {token_label} » introuvable{known}.") from None
    except p11.MultipleTokensReturned:
        raise IdentityError(f"plusieurs jetons portent le nom « {token_label} » : n'en branchez qu'un.") from None
    except pkcs11.PKCS11Error as error:
        raise IdentityError(f"le module PKCS#11 ne répond pas ({type(error).__name__}).") from None
    try:
        return token.open(user_pin=pin)
    except (p11.PinIncorrect, p11.PinInvalid, p11.PinLenRange):
        raise IdentityError(f"code PIN incorrect pour le jeton « {token_label} » (attention : après plusieurs "
                            "erreurs, le jeton se bloque).") from None
    except p11.PinLocked:
        raise IdentityError(f"le jeton « {token_label} » est bloqué (trop de codes PIN erronés) : "
                            "débloquez-le avec son code PUK ou l'outil de son fournisseur.") from None
    except p11.PinExpired:
        raise IdentityError(f"le code PIN du jeton « {token_label} » a expiré : changez-le avec l'outil "
                            "de son fournisseur.") from None
    except pkcs11.PKCS11Error as error:
        raise IdentityError(f"ouverture du jeton « {token_label} » impossible ({type(error).__name__}).") from None


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
        raise IdentityError("saisissez le code PIN du jeton.")
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
        raise IdentityError(f"le jeton « {token_label} » ne contient aucun certificat associé à une clé privée.")
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
