"""Who signs: a PKCS#12 file the collectivité already holds, its local identity, or the demo one.

A local identity is a self-signed X.509 certificate made for the collectivité, kept as a
PKCS#12 file whose private key is encrypted with a passphrase (AES-256, PBKDF2): nothing is
readable at rest without it, and the passphrase itself is never stored. A reviewer confirms a
self-signed identity by its SHA-256 fingerprint, which the PDF and the bundle print.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from ..domain.fingerprints import format_fingerprint  # noqa: F401  (re-exported: its home is the domain)
from ..fileio import atomic_write_bytes
from .errors import ExportError, os_reason

LOCAL_IDENTITY_DIR = "identites"
LOCAL_IDENTITY_FILE = "identite-locale.p12"
MIN_PASSPHRASE_LENGTH = 8
LOCAL_VALIDITY_DAYS = 10 * 365


class IdentityError(ExportError):
    """The identity cannot sign; the message is one French sentence the user can act on."""


@dataclass(frozen=True)
class SigningIdentity:
    """A certificate and its private key, ready to sign a PDF and a CMS."""

    certificate: x509.Certificate
    private_key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    chain: tuple[x509.Certificate, ...] = ()
    kind: str = "pkcs12"  # "pkcs12" | "locale" | "demo"

    @property
    def subject_name(self) -> str:
        """The common name (else the whole subject) of the certificate, for people to read."""
        names = self.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        if names:
            return str(names[0].value)
        return self.certificate.subject.rfc4514_string()

    @property
    def issuer_name(self) -> str:
        names = self.certificate.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)
        if names:
            return str(names[0].value)
        return self.certificate.issuer.rfc4514_string()

    @property
    def self_signed(self) -> bool:
        return self.certificate.issuer == self.certificate.subject

    @cached_property
    def fingerprint_sha256(self) -> str:
        """Lower-case hex SHA-256 of the DER certificate (what `openssl x509 -fingerprint` shows)."""
        return self.certificate.fingerprint(hashes.SHA256()).hex()

    @property
    def not_valid_before(self) -> dt.datetime:
        return self.certificate.not_valid_before_utc

    @property
    def not_valid_after(self) -> dt.datetime:
        return self.certificate.not_valid_after_utc

    def certificate_der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)

    def check_valid_at(self, moment: dt.datetime) -> None:
        """Raise IdentityError when the certificate is expired or not yet valid at `moment`."""
        if moment < self.not_valid_before:
            raise IdentityError(
                f"le certificat de « {self.subject_name} » n'est valable qu'à partir du "
                f"{_french_date(self.not_valid_before)} : il ne peut pas encore signer."
            )
        if moment > self.not_valid_after:
            raise IdentityError(
                f"le certificat de « {self.subject_name} » a expiré le "
                f"{_french_date(self.not_valid_after)} : demandez un certificat renouvelé, "
                "ou signez avec l'identité locale de la collectivité."
            )

    def pyhanko_signer(self):
        """The pyHanko signer for this identity (PDF and detached CMS signatures)."""
        from asn1crypto import keys as asn1_keys
        from asn1crypto import x509 as asn1_x509
        from pyhanko.sign import signers
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        def to_asn1(certificate: x509.Certificate):
            return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))

        key_der = self.private_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        signing_cert = to_asn1(self.certificate)
        return signers.SimpleSigner(
            signing_cert=signing_cert,
            signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
            cert_registry=SimpleCertificateStore.from_certs([signing_cert, *map(to_asn1, self.chain)]),
        )


def _french_date(moment: dt.datetime) -> str:
    return moment.strftime("%d/%m/%Y")


# --- PKCS#12 files ---------------------------------------------------------------------------


def load_pkcs12(path: Path | str, password: str | bytes | None) -> SigningIdentity:
    """Read a .p12/.pfx; a missing file, a wrong password or a file without a key is an IdentityError.

    Expiry is checked when signing (`check_valid_at`), against the signing time.
    """
    return _load_pkcs12_file(Path(path), password, kind="pkcs12")


def _load_pkcs12_file(path: Path, password: str | bytes | None, *, kind: str) -> SigningIdentity:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IdentityError(f"fichier de certificat introuvable : {path}") from None
    except IsADirectoryError:
        raise IdentityError(f"{path} est un dossier, pas un fichier de certificat (.p12, .pfx).") from None
    except OSError as error:
        raise IdentityError(f"impossible de lire le certificat {path} : {os_reason(error)}") from None
    secret = password.encode("utf-8") if isinstance(password, str) else password
    try:
        bundle = pkcs12.load_pkcs12(data, secret or None)
    except ValueError:
        raise IdentityError(_unreadable_pkcs12(path, data)) from None
    except Exception as error:  # unsupported algorithms inside an otherwise valid file
        raise IdentityError(f"fichier de certificat {path.name} illisible ({error}).") from None
    if bundle.key is None:
        raise IdentityError(
            f"{path.name} ne contient pas de clé privée : exportez le certificat « avec la clé "
            "privée » (fichier .p12 ou .pfx) depuis le magasin de certificats."
        )
    if bundle.cert is None:
        raise IdentityError(f"{path.name} ne contient pas de certificat.")
    if not isinstance(bundle.key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise IdentityError(f"{path.name} : type de clé non pris en charge (RSA ou ECDSA attendu).")
    if bundle.cert.certificate.public_key().public_numbers() != bundle.key.public_key().public_numbers():
        raise IdentityError(f"{path.name} : la clé privée ne correspond pas au certificat.")
    chain = tuple(item.certificate for item in bundle.additional_certs)
    return SigningIdentity(bundle.cert.certificate, bundle.key, chain, kind)


def _unreadable_pkcs12(path: Path, data: bytes) -> str:
    """Why a .p12 did not open: the password, or a file of another kind (say which)."""
    if _is_pkcs12(data):
        return f"impossible d'ouvrir {path.name} : mot de passe incorrect."
    if b"-----BEGIN" in data[:4096]:
        return (f"{path.name} est un certificat ou une clé au format PEM, pas un fichier PKCS#12 : "
                "exportez le certificat « avec la clé privée » au format .p12 ou .pfx.")
    return (f"{path.name} n'est pas un fichier PKCS#12 (.p12, .pfx) : exportez le certificat "
            "« avec la clé privée » depuis le magasin de certificats.")


def _is_pkcs12(data: bytes) -> bool:
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        return asn1_pkcs12.Pfx.load(data, strict=True)["version"].native == "v3"
    except Exception:  # any parsing failure: not a PKCS#12 structure
        return False


def identity_to_pkcs12(identity: SigningIdentity, passphrase: str) -> bytes:
    """Serialise with AES-256-CBC and PBKDF2-SHA256 (not the legacy RC2/3DES of old .p12 files)."""
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(200_000)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(passphrase.encode("utf-8"))
    )
    return pkcs12.serialize_key_and_certificates(
        identity.subject_name.encode("utf-8"), identity.private_key, identity.certificate,
        list(identity.chain) or None, encryption,
    )


# --- self-signed identities ------------------------------------------------------------------


def local_identity_path(data_dir: Path | str) -> Path:
    return Path(data_dir) / LOCAL_IDENTITY_DIR / LOCAL_IDENTITY_FILE


def create_local_identity(collectivite, passphrase: str, path: Path | str) -> SigningIdentity:
    """Make a self-signed identity for the collectivité and store it encrypted at `path`.

    Refuses to overwrite an existing identity: its fingerprint may already have been given
    to the State's office, and losing the key would orphan every bundle signed with it.
    """
    target = Path(path)
    if target.exists():
        raise IdentityError(f"une identité locale existe déjà : {target} (elle n'est pas remplacée).")
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise IdentityError(
            f"la phrase de passe doit compter au moins {MIN_PASSPHRASE_LENGTH} caractères."
        )
    identity = self_signed_identity(
        common_name=_signer_name(collectivite),
        organization=collectivite.raison_sociale or "Collectivité",
        title=collectivite.representant.qualite,
        kind="locale",
    )
    try:
        atomic_write_bytes(target, identity_to_pkcs12(identity, passphrase))
    except OSError as error:
        raise IdentityError(f"impossible d'enregistrer l'identité locale dans {target.parent} : "
                            f"{os_reason(error)}") from None
    return identity


def load_local_identity(path: Path | str, passphrase: str) -> SigningIdentity:
    target = Path(path)
    if not target.exists():
        raise IdentityError(f"aucune identité locale dans {target.parent}.")
    try:
        return _load_pkcs12_file(target, passphrase, kind="locale")
    except IdentityError as error:
        if "mot de passe incorrect" in str(error):
            raise IdentityError("phrase de passe de l'identité locale incorrecte.") from None
        raise


def demo_identity(now: dt.datetime | None = None) -> SigningIdentity:
    """A throw-away identity for the demo export, clearly named as an example."""
    return self_signed_identity(
        common_name="Marie Exemple (IDENTITÉ DE DÉMONSTRATION)",
        organization="Commune de Saint-Exemple-sur-Loire (EXEMPLE FICTIF)",
        title="Maire",
        kind="demo",
        now=now,
        validity_days=3 * 365,
    )


def self_signed_identity(
    *, common_name: str, organization: str, title: str = "", kind: str = "locale",
    now: dt.datetime | None = None, validity_days: int = LOCAL_VALIDITY_DAYS,
) -> SigningIdentity:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization[:64] or "Collectivité"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64] or "Signataire"),
    ]
    if title:
        attributes.insert(2, x509.NameAttribute(NameOID.TITLE, title[:64]))
    name = x509.Name(attributes)
    start = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=1)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=validity_days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return SigningIdentity(certificate, key, (), kind)


def _signer_name(collectivite) -> str:
    nom = collectivite.representant.nom.strip()
    organisation = collectivite.raison_sociale.strip()
    if nom and organisation:
        return f"{nom}, {organisation}"
    return nom or organisation or "Signataire"


