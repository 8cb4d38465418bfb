"""`outbox add` on a full disk (issue 17, item 11): one French line, exit 2, nothing half-written.

Two real full disks: SQLite's own (a database that may not grow: SQLITE_FULL, the same error
as a full file system), and a tiny tmpfs mounted in a private mount namespace (`unshare`),
filled up page by page until the bundle's copy fits but the database cannot grow.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from socle_desktop.catalogue.errors import error_text
from socle_desktop.outbox import Outbox, OutboxError
from socle_desktop.store import Database

from .conftest import fake_verify

ROOT = Path(__file__).resolve().parents[2]


def test_a_database_that_cannot_grow_adds_nothing_and_says_so_in_french(tmp_path, bundle_factory):
    data_dir = tmp_path / "donnees"
    data_dir.mkdir()
    database = Database.connect(data_dir / "bibliotheque.db")
    db = database.db
    outbox = Outbox(database, data_dir, verify=fake_verify)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + 2}")  # SQLITE_FULL at the next new page
    for number in range(100_000):  # fill every page (short rows: little room left on any)
        try:
            with db.conn:
                db.execute("INSERT INTO outbox_events (entry_id, at, kind, detail) VALUES (NULL, '', 'x', ?)",
                           [str(number)])
        except sqlite3.OperationalError as error:
            assert "full" in str(error)
            break
    try:
        with pytest.raises(OutboxError) as refused:
            outbox.add(bundle_factory(size=100_000))
        message = error_text(refused.value)
        assert "disque plein" in message and "rien n'a été enregistré" in message
        assert "OperationalError" not in message and "database" not in message
        assert outbox.entries() == []
        assert list(outbox.folder.iterdir()) == [], "no copy left without its entry"
    finally:
        outbox.close()


# Runs inside `unshare --user --map-root-user --mount`: the mount is private to that process.
FULL_DISK_SCRIPT = r"""
import contextlib, io, json, os, subprocess, sys
from pathlib import Path
from socle_desktop.cli import main

mount, bundle = Path(sys.argv[1]), sys.argv[2]
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], check=True)
data = mount / "donnees"

def cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--data-dir", str(data), "outbox", *argv])
    return code, out.getvalue(), err.getvalue()

# The library and the queue's tables exist first (a queue in use), then the disk fills up.
assert cli("add", bundle)[0] == 0
assert cli("remove", json.loads(cli("list", "--json")[1])[0]["id"])[0] == 0
size = os.path.getsize(bundle)
attempts = []
filler = mount / "remplissage"
for extra_pages in range(0, 80):  # room for the copy, then one page more each time
    filler.unlink(missing_ok=True)
    stat = os.statvfs(mount)
    keep = -(-size // 4096) * 4096 + extra_pages * 4096
    if stat.f_bavail * stat.f_frsize > keep:
        subprocess.run(["fallocate", "-l", str(stat.f_bavail * stat.f_frsize - keep), str(filler)], check=True)
    code, out, err = cli("add", bundle)
    attempts.append({"code": code, "out": out, "err": err,
                     "files": sorted(p.name for p in (data / "envoi").iterdir())})
    if code == 0 or "copier" not in err:
        break
filler.unlink(missing_ok=True)
code, out, _ = cli("list", "--json")
print(json.dumps({"attempts": attempts, "entries": json.loads(out) if code == 0 else None}))
"""


def _namespaces_available() -> bool:
    if shutil.which("unshare") is None or shutil.which("fallocate") is None:
        return False
    probe = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "true"],
                           capture_output=True, timeout=30)
    return probe.returncode == 0


def test_outbox_add_on_a_full_file_system_exits_2_in_french_and_leaves_nothing(tmp_path, real_bundles):
    if not _namespaces_available():
        pytest.skip("unshare (espaces de noms utilisateur) indisponible : pas de disque plein privé")
    mount = tmp_path / "disque"
    mount.mkdir()
    result = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", sys.executable, "-c", FULL_DISK_SCRIPT,
         str(mount), str(real_bundles["good"])],
        capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    attempts = report["attempts"]
    for attempt in attempts:
        assert attempt["code"] == 2, attempt
        assert attempt["err"].count("\n") == 1 and "disque plein" in attempt["err"], attempt
        assert "inattendue" not in attempt["err"] and "Error" not in attempt["err"]
        assert attempt["files"] == [], "no bundle copy left behind, not even a temporary one"
    last = attempts[-1]["err"]
    assert "n'a pas été ajouté à la file d'envoi" in last, "the database's own full disk was reached"
    assert report["entries"] == [], "no entry half-added"
