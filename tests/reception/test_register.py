"""The register and the batch verification: supersession, statuses, incremental passes, decisions."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from reception_bundles import DOSSIER_A, DOSSIER_B

from socle_desktop.export.verify import verify_bundle
from socle_desktop.reception.batch import file_received_bundle, verify_folder
from socle_desktop.reception.register import (
    NOT_RETAINED,
    REJECTED,
    RETAINED,
    SUPERSEDED,
    UNCHECKED,
    VALID,
    Register,
    RegisterError,
)


@pytest.fixture
def register(tmp_path):
    with Register(tmp_path / "reception.sqlite") as opened:
        yield opened


def test_a_folder_is_verified_and_the_newer_version_supersedes(register, received):
    result = verify_folder(register, received["folder"], workers=1)
    assert (result.found, result.verified, result.skipped) == (5, 5, 0)
    entries = register.entries()
    by_path = {entry.path: entry for entry in entries}
    a1, a2, b = (by_path[str(received[name])] for name in ("a1", "a2", "b"))
    assert (a1.status, a1.version) == (SUPERSEDED, 1)
    assert (a2.status, a2.version) == (VALID, 2)
    assert b.status == VALID and b.school_count == 2 and b.classes == 3 + 4
    assert b.siren == "214300014" and b.code_departement == "43" and b.code_academie == "06"
    assert a2.subsidy_centimes > a1.subsidy_centimes > 0
    assert b.signed_at == _signing_time(received["b"]) and b.signed_at.startswith("20")
    # A cut transfer (the first half of a bundle) is not judged: the commune sends it again (issue 13).
    assert by_path[str(received["damaged"])].status == UNCHECKED
    forged = by_path[str(received["forged"])]
    # The bag's checksums fail before dossier.json is read: nothing it claims is filed as fact.
    assert forged.status == REJECTED and forged.dossier_id == "" and forged.subsidy_centimes == 0
    report, checks = register.report(forged.sha256)
    assert "REJETÉ" in report and any(not passed for _, passed, _ in checks)
    current = register.entries(current_only=True)
    assert sorted(entry.dossier_id for entry in current) == [DOSSIER_A, DOSSIER_B]


def _signing_time(bundle: Path) -> str:
    import zipfile

    with zipfile.ZipFile(bundle) as archive:
        info = next(name for name in archive.namelist() if name.endswith("/bag-info.txt"))
        line = next(line for line in archive.read(info).decode().splitlines()
                    if line.startswith("Socle-Date-Signature:"))
    return line.split(":", 1)[1].strip()


def test_a_second_pass_verifies_nothing_again(register, received, tmp_path):
    verify_folder(register, received["folder"], workers=1)
    again = verify_folder(register, received["folder"], workers=1)
    assert (again.found, again.skipped, again.verified, again.known) == (5, 5, 0, 0)
    # The same bytes copied elsewhere (a stick read twice): hashed, recognised, not verified.
    copy = tmp_path / "copie"
    shutil.copytree(received["folder"], copy)
    third = verify_folder(register, copy, workers=1)
    assert (third.known, third.verified) == (5, 0)
    assert len(register.entries()) == 5


def test_the_pool_verifies_on_several_processes(register, received):
    result = verify_folder(register, received["folder"], workers=2)
    assert result.verified == 5
    assert {entry.status for entry in register.entries()} == {VALID, SUPERSEDED, REJECTED, UNCHECKED}


def test_a_newer_rejected_version_does_not_supersede(register, received, tmp_path):
    folder = tmp_path / "seul"
    folder.mkdir()
    shutil.copy(received["b"], folder / "b.zip")
    shutil.copy(received["forged"], folder / "falsifie.zip")
    verify_folder(register, folder, workers=1)
    statuses = sorted(entry.status for entry in register.entries())
    assert statuses == [REJECTED, VALID]


def test_decisions_apply_to_the_current_version(register, received):
    verify_folder(register, received["folder"], workers=1)
    with pytest.raises(RegisterError) as error:
        register.decide(DOSSIER_A, RETAINED, 10**12)
    assert error.value.code == "amount_above_asked"
    entry = register.decide(DOSSIER_A[:8], RETAINED)
    assert entry.decision == RETAINED and entry.granted_centimes == entry.subsidy_centimes
    entry = register.decide(DOSSIER_B, NOT_RETAINED)
    assert (entry.decision, entry.granted_centimes) == (NOT_RETAINED, 0)
    with pytest.raises(RegisterError) as error:
        register.decide("ffffffff-unknown", RETAINED)
    assert error.value.code == "unknown"
    with pytest.raises(RegisterError) as error:
        register.decide("%%%%%%%%", RETAINED)  # not a LIKE pattern matching every dossier
    assert error.value.code == "unknown"


def test_the_reception_point_hook_files_one_bundle(register, received):
    report = verify_bundle(received["b"])
    entry = file_received_bundle(register, received["b"], report)
    assert entry.status == VALID and entry.dossier_id == DOSSIER_B
    # Filed again (the same upload twice): still one row.
    file_received_bundle(register, received["b"], report)
    assert len(register.entries()) == 1


def test_a_file_that_is_not_a_register_is_refused(tmp_path):
    other = tmp_path / "autre.sqlite"
    import sqlite3
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE x (y)")
    with pytest.raises(RegisterError) as error:
        Register(other)
    assert error.value.code == "not_a_register"
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 100)
    with pytest.raises(RegisterError):
        Register(garbage)


def test_the_register_survives_reopening(tmp_path, received):
    path = tmp_path / "reception.sqlite"
    with Register(path) as register:
        verify_folder(register, received["folder"], workers=1)
    started = time.perf_counter()
    with Register(path) as register:
        assert verify_folder(register, received["folder"], workers=1).skipped == 5
    assert time.perf_counter() - started < 5


def test_many_decisions_in_one_transaction_are_checked_first(register, received):
    verify_folder(register, received["folder"], workers=1)
    current = {entry.dossier_id: entry for entry in register.entries(current_only=True)}
    with pytest.raises(RegisterError):
        register.decide_many([(DOSSIER_A, RETAINED, 1), (DOSSIER_B, RETAINED, 10**12)])
    assert all(entry.decision == "" for entry in register.entries(current_only=True))  # nothing half-done
    assert register.decide_many([(DOSSIER_A, RETAINED, 1), (DOSSIER_B, NOT_RETAINED, 0)]) == 2
    decided = {entry.dossier_id: entry for entry in register.entries(current_only=True)}
    assert decided[DOSSIER_A].granted_centimes == 1 and decided[DOSSIER_B].decision == NOT_RETAINED
    assert current.keys() == decided.keys()


def test_the_hook_takes_the_reception_points_summary_too(register, received):
    report = verify_bundle(received["a2"])
    summary = {"ok": report.ok, "draft": report.draft, "example": report.example, "sha256": report.sha256,
               "dossier_id": report.dossier_id, "fingerprint": report.fingerprint, "signer": report.signer,
               "checks": [list(check) for check in report.checks], "text": report.text(), "unchecked": ""}
    entry = file_received_bundle(register, received["a2"], summary)
    assert (entry.status, entry.dossier_id, entry.version) == (VALID, DOSSIER_A, 1)
    assert entry.subsidy_centimes > 0 and register.report(entry.sha256)[0] == report.text()
    rejected = file_received_bundle(register, received["damaged"], {"ok": False, "sha256": "", "checks": []})
    assert rejected.status == REJECTED


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_a_worker_leaves_when_its_parent_is_killed(tmp_path):
    """The pool's workers must not outlive a window killed by force (they would wait for ever)."""
    import os
    import signal
    import subprocess
    import sys

    script = tmp_path / "parent.py"
    script.write_text(
        "import multiprocessing, os, sys, time\n"
        "from socle_desktop.reception.batch import _worker_init\n"
        "def pid(_):\n    return os.getpid()\n"
        "if __name__ == '__main__':\n"
        "    pool = multiprocessing.get_context('spawn').Pool(1, _worker_init, (frozenset(), True))\n"
        "    print(pool.apply(pid, (0,)), flush=True)\n"
        "    time.sleep(600)\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(__file__).resolve().parents[2]),
                                                       os.environ.get("PYTHONPATH", "")]))
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env)
    worker = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{worker}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return
        if state == "Z":  # exited, not yet reaped by whoever adopted it
            return
        time.sleep(0.2)
    os.kill(worker, signal.SIGKILL)
    raise AssertionError("the worker outlived its parent")
