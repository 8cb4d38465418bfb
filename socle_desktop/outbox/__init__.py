"""The outbox: signed bundles wait here for a connection, then upload resumably and once.

- `queue`: the persistent queue in the library's database (states en_attente, envoi_en_cours,
  envoye, echec, copie_sur_support, remis), a copy of each bundle in the data folder;
- `tus` / `sender`: tus 1.0 resumable upload with bounded retries;
- `handover`: copy to a folder or USB key, read back and compared;
- `settings`: the endpoint and automatic sending (a JSON file in the data folder).
"""

from .handover import hand_over
from .queue import (
    COPIE_SUR_SUPPORT,
    ECHEC,
    EN_ATTENTE,
    ENVOI_EN_COURS,
    ENVOYE,
    REMIS,
    AddResult,
    BundleRefused,
    EntryNotFound,
    Outbox,
    OutboxEntry,
    OutboxError,
)
from .sender import RetryPolicy, Sender, SendReport
from .settings import OutboxSettings, SettingsError, endpoint_problem, load_settings, save_settings
from .tus import TusClient, TusError, UploadCancelled

__all__ = [
    "COPIE_SUR_SUPPORT",
    "ECHEC",
    "ENVOI_EN_COURS",
    "ENVOYE",
    "EN_ATTENTE",
    "REMIS",
    "AddResult",
    "BundleRefused",
    "EntryNotFound",
    "Outbox",
    "OutboxEntry",
    "OutboxError",
    "OutboxSettings",
    "RetryPolicy",
    "SendReport",
    "Sender",
    "SettingsError",
    "TusClient",
    "TusError",
    "UploadCancelled",
    "endpoint_problem",
    "hand_over",
    "load_settings",
    "save_settings",
]
