"""Check a bundle as the State's reviewer would: every byte, every signature, every figure.

A bundle is untrusted input, and checking it must cost what the file weighs, not what it
claims to hold. So:
- the zip is inspected before any member is read: ordinary file of a bounded size, member
  count, names (no path out of the bag, no control or bidi character), total uncompressed
  size and compression ratio across all members, no byte before, between or after the
  members that no manifest covers;
- the chain of signatures is checked from the top, and the first broken link ends the check
  (it is reported; the expensive rest is skipped): the CMS signature over the tag manifest,
  the tag manifest over the manifest and bag-info.txt, the manifest over each payload file;
- each member is read once, streamed: its SHA-256 is computed as it is decompressed, only
  dossier.json and the PDF (both bounded) are kept in memory, and nothing is written to disk;
- then what a person relies on: the PDF's PAdES signature (pyHanko, same signer), dossier.json
  against the shipped schema (duplicate keys refused, as `import` does), `calcul` against the
  domain's own computation, what the PDF shows against dossier.json, and the pieces.

A self-signed identity is accepted here: what is verified is integrity and the consistency of
the signer across PDF, CMS and bag-info; the report prints the fingerprint for the reviewer to
confirm with the collectivité. Exit codes (`VerificationReport.exit_code`, DESIGN.md §7): 0 intact
and instructable, 1 a check failed, 2 not checked (unreadable input), 4 intact but a draft or
the fictional example. Every text that comes from the bundle is shown through `visible`.

To add a check: write `_check_x(report, bundle)` reading what `Bundle` holds and calling
`report.add(label, passed, detail)`, and call it from `_verify` at the point its inputs exist.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import io
import json
import logging
import os
import stat
import threading
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import NoReturn

from .. import referentiel
from ..domain.coded_error import CodedError
from ..domain.completeness import plural
from ..domain.compute import compute
from ..domain.dossier_json import DossierFormatError, dossier_from_dict
from ..domain.money import format_integer
from ..domain.rules import RulesError
from ..domain.text import visible
from ..report_words import DOSSIER_REASONS, FINDING_WORDS, describe_os_error
from ..resources import SCHEMA_FILENAME, dossier_schema, has_rules, load_rules
from .bag_layout import (
    BAG_INFO,
    INFO_DRAFT,
    INFO_EXAMPLE,
    INFO_FINGERPRINT,
    INFO_FORMAT,
    INFO_OTHER_SIGNER,
    INFO_SIGNING_TIME,
    JSON_NAME,
    MANIFEST,
    MAX_JSON_BYTES,
    MAX_PDF_BYTES,
    MAX_PIECE_BYTES,
    MAX_TAG_FILE_BYTES,
    PDF_NAME,
    PIECES_DIR,
    SIGNATURE_FILE,
    SINGLE_VALUED,
    TAG_FILES,
    TAG_MANIFEST,
    TAG_MANIFEST_COVERS,
    ManifestError,
    name_problem,
    parse_bag_info,
    parse_manifest,
    parse_pdf_keywords,
    payload_name_problem,
)
from .binding import (
    CertificateFacts,
    TrustList,
    TrustVerdict,
    _moment,
    binding_mismatches,
    certificate_facts,
    format_siren,
    trust_verdict,
)
from .document_words import mismatch_text
from .identity import format_fingerprint

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_UNCHECKED = 2
EXIT_NOT_INSTRUCTABLE = 4

CHUNK = 1024 * 1024
NAME_LIMIT = 120  # characters of a name quoted in a report line
DETAIL_LIMIT = 600  # characters of a report line's detail


@dataclass(frozen=True)
class Limits:
    """What a bundle may weigh: generous for 60 schools and their quotes, fatal for a zip bomb."""

    max_members: int = 5_000
    max_file_bytes: int = 1024**3  # the zip file itself
    max_total_bytes: int = 1024**3  # all members once decompressed
    max_ratio: int = 200  # uncompressed / compressed, for one member above ratio_floor_bytes
    max_total_ratio: int = 50  # the same across all members, once they total ratio_floor_bytes
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
    unchecked: str = ""  # why the bundle could not be read (then it is not judged)
    not_a_bundle: str = ""  # why the file is no bundle at all (not judged either, but nothing to retry)
    # This computer could not read the file (its disk, its permissions): `unchecked` says why, and
    # nothing is known of the bundle. Otherwise an `unchecked` bundle is itself damaged (cut, bad CRC).
    read_failed_here: bool = False
    stopped: str = ""  # the check whose failure ended the verification early
    # The signer's certificates as found (DER) and what binding.check_bundle_identity prints about them.
    signer_certificate: bytes = b""
    pdf_certificate: bytes = b""
    other_certificates: list[bytes] = field(default_factory=list)
    identity_lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # lines printed before the checks (plug-in checks)
    # What was read, for whoever files the bundle (reception/batch.py) without reading it again:
    # dossier.json once it passed the schema, and bag-info.txt (first value of each label).
    dossier: dict | None = None
    bag_info: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Every check passed (the bundle is intact); see `instructable` for whether it may be instructed."""
        return bool(self.checks) and all(passed for _, passed, _ in self.checks) and not self.unchecked

    @property
    def instructable(self) -> bool:
        return self.ok and not self.draft and not self.example

    @property
    def exit_code(self) -> int:
        if self.unchecked or self.not_a_bundle:
            return EXIT_UNCHECKED
        if not self.ok:
            return EXIT_FAILED
        return EXIT_OK if self.instructable else EXIT_NOT_INSTRUCTABLE

    def add(self, label: str, passed: bool, detail: str = "") -> bool:
        self.checks.append((label, passed, detail))
        return passed

    def text(self) -> str:
        lines = [f"Vérification du paquet {visible(self.path.name, NAME_LIMIT)}"]
        if self.sha256:
            lines.append(f"Empreinte SHA-256 du fichier : {self.sha256}")
        if self.dossier_id:
            lines.append(f"Dossier : {visible(self.dossier_id, 80)}" + (" (BROUILLON)" if self.draft else ""))
        if self.example:
            lines.append("EXEMPLE FICTIF : paquet de démonstration, sans valeur (bag-info.txt le déclare).")
        if self.identity_lines:  # subject, issuer, validity, short code, trust (binding.py)
            lines += [visible(line, DETAIL_LIMIT) for line in self.identity_lines]
        elif self.fingerprint:
            lines.append(f"Certificat du signataire (SHA-256) : {format_fingerprint(self.fingerprint)}")
        lines += [visible(note, DETAIL_LIMIT) for note in self.notes]
        for label, passed, detail in self.checks:
            mark = "OK   " if passed else "ÉCHEC"
            lines.append(f"  [{mark}] {label}" + (f" : {visible(detail, DETAIL_LIMIT)}" if detail else ""))
        if self.stopped:
            lines.append(f"  (vérification arrêtée : « {self.stopped} » a échoué, les contrôles suivants "
                         "n'ont pas été faits)")
        failures = sum(1 for _, passed, _ in self.checks if not passed)
        if self.unchecked or self.not_a_bundle:
            verdict = "vérification impossible, paquet non jugé"
        elif not self.ok:
            verdict = f"paquet REJETÉ ({plural(failures, 'un contrôle en échec', '{n} contrôles en échec')})"
        elif self.draft:
            verdict = "paquet intègre et cohérent — mais c'est un BROUILLON : il ne peut pas être déposé"
        elif self.example:
            verdict = "paquet intègre et cohérent — mais c'est un EXEMPLE FICTIF : il ne peut pas être déposé"
        else:
            verdict = "paquet intègre et cohérent"
        lines.append(f"Résultat : {verdict}.")
        return "\n".join(lines) + "\n"


@dataclass
class Bundle:
    """What has been read of the bundle so far; each check reads what it needs from here."""

    root: str = ""
    members: dict[str, zipfile.ZipInfo] = field(default_factory=dict)  # path inside the bag -> entry
    tags: dict[str, bytes] = field(default_factory=dict)  # tag file -> bytes
    info: dict[str, str] = field(default_factory=dict)  # bag-info.txt, first value of each label
    certificate: object = None  # the CMS signer's certificate (asn1crypto), once the CMS holds
    payload_sha256: dict[str, str] = field(default_factory=dict)  # data/… -> SHA-256, as read
    kept: dict[str, bytes] = field(default_factory=dict)  # data/… -> bytes, of the members kept
    json_bytes: bytes = b""
    pdf_bytes: bytes = b""
    dossier: dict | None = None  # dossier.json, once it passed the schema
    model: object = None  # the Dossier read from it, and the Result of the rules on it (fresh)
    result: object = None
    pdf_reader: object = None  # the PDF as pyHanko read it for its signature (None: unreadable)


class Stop(Exception):
    """A check failed in a way that makes the following ones meaningless or costly."""


_Stop = Stop


def verify_bundle(path: Path | str, *, limits: Limits | None = None, trust=None) -> VerificationReport:
    """`trust`: a binding.TrustList (`--confiance`); without it no identity is « confirmée »."""
    report = VerificationReport(Path(path))
    try:
        _verify(report, Path(path), limits or Limits(), trust)
    except _Stop:
        pass
    return report


def _verify(report: VerificationReport, path: Path, limits: Limits, trust=None) -> None:
    bundle = read_signed_bag(report, path, limits, check_structure=_check_structure, keep=_bundle_keeps,
                             member_limit=_member_limit)
    bundle.json_bytes = bundle.kept.get(f"data/{JSON_NAME}", b"")
    bundle.pdf_bytes = bundle.kept.get(f"data/{PDF_NAME}", b"")
    check_bag_info(report, bundle)
    check_fingerprint_field(report, bundle)
    keywords = _check_pdf(report, bundle)
    _check_json(report, bundle)
    if bundle.dossier is not None:
        _check_calcul(report, bundle)
        _check_same_dossier(report, bundle, keywords)
        _check_pdf_shows(report, bundle)
        _check_pieces(report, bundle)
    check_bundle_identity(report, bundle.dossier, bundle.info, trust)  # issue 17 item 2 (binding.py)
    report.dossier, report.bag_info = bundle.dossier, bundle.info


def read_signed_bag(report: VerificationReport, path: Path, limits: Limits, *,
                    check_structure: Callable[[VerificationReport, Bundle], None],
                    keep: Callable[[str], int | None], member_limit: Callable[[str], int]) -> Bundle:
    """The guarded reading every signed bag gets (a dossier's bundle, a campaign file): the file,
    the zip, `check_structure(report, bundle)` on the member names, then the chain of signatures
    from the top — CMS over the tag manifest, tag manifest, each payload file streamed once —
    the first broken link ending it (Stop). Payload members for which `keep(name)` gives a size
    are kept in `bundle.kept`; `member_limit(name)` bounds each member from the zip's directory."""
    bundle = Bundle()
    with _open_regular(report, path, limits) as file, _whole_file(report, path, file) as handle:
        try:
            archive = _open_zip(report, handle, limits)
            with archive:
                _check_zip(report, archive, handle, limits, member_limit)
                _read_tags(report, archive, bundle, check_structure)
                # The chain of signatures, from the top: the first broken link ends the check.
                _chain(report, _check_cms(report, bundle))
                _chain(report, _check_tag_manifest(report, bundle))
                _chain(report, _check_payload(report, archive, bundle, keep))
        except OSError as error:  # the file itself failed to read (a disk error): not judged
            _unreadable(report, error)
    return bundle


def _bundle_keeps(name: str) -> int | None:
    """dossier.json and the PDF are read whole (bounded); the pieces are only hashed."""
    return {f"data/{JSON_NAME}": MAX_JSON_BYTES, f"data/{PDF_NAME}": MAX_PDF_BYTES}.get(name)


def _chain(report: VerificationReport, passed: bool) -> None:
    if not passed:
        report.stopped = report.checks[-1][0]
        raise _Stop


def _q(name: object) -> str:
    """A name from the bundle, quoted for a report line: visible and bounded."""
    return f"« {visible(name, NAME_LIMIT)} »"


def _octets(count: int) -> str:
    return plural(count, "{n} octet", "{n} octets")


def short(error: BaseException, limit: int = 200) -> str:
    return visible(str(error) or type(error).__name__, limit)


def worded(problem: BaseException | str) -> str:
    """A reader's code (a name problem, or an error's code and values) in the finding's words;
    anything else (a library's own message) as `short` shows it."""
    code = problem if isinstance(problem, str) else getattr(problem, "code", None)
    template = FINDING_WORDS.get(code) if isinstance(code, str) else None
    if template is None:
        return problem if isinstance(problem, str) else short(problem)
    return template.format(**getattr(problem, "values", {}))


def dossier_finding(error: DossierFormatError) -> str:
    """What is wrong in the bundle's dossier, at its path, in the finding's words."""
    word = DOSSIER_REASONS.get(error.code)
    if word is None:
        return short(error)
    reason = word(error.values)
    return f"{error.chemin} : {reason}" if error.chemin else reason


# --- the file ----------------------------------------------------------------------------------


class _open_regular:
    """The bundle opened for reading, once it is known to be an ordinary file of a bounded size."""

    def __init__(self, report: VerificationReport, path: Path, limits: Limits):
        self.report, self.path, self.limits = report, path, limits
        self.handle = None

    def __enter__(self):
        label, path, report = "Lecture du paquet", self.path, self.report
        try:
            self.handle = path.open("rb")
        except FileNotFoundError:
            report.add(label, False, f"fichier introuvable : {_q(path)}")
            raise _Stop from None
        except OSError as error:
            _unreadable(report, error)
        status = os.fstat(self.handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            self.handle.close()
            report.add(label, False, f"{_q(path)} n'est pas un fichier ordinaire")
            raise _Stop
        if status.st_size > self.limits.max_file_bytes:
            self.handle.close()
            report.add(label, False, f"{_octets(status.st_size)}, au-delà de la limite de "
                                     f"{_octets(self.limits.max_file_bytes)}")
            raise _Stop
        return self.handle

    def __exit__(self, *exc):
        self.handle.close()
        return False


def _unreadable(report: VerificationReport, error: OSError):
    report.unchecked = f"paquet illisible ({describe_os_error(error)}) ; il n'a pas été jugé."
    report.read_failed_here = True
    report.add("Lecture du paquet", False, report.unchecked)
    raise _Stop from None


IN_MEMORY_BYTES = 16 * 1024 * 1024


@contextlib.contextmanager
def _whole_file(report: VerificationReport, path: Path, handle):
    """What the checks read, once the file's SHA-256 is known. A bundle of up to 16 MB (they
    weigh about 130 KB) is read once into memory and hashed there: the bytes hashed are the
    bytes judged, and no thread is started per bundle. A bigger one is read from the file
    while `_FileHash` hashes it in a thread of its own (memory stays bounded)."""
    if os.fstat(handle.fileno()).st_size <= IN_MEMORY_BYTES:
        try:
            data = handle.read(IN_MEMORY_BYTES + 1)
        except OSError as error:
            _unreadable(report, error)
        if len(data) <= IN_MEMORY_BYTES:  # else it grew since: read as a big one
            report.sha256 = hashlib.sha256(data).hexdigest()
            yield io.BytesIO(data)
            return
        handle.seek(0)
    with _FileHash(path, report) as file_hash:
        file_hash.start()
        yield handle


class _FileHash:
    """The SHA-256 of the whole file, computed in a thread of its own while the members are
    read and hashed (hashlib releases the GIL: on two cores both hashes run side by side)."""

    def __init__(self, path: Path, report: VerificationReport):
        self.path, self.report = path, report
        self.thread = threading.Thread(target=self._run, name="socle-verify-sha256", daemon=True)
        self.digest = ""

    def start(self) -> None:
        self.thread.start()

    def _run(self) -> None:
        digest = hashlib.sha256()
        try:
            with self.path.open("rb", buffering=0) as handle:
                buffer = bytearray(CHUNK)
                view = memoryview(buffer)
                while count := handle.readinto(buffer):
                    digest.update(view[:count])
        except OSError:
            return  # the member reads meet the same error and report it
        self.digest = digest.hexdigest()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.thread.is_alive() or self.thread.ident is not None:
            self.thread.join()
        self.report.sha256 = self.digest
        return False


# --- the zip -----------------------------------------------------------------------------------

ZIP_LABEL = "Archive zip sûre"
# Reading a member's bytes, after « Archive zip sûre » passed on the zip's directory: a label of
# its own, so that a damaged member does not read « [OK] Archive zip sûre » then « [ÉCHEC] Archive zip sûre ».
READ_LABEL = "Lecture des fichiers du paquet"
ZIP_LOCAL_HEADER = b"PK\x03\x04"  # how every bundle starts (a zip may hold prepended data: refused later)
CENTRAL_BYTES_PER_MEMBER = 2048  # a directory entry: 46 bytes, a name of at most 400 characters, extras
END_RECORD = 22
# A zip that starts like one but cannot be opened: most often a cut transfer (the reception
# register files it « non jugé — à renvoyer », not « rejeté »: reception/batch.py).
ZIP_UNREADABLE = "ce n'est pas une archive zip lisible (fichier tronqué ou endommagé)"


def _open_zip(report: VerificationReport, handle, limits: Limits) -> zipfile.ZipFile:
    declared = _declared_member_count(handle)
    if declared is not None and declared > limits.max_members:  # before zipfile lists them all
        report.add(ZIP_LABEL, False, f"{format_integer(declared)} éléments annoncés, au-delà de la limite de "
                   f"{format_integer(limits.max_members)}")
        raise _Stop
    try:
        handle.seek(0)
        return zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        handle.seek(0)
        if handle.read(4) != ZIP_LOCAL_HEADER:  # empty, a PDF, a text…: not a bundle at all, not judged
            size = handle.seek(0, os.SEEK_END)  # the file, or its bytes read into memory
            _not_a_bundle(report, "c'est un fichier vide" if not size else "ce n'est pas une archive zip")
        # Not judged either (DESIGN §7: exit 2), as the reception register files it: the file is
        # no evidence of what the collectivité signed, and the remedy is a new copy.
        report.unchecked = ("paquet illisible : archive zip tronquée ou endommagée (un transfert interrompu, le "
                            "plus souvent) ; il n'a pas été jugé : il en faut une nouvelle copie.")
        report.add(ZIP_LABEL, False, ZIP_UNREADABLE)
        raise _Stop from None


def _not_a_bundle(report: VerificationReport, why: str) -> NoReturn:
    """No bundle at all (empty, not a zip, an empty zip): not judged, and nothing to retry."""
    report.not_a_bundle = f"ce fichier n'est pas un paquet de dépôt ({why}) ; il n'a pas été jugé."
    report.add(ZIP_LABEL, False, report.not_a_bundle)
    raise _Stop


def _read_at(handle, offset: int, count: int) -> bytes:
    """`count` bytes at `offset`, fewer past the end, none before the start: an offset computed
    from a short or hostile file (an empty zip is 22 bytes) is never a seek error."""
    if offset < 0 or count <= 0:
        return b""
    handle.seek(offset)
    return handle.read(count)


def _declared_member_count(handle) -> int | None:
    """How many members the zip's end record announces (zip64 included), read without zipfile,
    which would first build an entry for each of millions of them. The central directory's
    size counts too: zipfile reads entries until that size is used up, whatever the count says."""
    size = handle.seek(0, os.SEEK_END)
    start = max(0, size - 65_557)
    data = _read_at(handle, start, size - start)
    end = data.rfind(b"PK\x05\x06")
    if end < 0 or end + END_RECORD > len(data):
        return None
    count = int.from_bytes(data[end + 10:end + 12], "little")
    directory = int.from_bytes(data[end + 12:end + 16], "little")
    locator = end - 20
    if locator >= 0 and data[locator:locator + 4] == b"PK\x06\x07":
        offset = int.from_bytes(data[locator + 8:locator + 16], "little")
        record = _read_at(handle, offset, 56) if offset < size else b""
        if record[:4] == b"PK\x06\x06":
            count = max(count, int.from_bytes(record[32:40], "little"))
            directory = max(directory, int.from_bytes(record[40:48], "little"))
    return max(count, directory // CENTRAL_BYTES_PER_MEMBER)


def _check_zip(report: VerificationReport, archive: zipfile.ZipFile, handle, limits: Limits,
               member_limit: Callable[[str], int]) -> None:
    members = archive.infolist()
    if not members:  # Windows's « compressed folder » of nothing
        _not_a_bundle(report, "c'est une archive zip vide")
    problem = _zip_problem(members, limits, member_limit) or _extra_bytes(archive, handle, members)
    if problem:
        report.add(ZIP_LABEL, False, problem)
        raise _Stop
    total = sum(member.file_size for member in members)
    files = sum(1 for member in members if not member.is_dir())
    report.add(ZIP_LABEL, True, f"{plural(files, '{n} fichier', '{n} fichiers')}, {_octets(total)} une fois "
                                f"décompressé{'s' if files > 1 else ''}")


def _zip_problem(members: list[zipfile.ZipInfo], limits: Limits, member_limit: Callable[[str], int]) -> str | None:
    if len(members) > limits.max_members:
        return (f"{format_integer(len(members))} éléments, au-delà de la limite de "
                f"{format_integer(limits.max_members)}")
    total = sum(member.file_size for member in members)
    if total > limits.max_total_bytes:
        return f"{_octets(total)} une fois décompressée, au-delà de la limite de {_octets(limits.max_total_bytes)}"
    compressed = sum(member.compress_size for member in members)
    if total > limits.ratio_floor_bytes and total > limits.max_total_ratio * max(compressed, 1):
        return (f"{_octets(total)} une fois décompressée pour {_octets(compressed)} compressés : "
                "anormalement compressée (bombe zip ?)")
    seen: set[str] = set()
    for member in members:
        name = member.filename
        problem = name_problem(name)
        if problem:
            return f"{_q(name)} : {worded(problem)}"
        if name.casefold() in seen:
            return f"{_q(name)} figure deux fois"
        seen.add(name.casefold())
        if stat.S_ISLNK(member.external_attr >> 16):
            return f"{_q(name)} est un lien symbolique"
        if member.flag_bits & 0x1:
            return f"{_q(name)} est chiffré"
        if member.file_size > limits.ratio_floor_bytes and (
            member.file_size > limits.max_ratio * max(member.compress_size, 1)
        ):
            return f"{_q(name)} est anormalement compressé (bombe zip ?)"
        limit = member_limit(name.partition("/")[2])
        if member.file_size > limit:
            return f"{_q(name)} : {_octets(member.file_size)}, au-delà de la limite de {_octets(limit)} pour ce fichier"
    return _file_and_folder(members)


def _member_limit(name: str) -> int:
    """The most a member of the bag may weigh, by its path inside the bag."""
    if name in TAG_FILES:
        return MAX_TAG_FILE_BYTES
    return {f"data/{JSON_NAME}": MAX_JSON_BYTES, f"data/{PDF_NAME}": MAX_PDF_BYTES}.get(name, MAX_PIECE_BYTES)


def _file_and_folder(members: list[zipfile.ZipInfo]) -> str | None:
    """A name used for a file and, in another member's path, for a folder (`a` and `a/b`);
    or an empty folder, which no bag holds and no manifest would cover."""
    files = {member.filename.casefold() for member in members if not member.is_dir()}
    folders = {"/".join(name.split("/")[:depth]) for name in files for depth in range(1, name.count("/") + 1)}
    for member in members:
        if member.is_dir() and member.filename.rstrip("/").casefold() not in folders:
            return f"{_q(member.filename)} est un dossier vide, absent des manifestes"
        parts = member.filename.rstrip("/").split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder.casefold() in files:
                return f"{_q(folder)} est à la fois un fichier et un dossier"
    return None


_DATA_DESCRIPTOR_SIZES = (12, 16, 20, 24)  # with or without signature, 32- or 64-bit sizes


def _extra_bytes(archive: zipfile.ZipFile, handle, members: list[zipfile.ZipInfo]) -> str | None:
    """Bytes that are in no member: before the first one (zipfile silently skips a prefix),
    between two, after the central directory (a comment, or anything appended). A zip that
    carries them is not the one that was signed, or hides something a reviewer would not see."""
    size = handle.seek(0, os.SEEK_END)
    tail = _read_at(handle, size - END_RECORD, END_RECORD) if size >= END_RECORD else b""
    if tail[:4] != b"PK\x05\x06" or tail[20:22] != b"\0\0":
        return "des données suivent la fin de l'archive (ajout ou commentaire)"
    directory_size = int.from_bytes(tail[12:16], "little")
    if directory_size == 0xFFFFFFFF or int.from_bytes(tail[16:20], "little") == 0xFFFFFFFF:
        locator = _read_at(handle, size - END_RECORD - 20, 20)
        record_offset = int.from_bytes(locator[8:16], "little")
        directory_size = int.from_bytes(_read_at(handle, record_offset + 40, 8), "little")
        directory_end_expected = record_offset
    else:
        directory_end_expected = size - END_RECORD
        if _read_at(handle, size - END_RECORD - 20, 4) == b"PK\x06\x07":
            locator = _read_at(handle, size - END_RECORD - 20, 20)
            directory_end_expected = int.from_bytes(locator[8:16], "little")
    if archive.start_dir + directory_size != directory_end_expected:
        return "des données inconnues entourent le répertoire de l'archive"
    position = 0
    for member in sorted(members, key=lambda member: member.header_offset):
        if member.header_offset != position:
            where = "avant le premier élément" if position == 0 else f"avant {_q(member.filename)}"
            return f"des données qui n'appartiennent à aucun fichier se trouvent {where}"
        header = _read_at(handle, member.header_offset, 30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            return f"en-tête de {_q(member.filename)} introuvable"
        name_length = int.from_bytes(header[26:28], "little")
        extra_length = int.from_bytes(header[28:30], "little")
        position = member.header_offset + 30 + name_length + extra_length + member.compress_size
        if member.flag_bits & 0x8:  # a data descriptor follows: find which of its forms
            following = {member.header_offset for member in members}
            following.add(archive.start_dir)
            sizes = [size for size in _DATA_DESCRIPTOR_SIZES if position + size in following]
            position += sizes[0] if sizes else 0
    if position != archive.start_dir:
        return "des données qui n'appartiennent à aucun fichier précèdent le répertoire de l'archive"
    return None


def _read_tags(report: VerificationReport, archive: zipfile.ZipFile, bundle: Bundle, check_structure) -> None:
    files = [member for member in archive.infolist() if not member.is_dir()]
    roots = {member.filename.split("/", 1)[0] for member in files}
    if len(roots) != 1 or any("/" not in member.filename for member in files):
        report.add("Un seul paquet dans l'archive", False, "l'archive doit contenir un seul dossier (le paquet BagIt)")
        raise _Stop
    bundle.root = roots.pop()
    bundle.members = {member.filename.split("/", 1)[1]: member for member in files}
    check_structure(report, bundle)
    for name in TAG_FILES:
        bundle.tags[name] = _read_member(report, archive, bundle, name, MAX_TAG_FILE_BYTES)


def _check_structure(report: VerificationReport, bundle: Bundle) -> None:
    names = bundle.members
    required = [*TAG_FILES, f"data/{JSON_NAME}", f"data/{PDF_NAME}", f"data/{SCHEMA_FILENAME}"]
    missing = [name for name in required if name not in names]
    unexpected = sorted(name for name in names if not name.startswith("data/") and name not in TAG_FILES)
    undeclared = sorted(name for name in names if name.startswith("data/") and payload_name_problem(name[5:]))
    problems = []
    if missing:
        problems.append("manquant(s) : " + ", ".join(missing))
    if unexpected:
        problems.append("en trop : " + ", ".join(_q(name) for name in unexpected[:5]))
    if undeclared:
        problems.append("fichier(s) de données hors du format (ni dossier.json, ni dossier.pdf, ni le schéma, "
                        "ni une pièce de data/pieces/) : " + ", ".join(_q(name) for name in undeclared[:5]))
    report.add("Fichiers du paquet", not problems, "; ".join(problems) or "tous présents, aucun en trop")
    if missing:
        raise _Stop


def _read_member(report: VerificationReport, archive: zipfile.ZipFile, bundle: Bundle, name: str,
                 limit: int, digest=None) -> bytes:
    """A member's bytes (at most `limit`), hashed into `digest` as they are read."""
    chunks = []
    _stream(report, archive, bundle, name, limit, chunks.append, digest)
    return b"".join(chunks)


def _stream(report: VerificationReport, archive: zipfile.ZipFile, bundle: Bundle, name: str, limit: int,
            sink, digest) -> int:
    member = bundle.members[name]
    if member.file_size > limit:
        _stop(report, READ_LABEL, f"{_q(name)} : {_octets(member.file_size)}, au-delà de la limite de "
                                  f"{_octets(limit)} pour ce fichier")
    count = 0
    try:
        with archive.open(member) as handle:
            while chunk := handle.read(min(CHUNK, member.file_size + 1 - count) or 1):
                count += len(chunk)
                if count > member.file_size:
                    break
                if digest is not None:
                    digest.update(chunk)
                if sink is not None:
                    sink(chunk)
    except OSError:
        raise  # the disk, not the bundle: reported as unreadable by _verify
    except (zipfile.BadZipFile, EOFError, zlib.error) as error:
        # Bytes damaged on the way (a bad stick, a cut copy): like a zip cut short, the file is no
        # evidence of what the collectivité signed: not judged, a new copy is asked for.
        report.unchecked = (f"paquet illisible : {_q(name)} est endommagé dans l'archive ({_zip_error(error)}), "
                            "une copie abîmée le plus souvent ; il n'a pas été jugé : il en faut une nouvelle copie.")
        _stop(report, READ_LABEL, f"{_q(name)} est endommagé ({_zip_error(error)})")
    except (NotImplementedError, RuntimeError, ValueError) as error:
        _stop(report, READ_LABEL, f"{_q(name)} est illisible ({_zip_error(error)})")
    if count != member.file_size:
        _stop(report, READ_LABEL, f"{_q(name)} n'a pas la taille annoncée")
    return count


def _stop(report: VerificationReport, label: str, detail: str) -> NoReturn:
    report.add(label, False, detail)
    report.stopped = label
    raise _Stop


def _zip_error(error: Exception) -> str:
    text = str(error)
    if "CRC" in text:
        return "somme de contrôle CRC incorrecte"
    if isinstance(error, NotImplementedError) or "compression" in text:
        return "méthode de compression non prise en charge"
    if isinstance(error, EOFError):
        return "données tronquées"
    return short(error)


# --- the chain of signatures ---------------------------------------------------------------------


# The narrow way to judge a plain signature. pyHanko's generic validation (validate_pdf_signature,
# async_validate_detached_cms) also builds and validates the certificate's path, applies an
# algorithm policy, reads timestamps, attribute certificates, seed values and DocMDP: all of it
# feeds its trust verdict, of which verify reads nothing (the trust anchor is the signer's own
# certificate, and binding.py judges the identity). What verify reads — `intact`, `valid`, the
# signer's certificate and, for the PDF, the coverage — comes from a few functions, which
# `plain_cms_signature` calls directly, in the same way: the signer certificate chosen by the
# SignerInfo's issuer and serial, the signing-certificate(-v2) attribute matched against it,
# the algorithm-protection attribute, the content-type and message-digest attributes, and the
# signature over the signed attributes (pyHanko's and pyhanko-certvalidator's own code for each).
# It answers only « it holds », for signatures of the kind this project makes; anything else —
# a failure, another attribute, a timestamp, a second certificate under the same serial — goes
# to the generic validation, so a bundle is judged exactly as before, about 10 ms sooner.
_PLAIN_SIGNED_ATTRIBUTES = frozenset({"content_type", "message_digest", "signing_time", "signing_certificate",
                                      "signing_certificate_v2", "cms_algorithm_protection"})


class _Holds:
    """What verify reads of a signature status, for a signature the narrow check found holding."""

    intact = valid = True

    def __init__(self, signing_cert, coverage=None):
        self.signing_cert, self.coverage = signing_cert, coverage


def _digest(algorithm: str, data: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from pyhanko.sign.general import get_pyca_cryptography_hash

    digest = hashes.Hash(get_pyca_cryptography_hash(algorithm))
    digest.update(data)
    return digest.finalize()


def plain_cms_signature(signed_data, digest_of: Callable[[str], bytes]):
    """The signer's certificate (asn1crypto) when the one signature of `signed_data` holds over
    content whose digest is `digest_of(algorithm)`; None when it does not hold or is not plain."""
    from asn1crypto import core
    from pyhanko.sign.general import check_ess_certid, find_unique_cms_attribute, get_pyca_cryptography_hash
    from pyhanko.sign.validation.generic_cms import (
        extract_self_reported_ts,
        get_signing_cert_attr,
        validate_algorithm_protection,
    )
    from pyhanko.sign.validation.utils import extract_message_digest
    from pyhanko_certvalidator.sig_validate import DefaultSignatureValidator, SignatureValidationContext

    try:
        signer_infos = signed_data["signer_infos"]
        if len(signer_infos) != 1:
            return None
        signer_info = signer_infos[0]
        signed_attrs = signer_info["signed_attrs"]
        if signed_attrs is core.VOID or not len(signed_attrs):
            return None
        signed_bytes = signed_attrs.untag().dump()  # what was signed, as pyHanko reads it
        if signer_info["unsigned_attrs"] is not core.VOID and len(signer_info["unsigned_attrs"]):
            return None  # timestamps and the like: the generic validation reads them
        types = [attribute["type"].native for attribute in signed_attrs]
        if len(set(types)) != len(types) or not set(types) <= _PLAIN_SIGNED_ATTRIBUTES:
            return None
        if signed_data["encap_content_info"]["content_type"].native != "data":
            return None
        choices = signed_data["certificates"]
        if choices is core.VOID or any(choice.name != "certificate" for choice in choices):
            return None
        sid = signer_info["sid"]
        if sid.name != "issuer_and_serial_number":
            return None
        issuer, serial = sid.chosen["issuer"].dump(), sid.chosen["serial_number"].native
        same_serial = [choice.chosen for choice in choices if choice.chosen.serial_number == serial]
        # pyHanko takes the last certificate whose issuer and serial match; here there must be
        # one, byte for byte (the signer's certificate may be listed twice).
        if not same_serial or len({certificate.dump() for certificate in same_serial}) != 1:
            return None
        certificate = same_serial[-1]
        if certificate.issuer.dump() != issuer:
            return None
        attributes = signed_attrs.untag()
        validate_algorithm_protection(attributes, claimed_digest_algorithm_obj=signer_info["digest_algorithm"],
                                      claimed_signature_algorithm_obj=signer_info["signature_algorithm"],
                                      claimed_mac_algorithm_obj=None)
        ess = get_signing_cert_attr(attributes)
        if ess is not None and not (_ess_matches(certificate, ess["certs"][0])
                                    or check_ess_certid(certificate, ess["certs"][0])):
            return None
        if find_unique_cms_attribute(attributes, "content_type").native != "data":
            return None
        algorithm = signer_info["digest_algorithm"]["algorithm"].native
        get_pyca_cryptography_hash(algorithm)  # an algorithm pyHanko does not know: not plain
        if extract_message_digest(signer_info) != digest_of(algorithm):
            return None
        extract_self_reported_ts(signer_info)
        DefaultSignatureValidator().validate_signature(
            signer_info["signature"].native, signed_bytes, certificate.public_key,
            signer_info["signature_algorithm"],
            context=SignatureValidationContext(contextual_md_algorithm=algorithm, prehashed=False),
        )
    except Exception:  # InvalidSignature, malformed DER, unknown algorithm: the generic validation says
        return None
    return certificate


def _ess_matches(certificate, certid) -> bool:
    """True only when pyHanko's check_ess_certid would say so, without its slowest step: it
    compares the issuer names by the LDAP string preparation (about 1 ms a name, in Python) as
    soon as their encodings differ, which they do here (the signer writes the attribute's name
    with other string types). Names made of the same attribute types with the same values in
    the same order are equal under that rule; anything else gets check_ess_certid itself."""
    from asn1crypto import tsp

    if isinstance(certid, tsp.ESSCertID):
        return False
    algorithm = certid["hash_algorithm"]["algorithm"].native
    if _digest(algorithm, certificate.dump()) != certid["cert_hash"].native:
        return False
    issuer_serial = certid["issuer_serial"]
    if not issuer_serial:
        return True
    names = issuer_serial["issuer"]
    if len(names) != 1 or names[0].name != "directory_name":
        return False
    if issuer_serial["serial_number"].dump() != certificate["tbs_certificate"]["serial_number"].dump():
        return False
    expected, actual = names[0].chosen.untag().dump(), certificate.issuer.dump()
    return expected == actual or _name_values(expected) == _name_values(actual)


@lru_cache(maxsize=64)
def _name_values(der: bytes) -> tuple:
    """A name's (type, value) pairs, RDN by RDN, from its encoding (the same bytes always give
    the same values: a bundle's CMS and PDF signatures name the same issuer)."""
    from asn1crypto import x509

    return tuple(tuple((pair["type"].dotted, pair["value"].native) for pair in rdn)
                 for rdn in x509.Name.load(der).chosen)


def _plain_pdf_signature(embedded) -> _Holds | None:
    """The narrow check of a PDF signature (see above): a /Sig of a PAdES or PKCS#7 sub-filter,
    no seed values, no DocMDP, in the file's last revision, covering the entire file."""
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    try:
        sig_object = embedded.sig_object
        if embedded.sig_object_type != "/Sig" or "/SV" in embedded.sig_field or "/Reference" in sig_object:
            return None
        if SigSeedSubFilter(sig_object.get("/SubFilter")) not in (
                SigSeedSubFilter.ADOBE_PKCS7_DETACHED, SigSeedSubFilter.PADES, SigSeedSubFilter.PBAD_PADES):
            return None
        if embedded.signed_revision != embedded.reader.xrefs.total_revisions - 1:
            return None
        if embedded.evaluate_signature_coverage() != SignatureCoverageLevel.ENTIRE_FILE:
            return None
        embedded.self_reported_timestamp  # noqa: B018 - a date the generic validation could not read
        certificate = plain_cms_signature(embedded.signed_data, embedded.compute_digest)
    except Exception:
        return None
    return None if certificate is None else _Holds(certificate, SignatureCoverageLevel.ENTIRE_FILE)


def _validation_context(certificate):
    from pyhanko_certvalidator import ValidationContext

    # The signer's own certificate is the trust anchor: a self-signed identity is accepted,
    # nothing is fetched from the network, and what remains to check is integrity.
    return ValidationContext(trust_roots=[certificate], allow_fetching=False, revocation_mode="soft-fail")


class _NotOurCms(ValueError):
    """A CMS file that reads but is not the detached SignedData a bundle holds (its `code`)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _check_cms(report: VerificationReport, bundle: Bundle) -> bool:
    from asn1crypto import cms
    from pyhanko.sign.general import extract_certificate_info
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    label = "Signature CMS du manifeste des étiquettes"
    try:
        content_info = cms.ContentInfo.load(bundle.tags[SIGNATURE_FILE])
        if content_info["content_type"].native != "signed_data":
            raise _NotOurCms("not_signed_data")
        signed_data = content_info["content"]
        if signed_data["encap_content_info"]["content"].native is not None:
            raise _NotOurCms("not_detached")
        manifest = bundle.tags[TAG_MANIFEST]
        certificate = plain_cms_signature(signed_data, lambda algorithm: _digest(algorithm, manifest))
        if certificate is not None:
            status = _Holds(certificate)
        else:  # not the plain case, or it does not hold: pyHanko's generic validation judges
            certificate = extract_certificate_info(signed_data).signer_cert
            status = asyncio.run(async_validate_detached_cms(
                manifest, signed_data,
                signer_validation_context=_validation_context(certificate),
                key_usage_settings=KeyUsageConstraints(),
            ))
    except _NotOurCms as error:
        return report.add(label, False, f"illisible : {worded(error)}")
    except Exception:  # malformed DER, unknown algorithm: the signature does not hold
        # The library's own words (English, technical) go to the log; the report says it in French.
        log.warning("CMS signature unreadable", exc_info=True)
        return report.add(label, False, "illisible : le fichier de signature est endommagé ou n'est pas une "
                                        "signature CMS que cette application sait lire")
    if not (status.intact and status.valid):
        return report.add(label, False, "la signature ne correspond pas au manifeste des étiquettes "
                                        "(fichier modifié ou signature remplacée)")
    bundle.certificate = status.signing_cert
    report.signer_certificate = status.signing_cert.dump()
    report.other_certificates = [c.chosen.dump() for c in signed_data["certificates"] or []
                                 if c.name == "certificate"]
    report.fingerprint = hashlib.sha256(status.signing_cert.dump()).hexdigest()
    subject = status.signing_cert.subject
    report.signer = str(subject.native.get("common_name") or subject.human_friendly)
    report.self_signed = _self_signed(status.signing_cert)
    return report.add(label, True, "intacte, le manifeste des étiquettes est bien celui qui a été signé")


def _self_signed(certificate) -> bool:
    """asn1crypto's `self_signed != "no"`, its names compared by their bytes first: identical
    encodings are equal names, only different ones need its slow LDAP comparison."""
    if certificate.subject.dump() != certificate.issuer.dump() and not certificate.self_issued:
        return False
    key_identifier = certificate.key_identifier
    authority = certificate.authority_key_identifier
    return not key_identifier or not authority or authority == key_identifier


def _check_tag_manifest(report: VerificationReport, bundle: Bundle) -> bool:
    label = "Manifeste des étiquettes (bagit.txt, bag-info.txt, manifeste)"
    try:
        listed = parse_manifest(bundle.tags[TAG_MANIFEST])
    except ManifestError as error:
        return report.add(label, False, f"{TAG_MANIFEST} : {worded(error)}")
    problems = []
    for name in TAG_MANIFEST_COVERS:
        if name not in listed:
            problems.append(f"{name} n'est pas couvert")
        elif hashlib.sha256(bundle.tags[name]).hexdigest() != listed[name]:
            problems.append(f"{name} a été modifié après la signature")
    others = sorted(set(listed) - set(TAG_MANIFEST_COVERS))
    if others:
        problems.append("liste des fichiers absents : " + ", ".join(_q(name) for name in others[:5]))
    if bundle.tags["bagit.txt"].splitlines()[:1] != [b"BagIt-Version: 1.0"]:
        problems.append("bagit.txt n'annonce pas BagIt 1.0")
    return report.add(label, not problems, "; ".join(problems) or "couverts par la signature, intacts")


def _check_payload(report: VerificationReport, archive: zipfile.ZipFile, bundle: Bundle, keep) -> bool:
    """Every payload file listed once in the manifest and read once: its SHA-256 as it streams by."""
    label = "Sommes de contrôle BagIt (manifeste SHA-256)"
    try:
        listed = parse_manifest(bundle.tags[MANIFEST])
    except ManifestError as error:
        return report.add(label, False, f"{MANIFEST} : {worded(error)}")
    unsafe = [name for name in listed if not name.startswith("data/") or name_problem(name)]
    if unsafe:
        return report.add(label, False, f"chemin dangereux {_q(unsafe[0])} dans {MANIFEST} (hors du paquet)")
    present = sorted((name for name in bundle.members if name.startswith("data/")),
                     key=lambda name: bundle.members[name].header_offset)  # one pass through the file
    problems = [f"{_q(name)} : listé dans le manifeste mais absent" for name in sorted(set(listed) - set(present))]
    problems += [f"{_q(name)} : présent mais absent du manifeste" for name in present if name not in listed]
    if problems:
        return report.add(label, False, "; ".join(problems[:5]))
    oxum = _payload_oxum(bundle)
    actual = (sum(bundle.members[name].file_size for name in present), len(present))
    if oxum != actual:
        return report.add(label, False, "Payload-Oxum (taille et nombre des fichiers de données) "
                                        "ne correspond pas au contenu")
    for name in present:
        digest = hashlib.sha256()
        kept = keep(name)
        if kept is not None:
            bundle.kept[name] = _read_member(report, archive, bundle, name, kept, digest)
        else:
            _stream(report, archive, bundle, name, MAX_PIECE_BYTES, None, digest)
        bundle.payload_sha256[name] = digest.hexdigest()
        if bundle.payload_sha256[name] != listed[name]:
            problems.append(f"{_q(name)} : somme de contrôle SHA-256 différente du manifeste (fichier modifié)")
    if problems:
        return report.add(label, False, "; ".join(problems[:5]))
    return report.add(label, True, f"{format_integer(len(present))} fichiers de données vérifiés (SHA-256)")


def _payload_oxum(bundle: Bundle) -> tuple[int, int] | None:
    values = parse_bag_info(bundle.tags[BAG_INFO]).get("Payload-Oxum", [])
    octets, _, count = (values[0] if values else "").partition(".")
    if not (octets.isascii() and octets.isdigit() and count.isascii() and count.isdigit()):
        return None
    return int(octets), int(count)


# --- bag-info.txt and the signer -------------------------------------------------------------------


def check_bag_info(report: VerificationReport, bundle: Bundle) -> None:
    """One value per label (the first); a label verify relies on that repeats fails the check."""
    info = parse_bag_info(bundle.tags.get(BAG_INFO, b""))
    repeated = [label for label in SINGLE_VALUED if len(info.get(label, [])) > 1]
    if repeated:
        report.add("bag-info.txt sans ambiguïté", False, "figure(nt) plusieurs fois : " + ", ".join(repeated))
    bundle.info = {label: values[0] for label, values in info.items()}
    report.example = bool(bundle.info.get(INFO_EXAMPLE, "").lower().startswith("oui"))


def check_fingerprint_field(report: VerificationReport, bundle: Bundle) -> None:
    recorded = "".join(bundle.info.get(INFO_FINGERPRINT, "").lower().replace(":", "").split())
    expected = report.fingerprint
    report.add(
        "Empreinte du signataire dans bag-info.txt",
        bool(expected) and recorded == expected,
        "identique au certificat de la signature CMS" if recorded == expected and expected
        else f"bag-info.txt indique {_q(recorded or 'rien')}",
    )


# --- the signer, bound to the dossier (export/binding.py reads the certificate) ------------------------

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
        ("Identité : confirmée (" if verdict.confirmed else "Identité : NON CONFIRMÉE (") + trust_reason(verdict) + ")",
    ]


def trust_reason(verdict: TrustVerdict) -> str:
    """binding.trust_verdict's reason, as the report says it."""
    if verdict.self_signed:
        unanchored = "certificat autosigné"
    else:
        unanchored = (f"certificat émis par « {visible(verdict.issuer, 120)} », autorité non reconnue : "
                      "pas plus sûr qu'un certificat autosigné")
    trust_file = visible(verdict.trust_file, 80)
    if verdict.reason == "no_trust_list":
        return (f"{unanchored} ; aucune liste de confiance (--confiance FICHIER) : "
                "confirmez le code de vérification auprès de la collectivité")
    if verdict.reason == "fingerprint_listed":
        return f"empreinte du certificat présente dans {trust_file}"
    if verdict.reason == "certificate_listed":
        return f"certificat présent dans {trust_file}"
    if verdict.reason == "chain_validated":
        return f"chaîne de certification validée jusqu'à une autorité de {trust_file}"
    return f"{unanchored} ; absent de la liste de confiance {trust_file}"


# --- a campaign file (export/campaign.py reads it with the checks above) ----------------------------


def check_campaign_format(report: VerificationReport, bundle: Bundle, expected: str) -> None:
    """bag-info.txt's Socle-Format is a campaign file's (`expected`); else the reading stops."""
    if bundle.info.get(INFO_FORMAT) != expected:
        report.add("Format du fichier", False, "ce n'est pas un fichier de campagne socle-campagne 1 "
                   "(un paquet de dossier se vérifie avec « socle-desktop verify »)")
        raise _Stop


def check_campaign_members(report: VerificationReport, files, required: list[str], rules: list[str],
                           bad_rules: list[str]) -> None:
    """The campaign file's members: the `required` ones, exactly one rules file, nothing else."""
    missing = [name for name in required if name not in files]
    unexpected = sorted(name for name in files if name not in required and name not in rules)
    problems = []
    if missing:
        problems.append("manquant(s) : " + ", ".join(missing))
    if unexpected or bad_rules:
        problems.append("en trop : " + ", ".join((unexpected + bad_rules)[:5]))
    if len(rules) != 1:
        problems.append(f"{len(rules)} fichier(s) de règles au lieu d'un")
    report.add("Fichiers de la campagne", not problems, "; ".join(problems) or "tous présents, aucun en trop")
    if problems:
        raise _Stop


# --- the PDF -------------------------------------------------------------------------------------


_HEX_DIGITS = b"0123456789abcdefABCDEF"
_PDF_WHITESPACE = b" \n\r\t\x0c\x00"
_HEX_READ_AHEAD = 64 * 1024


def _fast_hex_strings() -> None:
    """pyHanko reads a PDF hex string one byte at a time in Python: 4 to 6 ms for the 8 KB of
    the signature's /Contents, a sixth of a bundle's verification. Its reader is replaced (once,
    in this process) by one that finds the closing « > » and decodes the digits at C speed, and
    hands anything else — a comment, a byte that is neither a digit nor whitespace, no « > »,
    a stream that cannot seek — to pyHanko's own reader, from the same position: the same
    object, the same error, the same position after it (tests/export/test_verify_narrow.py)."""
    from pyhanko.pdf_utils import generic

    original = generic.read_hex_string_from_stream
    if getattr(original, "socle_original", None) is not None:
        return

    def read_hex_string_from_stream(stream):
        try:
            start = stream.tell()
        except (AttributeError, OSError, ValueError):
            return original(stream)
        chunks, end = [], -1
        while end < 0:
            chunk = stream.read(_HEX_READ_AHEAD)
            if not chunk:
                break
            end = chunk.find(b">", 1 if not chunks else 0)
            chunks.append(chunk)
        data = b"".join(chunks)
        end = data.find(b">", 1)
        digits = data[1:end].translate(None, _PDF_WHITESPACE) if end > 0 else b""
        if end < 0 or b"%" in data[1:end] or digits.translate(None, _HEX_DIGITS):
            stream.seek(start)
            return original(stream)
        stream.seek(start + end + 1)
        return generic.pdf_string(bytes.fromhex((digits + b"0" if len(digits) % 2 else digits).decode("ascii")))

    read_hex_string_from_stream.socle_original = original
    generic.read_hex_string_from_stream = read_hex_string_from_stream


def _check_pdf(report: VerificationReport, bundle: Bundle) -> dict[str, str]:
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    label = "Signature du PDF (PAdES)"
    _fast_hex_strings()
    try:
        reader = PdfFileReader(BytesIO(bundle.pdf_bytes), strict=False)
        signatures = reader.embedded_signatures
        if len(signatures) != 1:
            report.add(label, False, f"{len(signatures)} signature(s) trouvée(s), une seule attendue")
            return _pdf_keywords(reader)
        embedded = signatures[0]
        status = _plain_pdf_signature(embedded) or validate_pdf_signature(
            embedded, signer_validation_context=_validation_context(embedded.signer_cert),
            key_usage_settings=KeyUsageConstraints(),
        )
    except Exception as error:
        log.warning("PDF signature unreadable", exc_info=True)
        report.add(label, False, f"PDF illisible ({type(error).__name__} : {short(error)})")
        return {}
    fingerprint = hashlib.sha256(status.signing_cert.dump()).hexdigest()
    report.pdf_certificate = status.signing_cert.dump()
    problems = []
    if not (status.intact and status.valid):
        problems.append("la signature ne correspond pas au contenu")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        problems.append("la signature ne couvre pas tout le fichier (ajout après signature)")
    if fingerprint != report.fingerprint:
        problems.append("signataire différent de celui de la signature CMS")
    report.add(label, not problems, "; ".join(problems) or "intacte, couvre tout le fichier, même signataire")
    bundle.pdf_reader = reader  # its pages' text is read by _check_pdf_shows, from the same parse
    return _pdf_keywords(reader)


def _pdf_keywords(reader) -> dict[str, str]:
    try:
        keywords = _narrow_keywords(reader)
        if keywords is None:
            info = reader.trailer_view["/Info"]
            keywords = str(info.get("/Keywords", ""))
        return parse_pdf_keywords(keywords)
    except Exception:
        return {}


def _narrow_keywords(reader) -> str | None:
    """/Info's /Keywords as pyHanko reads it, without building /Info's other strings (pyHanko
    reads each escaped byte in Python): /Info read by pdf_objects, the /Keywords string by
    pyHanko's own reader on its bytes. None when anything is not that plain (pyHanko reads it)."""
    from pyhanko.pdf_utils import generic

    from .pdf_objects import Objects

    reference = reader.trailer_view.raw_get("/Info")
    if not isinstance(reference, generic.IndirectObject) or not isinstance(reader.stream, io.BytesIO):
        return None
    info = Objects(reader, reader.stream.getvalue()).narrow(reference.idnum, reference.generation)
    if not isinstance(info, dict):
        return None
    keywords = info.get("/Keywords", b"()")
    if not isinstance(keywords, bytes) or keywords[:1] not in (b"(", b"<"):
        return None
    return str(generic.read_object(io.BytesIO(keywords + b" "), reference))


# --- dossier.json ----------------------------------------------------------------------------


class _DuplicateKey(ValueError):
    """A key twice in one JSON object (`key`)."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _refuse_duplicates(pairs: list[tuple[str, object]]) -> dict:
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return data


def _check_json(report: VerificationReport, bundle: Bundle) -> None:
    label = "dossier.json conforme au schéma"
    try:
        data = json.loads(bundle.json_bytes.decode("utf-8"), parse_constant=refuse_constant,
                          object_pairs_hook=_refuse_duplicates)
        problem = None if _schema_holds(data) else _schema_problem(data)
    except _DuplicateKey as error:
        report.add(label, False, f"la clé {_q(error.key)} figure deux fois dans le même objet")
        return
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        # ValueError: bad syntax, NaN/Infinity, or an integer of thousands of digits.
        report.add(label, False, f"JSON illisible ({worded(error)})")
        return
    if problem:
        report.add(label, False, problem)
        return
    report.dossier_id = str(data.get("id", ""))
    bundle.dossier = data
    report.add(label, True, f"schéma {SCHEMA_FILENAME}")


def _schema_problem(data) -> str | None:
    """jsonschema's verdict on `data`: « where : why » of its first breach, None when it holds."""
    import jsonschema

    try:
        _schema_validator().validate(data)
    except jsonschema.ValidationError as error:
        where = "/".join(str(part) for part in error.absolute_path) or "(racine)"
        return f"{visible(where, NAME_LIMIT)} : {short(error.message)}"
    return None


class NotAJsonNumber(CodedError, ValueError):
    """NaN, Infinity or -Infinity in a JSON text (`name`): not a number JSON allows."""


def refuse_constant(name: str):
    raise NotAJsonNumber("json_not_a_number", name=name)


def _check_calcul(report: VerificationReport, bundle: Bundle) -> None:
    label = "Montants (calcul) identiques à un nouveau calcul"
    data = bundle.dossier
    try:
        dossier = dossier_from_dict(data)
        rules = load_rules(dossier.regles)  # refuses an edition name that is a path
    except DossierFormatError as error:
        report.add(label, False, dossier_finding(error))
        return
    except RulesError:
        report.add(label, False, _rules_finding(dossier.regles))
        return
    fresh = compute(dossier, rules, referentiel.for_checks())
    bundle.model, bundle.result = dossier, fresh
    report.draft = fresh.has_errors
    if data.get("calcul") != fresh.to_dict():
        report.add(label, False, "le calcul enregistré diffère du calcul des règles " + rules.edition)
        return
    report.add(label, True, f"règles {rules.edition}")


def _rules_finding(edition: str) -> str:
    """Why the dossier's rules cannot be loaded, as this finding says it (a document: worded here;
    the edition's name is already checked, by dossier_from_dict)."""
    if not has_rules(edition):
        return f"règles « {edition} » inconnues de cette version de l'application."
    return f"règles « {edition} » illisibles dans cette installation de l'application."


def _check_same_dossier(report: VerificationReport, bundle: Bundle, keywords: dict[str, str]) -> None:
    label = "PDF, dossier.json et bag-info.txt décrivent le même dossier"
    data, info = bundle.dossier or {}, bundle.info
    total = (data.get("calcul") or {}).get("total", {})
    json_sha256 = hashlib.sha256(bundle.json_bytes).hexdigest()
    draft = "oui" if report.draft else "non"
    expected = {
        "id": str(data.get("id")),
        "depense_ttc_centimes": str(total.get("depense_ttc_centimes")),
        "subvention_centimes": str(total.get("subvention_centimes")),
        "reste_a_charge_centimes": str(total.get("reste_a_charge_centimes")),
        "brouillon": draft,
        "dossier_json_sha256": json_sha256,
    }
    problems = [f"PDF : {key} = {_q(keywords.get(key, 'absent'))}, attendu {_q(value)}"
                for key, value in expected.items() if keywords.get(key) != value]
    if info.get("External-Identifier") != data.get("id"):
        problems.append("bag-info.txt : External-Identifier différent de l'identifiant du dossier")
    if info.get(INFO_DRAFT) != draft:
        problems.append(f"bag-info.txt : {INFO_DRAFT} = {_q(info.get(INFO_DRAFT, 'absent'))}, attendu {draft}")
    report.add(label, not problems, "; ".join(problems[:4]) or "identifiant, totaux et empreinte concordent")


def _check_pdf_shows(report: VerificationReport, bundle: Bundle) -> None:
    """What a person reads in the PDF is dossier.json: amounts, collectivité, SIRET, schools, lines."""
    from .pdf_text import PdfTextError, first_missing_in_pages, iter_page_texts, shown_facts

    label = "Le PDF affiche les montants, la collectivité, le SIRET et les écoles de dossier.json"
    if bundle.result is None:
        return  # dossier.json could not be computed: already a failure above
    if bundle.pdf_reader is None:
        report.add(label, False, "texte du PDF illisible (PDF illisible)")
        return
    try:
        # Page by page, as far as the facts go (the last one is on the signature page).
        missing = first_missing_in_pages(iter_page_texts(bundle.pdf_reader),
                                         shown_facts(bundle.model, bundle.result))
    except PdfTextError as error:
        report.add(label, False, f"texte du PDF illisible ({worded(error)})")
        return
    except Exception as error:  # a malformed page tree or font: the text cannot be read
        log.warning("PDF text unreadable", exc_info=True)
        report.add(label, False, f"texte du PDF illisible ({type(error).__name__} : {short(error)})")
        return
    if missing:
        what, fact = missing
        report.add(label, False, f"le PDF n'affiche pas {visible(what, NAME_LIMIT)} de dossier.json "
                                 f"({_q(fact)} attendu)")
        return
    report.add(label, True, "montants, collectivité, SIRET, écoles et lignes concordent")


def _check_pieces(report: VerificationReport, bundle: Bundle) -> None:
    label = "Pièces jointes"
    prefix = f"data/{PIECES_DIR}/"
    present: dict[str, list[str]] = {}
    for name, digest in bundle.payload_sha256.items():
        if name.startswith(prefix):
            present.setdefault(digest, []).append(name[len(prefix):])
    problems = []
    pieces = (bundle.dossier or {}).get("pieces") or []
    for piece in pieces:
        names = present.get(str(piece.get("sha256", "")).lower())
        if not names:
            problems.append(f"{_q(piece.get('nom'))} absente du paquet")
        else:
            names.pop()
            if not names:
                del present[str(piece.get("sha256", "")).lower()]
    extra = sorted(name for names in present.values() for name in names)
    if extra:
        problems.append("fichier(s) non déclaré(s) dans dossier.json : " + ", ".join(_q(name) for name in extra[:5]))
    report.add(label, not problems, "; ".join(problems) or ("aucune pièce jointe" if not pieces else plural(
        len(pieces), "une pièce, présente et intacte", "{n} pièces, toutes présentes et intactes")))


def _schema_holds(data) -> bool:
    """True when the compiled validator (jsonschema-rs) finds `data` valid under the shipped
    schema; anything else (invalid, or data it cannot take) goes to jsonschema, which gives the
    verdict and its message. jsonschema-rs never accepts what jsonschema refuses under this
    schema (tests/export/test_schema_fast_path.py breaks dossier.json every way it can): a
    dossier is judged exactly as before, in 0.02 ms instead of 2 ms (0.3 s for 3 000 lines)."""
    try:
        return _compiled_schema().is_valid(data)
    except Exception:  # a value it cannot convert (a lone surrogate, a huge integer…)
        return False


@cache
def _compiled_schema():
    import jsonschema_rs

    return jsonschema_rs.validator_for(dossier_schema())


@cache
def _schema_validator():
    """One validator for the shipped schema (checking the schema itself once, not per dossier)."""
    import jsonschema

    schema = dossier_schema()
    return jsonschema.validators.validator_for(schema)(schema)
