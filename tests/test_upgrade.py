"""Updates without surprises, tried with two real wheels: today's, and a « future » one whose
store has one more migration. The future version migrates today's library forward; today's
version then refuses the newer library with a clear French message and leaves it untouched."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "resources" / "demo" / "demo-dossier.json"
FUTURE_VERSION = "99.0.0"

pytestmark = pytest.mark.slow


def build_wheel(source: Path, out: Path) -> Path:
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(out), str(source)], capture_output=True, text=True, timeout=600)
    if done.returncode != 0:  # hatchling not in this environment: let pip fetch it
        done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out),
                               str(source)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    (wheel,) = out.glob("socle_desktop-*.whl")
    return wheel


def install(wheel: Path, target: Path) -> Path:
    """Unpack the wheel where only PYTHONPATH points (its dependencies come from this Python)."""
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def future_source(tmp_path: Path) -> Path:
    """A copy of the source tree with a higher version and one more store migration."""
    source = tmp_path / "future-src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "__pycache__",
                                                                "build", "dist", "*.egg-info"))
    package_init = source / "socle_desktop" / "__init__.py"
    package_init.write_text(re.sub(r'^__version__ = ".*"$', f'__version__ = "{FUTURE_VERSION}"',
                                   package_init.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    (schema,) = [p for p in (source / "socle_desktop" / "store").glob("*.py")
                 if re.search(r"^SCHEMA_VERSION = ", p.read_text(encoding="utf-8"), re.M)]
    schema.write_text(schema.read_text(encoding="utf-8") + '''

_FUTURE_SCHEMA = SCHEMA_VERSION + 1


@migrations()
def m099_future(db) -> None:
    db.execute("CREATE TABLE future_only (x TEXT)")
    db.execute(f"PRAGMA user_version = {_FUTURE_SCHEMA}")


SCHEMA_VERSION = _FUTURE_SCHEMA
MIGRATION_NAMES = (*MIGRATION_NAMES, "m099_future")
''', encoding="utf-8")
    return source


def run(site: Path, data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "socle_desktop", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, timeout=120, env=env, cwd=site)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_newer_version_migrates_forward_and_an_older_one_refuses_without_damage(tmp_path):
    today = install(build_wheel(ROOT, tmp_path / "w1"), tmp_path / "today")
    future = install(build_wheel(future_source(tmp_path), tmp_path / "w2"), tmp_path / "future")
    data = tmp_path / "data"

    assert run(future, data, "--version").stdout.split()[-1] == FUTURE_VERSION
    imported = run(today, data, "import", str(DEMO))
    assert imported.returncode == 0, imported.stderr
    before = json.loads(run(today, data, "list", "--json").stdout)

    migrated = run(future, data, "list", "--json")
    assert migrated.returncode == 0, migrated.stderr
    assert [d["id"] for d in json.loads(migrated.stdout)] == [d["id"] for d in before]

    library = data / "bibliotheque.sqlite"
    fingerprint = digest(library)
    refused = run(today, data, "list")
    assert refused.returncode != 0
    assert "version plus récente" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert digest(library) == fingerprint  # nothing written by the older version

    again = run(future, data, "list", "--json")
    assert [d["id"] for d in json.loads(again.stdout)] == [d["id"] for d in before]
