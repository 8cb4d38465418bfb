"""The reception point's acknowledgment (accusé de réception), asked after an upload completes.

A tus server that holds every byte has received the upload, not accepted the bundle: the
project's reception point (reception/server.py) verifies each completed upload and then
answers `GET <server>/accuses/<sha256>` with its receipt (200), « being verified » (202), or
« never received » (404). Only a 200 acknowledges the bundle; any other tus server has no such
route, and a bundle sent there stays « envoyé », never « remis ».
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from .tus import TusClient, TusError, same_origin

_SHA256 = re.compile(r"[0-9a-f]{64}")
ACCEPTED = "recu"
SET_ASIDE = "mis_de_cote"


@dataclass(frozen=True)
class Receipt:
    sha256: str
    status: str       # recu | mis_de_cote
    number: str       # the reception point's receipt number
    received_at: str  # ISO 8601
    detail: str       # the verification's verdict, in French

    @property
    def accepted(self) -> bool:
        return self.status == ACCEPTED

    def to_record(self) -> str:
        """What the outbox keeps of the receipt (its event's detail): the values, never a sentence;
        the front-ends' catalogue words them (catalogue.receipt_text)."""
        return json.dumps({"format": RECORD_FORMAT, "sha256": self.sha256, "statut": self.status,
                           "numero": self.number, "recu_le": self.received_at, "verification": self.detail},
                          ensure_ascii=False)

    @classmethod
    def from_record(cls, text: str) -> Receipt | None:
        """The receipt `to_record` kept, or None (an older version kept its French sentence)."""
        try:
            data = json.loads(text)
        except ValueError:
            return None
        if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT:
            return None
        return cls(*(str(data.get(key, "")) for key in ("sha256", "statut", "numero", "recu_le", "verification")))


RECORD_FORMAT = "socle-accuse"


def receipt_url(endpoint: str, sha256: str) -> str:
    """`https://host/files/` -> `https://host/accuses/<sha256>` (beside the tus endpoint)."""
    return urljoin(endpoint if endpoint.endswith("/") else endpoint + "/", f"../accuses/{sha256}")


def fetch_receipt(client: TusClient, endpoint: str, sha256: str) -> Receipt | None:
    """The receipt, or None while there is none yet (being verified, or not this kind of server).
    Raises TusError when the server cannot be reached."""
    if not _SHA256.fullmatch(sha256):
        raise ValueError("a SHA-256 (64 hexadecimal digits) is expected")
    response = client._request("GET", receipt_url(endpoint, sha256), headers={"Accept": "application/json"})
    return _parse(response, sha256)


def _parse(response, sha256: str) -> Receipt | None:
    if response.status_code != 200:
        return None
    try:
        data = response.json()
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("sha256") != sha256 or data.get("statut") not in (ACCEPTED, SET_ASIDE):
        return None  # not a receipt for these bytes: nothing is acknowledged
    return Receipt(sha256, str(data["statut"]), str(data.get("numero", ""))[:80],
                   str(data.get("recu_le", ""))[:40], str(data.get("verification", ""))[:500])


def collect_receipts(outbox, client: TusClient, endpoint: str, entry_ids=(), *, wait_seconds: float = 60.0,
                     sleep=None, cancel=None) -> list[tuple[str, Receipt]]:
    """Ask the reception point for the receipt of the entries just sent (`entry_ids`) and of
    those it said it was still verifying (or that a cut connection left unanswered) at an
    earlier send; wait up to `wait_seconds` while it verifies (202); record each receipt.

    A server that answers 404 (a plain tus server, which has no receipts) is not asked again
    about that entry. Entries sent to another server than `endpoint` are not asked (their
    receipt is there). Returns (entry id, receipt) for the receipts obtained now."""
    import time

    from .queue import ENVOYE

    sleep = sleep or time.sleep
    asked = set(entry_ids)
    waiting = [entry for entry in outbox.entries()
               if entry.state == ENVOYE and outbox.acknowledgment(entry.id) is None
               and (entry.id in asked or outbox.acknowledgment_expected(entry.id))
               and same_origin(entry.upload_url or "", endpoint)]
    obtained: list[tuple[str, Receipt]] = []
    deadline = time.monotonic() + wait_seconds
    while waiting:
        still = []
        for entry in waiting:
            try:
                response = client._request("GET", receipt_url(endpoint, entry.sha256),
                                           headers={"Accept": "application/json"})
            except TusError:  # cut, or the point too busy to answer: asked again while time is left,
                outbox.expect_acknowledgment(entry.id)  # and at the next send after that
                still.append(entry)
                continue
            receipt = _parse(response, entry.sha256)
            if receipt is not None:
                outbox.record_acknowledgment(entry.id, receipt.to_record())
                obtained.append((entry.id, receipt))
            elif response.status_code == 202:
                outbox.expect_acknowledgment(entry.id)
                still.append(entry)  # being verified: ask again shortly
        waiting = still
        if waiting and time.monotonic() < deadline and not (cancel and cancel()):
            sleep(1.0)
        else:
            break
    return obtained


__all__ = ["Receipt", "TusError", "collect_receipts", "fetch_receipt", "receipt_url"]
