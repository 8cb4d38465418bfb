"""Sending the queue: resume from the server's offset, retry with backoff, never twice.

For each sendable entry (claimed first, see queue.py):
1. the stored copy is re-hashed: a damaged file is never sent;
2. with no upload URL yet, one is created (POST) at the endpoint and stored at once, before
   any byte; with one, the server is asked where it stands (HEAD) and sending resumes there,
   at that URL even if the endpoint setting changed since; only an upload the server no
   longer knows (404/410) is created again;
3. chunks are sent (PATCH) until the server's offset equals the size; a final HEAD confirms
   it and the entry becomes `envoye` with the upload URL and the time as receipt.

No server is believed beyond what it can know (issue 17): an upload URL stored by an older
version that points off the endpoint's origin is dropped, never used; a PATCH must move the
offset by exactly the bytes sent; a server may never claim more bytes than were handed to the
network (HEAD included); an upload whose last PATCH was acknowledged complete is complete,
and a 404/410 from a server that dropped it afterwards (tus allows it) is not a reason to send
it again. Each send of an entry has a total deadline (`send_deadline`), each request its own
(the client's `request_deadline`): a server that drips bytes cannot keep `send` waiting.

A failure that may pass (cut connection, timeout, busy server) is retried after an
exponential backoff with jitter; `max_tries` failures in a row *without progress* give up
(state `echec`, retryable). Progress (a larger server offset) resets that count; a hard cap
on the total number of failures keeps every loop bounded. A failure that will not pass
(certificate refused, bundle too large, access denied) stops at once with its reason.

The one window tus 1.0 leaves open: if the connection breaks after the server has created an
upload but before its `201 Created` reaches us, we never learn that upload's URL and the
next try creates another. The lost one holds no byte (bytes only ever go to a stored URL),
so the bundle still arrives exactly once; the empty upload is left to the server's expiry.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..domain.coded_error import CodedError
from .queue import ECHEC, ENVOYE, Outbox, OutboxEntry, OutboxError, file_sha256
from .settings import endpoint_problem
from .tus import TusClient, TusError, UploadCancelled, UploadGone, same_origin, server_name

Progress = Callable[[str, int, int], None]  # (entry id, bytes the server holds or is receiving, total)
Cancel = Callable[[], bool]
Sleep = Callable[[float], None]

LEASE_RENEWAL_SECONDS = 30.0
DEFAULT_SEND_DEADLINE = 3600.0  # seconds for one bundle's whole send (retries and waits included)
COMPLETE_THEN_GONE = "depot_retire"
CANCELLED = "annule"  # an outcome only: the entry itself goes back to en_attente


@dataclass(frozen=True)
class RetryPolicy:
    max_tries: int = 5          # failures in a row without progress before giving up
    base_delay: float = 1.0     # seconds before the first retry
    max_delay: float = 60.0
    total_failure_cap: int = 200  # failures of one entry in one send, progress or not

    def wait(self, failures: int, rng: random.Random, server_asked: float | None = None) -> float:
        """The backoff, or longer when the server asked (Retry-After), never above max_delay."""
        delay = self.delay(failures, rng)
        if server_asked is not None:
            delay = max(delay, min(server_asked, self.max_delay))
        return delay

    def delay(self, failures: int, rng: random.Random) -> float:
        """Exponential backoff with "equal jitter": half fixed, half random."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** max(0, failures - 1))
        return ceiling / 2 + rng.uniform(0, ceiling / 2)


@dataclass
class EntryOutcome:
    """What happened to one entry: its state code, and for `echec` the reason (a coded error:
    the transport's, the settings', the queue's); the front-ends' catalogue words it."""

    entry_id: str
    filename: str
    state: str
    reason: CodedError | None = None
    size: int = 0
    detail: str = ""  # COMPLETE_THEN_GONE: every byte acknowledged, then the server dropped the upload
    resumed_from: int | None = None  # the server's offset when an existing upload was resumed
    bytes_sent: int = 0              # bytes handed to the network during this send
    failures: int = 0


@dataclass
class SendReport:
    outcomes: list[EntryOutcome] = field(default_factory=list)
    cancelled: bool = False

    @property
    def sent_ids(self) -> list[str]:
        return [o.entry_id for o in self.outcomes if o.state == ENVOYE]

    @property
    def all_sent(self) -> bool:
        return not self.cancelled and all(o.state == ENVOYE for o in self.outcomes)

    @property
    def sent_count(self) -> int:
        return sum(o.state == ENVOYE for o in self.outcomes)


class Sender:
    def __init__(self, outbox: Outbox, endpoint: str, *, client: TusClient | None = None,
                 policy: RetryPolicy | None = None, sleep: Sleep | None = None,
                 rng: random.Random | None = None, progress: Progress | None = None,
                 cancel: Cancel | None = None, entry_done: Callable[[str], None] | None = None,
                 send_deadline: float | None = DEFAULT_SEND_DEADLINE):
        self.outbox = outbox
        self.endpoint = endpoint
        self.send_deadline = send_deadline
        self.client = client or TusClient()
        self.policy = policy or RetryPolicy()
        self.rng = rng or random.Random()
        self.progress = progress
        self.cancel = cancel or (lambda: False)
        self.entry_done = entry_done or (lambda _entry_id: None)
        self.sleep = sleep or self._cancellable_sleep
        self._last_renewal = time.monotonic()

    def send_all(self, automatic: bool = False, entry_ids: list[str] | None = None, *,
                 include_superseded: bool = False) -> SendReport:
        """Send every sendable entry (or those of `entry_ids`). `automatic` (sending the user did
        not ask for just now) skips failures that will not pass by themselves; a bundle of an
        older version of its dossier goes only with `include_superseded` (the user confirmed)."""
        report = SendReport()
        entries = self.outbox.sendable(automatic, include_superseded=include_superseded)
        if entry_ids is not None:
            entries = [e for e in entries if e.id in entry_ids]
        for entry in entries:
            if self.cancel():
                report.cancelled = True
                break
            outcome = self.send_entry(entry)
            if outcome is None:
                continue  # another sender holds it
            report.outcomes.append(outcome)
            self.entry_done(entry.id)
            if outcome.state == CANCELLED:
                report.cancelled = True
                break
        return report

    def send_entry(self, entry: OutboxEntry) -> EntryOutcome | None:
        if not self.outbox.claim(entry.id):
            return None
        entry = self.outbox.get(entry.id)  # as it is now that we hold it
        outcome = EntryOutcome(entry.id, entry.filename, entry.state, size=entry.size)
        try:
            with self.client.overall_deadline(self.send_deadline):
                self._send_claimed(entry, outcome)
        except UploadCancelled:
            outcome.state = CANCELLED
        finally:
            self.outbox.release(entry.id)
        return outcome

    def _send_claimed(self, entry: OutboxEntry, outcome: EntryOutcome) -> None:
        path = self.outbox.bundle_path(entry)
        problem = self._stored_copy_problem(entry)
        if problem:
            self._give_up(entry, outcome, problem, retryable=False)
            return
        problem = endpoint_problem(self.endpoint)
        if problem:
            self._give_up(entry, outcome, problem, retryable=False)
            return
        # An upload already begun is resumed at its own URL: never a second upload of the same
        # bundle on a server while the first one exists. Unless that URL is off the origin of the
        # endpoint that gave it (stored by a version that did not check), or the user has since
        # chosen another server (a mistyped address corrected, a new campaign's): the bundle goes
        # only where the settings say now. The unfinished upload left on the former server is
        # never completed, so it is no delivery.
        url = entry.upload_url
        if url and (not entry.endpoint or not same_origin(url, entry.endpoint) or endpoint_problem(url)):
            self.outbox.forget_upload(entry.id, OutboxError("upload_url_off_origin", url=url))
            url = None
        elif url and not same_origin(entry.endpoint, self.endpoint):
            self.outbox.forget_upload(entry.id, OutboxError("upload_endpoint_changed", former=entry.endpoint,
                                                            endpoint=self.endpoint))
            url = None
        # The most bytes any server may hold: what was handed to the network. Before this run,
        # the queue's last recorded offset plus one chunk (a chunk in flight when it stopped).
        self._sent_mark = entry.offset + self.client.chunk_size if url else 0
        # A PATCH acknowledged the last byte (recorded before any crash by record_progress).
        self._complete = bool(url) and entry.offset == entry.size
        best_offset = -1
        in_a_row = 0
        with open(path, "rb") as source:
            while True:
                if self.cancel():
                    raise UploadCancelled()
                try:
                    url, offset = self._start_or_resume(entry, url, outcome)
                    if best_offset >= 0 and offset > best_offset:
                        in_a_row = 0  # the server holds more than before the failure: progress
                    best_offset = max(best_offset, offset)
                    self._send_chunks(entry, url, source, offset, outcome)
                    final = self._final_offset(entry, url)
                    if final != entry.size:
                        raise TusError("server_holds_less", retryable=True, held=final, size=entry.size)
                    self.outbox.mark_sent(entry.id, url, entry.size)
                    outcome.state = ENVOYE
                    return
                except UploadGone as error:
                    if self._complete:
                        self._mark_complete_gone(entry, url, outcome)
                        return
                    self.outbox.forget_upload(entry.id, error)
                    url = None
                    best_offset = -1
                    self._sent_mark = 0
                    failure = error
                except TusError as error:
                    if not error.retryable:
                        self._give_up(entry, outcome, error, retryable=False)
                        return
                    failure = error
                outcome.failures += 1
                in_a_row += 1
                self.outbox.record_try_failed(entry.id, failure)
                if in_a_row >= self.policy.max_tries or outcome.failures >= self.policy.total_failure_cap:
                    reason = OutboxError("gave_up", cause=failure, tries=outcome.failures)
                    self._give_up(entry, outcome, reason, retryable=True)
                    return
                wait = self.policy.wait(in_a_row, self.rng, getattr(failure, "retry_after", None))
                left = self.client.overall_time_left()
                if left is not None and wait >= left:
                    # The whole send's deadline is reached (or would be while waiting): stop now.
                    self._give_up(entry, outcome, self.client.too_slow(url or self.endpoint, overall=True),
                                  retryable=True)
                    return
                self.sleep(wait)

    def _start_or_resume(self, entry: OutboxEntry, url: str | None,
                         outcome: EntryOutcome) -> tuple[str, int]:
        if url is None:
            url = self.client.create(self.endpoint, entry.size, {
                "filename": entry.filename, "filetype": "application/zip",
                "dossier_id": entry.dossier_id or "", "sha256": entry.sha256})
            self.outbox.record_upload_url(entry.id, self.endpoint, url)
            return url, 0
        server = self.client.offset(url)
        if server.length is not None and server.length != entry.size:
            if self._complete:  # not the upload we completed: nothing trustworthy to resume
                raise self._liar(url, "liar_size_changed", length=server.length, size=entry.size)
            raise UploadGone("upload_other_size", length=server.length)
        self._check_claim(url, server.offset)
        if outcome.resumed_from is None:
            outcome.resumed_from = server.offset
        self.outbox.record_progress(entry.id, server.offset, resumed=True)
        return url, server.offset

    def _send_chunks(self, entry: OutboxEntry, url: str, source, offset: int,
                     outcome: EntryOutcome) -> None:
        reached = offset  # the last byte handed to the network in the current chunk

        def on_bytes(done: int, total: int) -> None:
            nonlocal reached
            outcome.bytes_sent += done - reached
            reached = done
            self._keep_claim(entry.id)
            if self.progress is not None:
                self.progress(entry.id, done, total)

        while offset < entry.size:
            reached = offset
            # This chunk may reach the server in part or whole, whatever becomes of the request.
            self._sent_mark = max(self._sent_mark, min(entry.size, offset + self.client.chunk_size))
            offset = self.client.patch(url, source, offset, entry.size, on_bytes, self.cancel)
            self._check_claim(url, offset)
            self.outbox.record_progress(entry.id, offset)
            if offset == entry.size:
                self._complete = True  # acknowledged, byte for byte: the upload is complete
        if self.progress is not None:
            self.progress(entry.id, offset, entry.size)

    def _final_offset(self, entry: OutboxEntry, url: str) -> int:
        """The server's offset once every byte is acknowledged (HEAD). A server may drop a
        completed upload at once (tus allows it): after a complete acknowledgement, 404/410
        confirms nothing but contradicts nothing either."""
        server = self.client.offset(url)  # UploadGone handled by the caller (complete or not)
        if server.length is not None and server.length != entry.size:
            raise self._liar(url, "liar_size", length=server.length, size=entry.size)
        self._check_claim(url, server.offset)
        return server.offset

    def _mark_complete_gone(self, entry: OutboxEntry, url: str | None, outcome: EntryOutcome) -> None:
        self.outbox.mark_sent(entry.id, url or entry.upload_url, entry.size)
        outcome.state = ENVOYE
        outcome.detail = COMPLETE_THEN_GONE

    def _check_claim(self, url: str, offset: int) -> None:
        """A server may not hold more than was handed to the network: if it says so, it lies."""
        if offset > self._sent_mark:
            raise self._liar(url, "liar_claim", offset=offset, sent=self._sent_mark)

    @staticmethod
    def _liar(url: str, code: str, **values) -> TusError:
        """A server caught claiming what it cannot hold: `code` says what (the catalogue words
        « le serveur … n'est pas fiable : … »); never retried."""
        return TusError(code, retryable=False, server=server_name(url), **values)

    def _keep_claim(self, entry_id: str) -> None:
        now = time.monotonic()
        if now - self._last_renewal >= LEASE_RENEWAL_SECONDS:
            self._last_renewal = now
            self.outbox.renew_lease(entry_id)

    def _stored_copy_problem(self, entry: OutboxEntry) -> OutboxError | None:
        path = self.outbox.bundle_path(entry)
        try:
            if file_sha256(path) != entry.sha256:
                return OutboxError("stored_copy_altered", path=path)
        except OSError as error:
            return OutboxError("stored_copy_unreadable", path=path, os_error=error)
        return None

    def _give_up(self, entry: OutboxEntry, outcome: EntryOutcome, reason: CodedError, retryable: bool) -> None:
        self.outbox.mark_failed(entry.id, reason, retryable)
        outcome.state = ECHEC
        outcome.reason = reason

    def _cancellable_sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if self.cancel():
                raise UploadCancelled()
            time.sleep(min(0.2, left))
        self._last_renewal = 0.0  # renew at the next byte: the wait may have been long
