"""The outbox's settings: where to upload, and whether sending may start by itself.

They live in a small JSON file of the data folder (`envoi.json`), written atomically. Nothing
is ever sent unless an endpoint is configured here (or given to `outbox send --endpoint`).
A damaged file is never overwritten silently: loading it gives the defaults plus a warning (a
SettingsError, worded by the front-ends' catalogue), and the file is only replaced when the
user saves new settings.
"""

from __future__ import annotations

import ipaddress
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..domain.coded_error import CodedError
from ..fileio import atomic_write_text

SETTINGS_FILENAME = "envoi.json"


class SettingsError(CodedError, ValueError):
    """A setting the user must correct: a code and the values it names (catalogue/outbox_errors.py)."""


@dataclass
class OutboxSettings:
    endpoint: str = ""               # the tus creation URL, e.g. https://depot.example.fr/files/
    envoi_automatique: bool = False  # send by itself when the connection comes back
    dernier_dossier_remise: str = ""  # the last folder (USB key) a bundle was copied to
    warning: SettingsError | None = field(default=None, compare=False)  # why the file could not be read, if so

    def to_json(self) -> str:
        data = asdict(self)
        data.pop("warning")
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def settings_path(data_dir: Path) -> Path:
    return Path(data_dir) / SETTINGS_FILENAME


def load_settings(data_dir: Path) -> OutboxSettings:
    path = settings_path(data_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return OutboxSettings()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return OutboxSettings(warning=SettingsError("settings_unreadable", path=path, cause=error))
    if not isinstance(data, dict):
        return OutboxSettings(warning=SettingsError("settings_not_an_object", path=path))
    settings = OutboxSettings(
        endpoint=str(data.get("endpoint") or ""),
        envoi_automatique=bool(data.get("envoi_automatique", False)),
        dernier_dossier_remise=str(data.get("dernier_dossier_remise") or ""),
    )
    problem = endpoint_problem(settings.endpoint) if settings.endpoint else None
    if problem is not None:
        settings.warning = SettingsError("endpoint_ignored", cause=problem)
        settings.endpoint = ""
    return settings


def save_settings(data_dir: Path, settings: OutboxSettings) -> None:
    if settings.endpoint:
        problem = endpoint_problem(settings.endpoint)
        if problem is not None:
            raise problem
    atomic_write_text(settings_path(data_dir), settings.to_json())


def endpoint_problem(url: str) -> SettingsError | None:
    """None when `url` may be used as an upload endpoint, else why not (a SettingsError, not raised).

    HTTPS is required (certificates are verified); plain HTTP is only accepted on the
    loopback interface, for a local test server.
    """
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return SettingsError("endpoint_unreadable", url=url)
    if parts.scheme not in ("https", "http") or not host:
        return SettingsError("endpoint_not_https", url=url)
    if parts.scheme == "http" and not _is_loopback(host):
        return SettingsError("endpoint_unencrypted", url=url)
    return None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
