"""A small tus 1.0 client (core protocol + creation + termination) on httpx.

Why not tuspy: the outbox needs to store the upload URL in its own database the moment the
server creates it (before any byte is sent), to resume only from the server's offset (HEAD),
to report progress and honour a cancel request inside a chunk, and to classify every failure
as "retry later" or "give up, here is why" in French. tuspy keeps the URL in its own
url-storage, retries on its own schedule and pulls in `requests` and `aiohttp`; wiring those
into our queue would take more code than the protocol itself, which is four requests:

- POST   endpoint, `Upload-Length`, `Upload-Metadata` (base64 values) -> 201 + `Location`
- HEAD   upload URL -> `Upload-Offset` (where to resume), `Upload-Length`
- PATCH  upload URL, `Upload-Offset`, `Content-Type: application/offset+octet-stream` -> 204 + new offset
- DELETE upload URL (termination), only to drop an unfinished upload left on an old endpoint

Every request carries `Tus-Resumable: 1.0.0`, has a timeout, verifies TLS certificates (with
the system's trust store when `truststore` is installed) and honours the system's proxy
settings (httpx `trust_env`: environment variables, and the registry on Windows). This module makes single requests;
retries, backoff and the queue's bookkeeping live in `sender.py`.
"""

from __future__ import annotations

import base64
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import urljoin

import httpx

TUS_VERSION = "1.0.0"
DEFAULT_CHUNK_SIZE = 1024 * 1024  # a confirmed offset (and a cancel point) at least every MiB
PIECE_SIZE = 64 * 1024  # progress and cancel are checked between pieces of a chunk
RETRYABLE_STATUS = {408, 409, 423, 425, 429, 500, 502, 503, 504}

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


class TusError(Exception):
    """A failed request; `retryable` says whether trying again later may succeed. French str()."""

    def __init__(self, message: str, retryable: bool, status: int | None = None,
                 retry_after: float | None = None):
        super().__init__(message)
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after  # seconds the server asked us to wait (Retry-After)


class UploadGone(TusError):
    """The server no longer knows this upload (404/410): it must be created again."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message, retryable=True, status=status)


class UploadCancelled(Exception):
    """The user asked to stop; the server keeps what it received, the next send resumes."""


@dataclass(frozen=True)
class ServerOffset:
    offset: int
    length: int | None


def default_timeout(seconds: float = 30.0) -> httpx.Timeout:
    return httpx.Timeout(seconds, connect=min(seconds, 15.0))


def tls_context() -> ssl.SSLContext:
    """Certificates are always verified, against the system's trust store when `truststore` is
    installed (a town hall's proxy or a State server may rely on an authority that only the
    system knows), else against certifi's list (httpx's default)."""
    try:
        import truststore
    except ImportError:
        import certifi

        return ssl.create_default_context(cafile=certifi.where())
    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def encode_metadata(metadata: dict[str, str]) -> str:
    """`key base64(value)` pairs, comma-separated (tus 1.0 Upload-Metadata)."""
    return ",".join(f"{key} {base64.b64encode(value.encode('utf-8')).decode('ascii')}"
                    for key, value in metadata.items() if value is not None)


class TusClient:
    def __init__(self, *, timeout: float = 30.0, chunk_size: int = DEFAULT_CHUNK_SIZE,
                 transport: httpx.BaseTransport | None = None):
        self.chunk_size = chunk_size
        self._http = httpx.Client(
            timeout=default_timeout(timeout), verify=tls_context(), trust_env=True, follow_redirects=False,
            headers={"Tus-Resumable": TUS_VERSION, "User-Agent": "socle-desktop"}, transport=transport)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> TusClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def probe(self, endpoint: str) -> bool:
        """A cheap reachability check (OPTIONS): True when a server answered at all."""
        try:
            self._http.options(endpoint, timeout=default_timeout(5.0))
        except httpx.HTTPError:
            return False
        return True

    def create(self, endpoint: str, length: int, metadata: dict[str, str]) -> str:
        headers = {"Upload-Length": str(length), "Upload-Metadata": encode_metadata(metadata)}
        response = self._request("POST", endpoint, headers=headers)
        if response.status_code != 201:
            raise _status_error(response, "la création du dépôt")
        location = response.headers.get("Location")
        if not location:
            raise TusError("le serveur n'a pas donné l'adresse du dépôt (en-tête Location absent).",
                           retryable=False, status=response.status_code)
        return urljoin(endpoint, location)

    def offset(self, url: str) -> ServerOffset:
        response = self._request("HEAD", url, headers={"Cache-Control": "no-store"})
        if response.status_code in (404, 410):
            raise UploadGone("le serveur ne connaît plus ce dépôt inachevé.", status=response.status_code)
        if response.status_code not in (200, 204):
            raise _status_error(response, "la reprise")
        offset = _int_header(response, "Upload-Offset")
        if offset is None:
            raise TusError("réponse du serveur sans Upload-Offset.", retryable=True, status=response.status_code)
        return ServerOffset(offset, _int_header(response, "Upload-Length"))

    def patch(self, url: str, source: BinaryIO, offset: int, total: int,
              progress: Progress | None = None, cancel: Cancel | None = None) -> int:
        """Send one chunk from `offset`; returns the server's new offset."""
        length = min(self.chunk_size, total - offset)
        headers = {"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream",
                   "Content-Length": str(length)}
        body = _pieces(source, offset, length, progress, cancel, total)
        response = self._request("PATCH", url, headers=headers, content=body)
        if response.status_code in (404, 410):
            raise UploadGone("le serveur ne connaît plus ce dépôt inachevé.", status=response.status_code)
        if response.status_code != 204:
            raise _status_error(response, "l'envoi")
        new_offset = _int_header(response, "Upload-Offset")
        if new_offset is None or not offset <= new_offset <= total:
            raise TusError(f"le serveur a répondu un décalage incohérent ({new_offset}).", retryable=True)
        return new_offset

    def terminate(self, url: str) -> None:
        """Best effort: drop an unfinished upload we will not resume."""
        try:
            self._request("DELETE", url)
        except TusError:
            pass

    def _request(self, method: str, url: str, **kwargs) -> httpx.Response:
        try:
            response = self._http.request(method, url, **kwargs)
        except UploadCancelled:
            raise
        except httpx.TimeoutException:
            raise TusError("le serveur ne répond pas (délai dépassé).", retryable=True) from None
        except httpx.ConnectError as error:
            if _is_certificate_error(error):
                raise TusError("certificat du serveur refusé : la connexion n'est pas sûre.",
                               retryable=False) from None
            raise TusError("connexion impossible au serveur d'envoi.", retryable=True) from None
        except (httpx.TransportError, OSError):
            raise TusError("connexion interrompue pendant l'échange avec le serveur.", retryable=True) from None
        if response.status_code == 412:
            raise TusError("le serveur ne parle pas la version 1.0.0 du protocole tus.", retryable=False,
                           status=412)
        return response


def _pieces(source: BinaryIO, offset: int, length: int, progress: Progress | None,
            cancel: Cancel | None, total: int) -> Iterator[bytes]:
    source.seek(offset)
    sent = 0
    while sent < length:
        if cancel is not None and cancel():
            raise UploadCancelled()
        piece = source.read(min(PIECE_SIZE, length - sent))
        if not piece:
            raise TusError("le fichier du paquet a raccourci pendant l'envoi.", retryable=False)
        sent += len(piece)
        yield piece
        if progress is not None:
            progress(offset + sent, total)


def _int_header(response: httpx.Response, name: str) -> int | None:
    value = response.headers.get(name)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _status_error(response: httpx.Response, step: str) -> TusError:
    status = response.status_code
    if status == 413:
        return TusError("le serveur refuse ce paquet : il dépasse la taille qu'il accepte.", False, status)
    if status in (401, 403):
        return TusError(f"le serveur refuse {step} (accès non autorisé, code {status}).", False, status)
    if status in RETRYABLE_STATUS:
        return TusError(f"le serveur est indisponible pour {step} (code {status}).", True, status,
                        retry_after=_retry_after(response))
    return TusError(f"le serveur a refusé {step} (code {status}).", status >= 500, status)


def _retry_after(response: httpx.Response) -> float | None:
    """Retry-After in seconds (the HTTP-date form is ignored: the backoff applies)."""
    value = response.headers.get("Retry-After", "").strip()
    return float(value) if value.isdigit() else None


def _is_certificate_error(error: BaseException) -> bool:
    seen: BaseException | None = error
    for _ in range(6):
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
