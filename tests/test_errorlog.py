"""One error log for the window and the command line: <data>/journaux/erreurs.log, rotating."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from socle_desktop import errorlog

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def no_handler_left():
    yield
    for handler in list(errorlog.LOGGER.handlers):
        errorlog.LOGGER.removeHandler(handler)
        handler.close()


def failure() -> BaseException:
    try:
        {}["clé absente"]
    except KeyError as error:
        return error
    raise AssertionError("unreachable")


def test_an_error_is_written_with_its_traceback_to_the_data_folder(tmp_path):
    path = errorlog.setup(tmp_path)
    assert path == tmp_path / "journaux" / "erreurs.log"
    assert errorlog.log_error(failure(), "fenêtre") == path
    text = path.read_text(encoding="utf-8")
    assert "fenêtre" in text and "Traceback" in text and "KeyError: 'clé absente'" in text


def test_the_log_rotates_and_keeps_a_bounded_size(tmp_path):
    errorlog.setup(tmp_path)
    (handler,) = errorlog.LOGGER.handlers
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    assert (handler.maxBytes, handler.backupCount) == (errorlog.MAX_LOG_BYTES, errorlog.KEPT_LOGS)
    big = RuntimeError("\n".join(["x" * 1000] * 200))  # 200 lines: each line of a record is bounded, not their count
    for _ in range(30):
        errorlog.log_error(big)
    files = sorted(p.name for p in (tmp_path / "journaux").iterdir())
    assert files == ["erreurs.log", "erreurs.log.1", "erreurs.log.2", "erreurs.log.3"]


def test_setting_up_another_folder_moves_the_log_there(tmp_path):
    errorlog.setup(tmp_path / "a")
    errorlog.setup(tmp_path / "b")
    assert len(errorlog.LOGGER.handlers) == 1
    assert errorlog.log_error(failure()) == tmp_path / "b" / "journaux" / "erreurs.log"


def test_a_log_that_cannot_be_written_logs_nothing_and_prints_nothing(tmp_path, capsys):
    (tmp_path / "journaux" / "erreurs.log").mkdir(parents=True)  # even root cannot write a folder as a file
    errorlog.setup(tmp_path)
    assert errorlog.log_error(failure()) is None
    assert capsys.readouterr().err == ""
    (tmp_path / "pas-un-dossier").write_text("x")
    assert errorlog.setup(tmp_path / "pas-un-dossier") is None


def test_an_unexpected_error_of_a_command_is_one_french_line_and_the_log_has_the_traceback(tmp_path):
    """The command line's safety net writes the same file as the window."""
    code = ("import argparse, sys; from socle_desktop.cli import common; "
            "sys.exit(common.report_unexpected(ZeroDivisionError('division'), "
            f"argparse.Namespace(data_dir={str(tmp_path)!r})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 3
    log = tmp_path / "journaux" / "erreurs.log"
    assert done.stderr.strip() == (f"socle-desktop : erreur inattendue (ZeroDivisionError: division) ; "
                                   f"détails dans {log}.")
    assert "ZeroDivisionError: division" in log.read_text(encoding="utf-8")


def test_the_libraries_warnings_and_the_application_s_errors_share_one_rotating_file(tmp_path):
    """Two handlers renaming the same file under each other lost records: one handler per folder."""
    from socle_desktop.logfile import log_file
    from socle_desktop.logforward import logs_to_file

    errorlog.setup(tmp_path)
    with logs_to_file(tmp_path):
        logging.getLogger("pyhanko.sign").warning("English \x1b[2Jwarning")
    assert log_file(tmp_path) is errorlog.LOGGER.handlers[0]
    errorlog.log_error(failure(), "fenêtre")
    text = (tmp_path / "journaux" / "erreurs.log").read_text(encoding="utf-8")
    assert "pyhanko.sign : English \\x1b[2Jwarning" in text and "fenêtre" in text
    assert "\x1b" not in text
    assert (tmp_path / "journaux" / "erreurs.log").stat().st_mode & 0o777 == 0o600
