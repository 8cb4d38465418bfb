"""Export a dossier: the signed PDF, and the signed BagIt 1.0 bundle (a zip) for submission.

    <stem>.zip
      <stem>/bagit.txt, bag-info.txt, manifest-sha256.txt, tagmanifest-sha256.txt,
             tagmanifest-sha256.txt.p7s (detached CMS over the tag manifest, DER)
             data/dossier.json (with `calcul`), data/dossier.pdf (PAdES), data/<schema>, data/pieces/…

The bag is written here rather than with `bagit.make_bag`, which changes the process's working
directory (unsafe in the window's worker thread) and writes BagIt 0.97; the staged bag is then
validated with the `bagit` library before it is zipped, so a bundle that leaves this module has
already passed an independent check. Final files are written atomically (fileio): a crash or a
full disk leaves the previous file or none, never half a zip.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import hashlib
import json
import os
import re
import tempfile
import time
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import bagit

from .. import __version__, referentiel
from ..domain.compute import Result, compute
from ..domain.dossier_json import dumps_dossier
from ..domain.model import Dossier
from ..domain.rules import Rules, RulesError
from ..domain.text import is_hidden
from ..fileio import atomic_writer
from ..resources import SCHEMA_FILENAME, dossier_schema, load_rules, resource_path
from .bag_layout import (
    BAG_INFO,
    BAGIT_TXT,
    DOSSIER_FORMAT,
    INFO_DRAFT,
    INFO_EXAMPLE,
    INFO_FINGERPRINT,
    INFO_FORMAT,
    INFO_OTHER_SIGNER,
    INFO_RULES,
    INFO_SHORT_CODE,
    INFO_SIGNER,
    INFO_SIGNER_SIREN,
    INFO_SIGNING_TIME,
    JSON_NAME,
    MANIFEST,
    PDF_NAME,
    PIECES_DIR,
    SIGNATURE_FILE,
    TAG_MANIFEST,
    TAG_MANIFEST_COVERS,
    zip_member_order,
)
from .binding import CertificateFacts, Mismatch, binding_mismatches
from .document_words import AGENT, EXAMPLE, NOT_GIVEN, OTHER_SIGNER_CONFIRMED, override_summary
from .errors import ExportCancelled, ExportError
from .identity import SigningIdentity
from .pdf import SignerBlock, render_pdf_with_layout
from .signing import sign_detached, sign_pdf

ZIP_CHUNK = 1024 * 1024

Progress = Callable[[int, int, str], None]
PieceBytes = Callable[[str], bytes]  # raises LookupError or OSError when it has no such file


@dataclass(frozen=True)
class ExportResult:
    pdf_path: Path
    bundle_path: Path
    draft: bool
    fingerprint: str  # SHA-256 of the signer's certificate, lower-case hex
    short_code: str = ""  # the certificate's short verification code (ABCD-EFGH-IJKL-MNOP)
    signer: CertificateFacts | None = None  # who signed (the front-ends word it: catalogue)
    other_signer: str = ""  # the confirmed mismatch with the dossier, if any, as the bundle records it
    signing_time: dt.datetime | None = None
    signer_name: str = ""  # the certificate's subject, for a signer without a common name


class SignerMismatch(ExportError):
    """The identity is not the dossier's collectivité or representative: refused unless the user
    confirms explicitly (`--autre-signataire`, or the window's confirmation)."""

    def __init__(self, mismatches: list[Mismatch]):
        self.mismatches = mismatches
        super().__init__("signer_mismatch", mismatches=mismatches)


def export_dossier(
    dossier: Dossier,
    *,
    out_dir: Path | str,
    identity: SigningIdentity,
    piece_bytes: PieceBytes | None = None,
    signing_time: dt.datetime | None = None,
    rules: Rules | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    example: bool = False,
    other_signer: bool = False,
) -> ExportResult:
    """Write `<stem>.pdf` and `<stem>.zip` into `out_dir`; raise ExportError (French) or ExportCancelled.

    `piece_bytes(sha256)` gives an attachment's bytes (the library's `piece_bytes`); it may
    raise or return None when they are missing. A dossier with errors is exported as a draft.
    An identity that is not the dossier's collectivité (SIREN) and representative raises
    SignerMismatch, unless `other_signer` records the user's explicit confirmation: the PDF and
    bag-info.txt then say what did not match.

    One signing time is used for everything: the « Fait à …, le … » line, the visible block, the
    PDF's signature dictionary and both CMS `signingTime` attributes.
    """
    # Exactly the steps announced below: seven, plus one per attachment (the count said 8 + n
    # and the command line's progress jumped from [7/9] to [9/9]).
    run = _Run(progress, cancel, total=7 + len(dossier.pieces))
    signing_time = _aware(signing_time)
    out_dir = Path(out_dir)

    run.step("export_step_compute")
    rules = rules or _rules_for(dossier)
    result = compute(dossier, rules, referentiel.for_checks())
    identity.check_valid_at(signing_time)
    mismatches = binding_mismatches(identity.facts, dossier.collectivite)
    if mismatches and not other_signer:
        raise SignerMismatch(mismatches)
    other = override_summary(mismatches)

    payload: dict[str, bytes] = {}
    for name, data in _collect_pieces(dossier, piece_bytes, run):
        payload[f"{PIECES_DIR}/{name}"] = data

    run.step("export_step_dossier_json")
    json_bytes = _dossier_json(dossier, result)
    json_sha256 = hashlib.sha256(json_bytes).hexdigest()

    run.step("export_step_pdf_layout")
    quality = dossier.collectivite.representant.qualite
    rendered = render_pdf_with_layout(
        dossier, result, rules, signing_time=signing_time,
        signer=SignerBlock.from_identity(identity, other_signer=other), quality=quality,
        json_sha256=json_sha256, example=example,
    )

    run.step("export_step_pdf_signature")
    signed_pdf = _sign_pdf(rendered, identity, signing_time, quality, dossier.collectivite.commune)

    payload[JSON_NAME] = json_bytes
    payload[PDF_NAME] = signed_pdf
    payload[SCHEMA_FILENAME] = resource_path("schema", SCHEMA_FILENAME).read_bytes()

    stem = bundle_stem(dossier, signing_time, draft=result.has_errors)
    run.step("export_step_bag")
    bag_info = _bag_info(dossier, result, identity, signing_time, example, other)
    tag_files = build_tag_files(payload, bag_info)

    run.step("export_step_bag_signature")
    tag_files[SIGNATURE_FILE] = sign_detached(tag_files[TAG_MANIFEST], identity, signing_time=signing_time)
    _self_check(stem, payload, tag_files)

    run.step("export_step_zip")
    out_dir_ready(out_dir)
    if not example:  # a signed export is never replaced by another (the fictional example replaces its own)
        stem = _unused_stem(out_dir, stem)
    bundle_path, pdf_path = out_dir / f"{stem}.zip", out_dir / f"{stem}.pdf"
    remove_stale_partials(bundle_path, pdf_path)
    _write_both(pdf_path, signed_pdf, bundle_path, lambda handle: _write_zip(
        handle, stem, payload, tag_files, signing_time, run))
    run.finish()
    return ExportResult(pdf_path, bundle_path, result.has_errors, identity.fingerprint_sha256,
                        identity.short_code, identity.facts, other, signing_time, identity.subject_name)


# --- steps -----------------------------------------------------------------------------------


class _Run:
    """Progress reporting and cancellation between steps: `progress(done, total, label)` with
    the steps done so far and the one starting; (total, total, "Export terminé") at the end."""

    def __init__(self, progress: Progress | None, cancel: Callable[[], bool] | None, total: int):
        self._progress, self._cancel = progress, cancel
        self.total, self.done = total, 0

    def step(self, label: str) -> None:
        self.check_cancel()
        if self._progress is not None:
            self._progress(self.done, self.total, label)
        self.done += 1

    def check_cancel(self) -> None:
        if self._cancel is not None and self._cancel():
            raise ExportCancelled()

    def finish(self) -> None:
        if self._progress is not None:
            self._progress(self.total, self.total, "export_step_done")


def _aware(moment: dt.datetime | None) -> dt.datetime:
    if moment is None:
        return dt.datetime.now().astimezone().replace(microsecond=0)
    if moment.tzinfo is None:
        return moment.astimezone()
    return moment


def _rules_for(dossier: Dossier) -> Rules:
    try:
        return load_rules(dossier.regles)  # checks that the name is an edition, never a path
    except RulesError as error:
        raise ExportError("domain_refusal", cause=error) from None


def _collect_pieces(dossier: Dossier, piece_bytes: PieceBytes | None, run: _Run):
    """(file name in pieces/, bytes) of each attachment, checked against its recorded SHA-256."""
    used: set[str] = set()
    for piece in dossier.pieces:
        run.step(f"export_step_piece:{piece.nom}")
        data = None
        if piece_bytes is not None:
            try:
                data = piece_bytes(piece.sha256)
            except (LookupError, OSError):  # not in the bytes gathered, or a file gone: "absent"
                data = None  # (anything else is a bug, and must reach the log, not read « absente »)
        if data is None:
            raise ExportError("piece_missing", name=piece.nom, sha256=piece.sha256)
        if hashlib.sha256(data).hexdigest() != piece.sha256:
            raise ExportError("piece_changed", name=piece.nom)
        name = unique_piece_name(piece.nom, used)
        used.add(name.casefold())
        yield name, data


_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*%]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
PIECE_STEM_BYTES = 120  # UTF-8 bytes: far below every file system's limit, emoji included
PIECE_SUFFIX_CHARACTERS = 16


def unique_piece_name(nom: str, used: set[str]) -> str:
    """A file name safe on every system and in a manifest (no separators, no %, no CR/LF).

    The rules are the ones `verify` applies to every member's name: what this returns passes them.
    """
    name = unicodedata.normalize("NFC", nom).replace("\\", "/").split("/")[-1]
    name = _UNSAFE_IN_NAME.sub("_", name)
    name = "".join("_" if is_hidden(char) else char for char in name).strip(" .") or "piece"
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    suffix = suffix[:PIECE_SUFFIX_CHARACTERS].strip(" .")
    stem = _cut_utf8(stem, PIECE_STEM_BYTES).rstrip(" .") or "piece"
    if stem.split(".", 1)[0].strip().upper() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    candidate = f"{stem}.{suffix}" if suffix else stem
    counter = 2
    while candidate.casefold() in used:
        candidate = f"{stem} ({counter}).{suffix}" if suffix else f"{stem} ({counter})"
        counter += 1
    return candidate


def _cut_utf8(text: str, limit: int) -> str:
    while len(text.encode("utf-8")) > limit:
        text = text[:-1]
    return text


def _dossier_json(dossier: Dossier, result: Result) -> bytes:
    text = dumps_dossier(dossier, calcul=result.to_dict())
    problem = schema_problem(json.loads(text))  # the text written, read back: what a receiver reads
    if problem:  # a bug here, not the user's: say where
        raise ExportError("dossier_json_off_schema", problem=problem)
    return text.encode("utf-8")


def schema_problem(data) -> str | None:
    """« where : what » of the first way `data` breaks the shipped dossier schema, else None."""
    import jsonschema_rs

    try:
        _schema_validator().validate(data)
    except jsonschema_rs.ValidationError as error:
        where = "/".join(str(part) for part in error.instance_path) or "(racine)"
        return f"{where} : {error.message}"
    return None


def _sign_pdf(rendered, identity, signing_time, quality, commune) -> bytes:
    try:
        return sign_pdf(rendered.data, identity, signing_time=signing_time, page=rendered.signature_page,
                        box=rendered.signature_box, quality=quality, location=commune)
    except ExportError:
        raise
    except Exception as error:  # pyHanko: unsupported key, broken certificate, …
        raise ExportError("pdf_signature_failed", error_name=type(error).__name__, cause=error) from None


def slug(text: str, limit: int = 40) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(cleaned) <= limit:
        return cleaned
    cut = cleaned[:limit + 1].rfind("-")  # end on a whole word when there is one
    return cleaned[:cut if cut > limit // 2 else limit].rstrip("-")


def bundle_stem(dossier: Dossier, signing_time: dt.datetime, *, draft: bool) -> str:
    """`<collectivité>-<AAAA-MM-JJ>-<id>[-brouillon]`: readable, sortable; `_unused_stem` numbers a second one."""
    parts = [slug(dossier.collectivite.raison_sociale) or "dossier", signing_time.strftime("%Y-%m-%d"),
             slug(dossier.id, 64) or "sans-id"]
    if draft:
        parts.append("brouillon")
    return "-".join(parts)


def _unused_stem(out_dir: Path, stem: str) -> str:
    """`stem`, or `stem-2`, `stem-3`… when an earlier export of the same dossier on the same day
    is in `out_dir` (a PDF the mayor may have printed and signed, a bundle already handed over):
    exported again after a correction, the dossier gets new files beside them."""
    candidate, number = stem, 1
    while (out_dir / f"{candidate}.zip").exists() or (out_dir / f"{candidate}.pdf").exists():
        number += 1
        candidate = f"{stem}-{number}"
    return candidate


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _bag_info(dossier: Dossier, result: Result, identity: SigningIdentity, signing_time: dt.datetime,
              example: bool, other_signer: str = "") -> list[tuple[str, str]]:
    c = dossier.collectivite
    info = [
        ("Source-Organization", c.raison_sociale or NOT_GIVEN),
        ("Organization-Address", ", ".join(x for x in (c.adresse, f"{c.code_postal} {c.commune}".strip()) if x)),
        ("Contact-Name", c.contact.nom),
        ("Contact-Phone", c.contact.telephone),
        ("Contact-Email", c.contact.courriel),
        ("External-Identifier", dossier.id),
        ("External-Description", dossier.projet.intitule),
        ("Bagging-Date", signing_time.strftime("%Y-%m-%d")),
        ("Bag-Software-Agent", AGENT.format(version=__version__, bagit=bagit.VERSION)),
        (INFO_FORMAT, DOSSIER_FORMAT),
        (INFO_RULES, result.regles),
        (INFO_DRAFT, "oui" if result.has_errors else "non"),
        (INFO_SIGNER, identity.subject_name),
        (INFO_FINGERPRINT, identity.fingerprint_sha256),
        (INFO_SHORT_CODE, identity.short_code),
        (INFO_SIGNER_SIREN, identity.facts.siren),
        (INFO_SIGNING_TIME, signing_time.isoformat()),
    ]
    if other_signer:
        info.append((INFO_OTHER_SIGNER, OTHER_SIGNER_CONFIRMED.format(summary=other_signer)))
    if example:
        info.append((INFO_EXAMPLE, EXAMPLE))
    return [(label, _one_line(value)) for label, value in info if _one_line(value)]


def build_tag_files(payload: dict[str, bytes], bag_info: list[tuple[str, str]]) -> dict[str, bytes]:
    """bagit.txt, bag-info.txt (with Payload-Oxum), manifest and tag manifest, in RFC 8493 form."""
    names = sorted(payload)
    manifest = "".join(f"{hashlib.sha256(payload[name]).hexdigest()}  data/{name}\n" for name in names)
    oxum = f"{sum(len(payload[name]) for name in names)}.{len(names)}"
    info_lines = [*bag_info, ("Payload-Oxum", oxum)]
    files = {
        "bagit.txt": BAGIT_TXT,
        BAG_INFO: "".join(f"{label}: {value}\n" for label, value in info_lines).encode("utf-8"),
        MANIFEST: manifest.encode("utf-8"),
    }
    files[TAG_MANIFEST] = "".join(
        f"{hashlib.sha256(files[name]).hexdigest()}  {name}\n" for name in TAG_MANIFEST_COVERS
    ).encode("utf-8")
    return files


def _self_check(stem: str, payload: dict[str, bytes], tag_files: dict[str, bytes]) -> None:
    """Validate the staged bag with the bagit library (an independent implementation)."""
    try:
        with tempfile.TemporaryDirectory(prefix="socle-export-") as temp:
            root = Path(temp) / stem
            for name, data in tag_files.items():
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                (root / name).write_bytes(data)
            for name, data in payload.items():
                target = root / "data" / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            try:
                bagit.Bag(str(root)).validate()
            except bagit.BagError as error:
                raise ExportError("bag_invalid", cause=error) from None
    except OSError as error:  # the temporary folder is full or not writable: nothing was written
        raise ExportError("bag_temp_failed", folder=tempfile.gettempdir(), os_error=error) from None


def out_dir_ready(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError("out_dir_is_file", path=out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError("out_dir_failed", path=out_dir, os_error=error) from None
    if not out_dir.is_dir():
        raise ExportError("out_dir_not_folder", path=out_dir)


STALE_PARTIAL_SECONDS = 15 * 60


def remove_stale_partials(*targets: Path) -> None:
    """Delete the hidden `.<name>.….partiel` files a killed export of these files left behind.

    Only old ones: a recent one may belong to an export of the same dossier running now (the
    window and the command line at once). A file that cannot be removed is left alone.
    """
    now = time.time()
    for target in targets:
        for partial in target.parent.glob(f".{glob.escape(target.name)}.*.partiel"):
            with contextlib.suppress(OSError):
                if now - partial.stat().st_mtime > STALE_PARTIAL_SECONDS:
                    partial.unlink()


def _write_both(pdf_path: Path, pdf: bytes, bundle_path: Path, write_zip: Callable) -> None:
    """Both files, or neither: a full disk or a cancel while zipping leaves no new PDF either.

    The PDF is written and synced to its temporary file first (its space is taken), then the
    zip is written and put in place, then the PDF is; only a failing rename in between could
    leave one without the other.
    """
    target = pdf_path
    try:
        with atomic_writer(pdf_path) as pdf_handle:
            pdf_handle.write(pdf)
            pdf_handle.flush()
            os.fsync(pdf_handle.fileno())
            target = bundle_path
            with atomic_writer(bundle_path) as zip_handle:
                write_zip(zip_handle)
            target = pdf_path
    except OSError as error:
        raise ExportError("export_write_failed", path=target, os_error=error) from None


def _write_zip(handle, stem: str, payload: dict[str, bytes], tag_files: dict[str, bytes],
               signing_time: dt.datetime, run: _Run) -> None:
    timestamp = signing_time.timetuple()[:6]
    if timestamp[0] < 1980:
        timestamp = (1980, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(handle, "w") as archive:
        for member in zip_member_order(payload, tag_files):
            run.check_cancel()
            data = payload[member[5:]] if member.startswith("data/") else tag_files[member]
            info = zipfile.ZipInfo(f"{stem}/{member}", date_time=timestamp)
            info.external_attr = 0o100644 << 16
            # PDFs and most attachments are already compressed: deflating them again is wasted time.
            compressible = member.endswith((".txt", ".json"))
            info.compress_type = zipfile.ZIP_DEFLATED if compressible else zipfile.ZIP_STORED
            with archive.open(info, "w") as entry:
                for start in range(0, len(data), ZIP_CHUNK):
                    entry.write(data[start:start + ZIP_CHUNK])


@cache
def _schema_validator():
    """One compiled validator for the shipped schema (draft 2020-12, its `$schema`).

    jsonschema-rs (Rust), not jsonschema: the same checks on the 60-school dossier in about
    1 ms instead of 190 ms, a tenth of its export (issue 15). The tests check it refuses what
    jsonschema, an independent implementation, refuses (test_bundle.py)."""
    import jsonschema_rs

    return jsonschema_rs.validator_for(dossier_schema())
