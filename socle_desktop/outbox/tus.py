"""A small tus 1.0 client (core protocol + creation + termination) on httpx.

Why not tuspy: the outbox needs to store the upload URL in its own database the moment the
server creates it (before any byte is sent), to resume only from the server's offset (HEAD),
to report progress and honour a cancel request inside a chunk, and to classify every failure
as "retry later" or "give up, here is why" (a code the catalogue words). tuspy keeps the URL in its own
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

No server is trusted (issue 17):
- the upload URL a server gives (`Location`) must stay on the endpoint's origin (scheme, host,
  port): a bundle is never sent to another host, nor in clear text to an https endpoint's host;
- a PATCH must move the offset by exactly the bytes sent;
- each request has a *total* deadline (httpx's timeouts are per read or write: a server that
  drips one byte at a time would never time out), enforced below the HTTP layer by a network
  backend that bounds every connect, read and write by the time left (`DeadlineBackend`);
  `overall_deadline()` bounds a whole send the same way.
"""

from __future__ import annotations

import base64
import contextlib
import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
import truststore

from ..domain.coded_error import CodedError

TUS_VERSION = "1.0.0"
DEFAULT_CHUNK_SIZE = 1024 * 1024  # a confirmed offset (and a cancel point) at least every MiB
PIECE_SIZE = 64 * 1024  # progress and cancel are checked between pieces of a chunk
STEP_CREATE, STEP_RESUME, STEP_SEND = "create", "resume", "send"  # what a refused request was for
RETRYABLE_STATUS = {408, 409, 423, 425, 429, 500, 502, 503, 504}
DEFAULT_REQUEST_DEADLINE = 300.0  # seconds for one whole request (a 1 MiB chunk at 32 kbit/s)

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


class TusError(CodedError):
    """A failed request; `retryable` says whether trying again later may succeed. A code and the
    values it names, worded by the front-ends' catalogue (catalogue/outbox_errors.py)."""

    def __init__(self, code: str, /, *, retryable: bool, status: int | None = None,
                 retry_after: float | None = None, **values):
        super().__init__(code, **values)
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after  # seconds the server asked us to wait (Retry-After)


class UploadGone(TusError):
    """The server no longer knows this upload (404/410): it must be created again."""

    def __init__(self, code: str, /, *, status: int | None = None, **values):
        super().__init__(code, retryable=True, status=status, **values)


class DeadlineExceeded(TusError):
    """A request or a whole send took longer than its total deadline (the server is too slow)."""

    def __init__(self, code: str, /, **values):
        super().__init__(code, retryable=True, **values)


class UploadCancelled(Exception):
    """The user asked to stop; the server keeps what it received, the next send resumes."""


@dataclass(frozen=True)
class ServerOffset:
    offset: int
    length: int | None


def default_timeout(seconds: float = 30.0) -> httpx.Timeout:
    return httpx.Timeout(seconds, connect=min(seconds, 15.0))


def tls_context() -> ssl.SSLContext:
    """Certificates are always verified, against the system's trust store (a town hall's proxy
    or a State server may rely on an authority that only the system knows)."""
    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of a URL, the port made explicit (https 443, http 80)."""
    parts = urlsplit(url)
    scheme = (parts.scheme or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = -1  # an invalid port never matches a valid one
    if port is None:
        port = {"https": 443, "http": 80}.get(scheme)
    return scheme, (parts.hostname or "").lower().rstrip("."), port


def server_name(url: str) -> str:
    """The server as a user may recognise it: host, and the port when it is not the default."""
    scheme, host, port = origin(url)
    if port is None or port == {"https": 443, "http": 80}.get(scheme):
        return host or url
    return f"{host}:{port}"


def same_origin(url: str, reference: str) -> bool:
    return origin(url) == origin(reference) and bool(origin(url)[1])


def encode_metadata(metadata: dict[str, str]) -> str:
    """`key base64(value)` pairs, comma-separated (tus 1.0 Upload-Metadata)."""
    return ",".join(f"{key} {base64.b64encode(value.encode('utf-8')).decode('ascii')}"
                    for key, value in metadata.items() if value is not None)


class Deadline:
    """The moment (time.monotonic()) the request under way must be over by, or None."""

    def __init__(self) -> None:
        self.at: float | None = None

    def left(self) -> float | None:
        return None if self.at is None else self.at - time.monotonic()

    def bound(self, timeout: float | None, error: type[Exception]) -> float | None:
        """`timeout` shortened to the time left; `error` (an httpcore timeout) when none is left."""
        left = self.left()
        if left is None:
            return timeout
        if left <= 0:
            raise error("total deadline exceeded")  # an httpcore timeout, never shown as such
        return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every read, write and TLS handshake ends by the deadline."""

    WRITE_PIECE = 16 * 1024

    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline):
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.bound(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        # In pieces, the time left recomputed before each: one big write to a server that reads
        # one byte at a time would otherwise only be bounded by the per-operation timeout.
        view = memoryview(buffer)
        while view:
            piece, view = view[: self.WRITE_PIECE], view[self.WRITE_PIECE:]
            self._inner.write(bytes(piece), self._deadline.bound(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname,
                                      self._deadline.bound(timeout, httpcore.ConnectTimeout))
        return DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend, deadline: Deadline):
        self._inner = inner
        self._deadline = deadline

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        stream = self._inner.connect_tcp(host, port, self._deadline.bound(timeout, httpcore.ConnectTimeout),
                                         local_address, socket_options)
        return DeadlineStream(stream, self._deadline)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        stream = self._inner.connect_unix_socket(path, self._deadline.bound(timeout, httpcore.ConnectTimeout),
                                                 socket_options)
        return DeadlineStream(stream, self._deadline)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _install_deadline(transport: httpx.BaseTransport | None, deadline: Deadline) -> bool:
    """Put the deadline under an httpx transport's connection pool (httpx 0.2x keeps it in
    `_pool._network_backend`, httpcore's public constructor argument); False when the
    transport is not one of httpx's own (a test's MockTransport)."""
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if backend is None:
        return False
    if not isinstance(backend, DeadlineBackend):
        pool._network_backend = DeadlineBackend(backend, deadline)
    return True


class TusClient:
    def __init__(self, *, timeout: float = 30.0, chunk_size: int = DEFAULT_CHUNK_SIZE,
                 transport: httpx.BaseTransport | None = None,
                 request_deadline: float = DEFAULT_REQUEST_DEADLINE, tls: ssl.SSLContext | None = None):
        """`tls`: the context for a reception point named by an imported campaign file (its
        certificate's pin or its CA, see pinning.py); otherwise the system's trust store."""
        self.chunk_size = chunk_size
        self.request_deadline = request_deadline
        self._deadline = Deadline()
        self._outer_deadline: float | None = None  # a whole send's, set by overall_deadline()
        self._outer_seconds: float | None = None
        self._http = httpx.Client(
            timeout=default_timeout(timeout), verify=tls or tls_context(), trust_env=True, follow_redirects=False,
            headers={"Tus-Resumable": TUS_VERSION, "User-Agent": "socle-desktop"}, transport=transport)
        for mounted in [self._http._transport, *self._http._mounts.values()]:
            _install_deadline(mounted, self._deadline)

    @contextlib.contextmanager
    def overall_deadline(self, seconds: float | None) -> Iterator[None]:
        """Every request inside ends by now + `seconds` at the latest (a whole send's deadline)."""
        previous = self._outer_deadline, self._outer_seconds
        if seconds is not None:
            self._outer_deadline, self._outer_seconds = time.monotonic() + seconds, seconds
        try:
            yield
        finally:
            self._outer_deadline, self._outer_seconds = previous

    def overall_time_left(self) -> float | None:
        return None if self._outer_deadline is None else self._outer_deadline - time.monotonic()

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
            raise _status_error(response, STEP_CREATE)
        location = response.headers.get("Location")
        if not location:
            raise TusError("tus_no_location", retryable=False, status=response.status_code)
        url = urljoin(endpoint, location.strip())
        if not same_origin(url, endpoint):
            raise TusError("tus_off_origin", retryable=False, status=response.status_code,
                           server=server_name(endpoint), scheme=origin(endpoint)[0], url=url)
        return url

    def offset(self, url: str) -> ServerOffset:
        response = self._request("HEAD", url, headers={"Cache-Control": "no-store"})
        if response.status_code in (404, 410):
            raise UploadGone("upload_gone", status=response.status_code)
        if response.status_code not in (200, 204):
            raise _status_error(response, STEP_RESUME)
        offset = _int_header(response, "Upload-Offset")
        if offset is None:
            raise TusError("tus_no_offset", retryable=True, status=response.status_code)
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
            raise UploadGone("upload_gone", status=response.status_code)
        if response.status_code != 204:
            raise _status_error(response, STEP_SEND)
        new_offset = _int_header(response, "Upload-Offset")
        if new_offset != offset + length:
            # Fewer bytes would be a server that dropped part of a chunk it acknowledged, more
            # would be a server claiming bytes it never received: either way, not a receipt.
            raise TusError("tus_offset_mismatch", retryable=True, status=response.status_code,
                           server=server_name(url), answered=new_offset, expected=offset + length)
        return new_offset

    def terminate(self, url: str) -> None:
        """Best effort: drop an unfinished upload we will not resume."""
        try:
            self._request("DELETE", url)
        except TusError:
            pass

    def _request(self, method: str, url: str, **kwargs) -> httpx.Response:
        limit, overall = time.monotonic() + self.request_deadline, False
        if self._outer_deadline is not None and self._outer_deadline <= limit:
            limit, overall = self._outer_deadline, True
        if limit <= time.monotonic():
            raise self.too_slow(url, overall)
        self._deadline.at = limit
        try:
            response = self._http.request(method, url, **kwargs)
        except UploadCancelled:
            raise
        except httpx.TimeoutException:
            if time.monotonic() >= limit - 0.05:
                raise self.too_slow(url, overall) from None
            raise TusError("tus_no_answer", retryable=True, server=server_name(url)) from None
        except httpx.ConnectError as error:
            if _is_certificate_error(error):
                raise TusError("tus_certificate_refused", retryable=False) from None
            raise TusError("tus_cannot_connect", retryable=True) from None
        except (httpx.TransportError, OSError):
            raise TusError("tus_connection_cut", retryable=True) from None
        finally:
            self._deadline.at = None
        if response.status_code == 412:
            raise TusError("tus_version", retryable=False, status=412, version=TUS_VERSION)
        return response


    def too_slow(self, url: str, overall: bool) -> DeadlineExceeded:
        if overall:
            return DeadlineExceeded("send_too_slow", server=server_name(url), seconds=self._outer_seconds or 0)
        return DeadlineExceeded("request_too_slow", server=server_name(url), seconds=self.request_deadline)


def _pieces(source: BinaryIO, offset: int, length: int, progress: Progress | None,
            cancel: Cancel | None, total: int) -> Iterator[bytes]:
    source.seek(offset)
    sent = 0
    while sent < length:
        if cancel is not None and cancel():
            raise UploadCancelled()
        piece = source.read(min(PIECE_SIZE, length - sent))
        if not piece:
            raise TusError("bundle_shrank", retryable=False)
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
    """`step`: STEP_CREATE, STEP_RESUME or STEP_SEND (the catalogue names it)."""
    status = response.status_code
    if status == 413:
        return TusError("tus_too_large", retryable=False, status=status)
    if status in (401, 403):
        return TusError("tus_unauthorized", retryable=False, status=status, step=step, code_http=status)
    if status in RETRYABLE_STATUS:
        return TusError("tus_unavailable", retryable=True, status=status, retry_after=_retry_after(response),
                        step=step, code_http=status)
    return TusError("tus_refused", retryable=status >= 500, status=status, step=step, code_http=status)


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
