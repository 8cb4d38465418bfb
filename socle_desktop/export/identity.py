"""Who signs: a PKCS#12 file the collectivité already holds, a hardware token (PKCS#11), one of
the local identities, or the demo one.

A local identity is a self-signed X.509 certificate made for one collectivité and one signer
(DESIGN.md §7: CN = the signer, title = their quality, organizationIdentifier = NTRFR-<SIREN>,
O = the raison sociale), kept as a PKCS#12 file whose private key is encrypted with a passphrase
(AES-256, PBKDF2, and a MAC with the same work factor): nothing is readable at rest without it,
and the passphrase itself is never stored. The data folder keeps several of them (an EPCI agent
prepares dossiers for several collectivités; a town hall changes mayor), each with its
certificate beside it in clear (`.pem`) so that the right one can be picked without a passphrase.
A reviewer confirms a self-signed identity by its short verification code, which the PDF prints.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import hmac
import logging
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from ..domain.fingerprints import format_fingerprint  # noqa: F401  (re-exported: its home is the domain)
from ..domain.identifiers import siret_problem
from ..domain.text import hidden_codes
from ..fileio import atomic_write_bytes, fsync_directory
from .binding import (
    SIREN_PREFIX,
    X509_NAME_MAX,
    CertificateFacts,
    certificate_facts,
    siren_of_siret,
)
from .errors import ExportError

LOCAL_IDENTITY_DIR = "identites"
LOCAL_IDENTITY_FILE = "identite-locale.p12"
MIN_PASSPHRASE_LENGTH = 8
LOCAL_VALIDITY_DAYS = 10 * 365
# PBKDF2 rounds of the key's encryption, and the same count for the file's MAC (a weaker MAC
# would let a passphrase be guessed at its cost instead: issue 17, item 14).
PKCS12_WORK_FACTOR = 200_000


class IdentityError(ExportError):
    """The identity cannot sign: a code the front-ends word as one French sentence the user can act on."""


# The codes of a wrong password, passphrase or PIN: a person at a terminal may type it again.
WRONG_SECRET = frozenset({"pkcs12_wrong_password", "local_identity_wrong_passphrase", "pkcs11_pin_incorrect"})



@dataclass(frozen=True)
class SigningIdentity:
    """A certificate and the means to sign with its key: the key itself (a .p12, a local or demo
    identity) or a PKCS#11 token reached through `token` (the key never leaves the token)."""

    certificate: x509.Certificate
    private_key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | None
    chain: tuple[x509.Certificate, ...] = ()
    kind: str = "pkcs12"  # "pkcs12" | "locale" | "demo" | "pkcs11"
    token: Pkcs11Token | None = field(default=None, compare=False)
    # Said to the user when the identity is made (an abbreviated O), coded: the front-ends word them.
    notes: tuple[IdentityError, ...] = ()

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
    def facts(self) -> CertificateFacts:
        return certificate_facts(self.certificate)

    @cached_property
    def fingerprint_sha256(self) -> str:
        """Lower-case hex SHA-256 of the DER certificate (what `openssl x509 -fingerprint` shows)."""
        return self.certificate.fingerprint(hashes.SHA256()).hex()

    @property
    def short_code(self) -> str:
        return self.facts.short_code

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
            raise IdentityError("certificate_not_yet_valid", subject=self.subject_name,
                                not_before=self.not_valid_before)
        if moment > self.not_valid_after:
            raise IdentityError("certificate_expired", subject=self.subject_name, not_after=self.not_valid_after)

    @contextlib.contextmanager
    def signer(self):
        """The pyHanko signer for this identity (PDF and detached CMS signatures), for one use:
        a token's session is opened for it and closed after."""
        if self.token is not None:
            with self.token.signer() as pkcs11_signer:
                yield pkcs11_signer
            return
        yield self.pyhanko_signer()

    def pyhanko_signer(self):
        """The in-memory signer of an identity whose key is here (not a token's)."""
        from asn1crypto import keys as asn1_keys
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        if self.private_key is None:
            raise IdentityError("identity_on_token")
        key_der = self.private_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        signing_cert = _to_asn1(self.certificate)
        return _loaded_key_signer_class()(
            self.private_key,
            signing_cert=signing_cert,
            signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
            cert_registry=SimpleCertificateStore.from_certs([signing_cert, *map(_to_asn1, self.chain)]),
        )


@functools.cache
def _loaded_key_signer_class():
    """pyHanko's SimpleSigner, signing with the key already loaded here.

    SimpleSigner loads its key from DER again for each signature, with RSA's consistency
    check (37 ms for a 2 048-bit key), and an export makes three (the PDF's size estimate, the
    PDF, the bundle's CMS): a tenth of the 60-school dossier's export (issue 15). The key was
    checked when it was loaded here. Mechanisms other than PKCS#1 v1.5 and ECDSA go to pyHanko."""
    from cryptography.hazmat.primitives.asymmetric.ec import ECDSA
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from pyhanko.sign import signers
    from pyhanko.sign.general import get_pyca_cryptography_hash

    class LoadedKeySigner(signers.SimpleSigner):
        def __init__(self, loaded_key, **options):
            super().__init__(**options)
            self._loaded_key = loaded_key

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            try:  # as SimpleSigner.sign_raw reads it
                mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
            except ValueError:
                return super().sign_raw(data, digest_algorithm)
            key = self._loaded_key
            if mechanism == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
                return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
            if mechanism == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
                return key.sign(data, ECDSA(get_pyca_cryptography_hash(digest_algorithm)))
            return super().sign_raw(data, digest_algorithm)

    return LoadedKeySigner


def _to_asn1(certificate: x509.Certificate):
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


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
        raise IdentityError("pkcs12_not_found", path=path) from None
    except IsADirectoryError:
        raise IdentityError("pkcs12_is_directory", path=path) from None
    except OSError as error:
        raise IdentityError("pkcs12_unreadable", path=path, os_error=error) from None
    secret = password.encode("utf-8") if isinstance(password, str) else password
    try:
        bundle = pkcs12.load_pkcs12(data, secret or None)
    except ValueError:
        raise IdentityError(_unreadable_pkcs12(data), name=path.name) from None
    except Exception as error:  # unsupported algorithms inside an otherwise valid file
        from cryptography.exceptions import UnsupportedAlgorithm

        if isinstance(error, UnsupportedAlgorithm):
            code = "pkcs12_unsupported_algorithm"
        else:  # the details are for the log, not for the person holding the file
            logging.getLogger(__name__).warning("PKCS#12 %s unreadable", path.name, exc_info=True)
            code = "pkcs12_unsupported_format"
        raise IdentityError(code, name=path.name) from None
    if bundle.key is None:
        raise IdentityError("pkcs12_no_key", name=path.name)
    if bundle.cert is None:
        raise IdentityError("pkcs12_no_certificate", name=path.name)
    if not isinstance(bundle.key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise IdentityError("pkcs12_key_type", name=path.name)
    if bundle.cert.certificate.public_key().public_numbers() != bundle.key.public_key().public_numbers():
        raise IdentityError("pkcs12_key_mismatch", name=path.name)
    chain = tuple(item.certificate for item in bundle.additional_certs)
    return SigningIdentity(bundle.cert.certificate, bundle.key, chain, kind)


def _unreadable_pkcs12(data: bytes) -> str:
    """Why a .p12 did not open (a code): the password, or a file of another kind (which)."""
    if _is_pkcs12(data):
        return "pkcs12_wrong_password"
    if b"-----BEGIN" in data[:4096]:
        return "pkcs12_is_pem"
    return "pkcs12_not_pkcs12"


def _is_pkcs12(data: bytes) -> bool:
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        return asn1_pkcs12.Pfx.load(data, strict=True)["version"].native == "v3"
    except Exception:  # any parsing failure: not a PKCS#12 structure
        return False


def identity_to_pkcs12(identity: SigningIdentity, passphrase: str) -> bytes:
    """Serialise with AES-256-CBC and PBKDF2-SHA256 (not the legacy RC2/3DES of old .p12 files),
    and a SHA-256 MAC whose key derivation costs as much as the key's PBKDF2."""
    if identity.private_key is None:
        raise IdentityError("token_key_not_exportable")
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(PKCS12_WORK_FACTOR)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(passphrase.encode("utf-8"))
    )
    data = pkcs12.serialize_key_and_certificates(
        identity.subject_name.encode("utf-8"), identity.private_key, identity.certificate,
        list(identity.chain) or None, encryption,
    )
    return remac_pkcs12(data, passphrase, PKCS12_WORK_FACTOR)


def remac_pkcs12(data: bytes, passphrase: str, iterations: int) -> bytes:
    """The same PKCS#12 with its SHA-256 MAC recomputed over `iterations` rounds.

    `cryptography` sets the key's PBKDF2 rounds but always writes the MAC with OpenSSL's default
    of 2 048: a guess would then be checked against the MAC at 1/100 of the cost. The MAC key is
    derived as RFC 7292 appendix B says (ID 3, the password as a BMPString), which every reader
    (OpenSSL, Windows, NSS) implements with any iteration count.
    """
    from asn1crypto import pkcs12 as asn1_pkcs12

    pfx = asn1_pkcs12.Pfx.load(data)
    mac_data = pfx["mac_data"]
    if mac_data["mac"]["digest_algorithm"]["algorithm"].native != "sha256":
        raise IdentityError("pkcs12_unexpected_mac")
    salt = mac_data["mac_salt"].native
    auth_safe = _octets(pfx)
    key = pkcs12_kdf(passphrase, salt, iterations, purpose=3)
    digest = hmac.new(key, auth_safe, hashlib.sha256).digest()
    new_mac = asn1_pkcs12.MacData({
        "mac": {"digest_algorithm": {"algorithm": "sha256", "parameters": None}, "digest": digest},
        "mac_salt": salt,
        "iterations": iterations,
    })
    rebuilt = asn1_pkcs12.Pfx({"version": "v3", "auth_safe": pfx["auth_safe"], "mac_data": new_mac})
    return rebuilt.dump(force=True)


def _octets(pfx) -> bytes:
    """The bytes the MAC covers: the value of authSafe's `data` OCTET STRING."""
    return pfx["auth_safe"]["content"].native


def pkcs12_kdf(passphrase: str, salt: bytes, iterations: int, *, purpose: int, size: int = 32) -> bytes:
    """RFC 7292 B.2 with SHA-256 (u = 32, v = 64), for `size` <= 32 bytes (one block)."""
    v = 64
    password = (passphrase + "\0").encode("utf-16-be") if passphrase is not None else b""
    diversifier = bytes([purpose]) * v

    def stretch(value: bytes) -> bytes:
        if not value:
            return b""
        length = v * -(-len(value) // v)
        return (value * (length // len(value) + 1))[:length]

    block = hashlib.sha256(diversifier + stretch(salt) + stretch(password)).digest()
    for _ in range(iterations - 1):
        block = hashlib.sha256(block).digest()
    return block[:size]


def pkcs12_mac_iterations(data: bytes) -> int:
    from asn1crypto import pkcs12 as asn1_pkcs12

    return int(asn1_pkcs12.Pfx.load(data)["mac_data"]["iterations"].native)


def _write_private(path: Path, data: bytes) -> None:
    """Atomic, and readable by this user only from the first byte (0600 in a 0700 folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(path.parent, 0o700)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partiel", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    fsync_directory(path.parent)


# --- local identities: several per data folder --------------------------------------------------


def identities_dir(data_dir: Path | str) -> Path:
    return Path(data_dir) / LOCAL_IDENTITY_DIR


def local_identity_path(data_dir: Path | str) -> Path:
    """The single identity of earlier versions (still listed, still usable)."""
    return identities_dir(data_dir) / LOCAL_IDENTITY_FILE


def certificate_sidecar(path: Path) -> Path:
    """The certificate of a local identity, in clear beside its .p12 (it is public)."""
    return path.with_suffix(".pem")


@dataclass(frozen=True)
class LocalIdentity:
    """One local identity in the data folder, known without its passphrase."""

    path: Path
    facts: CertificateFacts | None  # None: an identity of an earlier version, not yet unlocked


def list_local_identities(data_dir: Path | str) -> list[LocalIdentity]:
    """Every usable local identity, the newest certificate first (set-aside ones are left out)."""
    folder = identities_dir(data_dir)
    try:
        files = sorted(p for p in folder.glob("*.p12") if "-mise-de-cote-" not in p.name and p.is_file())
    except OSError:
        return []
    found = []
    for path in files:
        facts = None
        with contextlib.suppress(OSError, ValueError):
            facts = certificate_facts(certificate_sidecar(path).read_bytes())
        found.append(LocalIdentity(path, facts))
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    found.sort(key=lambda entry: entry.facts.not_before if entry.facts else oldest, reverse=True)
    return found


def matching_local_identity(entries: list[LocalIdentity], collectivite,
                            moment: dt.datetime | None = None) -> LocalIdentity | None:
    """The newest identity valid at `moment` whose SIREN and signer are the dossier's."""
    from .binding import binding_mismatches

    moment = moment or dt.datetime.now(dt.UTC)
    for entry in entries:
        if entry.facts is None or not (entry.facts.not_before <= moment <= entry.facts.not_after):
            continue
        if not binding_mismatches(entry.facts, collectivite):
            return entry
    return None


def new_local_identity_path(data_dir: Path | str, collectivite, now: dt.datetime | None = None) -> Path:
    """`<SIREN>-<signataire>-<AAAAMMJJ-HHMMSS>.p12`: readable in a file manager, never reused."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    siren = siren_of_siret(collectivite.siret) or "sans-siren"
    plain = unicodedata.normalize("NFKD", collectivite.representant.nom)
    name = re.sub(r"[^a-z0-9]+", "-", plain.encode("ascii", "ignore").decode().lower()).strip("-")[:40]
    path = identities_dir(data_dir) / f"{siren}-{name or 'signataire'}-{stamp}.p12"
    counter = 2
    while path.exists():
        path = path.with_name(f"{siren}-{name or 'signataire'}-{stamp}-{counter}.p12")
        counter += 1
    return path


def new_identity_notes(collectivite) -> list[IdentityError]:
    """What a local identity made now for this collectivité would say about its names, before it
    is made: a signer's name or quality too long for X.509 (refused at creation), an abbreviated
    raison sociale (noted). Coded (the front-ends word them, without a final full stop); empty
    when all fit."""
    notes = []
    for field_code, value in (("signer_name", collectivite.representant.nom),
                              ("signer_title", collectivite.representant.qualite)):
        try:
            _within_bounds(field_code, value or "")
        except IdentityError as error:
            notes.append(error)
    _value, note = organization_in_bounds(collectivite.raison_sociale or "")
    return notes + ([note] if note else [])


def create_local_identity(collectivite, passphrase: str, path: Path | str) -> SigningIdentity:
    """Make a self-signed identity for the collectivité and its representative, stored encrypted
    at `path` (its certificate beside it, in clear, as `.pem`).

    Refuses to overwrite an existing identity: its code may already have been given to the
    State's office, and losing the key would orphan every bundle signed with it.
    """
    target = Path(path)
    if target.exists():
        raise IdentityError("local_identity_exists", path=target)
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise IdentityError("passphrase_too_short", minimum=MIN_PASSPHRASE_LENGTH)
    problem = siret_problem(collectivite.siret or "")
    if problem:  # a finding's message (domain/identifiers.py), quoted
        raise IdentityError("identity_siret_invalid", problem=problem)
    if not collectivite.representant.nom.strip():
        raise IdentityError("identity_no_representative")
    identity = self_signed_identity(
        common_name=collectivite.representant.nom,
        organization=collectivite.raison_sociale or "",
        title=collectivite.representant.qualite,
        siren=siren_of_siret(collectivite.siret),
        kind="locale",
    )
    try:
        _write_private(target, identity_to_pkcs12(identity, passphrase))
        atomic_write_bytes(certificate_sidecar(target),
                           identity.certificate.public_bytes(serialization.Encoding.PEM))
    except OSError as error:
        raise IdentityError("local_identity_write_failed", folder=target.parent, os_error=error) from None
    return identity


def load_local_identity(path: Path | str, passphrase: str) -> SigningIdentity:
    target = Path(path)
    if not target.exists():
        raise IdentityError("local_identity_missing", folder=target.parent)
    try:
        identity = _load_pkcs12_file(target, passphrase, kind="locale")
    except IdentityError as error:
        if error.code == "pkcs12_wrong_password":
            raise IdentityError("local_identity_wrong_passphrase") from None
        raise
    sidecar = certificate_sidecar(target)
    if not sidecar.exists():  # an identity of an earlier version: listed by its names from now on
        with contextlib.suppress(OSError):
            atomic_write_bytes(sidecar, identity.certificate.public_bytes(serialization.Encoding.PEM))
    return identity


def demo_identity(now: dt.datetime | None = None) -> SigningIdentity:
    """A throw-away identity for the demo export: the demo dossier's signer and collectivité,
    marked as a demonstration in its organisational unit."""
    from .demo import DEMO_SIGNER  # the demo dossier's content, a document

    return self_signed_identity(**DEMO_SIGNER, kind="demo", now=now, validity_days=3 * 365)


def _refuse_hidden(field_code: str, value: str) -> None:
    """A control character or a right-to-left override in a subject would make the certificate
    show another name than it holds (pdfsig prints « Retournac gnilliw » reversed): refused.
    `field_code`: which name (signer_name, signer_title, raison_sociale, unit)."""
    codes = hidden_codes(" ".join(str(value).split()))
    if codes:
        raise IdentityError("name_hidden_characters", field=field_code, codes=list(codes))


def _within_bounds(field_code: str, value: str) -> str:
    value = " ".join(str(value).split())
    if len(value) > X509_NAME_MAX:
        raise IdentityError("name_too_long", field=field_code, value=value, length=len(value),
                            maximum=X509_NAME_MAX)
    return value


def organization_in_bounds(raison_sociale: str) -> tuple[str, IdentityError | None]:
    """(O, note): the raison sociale when it fits in X.509's 64 characters; else an explicitly
    abbreviated form ending with « … » and a note saying so (the SIREN identifies the
    collectivité), coded: the front-ends word it."""
    value = " ".join(str(raison_sociale).split()) or "Collectivité"
    if len(value) <= X509_NAME_MAX:
        return value, None
    cut = value[:X509_NAME_MAX - 1]
    if " " in cut[X509_NAME_MAX // 2:]:
        cut = cut[:cut.rfind(" ")]
    abbreviated = cut.rstrip(" ,;-") + "…"
    note = IdentityError("organization_abbreviated", length=len(value), maximum=X509_NAME_MAX,
                         abbreviated=abbreviated)
    return abbreviated, note


def _common_name(value: str) -> x509.NameAttribute:
    """CN within X.509's bound, which counts characters (RFC 5280: ub-common-name 64, a SIZE
    constraint on the string): `cryptography` counts UTF-8 bytes and would refuse a 64-character
    name with accents that `_within_bounds` has accepted; its own check is the one skipped (and
    its warning silenced, see binding.py)."""
    return x509.NameAttribute(NameOID.COMMON_NAME, value, _validate=False)


def self_signed_identity(
    *, common_name: str, organization: str, title: str = "", siren: str = "", unit: str = "",
    kind: str = "locale", now: dt.datetime | None = None, validity_days: int = LOCAL_VALIDITY_DAYS,
    key: rsa.RSAPrivateKey | None = None,
) -> SigningIdentity:
    """CN = signer, title = quality, O = raison sociale, organizationIdentifier = NTRFR-<SIREN>.

    A signer's name or quality longer than X.509 allows is refused (never cut): it is what
    `verify` compares with the dossier. A longer raison sociale is abbreviated visibly (see
    `organization_in_bounds`), with a note in `notes`. `key`: an existing key (tests and
    benchmarks that make a certificate per collectivité cheaply); a new one otherwise.
    """
    _refuse_hidden("signer_name", common_name)
    _refuse_hidden("signer_title", title)
    _refuse_hidden("raison_sociale", organization)
    _refuse_hidden("unit", unit)
    key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    common_name = _within_bounds("signer_name", common_name) or "Signataire"
    title = _within_bounds("signer_title", title)
    organization_value, note = organization_in_bounds(organization)
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization_value),
    ]
    if siren:
        if not re.fullmatch(r"\d{9}", siren):
            raise IdentityError("siren_invalid", siren=siren)
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, SIREN_PREFIX + siren))
    if unit:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit[:X509_NAME_MAX]))
    if title:
        attributes.append(x509.NameAttribute(NameOID.TITLE, title))
    attributes.append(_common_name(common_name))
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
    return SigningIdentity(certificate, key, (), kind, notes=(note,) if note else ())


# --- hardware tokens (PKCS#11) -----------------------------------------------------------------

from .pkcs11 import Pkcs11Token, open_pkcs11_identity  # noqa: E402,F401  (re-exported)
