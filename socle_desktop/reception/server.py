"""The reception point: a tus 1.0 server where collectivités' outboxes upload their bundles.

    socle-desktop reception servir --dossier DIR [--adresse 127.0.0.1:PORT]
                                   [--certificat CERT.pem --cle KEY.pem] [--taille-max OCTETS]

The protocol is `tuspyserver` (a maintained tus 1.0 implementation: creation, core, offsets,
locks, expiry) on FastAPI, served by `uvicorn`, TLS when given a certificate. Nothing of the
protocol is written here; this module adds what the project needs around it:

- a size limit, refused at creation (413) before any byte is stored, and again per chunk;
- a completion hook: the finished upload is hashed, hard-linked to `DIR/.a-verifier/<sha256>.zip`
  (the upload itself stays, so the client's final HEAD still finds it) and verified at once in a
  worker process (export/verify, never in the server's event loop); then `file_received_bundle`
  files it: `DIR/recus/` when intact and instructable, `DIR/mis-de-cote/` with its report
  otherwise, enters it in the register (`reception.sqlite` of the data folder, where
  `reception liste | decider | exporter` find it), and writes the receipt
  `DIR/accuses/<sha256>.json`;
- nothing is received twice: a bundle is known by the SHA-256 of its bytes; a second upload of
  the same bytes (a client that lost the 201 of its first creation) files nothing new and gets
  the same receipt;
- the receipt (accusé de réception): `GET /accuses/<sha256>` answers 200 with the receipt once
  the bundle is filed, 202 while it is being verified, 404 when the point has never received
  those bytes. The outbox marks an entry « remis » only on a 200 from this route;
- verification survives a restart: what `.a-verifier/` holds at start is verified again;
- requests that the project does not use and that would bypass the checks above are refused:
  `Upload-Concat` (concatenation), deferred length; forwarded-host headers are ignored.

FastAPI, tuspyserver and uvicorn are imported only when the server starts: the desktop
application never pays for them.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import datetime as dt
import hashlib
import json
import logging
import multiprocessing
import os
import re
import shutil
import signal
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

from ..domain.coded_error import CodedError
from ..fileio import atomic_write_text
from . import wire_words

TUS_PREFIX = "files"
RECEIPTS_ROUTE = "accuses"
RECEIVED = "recus"
SET_ASIDE = "mis-de-cote"
RECEIPTS = "accuses"
PENDING = ".a-verifier"
UPLOADS = ".televersements"
DEFAULT_MAX_SIZE = 1024**3  # verify's own bound (export/verify.py Limits.max_total_bytes)
HASH_BLOCK = 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")

STATUS_RECEIVED = "recu"
STATUS_SET_ASIDE = "mis_de_cote"
STATUS_VERIFYING = "en_verification"


class ReceptionError(CodedError):
    """The point cannot start or serve: a code and its values (catalogue/reception_errors.py)."""


# What `serve` announces (its `announce(code, **values)`; the command line words them).
LISTENING, FOLDERS, FILING_FAILED = "reception_listening", "reception_folders", "reception_filing_failed"


@dataclass(frozen=True)
class ReceptionConfig:
    folder: Path
    data_dir: Path  # where the register (reception.sqlite) lives
    host: str = "127.0.0.1"
    port: int = 8443
    certfile: Path | None = None
    keyfile: Path | None = None
    max_size: int = DEFAULT_MAX_SIZE
    workers: int = 0  # 0: one per core
    days_to_keep: int = 7  # an unfinished upload is forgotten after this many days

    @property
    def scheme(self) -> str:
        return "https" if self.certfile else "http"


# --- filing ----------------------------------------------------------------------------------


_FILING_LOCK = threading.Lock()


def file_received_bundle(path: Path, report: dict, *, folder: Path, data_dir: Path) -> dict:
    """File one verified bundle, enter it in the register, write its receipt; returns the receipt.

    `path` is the pending copy (`.a-verifier/<sha256>.zip`), moved from there. `report` is what
    the worker returned (`verification_summary`). The receipt is written last: a bundle is
    acknowledged only once it is in the register.
    """
    from .batch import file_received_bundle as enter_in_register
    from .register import Register, register_path

    folder = Path(folder)
    sha256 = report["sha256"]
    with _FILING_LOCK:
        existing = read_receipt(folder, sha256)
        if existing is not None:
            with contextlib.suppress(OSError):
                path.unlink()
            return existing
        accepted = report["ok"] and not report["draft"] and not report["example"]
        target_dir = folder / (RECEIVED if accepted else SET_ASIDE)
        target_dir.mkdir(parents=True, exist_ok=True)
        name = f"{_safe(report.get('dossier_id')) or 'dossier-inconnu'}-{sha256[:16]}.zip"
        target = target_dir / name
        # Linked, not moved: the pending copy stays until the receipt is written, so the receipt
        # route answers « being verified » (202), never « unknown » (404), while the bundle is filed.
        partial = target_dir / f".{name}.partiel"
        try:
            os.link(path, partial)
        except OSError:
            shutil.copyfile(path, partial)
        os.replace(partial, target)
        if not accepted:
            atomic_write_text(target.with_suffix(".rapport.txt"), report["text"])
        with Register(register_path(data_dir)) as register:
            entry = enter_in_register(register, target, report)
        now = dt.datetime.now().astimezone().replace(microsecond=0)
        receipt = {
            "statut": STATUS_RECEIVED if accepted else STATUS_SET_ASIDE,
            "numero": f"R-{now:%Y%m%d}-{sha256[:12].upper()}",
            "recu_le": now.isoformat(),
            "sha256": sha256,
            "taille": target.stat().st_size,
            "dossier_id": report.get("dossier_id") or "",
            "signataire_sha256": report.get("fingerprint") or "",
            "fichier": f"{target_dir.name}/{name}",
            "verification": _verdict(entry.status) if accepted else wire_words.rejection_reason(report),
        }
        atomic_write_text(receipt_path(folder, sha256), json.dumps(receipt, ensure_ascii=False, indent=2) + "\n")
        with contextlib.suppress(OSError):
            path.unlink()
        return receipt


def _verdict(status: str) -> str:
    """The receipt's words for a bundle that passed every check (wire_words: the receipt's content)."""
    from .register import CONFLICT

    return wire_words.accepted_wording(status == CONFLICT)


def _safe(text) -> str:
    return re.sub(r"[^A-Za-z0-9-]+", "-", str(text or ""))[:64].strip("-")


def receipt_path(folder: Path, sha256: str) -> Path:
    return Path(folder) / RECEIPTS / f"{sha256}.json"


def read_receipt(folder: Path, sha256: str) -> dict | None:
    try:
        return json.loads(receipt_path(folder, sha256).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


# --- verification in a worker process --------------------------------------------------------


def verification_summary(path: str) -> dict:
    """Run in a worker process: verify one bundle, return a picklable summary."""
    from ..export.verify import verify_bundle
    from .batch import key_sha256

    report = verify_bundle(Path(path))
    return {
        "ok": report.ok, "draft": report.draft, "example": report.example, "sha256": report.sha256,
        "dossier_id": report.dossier_id, "fingerprint": report.fingerprint, "signer": report.signer,
        "checks": [list(check) for check in report.checks], "text": report.text(), "unchecked": report.unchecked,
        "not_a_bundle": report.not_a_bundle, "key_sha256": key_sha256(report.signer_certificate),
        "read_failed_here": report.read_failed_here,
    }


class Verifier:
    """Verifies pending bundles in worker processes and files each as soon as it is done."""

    def __init__(self, folder: Path, data_dir: Path, workers: int = 0, announce=None):
        """`announce(code, **values)`: how the point says what happens (FILING_FAILED); None: logged only."""
        self.announce = announce
        self.folder = Path(folder)
        self.data_dir = Path(data_dir)
        self.pending_dir = self.folder / PENDING
        self.pending_dir.mkdir(parents=True, exist_ok=True)
        count = workers or max(1, os.cpu_count() or 1)
        # spawn: the server's threads and event loop are not copied into the workers. Each worker
        # leaves by itself if the server dies without shutting the pool down (killed by force).
        # Started here, in the main thread, with Ctrl+C ignored from their first instruction:
        # Ctrl+C reaches every process of the terminal's group, and each worker printed Python's
        # traceback over « interrompu. » (the server stops them itself).
        from .batch import _ctrl_c_for_the_parent_only

        with _ctrl_c_for_the_parent_only():
            self._pool = concurrent.futures.ProcessPoolExecutor(
                count, mp_context=multiprocessing.get_context("spawn"),
                initializer=exit_with_parent, initargs=(os.getpid(),))
            for _ in range(count):  # one task each: every worker starts now (they start on demand)
                self._pool.submit(_ready)
        self._queued: set[str] = set()
        self._lock = threading.Lock()

    def submit(self, sha256: str) -> None:
        with self._lock:
            if sha256 in self._queued:
                return
            self._queued.add(sha256)
        path = self.pending_dir / f"{sha256}.zip"
        future = self._pool.submit(verification_summary, str(path))
        future.add_done_callback(lambda done: self._file(sha256, path, done))

    def _file(self, sha256: str, path: Path, future: concurrent.futures.Future) -> None:
        if future.cancelled():  # the server is stopping: left pending, verified at the next start
            with self._lock:
                self._queued.discard(sha256)
            return
        try:
            report = future.result()
            if report.get("read_failed_here"):
                return  # this machine's trouble (full temporary folder): left pending, retried at start
            report["sha256"] = sha256  # the bytes' own hash, computed when the upload completed
            file_received_bundle(path, report, folder=self.folder, data_dir=self.data_dir)
        except Exception:  # a worker that died, a register busy too long: stays pending, said and logged
            logging.getLogger(__name__).exception("filing %s failed", path.name)
            if getattr(self, "announce", None) is not None:
                self.announce(FILING_FAILED, name=path.name)
        finally:
            with self._lock:
                self._queued.discard(sha256)

    def resume(self) -> int:
        """Verify what a previous run left pending; returns how many."""
        count = 0
        for path in sorted(self.pending_dir.glob("*.zip")):
            if _SHA256.fullmatch(path.stem):
                self.submit(path.stem)
                count += 1
        return count

    def is_pending(self, sha256: str) -> bool:
        return (self.pending_dir / f"{sha256}.zip").exists()

    def shutdown(self) -> None:
        """Let the workers finish the bundles they hold, then stop them; bundles not yet begun
        stay in the pending folder (verified at the next start)."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def exit_with_parent(parent: int) -> None:
    """In a worker process: leave within a second once `parent` is no longer its parent (the
    server was killed by force and could not shut its pool down). Ctrl+C is the server's."""
    from .batch import exit_with_parent as watch

    with contextlib.suppress(ValueError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a worker started later, off the main thread
    watch(parent)


def _ready() -> None:
    """The task that starts a worker."""


def _hash_and_link(upload_path: str, pending_dir: Path) -> str:
    digest = hashlib.sha256()
    with open(upload_path, "rb") as handle:
        while block := handle.read(HASH_BLOCK):
            digest.update(block)
    sha256 = digest.hexdigest()
    target = pending_dir / f"{sha256}.zip"
    if not target.exists():
        temporary = pending_dir / f".{sha256}.{os.getpid()}.partiel"
        try:
            os.link(upload_path, temporary)
        except OSError:  # another file system, or links not allowed: a copy
            shutil.copyfile(upload_path, temporary)
        os.replace(temporary, target)
    return sha256


# --- the application -------------------------------------------------------------------------


def create_app(config: ReceptionConfig, verifier: Verifier):
    from fastapi import FastAPI, HTTPException
    from fastapi.responses import JSONResponse
    from tuspyserver import create_tus_router

    folder = Path(config.folder)
    uploads = folder / UPLOADS
    uploads.mkdir(parents=True, exist_ok=True)

    def before_create(metadata: dict, info: dict) -> None:
        if info.get("defer_length") or info.get("size") is None:
            raise HTTPException(status_code=400, detail=wire_words.LENGTH_REQUIRED)
        if info["size"] > config.max_size:
            raise HTTPException(status_code=413, detail=wire_words.too_large(config.max_size))
        if not metadata.get("filename") or not metadata.get("filetype"):
            raise HTTPException(status_code=400, detail=wire_words.METADATA_REQUIRED)

    async def on_complete(path: str, metadata: dict) -> None:
        sha256 = await asyncio.to_thread(_hash_and_link, path, verifier.pending_dir)
        if read_receipt(folder, sha256) is None:
            verifier.submit(sha256)

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.include_router(create_tus_router(
        prefix=TUS_PREFIX, files_dir=str(uploads), max_size=config.max_size, days_to_keep=config.days_to_keep,
        on_upload_complete=on_complete, pre_create_hook=before_create, strict_offset_validation=True,
    ))

    @app.get(f"/{RECEIPTS_ROUTE}/{{sha256}}")
    def receipt(sha256: str):
        if not _SHA256.fullmatch(sha256):
            return JSONResponse({"statut": "inconnu"}, status_code=404)
        found = read_receipt(folder, sha256)
        if found is not None:
            return JSONResponse(found)
        if verifier.is_pending(sha256):
            return JSONResponse({"statut": STATUS_VERIFYING, "sha256": sha256}, status_code=202)
        return JSONResponse({"statut": "inconnu"}, status_code=404)

    return _Guard(app)


class _Guard:
    """ASGI wrapper: refuses the tus features the project does not use, ignores forwarded hosts."""

    REFUSED = (b"upload-concat", b"upload-defer-length")
    IGNORED = (b"x-forwarded-host", b"x-forwarded-proto", b"forwarded")

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            headers = [(name, value) for name, value in scope["headers"] if name.lower() not in self.IGNORED]
            if any(name.lower() in self.REFUSED for name, _ in headers):
                await send({"type": "http.response.start", "status": 400,
                            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"tus-resumable", b"1.0.0")]})
                await send({"type": "http.response.body", "body": wire_words.EXTENSION_REFUSED.encode()})
                return
            scope = {**scope, "headers": headers}
        await self.app(scope, receive, send)


# --- running ---------------------------------------------------------------------------------


def serve(config: ReceptionConfig, *, announce=None) -> None:
    """Run until interrupted (Ctrl+C or SIGTERM); verification workers finish what they hold.
    `announce(code, **values)` is told what the agent reads (LISTENING, FOLDERS, FILING_FAILED)."""
    announce = announce or (lambda code, **values: None)
    import uvicorn  # loaded when the server starts, not with every command

    folder = Path(config.folder)
    _check_tls(config)
    try:
        for name in (RECEIVED, SET_ASIDE, RECEIPTS):
            (folder / name).mkdir(parents=True, exist_ok=True)
        Path(config.data_dir).mkdir(parents=True, exist_ok=True)
        listener = socket.create_server((config.host, config.port))
    except OSError as error:
        raise ReceptionError("reception_cannot_open", host=config.host, port=config.port, folder=folder,
                             os_error=error) from None
    forget_old_uploads(folder / UPLOADS, config.days_to_keep)
    verifier = Verifier(folder, config.data_dir, config.workers, announce=announce)
    try:
        app = create_app(config, verifier)
        resumed = verifier.resume()
        uvicorn_config = uvicorn.Config(
            app, log_level="warning", access_log=False, proxy_headers=False, server_header=False,
            ssl_certfile=str(config.certfile) if config.certfile else None,
            ssl_keyfile=str(config.keyfile) if config.keyfile else None,
            timeout_keep_alive=30,
        )
        server = uvicorn.Server(uvicorn_config)
        port = listener.getsockname()[1]
        host = f"[{config.host}]" if ":" in config.host else config.host
        announce(LISTENING, url=f"{config.scheme}://{host}:{port}/{TUS_PREFIX}/")
        announce(FOLDERS, received=folder / RECEIVED, set_aside=folder / SET_ASIDE,
                 register=Path(config.data_dir) / "reception.sqlite", resumed=resumed)
        with _StopOnSigterm():
            server.run(sockets=[listener])
    except _Terminated:
        pass  # SIGTERM: a normal stop, once the workers are shut down below
    finally:
        listener.close()
        verifier.shutdown()


class _Terminated(Exception):
    """SIGTERM reached the server (raised by _StopOnSigterm's handler)."""


class _StopOnSigterm:
    """SIGTERM ends `serve` through its `finally` (the verification workers shut down), as Ctrl+C
    does. uvicorn stops gracefully on SIGTERM, then restores the handler it found and raises the
    signal again: with Python's default handler found there, the process died at once and left
    its pool's workers behind, orphaned. The handler installed here raises _Terminated instead."""

    def __enter__(self):
        self.previous = None
        if threading.current_thread() is threading.main_thread():  # signals: main thread only
            self.previous = signal.signal(signal.SIGTERM, self._raise)
        return self

    @staticmethod
    def _raise(signum, frame):
        raise _Terminated

    def __exit__(self, *exc):
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)
        return False


def forget_old_uploads(uploads: Path, days: int, now: float | None = None) -> int:
    """Delete the uploads (and their `.info`) untouched for `days`: finished ones were filed
    long ago (their bytes live on in recus/ or mis-de-cote/ through the hard link), unfinished
    ones were abandoned. tuspyserver's own gc_files cannot read the expiry dates it writes."""
    import time

    limit = (now or time.time()) - days * 86400
    count = 0
    for path in Path(uploads).glob("*"):
        if path.is_file() and re.fullmatch(r"[0-9a-f]{32}(\.info)?", path.name):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < limit:
                    path.unlink()
                    count += path.suffix != ".info"
    return count


def _check_tls(config: ReceptionConfig) -> None:
    if bool(config.certfile) != bool(config.keyfile):
        raise ReceptionError("reception_tls_pair")
    if config.certfile:
        import ssl

        try:
            ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(config.certfile, config.keyfile)
        except ssl.SSLError:
            raise ReceptionError("reception_tls_unusable", certfile=config.certfile, keyfile=config.keyfile) from None
        except OSError as error:
            raise ReceptionError("reception_tls_unreadable", certfile=config.certfile, keyfile=config.keyfile,
                                 os_error=error) from None
    elif not _is_loopback(config.host):
        raise ReceptionError("reception_tls_needed", host=config.host)


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
