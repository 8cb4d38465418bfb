"""Where the user's data lives: --data-dir, else SOCLE_DATA_DIR, else the platform's folder."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "socle-desktop"


def data_dir(override: str | Path | None = None) -> Path:
    if override:
        return Path(override).expanduser()
    from_environment = os.environ.get("SOCLE_DATA_DIR")
    if from_environment:
        return Path(from_environment).expanduser()
    import platformdirs  # only when no folder is named

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))
