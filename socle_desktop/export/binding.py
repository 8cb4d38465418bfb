"""Who a certificate names, and whether it is the dossier's collectivité and signer (DESIGN.md §7).

A signing identity names the signer (CN), their quality (title) and the collectivité by its legal
identifier in the ETSI EN 319 412-1 form for legal persons, `organizationIdentifier = NTRFR-<SIREN>`
(older French RGS certificates carry `OU = 0002 <SIREN>`; it is read too). Export and `verify`
both use `binding_mismatches`: the identity's SIREN must be the SIREN of the dossier's SIRET, and
its signer the dossier's representative. The short verification code (first 80 bits of the
certificate's SHA-256, base32, groups of 4) is what a person reads out on the phone.

Nothing here trusts the certificate: its text is untrusted (`domain.text.visible` before printing), and an
identity is « confirmée » only when it is anchored in a trust list the reviewer supplies
(`--confiance`): a pinned SHA-256, a trusted certificate, or a chain that validates up to one.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID

from ..domain.coded_error import CodedError

# `cryptography` warns (UserWarning, on stderr) each time it reads a CN of more than 64 UTF-8
# bytes, though X.509 bounds it at 64 *characters* (RFC 5280 ub-common-name): a signer named in
# 64 characters with accents is within bounds, and a Python warning is not a French message.
warnings.filterwarnings("ignore", message=r"Attribute's length must be >= 1 and <= 64", category=UserWarning)

SIREN_PREFIX = "NTRFR-"
LEGACY_SIREN_PREFIX = "0002 "  # OU of French RGS certificates before ETSI EN 319 412-1
X509_NAME_MAX = 64  # ub-common-name, ub-organization-name, ub-title (RFC 5280, appendix A)
SHORT_CODE_BITS = 80


# --- the verification code ------------------------------------------------------------------

def short_code(fingerprint_hex: str) -> str:
    """`ABCD-EFGH-IJKL-MNOP`: the first 80 bits of the certificate's SHA-256 in base32 (RFC 4648),
    16 characters that can be read out on the phone (no 0/O, 1/I confusion in base32's alphabet)."""
    raw = bytes.fromhex(fingerprint_hex)[: SHORT_CODE_BITS // 8]
    code = base64.b32encode(raw).decode("ascii")
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def siren_of_siret(siret: str) -> str:
    """The SIREN (9 digits) of a SIRET, or "" when the SIRET is not 14 digits."""
    digits = re.sub(r"[\s.\u00a0\u202f-]", "", str(siret or ""))
    return digits[:9] if len(digits) == 14 and digits.isdigit() else ""


def format_siren(siren: str) -> str:
    return f"{siren[:3]} {siren[3:6]} {siren[6:]}" if len(siren) == 9 else siren


# --- what a certificate says ------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateFacts:
    """The parts of a certificate a person compares with the dossier."""

    fingerprint: str  # SHA-256 of the DER certificate, lower-case hex
    common_name: str
    title: str
    organization: str
    organization_identifier: str
    siren: str  # from NTRFR-<SIREN> (or the legacy OU), else ""
    subject: str  # the whole subject, RFC 4514
    issuer: str  # the issuer's common name, else its whole name
    not_before: dt.datetime
    not_after: dt.datetime
    self_signed: bool

    @property
    def short_code(self) -> str:
        return short_code(self.fingerprint)


def _attribute(name: x509.Name, oid) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def load_certificate(data: bytes | x509.Certificate) -> x509.Certificate:
    if isinstance(data, x509.Certificate):
        return data
    if b"-----BEGIN" in data[:200]:
        return x509.load_pem_x509_certificate(data)
    return x509.load_der_x509_certificate(data)


# Attributes RFC 4514 prints as bare OIDs (« 2.5.4.97=NTRFR-… ») named as a reviewer reads them.
READABLE_NAMES = {NameOID.TITLE: "title", NameOID.ORGANIZATION_IDENTIFIER: "organizationIdentifier",
                  NameOID.SERIAL_NUMBER: "serialNumber", NameOID.GIVEN_NAME: "givenName",
                  NameOID.SURNAME: "SN"}


def certificate_facts(certificate: bytes | x509.Certificate) -> CertificateFacts:
    """Read a certificate (DER, PEM or cryptography object); a malformed one raises ValueError."""
    cert = load_certificate(certificate)
    subject = cert.subject
    identifier = _attribute(subject, NameOID.ORGANIZATION_IDENTIFIER)
    siren = ""
    if identifier.upper().startswith(SIREN_PREFIX) and re.fullmatch(r"\d{9}", identifier[len(SIREN_PREFIX):]):
        siren = identifier[len(SIREN_PREFIX):]
    else:
        for unit in subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME):
            text = str(unit.value)
            if text.startswith(LEGACY_SIREN_PREFIX) and re.fullmatch(r"\d{9}", text[len(LEGACY_SIREN_PREFIX):]):
                siren = text[len(LEGACY_SIREN_PREFIX):]
    issuer = _attribute(cert.issuer, NameOID.COMMON_NAME) or cert.issuer.rfc4514_string(READABLE_NAMES)
    return CertificateFacts(
        fingerprint=cert.fingerprint(hashes.SHA256()).hex(),
        common_name=_attribute(subject, NameOID.COMMON_NAME),
        title=_attribute(subject, NameOID.TITLE),
        organization=_attribute(subject, NameOID.ORGANIZATION_NAME),
        organization_identifier=identifier,
        siren=siren,
        subject=subject.rfc4514_string(READABLE_NAMES),
        issuer=issuer,
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        self_signed=cert.issuer == cert.subject,
    )


# --- the binding to the dossier ---------------------------------------------------------------

_CIVILITIES = {"m", "mr", "mme", "mlle", "monsieur", "madame", "mademoiselle", "dr", "docteur"}


def person_key(name: str) -> tuple[str, ...]:
    """A name compared as people write it: case, accents, hyphens, word order and a civility
    (« M. », « Mme ») do not count; every other letter does."""
    plain = unicodedata.normalize("NFKD", str(name or ""))
    plain = "".join(char for char in plain if not unicodedata.combining(char)).casefold()
    words = [word for word in re.split(r"[^\w]+", plain) if word]
    while words and words[0] in _CIVILITIES:
        words.pop(0)
    return tuple(sorted(words))


def same_person(a: str, b: str) -> bool:
    key = person_key(a)
    return bool(key) and key == person_key(b)


@dataclass(frozen=True)
class Mismatch:
    code: str  # "SIREN" | "SIGNATAIRE"
    # no_siren | dossier_siret_invalid | other_siren | other_signer, and the raw values it names:
    # worded by export/document_words.py (what the PDF and bag-info.txt record).
    reason: str
    values: dict = field(default_factory=dict, compare=False, hash=False)


def binding_mismatches(facts: CertificateFacts, collectivite) -> list[Mismatch]:
    """Why this certificate is not the dossier's collectivité and representative (empty: bound)."""
    problems: list[Mismatch] = []
    dossier_siren = siren_of_siret(getattr(collectivite, "siret", ""))
    raison = getattr(collectivite, "raison_sociale", "") or ""
    if not facts.siren:
        problems.append(Mismatch("SIREN", "no_siren", {"prefix": SIREN_PREFIX, "raison_sociale": raison}))
    elif not dossier_siren:
        problems.append(Mismatch("SIREN", "dossier_siret_invalid"))
    elif facts.siren != dossier_siren:
        problems.append(Mismatch("SIREN", "other_siren", {
            "siren": facts.siren, "organization": facts.organization, "raison_sociale": raison,
            "dossier_siren": dossier_siren}))
    representant = getattr(getattr(collectivite, "representant", None), "nom", "") or ""
    if not same_person(facts.common_name, representant):
        problems.append(Mismatch("SIGNATAIRE", "other_signer", {
            "common_name": facts.common_name, "representant": representant}))
    return problems


# --- trust lists (--confiance) ----------------------------------------------------------------


class TrustListError(CodedError, ValueError):
    """The trust list cannot be read: a code and the file, worded by the front-ends (catalogue)."""


@dataclass
class TrustList:
    path: Path
    certificates: list[x509.Certificate] = field(default_factory=list)
    fingerprints: set[str] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.certificates) + len(self.fingerprints)


_HEX_FINGERPRINT = re.compile(r"(?:[0-9a-fA-F]{2}[:\s]?){31}[0-9a-fA-F]{2}")
MAX_TRUST_FILE = 8 * 1024 * 1024


def load_trust_list(path: Path | str) -> TrustList:
    """Trusted certificates (PEM, possibly several, or one DER) and pinned SHA-256 fingerprints
    (one per line, hex with or without colons; `#` starts a comment), in one file."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_TRUST_FILE + 1)
    except FileNotFoundError:
        raise TrustListError("trust_list_not_found", path=path) from None
    except IsADirectoryError:
        raise TrustListError("trust_list_is_directory", path=path) from None
    except OSError as error:
        raise TrustListError("trust_list_unreadable", path=path, os_error=error) from None
    if len(data) > MAX_TRUST_FILE:
        raise TrustListError("trust_list_too_big", name=path.name, maximum=MAX_TRUST_FILE)
    trust = TrustList(path)
    if b"-----BEGIN CERTIFICATE-----" in data:
        try:
            trust.certificates = list(x509.load_pem_x509_certificates(data))
        except ValueError:
            raise TrustListError("trust_list_bad_pem", name=path.name) from None
    elif data[:1] == b"\x30":
        try:
            trust.certificates = [x509.load_der_x509_certificate(data)]
        except ValueError:
            raise TrustListError("trust_list_bad_der", name=path.name) from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TrustListError("trust_list_unreadable_text", name=path.name) from None
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            found = _HEX_FINGERPRINT.search(line)
            if not found:
                raise TrustListError("trust_list_bad_line", name=path.name, line=number)
            trust.fingerprints.add(re.sub(r"[:\s]", "", found.group(0)).lower())
    if not len(trust):
        raise TrustListError("trust_list_empty", name=path.name)
    return trust


@dataclass(frozen=True)
class TrustVerdict:
    confirmed: bool
    # fingerprint_listed | certificate_listed | chain_validated (confirmed), no_trust_list | not_listed:
    # verify words it in its report (a document), with the issuer and the trust list's file name.
    reason: str
    self_signed: bool = True
    issuer: str = ""
    trust_file: str = ""


def trust_verdict(leaf_der: bytes, other_certs_der: list[bytes], trust: TrustList | None,
                  moment: dt.datetime | None = None) -> TrustVerdict:
    """« confirmée » only for an identity anchored in the trust list; a chain that leads nowhere
    trusted is worth exactly what a self-signed certificate is worth."""
    facts = certificate_facts(leaf_der)
    seen = {"self_signed": facts.self_signed, "issuer": facts.issuer}
    if trust is None:
        return TrustVerdict(False, "no_trust_list", **seen)
    seen["trust_file"] = trust.path.name
    if facts.fingerprint in trust.fingerprints:
        return TrustVerdict(True, "fingerprint_listed", **seen)
    der_trusted = {c.public_bytes(serialization.Encoding.DER) for c in trust.certificates}
    if leaf_der in der_trusted:
        return TrustVerdict(True, "certificate_listed", **seen)
    if trust.certificates and _chains_to(leaf_der, other_certs_der, der_trusted, moment):
        return TrustVerdict(True, "chain_validated", **seen)
    return TrustVerdict(False, "not_listed", **seen)


def _chains_to(leaf_der: bytes, others: list[bytes], roots: set[bytes], moment: dt.datetime | None) -> bool:
    """A full path validation (signatures, validity at `moment`, CA constraints) up to a root of
    the list, without any network access (no revocation fetching)."""
    import asyncio

    from asn1crypto import x509 as asn1_x509
    from pyhanko_certvalidator import CertificateValidator, ValidationContext

    try:
        context = ValidationContext(
            trust_roots=[asn1_x509.Certificate.load(der) for der in roots],
            other_certs=[asn1_x509.Certificate.load(der) for der in others if der != leaf_der],
            allow_fetching=False, revocation_mode="soft-fail",
            moment=moment.astimezone(dt.UTC) if moment else None,
        )
        validator = CertificateValidator(asn1_x509.Certificate.load(leaf_der), validation_context=context)
        asyncio.run(validator.async_validate_path())
    except Exception:  # no path, a bad signature on the way, an expired CA: not anchored
        return False
    return True


def _moment(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else None
