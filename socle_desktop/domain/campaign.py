"""A campaign (`socle-campagne`, version 1) as the application uses it: pure data, no I/O.

The signed file that carries it is read and checked by export/campaign.py; the import job is
app/campaign.py. This module is what the window needs to show the deadline at start-up without
loading the signature and PDF libraries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .coded_error import CodedError

FORMAT = "socle-campagne"
VERSION = 1


class CampaignDataError(CodedError, ValueError):
    """A campaign's content that cannot be used: a code and the value it quotes (`text`: the
    deadline as written; `url`: the reception address), worded by the front-ends' catalogue."""


def parse_deadline(text) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(str(text))
    except ValueError:
        raise CampaignDataError("deadline_unreadable", text=text) from None
    if moment.tzinfo is None:
        raise CampaignDataError("deadline_without_offset", text=text)
    return moment


def address_problem(url) -> str | None:
    """None for an https address a reception point may have, else the code of its problem: the
    caller raises CampaignDataError(code, url=url), which the catalogue words."""
    try:
        parts = urlsplit(str(url))
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return "address_invalid"
    if parts.scheme != "https" or not host:
        return "address_not_https"
    if parts.username or parts.password:
        return "address_with_credentials"
    return None


@dataclass(frozen=True)
class Campaign:
    id: str
    titre: str
    regles: str
    adresse: str
    certificat_sha256: str | None
    ca_pem: str | None
    date_limite: dt.datetime
    contact: dict
    academies: tuple[str, ...]
    rules_toml: bytes = field(default=b"", repr=False)
    signer: str = ""
    signer_fingerprint: str = ""  # SHA-256 of the signer's certificate, lower-case hex
    file_sha256: str = ""

    @classmethod
    def from_json(cls, data: dict, rules_toml: bytes = b"", **extra) -> Campaign:
        """From a campagne.json already checked (export/campaign.py, or our own record)."""
        depot = data["depot"]
        problem = address_problem(depot["adresse"])
        if problem:
            raise CampaignDataError(problem, url=depot["adresse"])
        return cls(
            id=str(data["id"]), titre=str(data["titre"]), regles=str(data["regles"]), adresse=depot["adresse"],
            certificat_sha256=depot.get("certificat_sha256"), ca_pem=depot.get("ca_pem"),
            date_limite=parse_deadline(data["date_limite"]), contact=dict(data["contact"]),
            academies=tuple(str(a) for a in data["perimetre"]["academies"]), rules_toml=rules_toml, **extra,
        )

    def to_json(self) -> dict:
        depot = {"adresse": self.adresse}
        if self.certificat_sha256:
            depot["certificat_sha256"] = self.certificat_sha256
        if self.ca_pem:
            depot["ca_pem"] = self.ca_pem
        return {
            "format": FORMAT, "version_format": VERSION, "id": self.id, "titre": self.titre,
            "regles": self.regles, "depot": depot, "date_limite": self.date_limite.isoformat(),
            "contact": dict(self.contact), "perimetre": {"academies": list(self.academies)},
        }

    def days_left(self, now: dt.datetime | None = None) -> int:
        """Whole days until the deadline (0 on its last day), -1 once it has passed."""
        now = now or dt.datetime.now(dt.UTC)
        if now > self.date_limite:
            return -1
        return (self.date_limite - now).days
