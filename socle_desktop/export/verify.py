"""Check a bundle as the State's reviewer would: every byte, every signature, every figure.

A bundle is untrusted input: the zip is inspected before anything is extracted (no absolute
path, no `..`, no link, bounded size, member count and compression ratio), then extracted to a
temporary folder and checked with independent code where it exists — the `bagit` library for
the bag, pyHanko for both signatures, `jsonschema` for dossier.json — and with the domain's own
computation for `calcul`. A self-signed identity is accepted: what is verified is integrity and
the consistency of the signer across PDF, CMS and bag-info; the report prints the fingerprint
for the reviewer to confirm with the collectivité.
"""

from __future__ import annotations

import asyncio
import errno
import hashlib
import json
import logging
import os
import re
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from functools import cache
from io import BytesIO
from pathlib import Path, PurePosixPath

import bagit
import jsonschema

from ..domain.compute import compute
from ..domain.dossier_json import DossierFormatError, dossier_from_dict
from ..domain.rules import RulesError
from ..resources import SCHEMA_FILENAME, dossier_schema
from .binding import check_bundle_identity
from .bundle import (
    INFO_DRAFT,
    INFO_EXAMPLE,
    INFO_FINGERPRINT,
    JSON_NAME,
    PDF_NAME,
    PIECES_DIR,
    SIGNATURE_FILE,
    TAG_FILES,
    TAG_MANIFEST,
    rules_of_edition,
)
from .errors import os_reason
from .identity import format_fingerprint
from .pdf import parse_pdf_keywords

# The bagit library logs each problem in English on stderr; the report already says it in French.
logging.getLogger("bagit").addHandler(logging.NullHandler())
logging.getLogger("bagit").propagate = False


@dataclass(frozen=True)
class Limits:
    """What a bundle may weigh: generous for 60 schools and their quotes, fatal for a zip bomb."""

    max_members: int = 5_000
    max_total_bytes: int = 1024**3  # read into memory while checking: keep it bounded
    max_ratio: int = 200  # uncompressed / compressed, for members above ratio_floor_bytes
    ratio_floor_bytes: int = 1024 * 1024


@dataclass
class VerificationReport:
    path: Path
    checks: list[tuple[str, bool, str]] = field(default_factory=list)
    dossier_id: str = ""
    draft: bool = False
    sha256: str = ""
    fingerprint: str = ""
    signer: str = ""
    self_signed: bool = False
    example: bool = False  # bag-info.txt declares a demonstration bundle
    unchecked: str = ""  # why this computer could not run the checks (then the bundle is not judged)
    # The signer's certificates as found (DER) and what binding.check_bundle_identity prints about them.
    signer_certificate: bytes = b""
    pdf_certificate: bytes = b""
    other_certificates: list[bytes] = field(default_factory=list)
    identity_lines: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(passed for _, passed, _ in self.checks)

    def add(self, label: str, passed: bool, detail: str = "") -> bool:
        self.checks.append((label, passed, detail))
        return passed

    def text(self) -> str:
        lines = [f"Vérification du paquet {self.path.name}"]
        if self.sha256:
            lines.append(f"Empreinte SHA-256 du fichier : {self.sha256}")
        if self.dossier_id:
            lines.append(f"Dossier : {self.dossier_id}" + (" (BROUILLON)" if self.draft else ""))
        if self.example:
            lines.append("EXEMPLE FICTIF : paquet de démonstration, sans valeur (bag-info.txt le déclare).")
        if self.identity_lines:  # subject, issuer, validity, short code, trust (binding.py)
            lines.extend(self.identity_lines)
        elif self.fingerprint:
            lines.append(f"Certificat du signataire (SHA-256) : {format_fingerprint(self.fingerprint)}")
        for label, passed, detail in self.checks:
            mark = "OK   " if passed else "ÉCHEC"
            lines.append(f"  [{mark}] {label}" + (f" : {detail}" if detail else ""))
        failures = sum(1 for _, passed, _ in self.checks if not passed)
        if self.ok:
            verdict = "paquet intègre et cohérent"
            if self.draft:
                verdict += " — mais c'est un BROUILLON : il ne peut pas être déposé"
            elif self.example:
                verdict += " — mais c'est un EXEMPLE FICTIF : il ne peut pas être déposé"
        elif self.unchecked:
            verdict = "vérification impossible sur cet ordinateur, paquet non jugé"
        else:
            verdict = f"paquet REJETÉ ({failures} contrôle(s) en échec)"
        lines.append(f"Résultat : {verdict}.")
        return "\n".join(lines) + "\n"


class _Stop(Exception):
    """A check failed in a way that makes the following ones meaningless."""


def verify_bundle(path: Path | str, *, limits: Limits | None = None, trust=None) -> VerificationReport:
    """`trust`: a binding.TrustList (`--confiance`); without it no identity is « confirmée »."""
    report = VerificationReport(Path(path))
    try:
        _verify(report, Path(path), limits or Limits(), trust)
    except _Stop:
        pass
    return report


def _verify(report: VerificationReport, path: Path, limits: Limits, trust=None) -> None:
    data = _read_bundle_file(report, path, limits)
    report.sha256 = hashlib.sha256(data).hexdigest()
    files = _read_zip(report, data, limits)
    bag_files = _single_root(report, files)
    try:
        with tempfile.TemporaryDirectory(prefix="socle-verif-") as temp:
            bag_dir = Path(temp) / "paquet"
            _extract(report, bag_files, bag_dir)
            _check_structure(report, bag_files)
            _check_bagit(report, bag_dir)
    except OSError as error:  # the temporary folder itself could not be made
        _cannot_check(report, error)
    info = _check_bag_info(report, _bag_info(bag_files.get("bag-info.txt", b"")))
    report.example = bool(info.get(INFO_EXAMPLE, "").lower().startswith("oui"))
    cms_fingerprint = _check_cms(report, bag_files)
    _check_fingerprint_field(report, info, cms_fingerprint)
    pdf_keywords = _check_pdf(report, bag_files.get(f"data/{PDF_NAME}", b""), cms_fingerprint)
    dossier_data = _check_json(report, bag_files.get(f"data/{JSON_NAME}", b""))
    if dossier_data is not None:
        _check_calcul(report, dossier_data)
        _check_same_dossier(report, dossier_data, bag_files, pdf_keywords, info)
        _check_pieces(report, dossier_data, bag_files)
    check_bundle_identity(report, dossier_data, info, trust)


def _read_bundle_file(report: VerificationReport, path: Path, limits: Limits) -> bytes:
    """The bundle's bytes, once it is known to be an ordinary file of a bounded size."""
    label = "Lecture du paquet"
    try:
        with path.open("rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                report.add(label, False, f"{path} n'est pas un fichier ordinaire")
                raise _Stop
            if status.st_size > limits.max_total_bytes:
                report.add(label, False, f"{_octets(status.st_size)}, au-delà de la limite de "
                                         f"{_octets(limits.max_total_bytes)}")
                raise _Stop
            return handle.read(limits.max_total_bytes + 1)
    except FileNotFoundError:
        report.add(label, False, f"fichier introuvable : {path}")
        raise _Stop from None
    except OSError as error:
        report.add(label, False, f"illisible ({os_reason(error)})")
        raise _Stop from None


# --- the zip ---------------------------------------------------------------------------------


def _read_zip(report: VerificationReport, data: bytes, limits: Limits) -> dict[str, bytes]:
    label = "Archive zip sûre"
    declared = _declared_member_count(data)
    if declared is not None and declared > limits.max_members:  # before zipfile lists them all
        report.add(label, False, f"{declared} éléments annoncés, au-delà de la limite de {limits.max_members}")
        raise _Stop
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        detail = "fichier vide" if not data else "fichier tronqué, endommagé ou d'un autre format"
        report.add(label, False, f"ce n'est pas une archive zip lisible ({detail})")
        raise _Stop from None
    with archive:
        members = archive.infolist()
        problem = _zip_problem(members, limits)
        if problem:
            report.add(label, False, problem)
            raise _Stop
        files: dict[str, bytes] = {}
        member = None
        try:
            for member in members:
                if member.is_dir():
                    continue
                with archive.open(member) as handle:
                    content = handle.read(member.file_size + 1)
                if len(content) != member.file_size:
                    report.add(label, False, f"« {member.filename} » n'a pas la taille annoncée")
                    raise _Stop
                files[member.filename] = content
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError) as error:
            where = f"« {member.filename} »" if member is not None else "l'archive"
            report.add(label, False, f"{where} est endommagé ou illisible ({_zip_error(error)})")
            raise _Stop from None
    total = sum(len(content) for content in files.values())
    report.add(label, True, f"{len(files)} fichiers, {_octets(total)} une fois décompressés")
    return files


CENTRAL_BYTES_PER_MEMBER = 2048  # a directory entry: 46 bytes, a name of at most 400 characters, extras


def _declared_member_count(data: bytes) -> int | None:
    """How many members the zip's end record announces (zip64 included), read without zipfile,
    which would first build an entry for each of millions of them. The central directory's
    size counts too: zipfile reads entries until that size is used up, whatever the count says."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return None
    count = int.from_bytes(data[end + 10:end + 12], "little")
    size = int.from_bytes(data[end + 12:end + 16], "little")
    locator = end - 20
    if locator >= 0 and data[locator:locator + 4] == b"PK\x06\x07":
        record = int.from_bytes(data[locator + 8:locator + 16], "little")
        if data[record:record + 4] == b"PK\x06\x06":
            count = max(count, int.from_bytes(data[record + 32:record + 40], "little"))
            size = max(size, int.from_bytes(data[record + 40:record + 48], "little"))
    return max(count, size // CENTRAL_BYTES_PER_MEMBER)


def _octets(count: int) -> str:
    return f"{count:,}".replace(",", "\u202f") + " octets"


def _zip_error(error: Exception) -> str:
    text = str(error)
    if "CRC" in text:
        return "somme de contrôle CRC incorrecte"
    if isinstance(error, NotImplementedError) or "compression" in text:
        return "méthode de compression non prise en charge"
    if isinstance(error, EOFError):
        return "données tronquées"
    return _short(error)


def _zip_problem(members: list[zipfile.ZipInfo], limits: Limits) -> str | None:
    if len(members) > limits.max_members:
        return f"{len(members)} éléments, au-delà de la limite de {limits.max_members}"
    total = sum(member.file_size for member in members)
    if total > limits.max_total_bytes:
        return f"{_octets(total)} une fois décompressée, au-delà de la limite de {_octets(limits.max_total_bytes)}"
    seen: set[str] = set()
    for member in members:
        name = member.filename
        problem = _name_problem(name)
        if problem:
            return f"« {name} » : {problem}"
        if name.casefold() in seen:
            return f"« {name} » figure deux fois"
        seen.add(name.casefold())
        if stat.S_ISLNK(member.external_attr >> 16):
            return f"« {name} » est un lien symbolique"
        if member.flag_bits & 0x1:
            return f"« {name} » est chiffré"
        if member.file_size > limits.ratio_floor_bytes and (
            member.file_size > limits.max_ratio * max(member.compress_size, 1)
        ):
            return f"« {name} » est anormalement compressé (bombe zip ?)"
    return _file_and_folder(members)


def _file_and_folder(members: list[zipfile.ZipInfo]) -> str | None:
    """A name used for a file and, in another member's path, for a folder (`a` and `a/b`);
    or an empty folder, which no bag holds and no manifest would cover."""
    files = {member.filename.casefold() for member in members if not member.is_dir()}
    folders = {"/".join(name.split("/")[:depth]) for name in files for depth in range(1, name.count("/") + 1)}
    for member in members:
        if member.is_dir() and member.filename.rstrip("/").casefold() not in folders:
            return f"« {member.filename} » est un dossier vide, absent des manifestes"
        parts = member.filename.rstrip("/").split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder.casefold() in files:
                return f"« {folder} » est à la fois un fichier et un dossier"
    return None


# Names refused because some system could not extract them (the bundle is checked on Windows
# too): characters Windows forbids, a trailing dot or space, device names, long components.
_FORBIDDEN_IN_NAME = set('<>:"|?*\\')
_DEVICE_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
MAX_NAME_BYTES = 200
MAX_PATH_CHARACTERS = 400


def _name_problem(name: str) -> str | None:
    if not name or name.startswith(("/", "\\")) or "\\" in name:
        return "chemin absolu ou séparateur invalide"
    parts = name.rstrip("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "chemin avec « .. » ou composant vide"
    if any(ord(char) < 32 for char in name) or any(_FORBIDDEN_IN_NAME & set(part) for part in parts):
        return "nom de fichier invalide (caractère interdit)"
    if any(part.endswith((".", " ")) or part.split(".", 1)[0].strip().casefold() in _DEVICE_NAMES
           for part in parts):
        return "nom de fichier invalide sous Windows"
    if len(name) > MAX_PATH_CHARACTERS or any(len(part.encode("utf-8")) > MAX_NAME_BYTES for part in parts):
        return "nom de fichier trop long"
    return None


def _extract(report: VerificationReport, files: dict[str, bytes], bag_dir: Path) -> None:
    """Write the checked members into a private temporary folder (for the bagit library)."""
    try:
        for name, content in files.items():
            target = bag_dir.joinpath(*PurePosixPath(name).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    except OSError as error:
        if error.errno in _NOT_THE_BUNDLES_FAULT:
            _cannot_check(report, error)
        report.add("Extraction du paquet", False, f"impossible d'extraire « {name} » ({os_reason(error)})")
        raise _Stop from None


# This computer's trouble (a full or read-only temporary folder), not the bundle's.
_NOT_THE_BUNDLES_FAULT = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _cannot_check(report: VerificationReport, error: OSError) -> None:
    report.unchecked = (f"vérification impossible : le dossier temporaire {tempfile.gettempdir()} "
                        f"n'est pas utilisable ({os_reason(error)}) ; le paquet n'a pas été jugé.")
    report.add("Extraction du paquet", False, report.unchecked)
    raise _Stop from None


def _single_root(report: VerificationReport, files: dict[str, bytes]) -> dict[str, bytes]:
    """The files of the one top-level folder, named relative to it."""
    roots = {name.split("/", 1)[0] for name in files}
    label = "Un seul paquet dans l'archive"
    if len(roots) != 1 or any("/" not in name for name in files):
        report.add(label, False, "l'archive doit contenir un seul dossier (le paquet BagIt)")
        raise _Stop
    return {name.split("/", 1)[1]: content for name, content in files.items()}


# --- BagIt -----------------------------------------------------------------------------------


def _check_structure(report: VerificationReport, files: dict[str, bytes]) -> None:
    required = [*TAG_FILES, f"data/{JSON_NAME}", f"data/{PDF_NAME}", f"data/{SCHEMA_FILENAME}"]
    missing = [name for name in required if name not in files]
    unexpected = sorted(name for name in files if not name.startswith("data/") and name not in TAG_FILES)
    problems = []
    if missing:
        problems.append("manquant(s) : " + ", ".join(missing))
    if unexpected:
        problems.append("en trop : " + ", ".join(unexpected))
    if files.get("bagit.txt", b"").splitlines()[:1] != [b"BagIt-Version: 1.0"]:
        problems.append("bagit.txt n'annonce pas BagIt 1.0")
    listed = {line.split(maxsplit=1)[1] for line in files.get(TAG_MANIFEST, b"").decode("utf-8", "replace")
              .splitlines() if len(line.split(maxsplit=1)) == 2}
    not_covered = [name for name in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt") if name not in listed]
    if not_covered:
        problems.append("non couvert(s) par le manifeste des étiquettes : " + ", ".join(not_covered))
    report.add("Fichiers du paquet", not problems, "; ".join(problems) or "tous présents, aucun en trop")
    if missing:
        raise _Stop


def _check_bagit(report: VerificationReport, bag_dir: Path) -> None:
    label = "Sommes de contrôle BagIt (bibliothèque bagit)"
    try:
        bag = bagit.Bag(str(bag_dir))
        bag.validate()
    except bagit.BagValidationError as error:
        details = "; ".join(_french_detail(detail) for detail in error.details[:5]) if error.details else None
        report.add(label, False, details or _french_bagit_message(str(error)))
        raise _Stop from None
    except (bagit.BagError, OSError, UnicodeError, ValueError) as error:
        report.add(label, False, _french_bagit_message(_short(error)))
        raise _Stop from None
    report.add(label, True, f"{len(bag.payload_entries())} fichiers de données vérifiés (SHA-256)")


def _french_detail(detail) -> str:
    """A problem found by the bagit library, said in French (its own text is English)."""
    path = getattr(detail, "path", "?")
    if isinstance(detail, bagit.ChecksumMismatch):
        return f"{path} : somme de contrôle {detail.algorithm} différente du manifeste (fichier modifié)"
    if isinstance(detail, bagit.FileMissing):
        return f"{path} : listé dans le manifeste mais absent"
    if isinstance(detail, bagit.UnexpectedFile):
        return f"{path} : présent mais absent du manifeste"
    return _short(detail)


def _french_bagit_message(message: str) -> str:
    if message.startswith("Payload-Oxum validation failed"):
        return "Payload-Oxum (taille et nombre des fichiers de données) ne correspond pas au contenu"
    if message.startswith("Malformed Payload-Oxum"):
        return "Payload-Oxum mal formé dans bag-info.txt"
    unsafe = re.match(r'Path "(.*)" in manifest ".*/([^/]+)" is unsafe', message)
    if unsafe:
        return f"chemin dangereux « {unsafe.group(1)} » dans {unsafe.group(2)} (hors du paquet)"
    if "multiple times with conflicting values" in message:
        return "un manifeste liste le même fichier plusieurs fois avec des sommes différentes"
    return f"paquet BagIt invalide ({message})"


# bag-info.txt labels that verify compares: each must appear once, or the bag is ambiguous.
SINGLE_VALUED = ("External-Identifier", INFO_DRAFT, INFO_FINGERPRINT, "Payload-Oxum")


def _bag_info(content: bytes) -> dict[str, list[str]]:
    """Labels and their values; an indented line continues the previous value (RFC 8493 §2.2.2)."""
    info: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in content.decode("utf-8", "replace").splitlines():
        if line[:1] in (" ", "\t") and current:
            current[-1] = f"{current[-1]} {line.strip()}".strip()
        elif ":" in line:
            label, value = line.split(":", 1)
            current = info.setdefault(label.strip(), [])
            current.append(value.strip())
    return info


def _check_bag_info(report: VerificationReport, info: dict[str, list[str]]) -> dict[str, str]:
    """One value per label (the first); a label verify relies on that repeats fails the check."""
    repeated = [label for label in SINGLE_VALUED if len(info.get(label, [])) > 1]
    if repeated:
        report.add("bag-info.txt sans ambiguïté", False,
                   "figure(nt) plusieurs fois : " + ", ".join(repeated))
    return {label: values[0] for label, values in info.items()}


# --- signatures ------------------------------------------------------------------------------


def _validation_context(certificate):
    from pyhanko_certvalidator import ValidationContext

    # The signer's own certificate is the trust anchor: a self-signed identity is accepted,
    # nothing is fetched from the network, and what remains to check is integrity.
    return ValidationContext(trust_roots=[certificate], allow_fetching=False, revocation_mode="soft-fail")


def _check_cms(report: VerificationReport, files: dict[str, bytes]) -> str:
    from asn1crypto import cms
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    label = "Signature CMS du manifeste des étiquettes"
    try:
        content_info = cms.ContentInfo.load(files[SIGNATURE_FILE])
        if content_info["content_type"].native != "signed_data":
            raise ValueError("ce n'est pas une signature CMS (SignedData)")
        signed_data = content_info["content"]
        if signed_data["encap_content_info"]["content"].native is not None:
            raise ValueError("la signature n'est pas détachée")
        certificate = _signer_certificate(signed_data)
        status = asyncio.run(async_validate_detached_cms(
            files[TAG_MANIFEST], signed_data,
            signer_validation_context=_validation_context(certificate),
            key_usage_settings=KeyUsageConstraints(),
        ))
    except Exception as error:  # malformed DER, unknown algorithm: the signature does not hold
        report.add(label, False, f"illisible ({type(error).__name__} : {error})")
        return ""
    fingerprint = hashlib.sha256(status.signing_cert.dump()).hexdigest()
    if not (status.intact and status.valid):
        report.add(label, False, "la signature ne correspond pas au manifeste (fichier modifié ou signature remplacée)")
        return ""
    report.fingerprint = fingerprint
    report.signer_certificate = status.signing_cert.dump()
    report.other_certificates = [c.chosen.dump() for c in signed_data["certificates"] or []
                                 if c.name == "certificate"]
    subject = status.signing_cert.subject
    report.signer = str(subject.native.get("common_name") or subject.human_friendly)
    report.self_signed = status.signing_cert.self_signed != "no"
    report.add(label, True, "intacte, le manifeste est bien celui qui a été signé")
    return fingerprint


def _signer_certificate(signed_data):
    from pyhanko.sign.general import extract_certificate_info

    return extract_certificate_info(signed_data).signer_cert


def _check_fingerprint_field(report: VerificationReport, info: dict[str, str], cms_fingerprint: str) -> None:
    recorded = "".join(info.get(INFO_FINGERPRINT, "").lower().replace(":", "").split())
    report.add(
        "Empreinte du signataire dans bag-info.txt",
        bool(cms_fingerprint) and recorded == cms_fingerprint,
        "identique au certificat de la signature CMS" if recorded == cms_fingerprint and cms_fingerprint
        else f"bag-info.txt indique « {recorded or 'rien'} »",
    )


def _check_pdf(report: VerificationReport, pdf: bytes, cms_fingerprint: str) -> dict[str, str]:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    label = "Signature du PDF (PAdES)"
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
        if len(signatures) != 1:
            report.add(label, False, f"{len(signatures)} signature(s) trouvée(s), une seule attendue")
            return _pdf_keywords(reader)
        embedded = signatures[0]
        status = validate_pdf_signature(
            embedded, signer_validation_context=_validation_context(embedded.signer_cert),
            key_usage_settings=KeyUsageConstraints(),
        )
    except Exception as error:
        report.add(label, False, f"PDF illisible ({type(error).__name__} : {error})")
        return {}
    fingerprint = hashlib.sha256(status.signing_cert.dump()).hexdigest()
    report.pdf_certificate = status.signing_cert.dump()
    problems = []
    if not (status.intact and status.valid):
        problems.append("la signature ne correspond pas au contenu")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        problems.append("la signature ne couvre pas tout le fichier (ajout après signature)")
    if fingerprint != cms_fingerprint:
        problems.append("signataire différent de celui de la signature CMS")
    report.add(label, not problems, "; ".join(problems) or "intacte, couvre tout le fichier, même signataire")
    return _pdf_keywords(reader)


def _pdf_keywords(reader) -> dict[str, str]:
    try:
        info = reader.trailer_view["/Info"]
        return parse_pdf_keywords(str(info.get("/Keywords", "")))
    except Exception:
        return {}


# --- dossier.json ----------------------------------------------------------------------------


def _check_json(report: VerificationReport, content: bytes) -> dict | None:
    label = "dossier.json conforme au schéma"
    try:
        data = json.loads(content.decode("utf-8"), parse_constant=_refuse_constant)
        _schema_validator().validate(data)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        # ValueError: bad syntax, NaN/Infinity, or an integer of thousands of digits.
        report.add(label, False, f"JSON illisible ({_short(error)})")
        return None
    except jsonschema.ValidationError as error:
        where = "/".join(str(part) for part in error.absolute_path) or "(racine)"
        report.add(label, False, f"{where} : {error.message}")
        return None
    report.dossier_id = str(data.get("id", ""))
    report.add(label, True, f"schéma {SCHEMA_FILENAME}")
    return data


def _refuse_constant(name: str):
    raise ValueError(f"valeur « {name} » : ce n'est pas un nombre JSON")


def _short(error: Exception, limit: int = 200) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= limit else text[:limit] + "…"


def _check_calcul(report: VerificationReport, data: dict) -> None:
    label = "Montants (calcul) identiques à un nouveau calcul"
    try:
        dossier = dossier_from_dict(data)
        rules = rules_of_edition(dossier.regles)
    except (DossierFormatError, RulesError) as error:
        report.add(label, False, str(error))
        return
    fresh = compute(dossier, rules)
    report.draft = fresh.has_errors
    if data.get("calcul") != fresh.to_dict():
        report.add(label, False, "le calcul enregistré diffère du calcul des règles " + rules.edition)
        return
    report.add(label, True, f"règles {rules.edition}")


def _check_same_dossier(report, data: dict, files: dict[str, bytes], keywords: dict[str, str],
                        info: dict[str, str]) -> None:
    label = "PDF, dossier.json et bag-info.txt décrivent le même dossier"
    total = (data.get("calcul") or {}).get("total", {})
    json_sha256 = hashlib.sha256(files.get(f"data/{JSON_NAME}", b"")).hexdigest()
    draft = "oui" if report.draft else "non"
    expected = {
        "id": str(data.get("id")),
        "depense_ttc_centimes": str(total.get("depense_ttc_centimes")),
        "subvention_centimes": str(total.get("subvention_centimes")),
        "reste_a_charge_centimes": str(total.get("reste_a_charge_centimes")),
        "brouillon": draft,
        "dossier_json_sha256": json_sha256,
    }
    problems = [f"PDF : {key} = {keywords.get(key, 'absent')}, attendu {value}"
                for key, value in expected.items() if keywords.get(key) != value]
    if info.get("External-Identifier") != data.get("id"):
        problems.append("bag-info.txt : External-Identifier différent de l'identifiant du dossier")
    if info.get(INFO_DRAFT) != draft:
        problems.append(f"bag-info.txt : {INFO_DRAFT} = {info.get(INFO_DRAFT, 'absent')}, attendu {draft}")
    report.add(label, not problems, "; ".join(problems[:4]) or "identifiant, totaux et empreinte concordent")


def _check_pieces(report: VerificationReport, data: dict, files: dict[str, bytes]) -> None:
    label = "Pièces jointes"
    prefix = f"data/{PIECES_DIR}/"
    present: dict[str, list[str]] = {}
    for name, content in files.items():
        if name.startswith(prefix):
            present.setdefault(hashlib.sha256(content).hexdigest(), []).append(name[len(prefix):])
    problems = []
    for piece in data.get("pieces") or []:
        names = present.get(str(piece.get("sha256", "")).lower())
        if not names:
            problems.append(f"« {piece.get('nom')} » absente du paquet")
        else:
            names.pop()
            if not names:
                del present[str(piece.get("sha256", "")).lower()]
    extra = sorted(name for names in present.values() for name in names)
    if extra:
        problems.append("fichier(s) non déclaré(s) dans dossier.json : " + ", ".join(extra[:5]))
    count = len(data.get("pieces") or [])
    report.add(label, not problems, "; ".join(problems) or f"{count} pièce(s), toutes présentes et intactes")


@cache
def _schema_validator():
    """One validator for the shipped schema (checking the schema itself once, not per dossier)."""
    schema = dossier_schema()
    return jsonschema.validators.validator_for(schema)(schema)
