"""The user's folders are platformdirs' own, whether named here (Linux, plain XDG rule: no
platformdirs import, issue 15) or by platformdirs itself."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from socle_desktop.paths import APP_NAME, data_dir, user_folder

PLATFORMDIRS = {
    "data": lambda: platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False),
    "cache": lambda: platformdirs.user_cache_dir(APP_NAME, appauthor=False),
}
VARIABLE = {"data": "XDG_DATA_HOME", "cache": "XDG_CACHE_HOME"}


@pytest.mark.parametrize("kind", ["data", "cache"])
@pytest.mark.parametrize(("xdg", "home"), [
    (None, "/home/marie"),
    (None, "/home/marie/"),
    (None, "/"),
    ("/srv/xdg", "/home/marie"),
    ("/srv/xdg/", "/home/marie"),
    ("", "/home/marie"),
    ("relatif/xdg", "/home/marie"),  # a relative XDG value is ignored, as the specification says
    ("   ", "/home/marie"),
])
def test_the_folder_is_the_one_platformdirs_names(monkeypatch, kind, xdg, home):
    monkeypatch.setenv("HOME", home)
    if xdg is None:
        monkeypatch.delenv(VARIABLE[kind], raising=False)
    else:
        monkeypatch.setenv(VARIABLE[kind], xdg)
    assert user_folder(kind) == Path(PLATFORMDIRS[kind]())


@pytest.mark.skipif(sys.platform != "linux", reason="the rule applied without platformdirs is Linux's")
def test_the_check_above_compares_two_computations(monkeypatch):
    """On Linux the folder is named without platformdirs: the comparison above is not of a
    function with itself (it can fail), and the data folder follows the same rule."""
    monkeypatch.setenv("XDG_DATA_HOME", "/srv/donnees")
    monkeypatch.delenv("SOCLE_DATA_DIR", raising=False)
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: pytest.fail("platformdirs asked"))
    assert data_dir() == Path("/srv/donnees", APP_NAME)
