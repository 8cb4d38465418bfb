"""Verify a folder of received bundles on every core and file them in the register.

Incremental: a file whose path, size and modification time are those already filed is not
read again; a file whose bytes (SHA-256) are already filed — the same bundle copied elsewhere,
or touched — is not verified again. Only new bytes reach `export.verify.verify_bundle` (the
project's one verification, called as is), in a pool of worker processes; results are filed
as they arrive, a batch per transaction, so memory stays flat however many bundles there are.

`file_received_bundle` is the same filing for one bundle verified elsewhere (the tus reception
point's hook).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import signal
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..export.bundle import INFO_SIGNING_TIME, JSON_NAME
from ..export.verify import ZIP_LABEL, ZIP_UNREADABLE, VerificationReport, verify_bundle
from . import places
from .register import DRAFT, EXAMPLE, REJECTED, UNCHECKED, VALID, Entry, FiledBundle, Register

Progress = Callable[[int, int, str], None]
BUNDLE_SUFFIX = ".zip"
BATCH_ROWS = 64          # rows filed per transaction
BATCH_SECONDS = 0.5      # … or after this long, so a window sees progress
MAX_DOSSIER_JSON = 50 * 1024 * 1024


@dataclass
class BatchResult:
    found: int = 0          # bundle files in the folder
    skipped: int = 0        # unchanged since the last pass (path, size, mtime)
    known: int = 0          # bytes already filed under another path or date
    verified: int = 0       # newly verified and filed
    cancelled: bool = False
    seconds: float = 0.0


def _fields(report: VerificationReport | dict) -> dict:
    """What the register reads of a verification: a VerificationReport, or the picklable summary
    the reception point's worker returns (the same names, `text` for the report's text)."""
    if isinstance(report, dict):
        return {"ok": bool(report.get("ok")), "draft": bool(report.get("draft")),
                "example": bool(report.get("example")), "unchecked": str(report.get("unchecked") or ""),
                "sha256": str(report.get("sha256") or ""), "dossier_id": str(report.get("dossier_id") or ""),
                "signer": str(report.get("signer") or ""), "fingerprint": str(report.get("fingerprint") or ""),
                "checks": [list(check) for check in report.get("checks") or []],
                "text": str(report.get("text") or ""), "not_a_bundle": str(report.get("not_a_bundle") or ""),
                "key_sha256": str(report.get("key_sha256") or "")}
    return {"ok": report.ok, "draft": report.draft, "example": report.example, "unchecked": report.unchecked,
            "not_a_bundle": report.not_a_bundle, "key_sha256": key_sha256(report.signer_certificate),
            "sha256": report.sha256, "dossier_id": report.dossier_id, "signer": report.signer,
            "fingerprint": report.fingerprint, "checks": [list(check) for check in report.checks],
            "text": report.text()}


def status_of(report: VerificationReport | dict, fields: dict | None = None) -> str:
    fields = fields or _fields(report)
    if fields["unchecked"] or fields["not_a_bundle"] or _cut_short(fields["checks"]):
        # Not judged: the disk failed, or the file is empty, not a zip, or a zip cut short (a
        # transfer cut off). The commune is asked for a new copy; its dossier is not rejected.
        return UNCHECKED
    if not fields["ok"]:
        return REJECTED
    if fields["draft"]:
        return DRAFT
    if fields["example"]:
        return EXAMPLE
    return VALID


def key_sha256(certificate_der: bytes) -> str:
    """SHA-256 of a certificate's public key (DER SubjectPublicKeyInfo): who holds the signing key,
    whatever certificate was made for it ('' when there is none or it cannot be read)."""
    if not certificate_der:
        return ""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        public = x509.load_der_x509_certificate(certificate_der).public_key()
        return hashlib.sha256(public.public_bytes(serialization.Encoding.DER,
                                                  serialization.PublicFormat.SubjectPublicKeyInfo)).hexdigest()
    except (ValueError, TypeError):
        return ""


def _cut_short(checks: list) -> bool:
    return any(not passed and label == ZIP_LABEL and detail == ZIP_UNREADABLE for label, passed, detail in checks)


def summarise(path: Path | str, report: VerificationReport | dict, size: int | None = None) -> FiledBundle:
    """What the register keeps of a verified bundle: the report, and — when verify could read a
    schema-valid dossier.json — the figures the instruction needs, read from that same zip."""
    path = Path(path)
    if size is None:
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
    fields = _fields(report)
    bundle = FiledBundle(
        sha256=fields["sha256"] or _sha256_of(path), path=str(path), size=size, status=status_of(report, fields),
        dossier_id=fields["dossier_id"], signer=fields["signer"], fingerprint=fields["fingerprint"],
        checks=fields["checks"], report=fields["text"], key_sha256=fields["key_sha256"],
    )
    if bundle.dossier_id:  # the zip was read safely and its dossier.json passed the schema
        if isinstance(report, VerificationReport) and report.dossier is not None:
            data, signed_at = report.dossier, report.bag_info.get(INFO_SIGNING_TIME, "")  # as verify read them
        else:  # the reception point's summary: read again from the same zip
            data, signed_at = _read_dossier(path)
        bundle.signed_at = signed_at
        if data is not None and str(data.get("id")) == bundle.dossier_id:
            _fill_from_dossier(bundle, data)
    return bundle


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(block)
    except OSError:
        return "illisible-" + hashlib.sha256(str(path).encode("utf-8", "replace")).hexdigest()
    return digest.hexdigest()


def _read_dossier(path: Path) -> tuple[dict | None, str]:
    """dossier.json and the signing time of bag-info.txt, from a zip verify already judged safe."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            root = names[0].split("/", 1)[0] if names else ""
            info = archive.getinfo(f"{root}/data/{JSON_NAME}")
            if info.file_size > MAX_DOSSIER_JSON:
                return None, ""
            data = json.loads(archive.read(info).decode("utf-8"))
            signed_at = ""
            try:
                for line in archive.read(f"{root}/bag-info.txt").decode("utf-8", "replace").splitlines():
                    if line.startswith(INFO_SIGNING_TIME + ":"):
                        signed_at = line.split(":", 1)[1].strip()
                        break
            except KeyError:
                pass
            return (data if isinstance(data, dict) else None), signed_at
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, RecursionError):
        return None, ""


def _integer(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _fill_from_dossier(bundle: FiledBundle, data: dict) -> None:
    collectivite = data.get("collectivite") or {}
    siret = str(collectivite.get("siret") or "")
    bundle.raison_sociale = str(collectivite.get("raison_sociale") or "")
    bundle.collectivite_type = str(collectivite.get("type") or "")
    bundle.siren = siret[:9] if len(siret) >= 9 else siret
    bundle.code_insee = str(collectivite.get("code_insee") or "")
    bundle.code_departement = places.departement_of_commune(bundle.code_insee)
    bundle.code_academie = places.academie_of_departement(bundle.code_departement)
    schools = []
    for ecole in data.get("ecoles") or []:
        if isinstance(ecole, dict):
            schools.append({
                "uai": str(ecole.get("uai") or ""), "nom": str(ecole.get("nom") or ""),
                "code_insee": str(ecole.get("code_insee") or ""),
                "nb_classes": _integer(ecole.get("nb_classes")), "nb_eleves": _integer(ecole.get("nb_eleves")),
            })
    bundle.schools = schools
    bundle.classes = sum(school["nb_classes"] for school in schools)
    total = ((data.get("calcul") or {}).get("total")) or {}
    bundle.spending_centimes = _integer(total.get("depense_ttc_centimes"))
    bundle.subsidy_centimes = _integer(total.get("subvention_centimes"))


def file_received_bundle(register: Register, path: Path | str, report: VerificationReport | dict) -> Entry:
    """File one bundle verified elsewhere (the reception point's worker) and return its entry.
    `path` is where the bundle now lies (it is read again for dossier.json); `report` is the
    VerificationReport, or the worker's summary dict (ok, draft, example, unchecked, sha256,
    dossier_id, signer, fingerprint, checks, text). Filing the same bytes twice files nothing new."""
    path = Path(path)
    try:
        status = path.stat()
        size, mtime_ns = status.st_size, status.st_mtime_ns
    except OSError:
        size, mtime_ns = 0, 0
    return register.file(summarise(path, report, size), mtime_ns)


def verify_and_summarise(path: Path | str, trust=None) -> FiledBundle:
    """Verify one bundle and summarise it: what a worker process runs (picklable result).
    `trust`: a binding.TrustList; the bundle is then marked `confirmed` when it anchors the signer."""
    report = verify_bundle(path, trust=trust)
    bundle = summarise(path, report)
    if trust is not None and report.signer_certificate and bundle.status == VALID:
        from ..export.binding import _moment, trust_verdict

        bundle.confirmed = trust_verdict(report.signer_certificate, report.other_certificates, trust,
                                         _moment(report.bag_info.get(INFO_SIGNING_TIME, ""))).confirmed
    return bundle


# --- the folder -------------------------------------------------------------------------------


def bundle_files(folder: Path) -> Iterator[tuple[str, int, int]]:
    """(path, size, mtime_ns) of every *.zip under `folder` (links not followed), sorted by path."""
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not entry.name.startswith("."):
                        subfolders.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False) and entry.name.lower().endswith(BUNDLE_SUFFIX) \
                        and not entry.name.startswith("."):
                    status = entry.stat(follow_symlinks=False)
                    yield entry.path, status.st_size, status.st_mtime_ns
            except OSError:
                continue
        stack.extend(reversed(subfolders))


_KNOWN: frozenset[str] = frozenset()
_TRUST = None  # the binding.TrustList of `--confiance`, loaded once per worker


def _worker_init(known: frozenset[str], watch_parent: bool = False, trust_path: str | None = None) -> None:
    global _KNOWN, _TRUST
    _KNOWN = known
    if trust_path:  # a path, not the list: certificates do not pickle; the caller checked it reads
        from ..export.binding import load_trust_list
        _TRUST = load_trust_list(trust_path)
    else:
        _TRUST = None
    if watch_parent:  # a pool worker: Ctrl+C is the parent's to handle (see _ctrl_c_for_the_parent_only)
        with contextlib.suppress(ValueError):
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    import gc
    gc.freeze()  # the modules imported so far are never garbage: skip them in every collection
    if watch_parent:
        exit_with_parent(os.getppid())


@contextlib.contextmanager
def _ctrl_c_for_the_parent_only() -> Iterator[None]:
    """Workers started inside ignore SIGINT from their first instruction (a disposition set to
    ignore survives exec): Ctrl+C in the terminal reaches every process of the group, and a
    worker still importing printed Python's traceback over the command's « interrompu. ». The
    parent stops them itself (Pool.terminate as it leaves)."""
    if threading.current_thread() is not threading.main_thread():  # the window's worker thread
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def exit_with_parent(parent: int) -> None:
    """A pool worker whose parent was killed (the window, or the reception point, stopped by
    force) waits for tasks for ever; this one leaves within a second instead."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _work(item: tuple[str, int, int]) -> tuple[str, int, int, str, FiledBundle | None]:
    """Verify one file unless its bytes are already filed. Returns (path, size, mtime, sha, bundle)."""
    path, size, mtime_ns = item
    if _KNOWN:  # nothing filed yet (a first pass): verify hashes the file as it reads it
        sha256 = _sha256_of(Path(path))
        if sha256 in _KNOWN:
            return path, size, mtime_ns, sha256, None
    bundle = verify_and_summarise(path, _TRUST)
    return path, size, mtime_ns, bundle.sha256, bundle


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def verify_folder(register: Register, folder: Path | str, *, workers: int | None = None,
                  progress: Progress | None = None, cancel: Callable[[], bool] | None = None,
                  on_filed: Callable[[list[FiledBundle]], None] | None = None,
                  trust_path: Path | str | None = None) -> BatchResult:
    """Verify and file every new bundle under `folder`. `progress(done, total, name)` after each
    bundle; `cancel()` is polled between bundles (what was filed stays filed); `on_filed(batch)`
    after each transaction (the window refreshes its list). `trust_path`: a trust list (as
    `verify --confiance`), already checked readable by the caller: its pinned fingerprints and
    certificates are recorded as confirmed, and new bundles are verified against it."""
    started = time.perf_counter()
    folder = Path(folder)
    result = BatchResult()
    trust_file = str(trust_path) if trust_path else None
    if trust_file:
        from cryptography.hazmat.primitives import hashes

        from ..export.binding import load_trust_list

        trust = load_trust_list(trust_file)
        register.confirm_fingerprints(
            trust.fingerprints | {certificate.fingerprint(hashes.SHA256()).hex() for certificate in trust.certificates},
            "liste de confiance")
    seen = register.seen_files()
    todo: list[tuple[str, int, int]] = []
    for path, size, mtime_ns in bundle_files(folder):
        result.found += 1
        if seen.get(path, (None, None, None))[:2] == (size, mtime_ns):
            result.skipped += 1
        else:
            todo.append((path, size, mtime_ns))
    del seen
    total = len(todo)
    if progress:
        progress(0, total, "")
    if not todo:
        result.seconds = time.perf_counter() - started
        return result
    known = frozenset(register.known_hashes())
    workers = max(1, min(workers or default_workers(), total))
    pending_rows: list[tuple[FiledBundle, int]] = []
    pending_known: list[tuple[str, int, int, str]] = []
    last_flush = time.monotonic()

    def flush() -> None:
        nonlocal last_flush
        if pending_known:
            register.remember_files(pending_known)
            pending_known.clear()
        if pending_rows:
            register.file_many(pending_rows)
            if on_filed:
                on_filed([bundle for bundle, _ in pending_rows])
            pending_rows.clear()
        last_flush = time.monotonic()

    def handle(done: int, outcome) -> None:
        path, size, mtime_ns, sha256, bundle = outcome
        if bundle is None:
            result.known += 1
            pending_known.append((path, size, mtime_ns, sha256))
        else:
            result.verified += 1
            pending_rows.append((bundle, mtime_ns))
        if len(pending_rows) + len(pending_known) >= BATCH_ROWS or time.monotonic() - last_flush > BATCH_SECONDS:
            flush()
        if progress:
            progress(done, total, Path(path).name)

    try:
        if workers == 1:
            _worker_init(known, False, trust_file)
            for done, item in enumerate(todo, 1):
                if cancel and cancel():
                    result.cancelled = True
                    break
                handle(done, _work(item))
        else:
            # spawn: the same on every system, and safe from a window's worker thread (fork is not).
            context = multiprocessing.get_context("spawn")
            chunk = max(1, min(16, total // (workers * 8)))
            with _ctrl_c_for_the_parent_only():
                pool = context.Pool(workers, initializer=_worker_init, initargs=(known, True, trust_file))
            with pool:
                for done, outcome in enumerate(pool.imap_unordered(_work, todo, chunksize=chunk), 1):
                    handle(done, outcome)
                    if cancel and cancel():
                        result.cancelled = True
                        pool.terminate()
                        break
    finally:
        flush()
    result.seconds = time.perf_counter() - started
    return result
