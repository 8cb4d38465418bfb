"""The wheel carries the resources that live beside the package in the repository."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    (path,) = out.glob("socle_desktop-*.whl")
    return zipfile.ZipFile(path)


def test_resources_ship_inside_the_wheel(wheel):
    names = set(wheel.namelist())
    for shipped in (ROOT / "resources").rglob("*"):
        if shipped.is_file():
            assert f"socle_desktop/{shipped.relative_to(ROOT).as_posix()}" in names, shipped


def test_the_console_script_is_declared(wheel):
    entry_points = next(n for n in wheel.namelist() if n.endswith("entry_points.txt"))
    assert "socle-desktop = socle_desktop.cli:main" in wheel.read(entry_points).decode()


def test_no_tests_or_caches_in_the_wheel(wheel):
    assert not [n for n in wheel.namelist() if "__pycache__" in n or n.startswith("tests/")]
