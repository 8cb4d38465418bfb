"""A command loads only what it needs (issue 15): `compute` on a file starts without Qt, pyHanko,
reportlab, the network client or the store, and the table of commands the CLI reads to load
only one command module says what each module really registers."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys

from socle_desktop.cli import COMMAND_MODULES, COMMANDS, modules_for
from socle_desktop.resources import resource_path

DEMO = resource_path("demo", "demo-dossier.json")
# sqlite3 itself is allowed: the référentiel's index is read with it (the store is sqlite_utils).
# logging.handlers (sockets, pickle) only opens the log file, which `compute` writes nothing to.
HEAVY = ("PySide6", "pyhanko", "reportlab", "httpx", "sqlite_utils", "jsonschema", "logging.handlers")

LOADED_AFTER_COMMAND = """
import contextlib, io, json, sys
from socle_desktop.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(sys.argv[1:])
heavy = sorted(name for name in json.loads(sys.stdin.readline()) if name in sys.modules)
print(json.dumps({"code": code, "heavy": heavy, "output": out.getvalue()}))
"""


def run_and_list_heavy(tmp_path, *args: str, watched=HEAVY, env=None) -> dict:
    done = subprocess.run([sys.executable, "-c", LOADED_AFTER_COMMAND, "--data-dir", str(tmp_path), *args],
                          input=json.dumps(watched) + "\n", capture_output=True, text=True, timeout=120,
                          env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_compute_on_a_file_loads_no_window_signature_pdf_network_or_store(tmp_path):
    seen = run_and_list_heavy(tmp_path, "compute", str(DEMO))
    assert seen["code"] == 0
    assert json.loads(seen["output"])["volets"]["equipement"]["depense_ttc_centimes"] == 3_342_960
    assert seen["heavy"] == []


# What `compute` must not pay for either (issue 15): shutil (bz2, lzma) came with argparse's help
# formatter, built for every argument added, uuid (with platform) with the model's new_id, and
# platformdirs (whose Unix module imports tempfile, hence shutil) with the référentiel's index
# folder, which paths.user_folder names on Linux without it; the catalogue (every layer's error
# wording) is read only when something has gone wrong.
STARTUP_EXTRAS = ("shutil", "bz2", "lzma", "uuid", "socle_desktop.catalogue")
STARTUP_EXTRAS += ("platformdirs",) if sys.platform == "linux" else ()
CHECKERS = ("email_validator", "phonenumbers", "stdnum")


def test_compute_on_a_file_loads_no_help_formatter_archive_modules_or_uuid(tmp_path):
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("SOCLE_CACHE_DIR", None)
    if sys.platform != "linux":  # platformdirs names the folder there
        env["SOCLE_CACHE_DIR"] = env.pop("XDG_CACHE_HOME")
    first = run_and_list_heavy(tmp_path, "compute", str(DEMO), watched=STARTUP_EXTRAS, env=env)
    assert "shutil" in first["heavy"]  # the first use builds the index (tempfile): the check can fail
    seen = run_and_list_heavy(tmp_path, "compute", str(DEMO), watched=STARTUP_EXTRAS, env=env)
    assert seen["code"] == 0
    assert seen["heavy"] == []


def test_the_contact_and_siret_checkers_load_only_for_a_value_to_check(tmp_path):
    """email-validator, phonenumbers and python-stdnum take about half of `compute`'s start:
    the demo, which has an address, a number and SIRETs, loads them; a dossier with none does not."""
    env = dict(os.environ, SOCLE_CACHE_DIR=str(tmp_path / "cache"))
    seen = run_and_list_heavy(tmp_path, "compute", str(DEMO), watched=CHECKERS, env=env)
    assert seen["heavy"] == sorted(CHECKERS)
    dossier = json.loads(DEMO.read_text(encoding="utf-8"))
    dossier["collectivite"]["contact"].update(courriel="", telephone=" ")
    sirets = [dossier]
    while sirets:  # every SIRET of the dossier, wherever the format puts one, left empty
        item = sirets.pop()
        for key, value in (item.items() if isinstance(item, dict) else enumerate(item)):
            if key == "siret":
                item[key] = ""
            elif isinstance(value, (dict, list)):
                sirets.append(value)
    bare = tmp_path / "sans-contact.json"
    bare.write_text(json.dumps(dossier, ensure_ascii=False), encoding="utf-8")
    seen = run_and_list_heavy(tmp_path, "compute", str(bare), watched=CHECKERS, env=env)
    assert seen["code"] == 0
    assert seen["heavy"] == []
    assert "COURRIEL_INVALIDE" not in seen["output"]


def test_the_check_sees_a_heavy_import_when_a_command_needs_one(tmp_path):
    """The check above can fail: `list` opens the library, whose store loads sqlite-utils."""
    seen = run_and_list_heavy(tmp_path, "list")
    assert seen["code"] == 0
    assert "sqlite_utils" in seen["heavy"]


def test_the_command_table_matches_what_each_module_registers():
    registered = {}
    for name in COMMAND_MODULES:
        parser = argparse.ArgumentParser()
        commands = parser.add_subparsers(dest="command")
        importlib.import_module(f"socle_desktop.cli.{name}").register(commands)
        registered.update(dict.fromkeys(commands.choices, name))
    assert registered == COMMANDS


def test_only_the_command_module_is_loaded_and_every_one_for_help_or_a_mistake():
    assert modules_for(["compute", "x.json"]) == ("compute",)
    assert modules_for(["--data-dir", "verify", "verify", "p.zip"]) == ("export",)
    assert modules_for(["--data-dir=/tmp/d", "list"]) == ("library",)
    assert modules_for(["--smoke"]) == ()  # the window: no command module at all
    assert modules_for([]) == ()
    assert modules_for(["--help"]) == COMMAND_MODULES
    assert modules_for(["--version"]) == ()  # printing the version loads no command (a reviewer: 1.3 s of CPU)
    assert modules_for(["--data-dir", "/tmp/d", "--version"]) == ()
    assert modules_for(["compte", "x.json"]) == COMMAND_MODULES  # the error lists every command
    assert modules_for(["--data-dir"]) == COMMAND_MODULES  # the real parser says what is missing


def test_help_and_a_mistyped_command_still_list_every_command(tmp_path):
    command = [sys.executable, "-m", "socle_desktop", "--data-dir", str(tmp_path)]
    done = subprocess.run([*command, "--help"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    for name in COMMANDS:
        assert name in done.stdout
    done = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout.startswith("socle-desktop ")) == (0, True)
    done = subprocess.run([*command, "compte"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "'screenshot'" in done.stderr and "'compute'" in done.stderr


def test_verify_loads_neither_the_pdf_writer_nor_jsonschema_for_an_intact_bundle(tmp_path):
    """verify (and every reception worker) needs pyHanko's reader, not reportlab or the signers
    of the bundle writer; jsonschema is asked only when the compiled validator finds a fault."""
    out = tmp_path / "demo"
    done = subprocess.run([sys.executable, "-m", "socle_desktop", "--data-dir", str(tmp_path), "demo",
                           "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    [bundle] = out.glob("*.zip")
    seen = run_and_list_heavy(tmp_path, "verify", str(bundle))
    assert seen["code"] == 4 and "EXEMPLE FICTIF" in seen["output"]  # intact, the fictional example
    assert "pyhanko" in seen["heavy"]  # the check can see a heavy import
    assert "reportlab" not in seen["heavy"] and "jsonschema" not in seen["heavy"]
