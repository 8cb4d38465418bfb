"""Two processes on one library: a clear refusal or a read-only view, never corruption."""

from __future__ import annotations

import json
import subprocess
import textwrap
from dataclasses import replace

import pytest

from socle_desktop.store import Library

pytestmark = pytest.mark.slow


def _run(python, env, code: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([python, "-c", textwrap.dedent(code), *args], capture_output=True, text=True,
                          env=env, timeout=timeout)


def test_a_second_process_gets_a_french_refusal_for_writing_and_a_view_for_reading(
        tmp_path, python, child_env, make_dossier):
    folder = tmp_path / "donnees"
    with Library.open(folder) as window:
        dossier_id = window.create(make_dossier(lines=40))
        result = _run(python, child_env, """
            import sys
            from socle_desktop.catalogue.errors import error_text
            from socle_desktop.store import Library, LibraryLockedError
            try:
                Library.open(sys.argv[1])
            except LibraryLockedError as error:
                print("REFUS", error_text(error))
            with Library.open(sys.argv[1], read_only=True) as lib:
                print("VU", *[s.id for s in lib.list_dossiers()])
            """, str(folder))
        assert result.returncode == 0, result.stderr
        assert "REFUS la bibliothèque de dossiers" in result.stdout and "déjà ouverte" in result.stdout
        assert f"VU {dossier_id}" in result.stdout


def test_a_reader_sees_consistent_dossiers_while_the_writer_saves(tmp_path, python, child_env, make_dossier):
    """Each `save` changes lines and `extra.attendu` together; the reader must never see them apart."""
    folder = tmp_path / "donnees"
    with Library.open(folder) as window:
        dossier = make_dossier(lines=100)
        dossier.extra = {"attendu": 100}
        dossier_id = window.create(dossier)
        reader = subprocess.Popen([python, "-c", textwrap.dedent("""
            import sys, time
            from socle_desktop.store import Library
            seen, bad = 0, 0
            with Library.open(sys.argv[1], read_only=True) as lib:
                print("PRET", flush=True)
                end = time.monotonic() + 3
                while time.monotonic() < end:
                    d = lib.load(sys.argv[2])
                    seen += 1
                    bad += len(d.lignes) != d.extra["attendu"]
            print(seen, bad)
            """), str(folder), dossier_id], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env)
        assert reader.stdout.readline().strip() == "PRET"
        current = window.load(dossier_id)
        saves = 0
        while reader.poll() is None:
            count = 50 + saves % 100
            current = replace(current, lignes=[replace(dossier.lignes[i % 100], id=f"x{i}") for i in range(count)],
                              extra={"attendu": count})
            window.save(current)
            saves += 1
        out, err = reader.communicate(timeout=30)
    seen, bad = map(int, out.split())
    assert reader.returncode == 0, err
    assert saves > 10 and seen > 10
    assert bad == 0


def test_two_processes_racing_to_write_never_corrupt(tmp_path, python, child_env, demo_text):
    folder = tmp_path / "donnees"
    source = tmp_path / "demo.json"
    source.write_text(demo_text, encoding="utf-8")
    code = """
        import sys, time
        from socle_desktop.store import Library, LibraryLockedError
        done = refused = 0
        end = time.monotonic() + 3
        while time.monotonic() < end:
            try:
                with Library.open(sys.argv[1]) as lib:
                    lib.import_json(open(sys.argv[2], encoding="utf-8").read())
                    done += 1
            except LibraryLockedError:
                refused += 1
        print(done, refused)
        """
    racers = [subprocess.Popen([python, "-c", textwrap.dedent(code), str(folder), str(source)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env)
              for _ in range(2)]
    results = [racer.communicate(timeout=60) for racer in racers]
    for racer, (_, err) in zip(racers, results, strict=True):
        assert racer.returncode == 0, err
    counts = [tuple(map(int, out.split())) for out, _ in results]
    imported = sum(done for done, _ in counts)
    assert imported > 0
    with Library.open(folder) as lib:
        assert lib.check() == []
        assert len(lib.list_dossiers()) == imported


def test_cli_reads_while_the_window_holds_the_library_and_refuses_to_import(
        tmp_path, python, child_env, demo_text):
    folder = tmp_path / "donnees"
    source = tmp_path / "demo.json"
    source.write_text(demo_text, encoding="utf-8")
    with Library.open(folder) as window:
        dossier_id = window.import_json(demo_text)
        cli = [python, "-m", "socle_desktop", "--data-dir", str(folder)]
        listed = subprocess.run([*cli, "list", "--json"], capture_output=True, text=True, env=child_env, timeout=60)
        assert listed.returncode == 0, listed.stderr
        assert [entry["id"] for entry in json.loads(listed.stdout)] == [dossier_id]
        shown = subprocess.run([*cli, "show", dossier_id[:8]], capture_output=True, text=True, env=child_env,
                               timeout=60)
        assert json.loads(shown.stdout)["id"] == dossier_id
        checked = subprocess.run([*cli, "check"], capture_output=True, text=True, env=child_env, timeout=60)
        assert checked.returncode == 0, checked.stdout
        refused = subprocess.run([*cli, "import", str(source)], capture_output=True, text=True, env=child_env,
                                 timeout=60)
        assert refused.returncode == 2
        assert refused.stderr.count("\n") == 1 and "déjà ouverte" in refused.stderr
        assert "Traceback" not in refused.stderr
        assert len(window.list_dossiers()) == 1
