"""Shared fixtures of the export tests: one demo identity, one exported demo bundle, zip surgery."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from socle_desktop.export import export_dossier
from socle_desktop.export.demo import demo_dossier, demo_piece_bytes
from socle_desktop.export.identity import demo_identity

SIGNING_TIME = dt.datetime(2026, 11, 27, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def require_tool(name: str) -> str:
    """The path of an independent checker; in CI (which installs them) its absence is a failure."""
    # Scripts of the test's own environment (bagit.py) sit beside its interpreter, which may not
    # be on PATH (CI runs .venv/bin/python without activating the venv).
    path = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: .ci/run must install it")
        pytest.skip(f"{name} is not installed here")
    return path


@pytest.fixture(scope="session")
def signing_time() -> dt.datetime:
    return SIGNING_TIME


@pytest.fixture(scope="session")
def identity():
    return demo_identity(now=SIGNING_TIME)


@pytest.fixture(scope="session")
def other_identity():
    return demo_identity(now=SIGNING_TIME)


@pytest.fixture(scope="session")
def demo_export(tmp_path_factory, identity):
    out = tmp_path_factory.mktemp("demo-export")
    return export_dossier(demo_dossier(), out_dir=out, identity=identity, piece_bytes=demo_piece_bytes,
                          signing_time=SIGNING_TIME, example=True)


@pytest.fixture(scope="session")
def demo_bundle(demo_export) -> Path:
    return demo_export.bundle_path


@pytest.fixture
def rezip(tmp_path):
    """rezip(bundle, change) -> a new zip whose members (path inside the bag -> bytes) went through change()."""

    def make(bundle: Path, change, name: str = "modifie.zip") -> Path:
        with zipfile.ZipFile(bundle) as archive:
            infos = archive.infolist()
            root = infos[0].filename.split("/", 1)[0]
            members = {info.filename.split("/", 1)[1]: archive.read(info) for info in infos}
        members = change(dict(members))
        target = tmp_path / name
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for member, data in members.items():
                archive.writestr(f"{root}/{member}", data)
        return target

    return make


@pytest.fixture
def bag_members():
    def read(bundle: Path) -> dict[str, bytes]:
        with zipfile.ZipFile(bundle) as archive:
            return {info.filename.split("/", 1)[1]: archive.read(info) for info in archive.infolist()}

    return read


@pytest.fixture
def tool():
    """tool("pdfsig") -> its path (skipped locally when absent, failed in CI)."""
    return require_tool
