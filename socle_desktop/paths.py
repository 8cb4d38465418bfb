"""Where the user's data lives: --data-dir, else SOCLE_DATA_DIR, else the platform's folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "socle-desktop"

# The XDG variable of each user folder and its default under the home folder (platformdirs' Unix rule).
_XDG = {"data": ("XDG_DATA_HOME", "~/.local/share"), "cache": ("XDG_CACHE_HOME", "~/.cache")}


def data_dir(override: str | Path | None = None) -> Path:
    if override:
        return Path(override).expanduser()
    from_environment = os.environ.get("SOCLE_DATA_DIR")
    if from_environment:
        return Path(from_environment).expanduser()
    return user_folder("data")


def user_folder(kind: str) -> Path:
    """The application's user folder of `kind` ("data" or "cache"), as platformdirs names it.

    On Linux, when the rule is plain (the XDG variable an absolute path, else an absolute HOME),
    it is applied here: importing platformdirs costs about 9 ms of a command's start (its Unix
    module imports tempfile, which imports shutil, bz2 and lzma), which `compute` paid for the
    référentiel's index (issue 15). Every other case (Windows, macOS, Android, no usable HOME)
    asks platformdirs; tests/test_paths.py checks that both name the same folder."""
    variable, default = _XDG[kind]
    android = hasattr(sys, "getandroidapilevel") or "ANDROID_ROOT" in os.environ
    if sys.platform == "linux" and not android:
        base = os.environ.get(variable, "")
        if os.path.isabs(base):
            return Path(base, APP_NAME)
        if os.path.isabs(os.environ.get("HOME", "")):
            return Path(os.path.expanduser(default), APP_NAME)
    import platformdirs

    if kind == "data":
        return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
