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

from ..domain.text import visible
from ..fileio import describe_os_error

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


class TrustListError(ValueError):
    """The trust list cannot be read; the message is one French sentence."""


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
        raise TrustListError(f"liste de confiance introuvable : {path}") from None
    except IsADirectoryError:
        raise TrustListError(f"{path} est un dossier : indiquez le fichier de la liste de confiance.") from None
    except OSError as error:
        raise TrustListError(f"liste de confiance illisible : {path} ({describe_os_error(error)})") from None
    if len(data) > MAX_TRUST_FILE:
        raise TrustListError(f"liste de confiance {path.name} trop grande (plus de 8 Mo).")
    trust = TrustList(path)
    if b"-----BEGIN CERTIFICATE-----" in data:
        try:
            trust.certificates = list(x509.load_pem_x509_certificates(data))
        except ValueError:
            raise TrustListError(f"liste de confiance {path.name} : un certificat PEM est illisible.") from None
    elif data[:1] == b"\x30":
        try:
            trust.certificates = [x509.load_der_x509_certificate(data)]
        except ValueError:
            raise TrustListError(f"liste de confiance {path.name} : certificat DER illisible.") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TrustListError(f"liste de confiance {path.name} : ni certificats ni empreintes lisibles.") from None
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            found = _HEX_FINGERPRINT.search(line)
            if not found:
                raise TrustListError(f"liste de confiance {path.name}, ligne {number} : une empreinte SHA-256 "
                                     "(64 chiffres hexadécimaux) est attendue.")
            trust.fingerprints.add(re.sub(r"[:\s]", "", found.group(0)).lower())
    if not len(trust):
        raise TrustListError(f"liste de confiance {path.name} vide : aucun certificat ni empreinte.")
    return trust


@dataclass(frozen=True)
class TrustVerdict:
    confirmed: bool
    reason: str  # French, one line


def trust_verdict(leaf_der: bytes, other_certs_der: list[bytes], trust: TrustList | None,
                  moment: dt.datetime | None = None) -> TrustVerdict:
    """« confirmée » only for an identity anchored in the trust list; a chain that leads nowhere
    trusted is worth exactly what a self-signed certificate is worth."""
    facts = certificate_facts(leaf_der)
    if facts.self_signed:
        unanchored = "certificat autosigné"
    else:
        unanchored = (f"certificat émis par « {visible(facts.issuer, 120)} », autorité non reconnue : "
                      "pas plus sûr qu'un certificat autosigné")
    if trust is None:
        return TrustVerdict(False, f"{unanchored} ; aucune liste de confiance (--confiance FICHIER) : "
                                   "confirmez le code de vérification auprès de la collectivité")
    if facts.fingerprint in trust.fingerprints:
        return TrustVerdict(True, f"empreinte du certificat présente dans {visible(trust.path.name, 80)}")
    der_trusted = {c.public_bytes(serialization.Encoding.DER) for c in trust.certificates}
    if leaf_der in der_trusted:
        return TrustVerdict(True, f"certificat présent dans {visible(trust.path.name, 80)}")
    if trust.certificates and _chains_to(leaf_der, other_certs_der, der_trusted, moment):
        return TrustVerdict(True, f"chaîne de certification validée jusqu'à une autorité de "
                                  f"{visible(trust.path.name, 80)}")
    return TrustVerdict(False, f"{unanchored} ; absent de la liste de confiance {visible(trust.path.name, 80)}")


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


# --- verify's part ------------------------------------------------------------------------------

BINDING_LABEL = "Signataire lié au dossier (SIREN et représentant)"


def check_bundle_identity(report, dossier_data: dict | None, info: dict[str, str],
                          trust: TrustList | None) -> None:
    """verify's identity checks, on what verify already extracted into `report`:

    - the PDF and the CMS signature carry the same certificate;
    - its SIREN is the SIREN of dossier.json's SIRET, its CN the representative (a mismatch
      fails, even when bag-info.txt records that the exporter confirmed it);
    - `report.identity_lines`: subject, issuer, validity, short code, and « identité confirmée »
      only for an identity anchored in `trust`.
    """
    from types import SimpleNamespace

    from .bag_layout import INFO_OTHER_SIGNER, INFO_SIGNING_TIME
    from .document_words import mismatch_text

    cms_der = getattr(report, "signer_certificate", b"")
    if not cms_der:
        return  # the CMS signature already failed: nobody is named
    try:
        facts = certificate_facts(cms_der)
    except ValueError:
        report.add(BINDING_LABEL, False, "certificat du signataire illisible")
        return
    report.identity_lines = identity_lines(facts, cms_der, getattr(report, "other_certificates", []), trust,
                                           _moment(info.get(INFO_SIGNING_TIME, "")))
    pdf_der = getattr(report, "pdf_certificate", b"")
    problems = []
    if pdf_der and pdf_der != cms_der:
        problems.append("le PDF est signé avec un autre certificat que le paquet")
    if dossier_data is not None:
        collectivite = dossier_data.get("collectivite") or {}
        representant = collectivite.get("representant") or {}
        view = SimpleNamespace(siret=str(collectivite.get("siret", "")),
                               raison_sociale=str(collectivite.get("raison_sociale", "")),
                               representant=SimpleNamespace(nom=str(representant.get("nom", ""))))
        problems += [mismatch_text(m) for m in binding_mismatches(facts, view)]
    if problems and info.get(INFO_OTHER_SIGNER):
        problems.append("la personne qui a signé l'a confirmé malgré cela (bag-info.txt : "
                        f"{INFO_OTHER_SIGNER})")
    report.add(BINDING_LABEL, not problems, " ; ".join(problems) or
               f"SIREN {format_siren(facts.siren)} et « {visible(facts.common_name, 80)} » sont ceux du dossier")


def _moment(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def identity_lines(facts: CertificateFacts, leaf_der: bytes, others: list[bytes], trust: TrustList | None,
                   moment: dt.datetime | None = None) -> list[str]:
    title = f" — {visible(facts.title, 80)}" if facts.title else ""
    siren = f"SIREN {format_siren(facts.siren)}" if facts.siren else "aucun SIREN dans le certificat"
    issuer = visible(facts.issuer, 160) + (" (certificat autosigné)" if facts.self_signed else "")
    verdict = trust_verdict(leaf_der, others, trust, moment)
    return [
        f"Signataire : {visible(facts.common_name, 120) or '(sans nom)'}{title}",
        f"Collectivité du certificat : {visible(facts.organization, 120) or '(non indiquée)'} ({siren})",
        f"Sujet du certificat : {visible(facts.subject, 300)}",
        f"Émetteur : {issuer}",
        f"Validité : du {facts.not_before:%d/%m/%Y} au {facts.not_after:%d/%m/%Y}",
        f"Code de vérification : {facts.short_code}",
        "Certificat du signataire (SHA-256) : " + ":".join(
            facts.fingerprint.upper()[i:i + 2] for i in range(0, len(facts.fingerprint), 2)),
        ("Identité : confirmée (" if verdict.confirmed else "Identité : NON CONFIRMÉE (") + verdict.reason + ")",
    ]
