"""What the README's quick start promises about the checkout itself (issue 16)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def quick_start() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Démarrage rapide", 1)[1].split("\n## ", 1)[0]


def test_the_quick_start_is_two_commands_and_ci_runs_the_second_verbatim():
    """Exactly two commands (one to run the app, one to run the whole suite), each a block of
    one line; .ci/run runs the test command as the README shows it."""
    blocks = [block.strip() for block in re.findall(r"```sh\n(.*?)```", quick_start(), flags=re.S)]
    assert len(blocks) == 2 and all("\n" not in block for block in blocks), blocks
    app_command, test_command = blocks
    assert app_command.endswith("socle-desktop") and "pytest" in test_command
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines


def test_beside_the_test_command_the_readme_says_the_outbox_tests_need_npm_ci():
    section = quick_start()
    assert "npm ci --prefix tests/outbox/tus_server" in section
    assert "SOCLE_REQUIRE_TUS_SERVER=1" in section and "sautés" in section


def test_the_quick_start_names_every_preparation_whose_absence_skips_tests():
    """CI also runs `npm ci --prefix packaging/referentiel` (.ci/run); without it a test is
    skipped, as the outbox tests are without the tus server (issue 16's sibling)."""
    section = quick_start()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for prepared in re.findall(r"^npm ci --prefix (\S+)", ci, flags=re.M):
        assert f"npm ci --prefix {prepared}" in section, prepared
    assert "SOCLE_REQUIRE_REFERENTIEL_BUILD=1" in section and "pytest -rs" in section


def test_the_headless_demo_folder_is_ignored_by_git():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("pas un dépôt git")
    from socle_desktop.cli import DEMO_FOLDER_WITHOUT_SCREEN

    probe = f"{DEMO_FOLDER_WITHOUT_SCREEN}/exemple.zip"
    done = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", probe], timeout=30)
    assert done.returncode == 0, f"./{DEMO_FOLDER_WITHOUT_SCREEN}/ would show in git status"
