"""What the README's quick start promises about the checkout itself (issue 16)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_the_test_command_says_the_outbox_tests_need_npm_ci():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    test_block = next(block for block in blocks if "pytest" in block)
    assert "npm ci --prefix tests/outbox/tus_server" in test_block, "beside the test command"
    assert "SOCLE_REQUIRE_TUS_SERVER=1" in readme and "sautés" in readme


def test_the_test_command_names_every_preparation_whose_absence_skips_tests():
    """CI also runs `npm ci --prefix packaging/referentiel` (.ci/run); without it a test is
    skipped, as the outbox tests are without the tus server (issue 16's sibling)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    test_block = next(block for block in blocks if "pytest" in block)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for prepared in re.findall(r"^npm ci --prefix (\S+)", ci, flags=re.M):
        assert f"npm ci --prefix {prepared}" in test_block, prepared
    assert "SOCLE_REQUIRE_REFERENTIEL_BUILD=1" in readme and "pytest -rs" in readme


def test_the_headless_demo_folder_is_ignored_by_git():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("pas un dépôt git")
    from socle_desktop.cli import DEMO_FOLDER_WITHOUT_SCREEN

    probe = f"{DEMO_FOLDER_WITHOUT_SCREEN}/exemple.zip"
    done = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", probe], timeout=30)
    assert done.returncode == 0, f"./{DEMO_FOLDER_WITHOUT_SCREEN}/ would show in git status"
