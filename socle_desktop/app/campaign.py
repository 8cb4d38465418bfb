"""Importing a campaign file: one step that configures the outbox and the rules edition.

`import_campaign(data_dir, path, confirmed_fingerprint)`:
1. reads and checks the file (export/campaign.py: zip, bag, CMS signature, campagne.json, TOML);
2. compares the signer's certificate fingerprint with the one the user typed or confirmed
   (published by the académie out of band): a mismatch stops everything;
3. stores the edition's TOML in `<data>/regles/<edition>.toml` (used by dossiers of that
   edition; an edition shipped with the application is never replaced, and a campaign that
   brings different rules under a shipped name is refused);
4. sets the outbox's address (`envoi.json`), and records the campaign in `<data>/campagne.json`
   (address, TLS pin or CA, deadline, contact, signer), which the outbox reads to connect.

What a campaign says to the user (its summary, where a file comes from) is worded by the
front-ends' catalogue (catalogue/).

Every file is written atomically; the campaign record is written last, so a failure part way
leaves the previous campaign in force.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import ssl
from pathlib import Path
from urllib.parse import urlsplit

from ..domain.campaign import FORMAT, VERSION, Campaign, CampaignDataError
from ..domain.fingerprints import normalise_fingerprint
from ..fileio import atomic_write_bytes, atomic_write_text
from ..resources import IMPORTED_RULES_FOLDER, resource_path, use_imported_rules
from .errors import JobRefused

# The signed file's reading (export/campaign.py) loads the signature and PDF libraries: it is
# imported by the jobs that read a file, never by the window's start-up (current_campaign).

RECORD_NAME = "campagne.json"


def record_path(data_dir: Path | str) -> Path:
    return Path(data_dir) / RECORD_NAME


def import_campaign(data_dir: Path | str, path: Path | str, confirmed_fingerprint: str) -> Campaign:
    """Check, compare the signer with `confirmed_fingerprint`, then configure. Raises
    CampaignError (the file itself: export/campaign.py) or JobRefused (campaign_*: the user's
    answer, the edition, the data folder)."""
    from ..export.campaign import read_campaign

    data_dir = Path(data_dir)
    campaign = read_campaign(path)
    expected = normalise_fingerprint(confirmed_fingerprint)
    if not expected:
        raise JobRefused("campaign_fingerprint_unreadable")
    if expected != campaign.signer_fingerprint:
        raise JobRefused("campaign_other_signer", fingerprint=campaign.signer_fingerprint)
    _store_rules(data_dir, campaign)
    _configure_outbox(data_dir, campaign)
    record = campaign.to_json()
    record["signataire"] = {"nom": campaign.signer, "empreinte_sha256": campaign.signer_fingerprint}
    record["fichier_sha256"] = campaign.file_sha256
    record["importee_le"] = dt.datetime.now().astimezone().replace(microsecond=0).isoformat()
    _write(lambda: atomic_write_text(record_path(data_dir), json.dumps(record, ensure_ascii=False, indent=2) + "\n"),
           record_path(data_dir))
    use_imported_rules(data_dir)
    return campaign


def _store_rules(data_dir: Path, campaign: Campaign) -> None:
    from ..domain.rules import RulesError, parse_rules

    shipped = resource_path("rules", f"{campaign.regles}.toml")
    if shipped.is_file():
        try:
            same = (dataclasses.replace(parse_rules(shipped.read_text(encoding="utf-8")), raw=None)
                    == dataclasses.replace(parse_rules(campaign.rules_toml.decode("utf-8")), raw=None))
        except (RulesError, OSError, UnicodeDecodeError):
            same = False
        if not same:
            raise JobRefused("campaign_rules_differ", edition=campaign.regles)
        return  # the shipped file is the same edition: nothing to store
    target = Path(data_dir) / IMPORTED_RULES_FOLDER / f"{campaign.regles}.toml"
    _write(lambda: atomic_write_bytes(target, campaign.rules_toml), target)


def _configure_outbox(data_dir: Path, campaign: Campaign) -> None:
    from ..outbox.settings import load_settings, save_settings

    settings = load_settings(data_dir)
    settings.endpoint = campaign.adresse
    _write(lambda: save_settings(data_dir, settings), data_dir / "envoi.json")


def _write(action, target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        action()
    except OSError as error:
        raise JobRefused("campaign_write_failed", path=target, os_error=error) from None


def current_campaign(data_dir: Path | str) -> Campaign | None:
    """The campaign imported in this data folder, or None (none, or its record is unreadable)."""
    try:
        record = json.loads(record_path(data_dir).read_text(encoding="utf-8"))
        if record.get("format") != FORMAT or record.get("version_format") != VERSION:
            return None
        signer = record.get("signataire") or {}
        campaign = Campaign.from_json(record, b"", signer=str(signer.get("nom", "")),
                                      signer_fingerprint=str(signer.get("empreinte_sha256", "")),
                                      file_sha256=str(record.get("fichier_sha256", "")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, CampaignDataError):
        return None  # no campaign, or a record damaged by hand: the outbox then says where one comes from
    if not (campaign.certificat_sha256 or campaign.ca_pem) or \
            (campaign.certificat_sha256 and not normalise_fingerprint(campaign.certificat_sha256)):
        return None
    return campaign


def tls_for_endpoint(data_dir: Path | str, endpoint: str) -> ssl.SSLContext | None:
    """The pinned TLS context when `endpoint` is on the imported campaign's server, else None
    (the system's trust store then applies)."""
    campaign = current_campaign(data_dir)
    if campaign is None or not endpoint or _origin(endpoint) != _origin(campaign.adresse):
        return None
    from ..outbox.pinning import pinned_context

    return pinned_context(campaign.certificat_sha256, campaign.ca_pem)


def _origin(url: str) -> tuple[str, str, int | None]:
    try:
        parts = urlsplit(url.strip())
        return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port or (443 if parts.scheme == "https"
                                                                                     else 80)
    except ValueError:
        return ("", "", None)
