"""Prompts on a real terminal (a pseudo-terminal): a refused answer is asked again (three tries),
a too-short passphrase is refused before its confirmation, Ctrl+C leaves cleanly (issue 16)."""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from socle_desktop.export.demo import DEMO_DELIBERATION_NAME, DEMO_DEVIS_NAME
from socle_desktop.resources import resource_path

pty = pytest.importorskip("pty")  # POSIX only

ROOT = Path(__file__).resolve().parents[2]


class Terminal:
    """`socle-desktop ARGS` on a pseudo-terminal: read what it shows, type answers."""

    def __init__(self, args: list[str]):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the terminal is its controlling terminal
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # as in a shell's foreground job
            os.execvpe(sys.executable, [sys.executable, "-m", "socle_desktop", *args], env)
        self.seen = ""
        self.position = 0  # where the next expect() starts looking

    def expect(self, pattern: str, timeout: float = 60) -> str:
        """Wait for `pattern` in what was shown since the last match; returns that part.
        (getpass flushes typed-ahead input: an answer is typed only once its prompt shows.)"""
        deadline = time.monotonic() + timeout
        while (found := re.search(pattern, self.seen[self.position:])) is None:
            left = deadline - time.monotonic()
            assert left > 0, f"{pattern!r} never shown; the terminal showed:\n{self.seen}"
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.5))
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:  # the child is gone (EIO)
                    chunk = b""
                assert chunk, f"{pattern!r} never shown before the end:\n{self.seen}"
                self.seen += chunk.decode("utf-8", "replace")
        shown = self.seen[self.position:self.position + found.end()]
        self.position += found.end()
        return shown

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode("utf-8"))

    def exit_code(self, timeout: float = 120) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with_output = select.select([self.fd], [], [], 0.2)[0]
            if with_output:
                try:
                    self.seen += os.read(self.fd, 4096).decode("utf-8", "replace")
                except OSError:
                    pass
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        raise AssertionError(f"the command did not end; it showed:\n{self.seen}")


@pytest.fixture
def export_args(tmp_path):
    shutil.copy(resource_path("demo", "demo-dossier.json"), tmp_path / "dossier.json")
    for name in (DEMO_DEVIS_NAME, DEMO_DELIBERATION_NAME):  # the demo's attachments
        shutil.copy(resource_path("demo", name), tmp_path / name)
    return ["--data-dir", str(tmp_path / "donnees"), "export", str(tmp_path / "dossier.json"),
            "--out", str(tmp_path / "sortie")]


def _identity_folder(args) -> Path:
    return Path(args[1]) / "identites"


def test_a_too_short_passphrase_is_refused_at_once_and_asked_again(export_args):
    terminal = Terminal(export_args)
    terminal.expect("Choisissez une phrase de passe")
    terminal.type("court\r")
    shown = terminal.expect(r"Recommencez \(2 essais restants\)")
    assert "Confirmez" not in shown, "refused before its confirmation is asked"
    assert "au moins 8 caractères" in shown
    terminal.expect(r"Choisissez une phrase de passe[^\n]*: ")
    terminal.type("une phrase sûre\r")
    terminal.expect("Confirmez")
    terminal.type("une phrase sûre\r")
    assert terminal.exit_code() == 0, terminal.seen
    assert "Identité locale créée" in terminal.seen and "Traceback" not in terminal.seen
    assert any(_identity_folder(export_args).iterdir())


def test_three_refused_answers_stop_with_one_french_line_and_nothing_created(export_args):
    terminal = Terminal(export_args)
    for answer, confirmation in [("court", None), ("une phrase sûre", "une autre phrase"), ("1234567", None)]:
        terminal.expect(r"Choisissez une phrase de passe[^\n]*: ")
        terminal.type(answer + "\r")
        if confirmation is not None:
            terminal.expect("Confirmez")
            terminal.type(confirmation + "\r")
    assert terminal.exit_code() == 2
    assert "Les deux saisies diffèrent. Recommencez (1 essai restant)." in terminal.seen
    assert "3 essais sans succès, rien n'a été créé" in terminal.seen and "Traceback" not in terminal.seen
    assert not _identity_folder(export_args).exists() or not any(_identity_folder(export_args).iterdir())


def test_ctrl_c_at_a_prompt_leaves_cleanly(export_args):
    terminal = Terminal(export_args)
    terminal.expect("Choisissez une phrase de passe")
    terminal.type("\x03")  # Ctrl+C: the terminal sends SIGINT to the command
    assert terminal.exit_code() == 130
    assert "saisie interrompue (Ctrl+C) ; rien n'a été créé ni signé." in terminal.seen
    assert "Traceback" not in terminal.seen and "KeyboardInterrupt" not in terminal.seen
    assert not Path(export_args[-1]).exists()


def test_a_wrong_passphrase_is_asked_again(export_args):
    first = Terminal(export_args)
    for prompt in ("Choisissez une phrase de passe", "Confirmez"):
        first.expect(prompt)
        first.type("une phrase sûre\r")
    assert first.exit_code() == 0, first.seen

    again = Terminal(export_args)
    again.expect("Phrase de passe de l'identité locale")
    again.type("pas la bonne\r")
    again.expect(r"incorrecte\. Recommencez \(2 essais restants\)")
    again.expect(r"Phrase de passe de l'identité locale : ")
    again.type("une phrase sûre\r")
    assert again.exit_code() == 0, again.seen


@pytest.fixture(scope="module")
def academie():
    from campaign_support import academie_identity

    return academie_identity()


def _campaign_creation_args(tmp_path, p12) -> list[str]:
    return ["--data-dir", str(tmp_path / "donnees"), "campagne", "creer", "--id", "c1", "--titre", "Campagne",
            "--regles", "snee-2021", "--adresse", "https://depot.ac-lyon.invalid/files/",
            "--empreinte-serveur", "ab" * 32, "--date-limite", "2031-03-31T23:59:00+02:00",
            "--contact-nom", "DANE", "--identity", str(p12), "--out", str(tmp_path / "publie")]


def test_a_wrong_certificate_password_for_a_campaign_is_asked_again(tmp_path, academie):
    """`campagne creer` stopped at the first wrong password (its sibling `export` asks again)."""
    from campaign_support import P12_PASSWORD, write_p12

    p12 = write_p12(academie, tmp_path / "academie.p12")
    terminal = Terminal(_campaign_creation_args(tmp_path, p12))
    terminal.expect("Mot de passe du certificat academie.p12 : ")
    terminal.type("pas le bon\r")
    terminal.expect(r"Recommencez \(2 essais restants\)")
    terminal.expect("Mot de passe du certificat academie.p12 : ")
    terminal.type(P12_PASSWORD + "\r")
    assert terminal.exit_code() == 0, terminal.seen
    assert "Fichier de campagne signé" in terminal.seen


def test_an_unreadable_fingerprint_answer_is_asked_again_and_non_stops(tmp_path, academie):
    """A typo in the fingerprint (or « non ») ended the import with « empreinte attendue illisible »."""
    from campaign_support import campaign_data, shipped_rules

    from socle_desktop.export.campaign import write_campaign

    path = write_campaign(campaign_data(), shipped_rules(), academie, tmp_path / "publie")
    args = ["--data-dir", str(tmp_path / "donnees"), "campagne", "importer", str(path)]
    terminal = Terminal(args)
    terminal.expect("publiée par l'académie")
    terminal.type("AB:CD:12\r")
    terminal.expect(r"Empreinte illisible : 64 caractères hexadécimaux attendus .*Recommencez \(2 essais restants\)")
    terminal.expect("publiée par l'académie")
    terminal.type("oui\r")
    assert terminal.exit_code() == 0, terminal.seen
    assert "Campagne importée" in terminal.seen

    refused = Terminal(["--data-dir", str(tmp_path / "autres"), "campagne", "importer", str(path)])
    refused.expect("publiée par l'académie")
    refused.type("non\r")
    assert refused.exit_code() == 2
    assert "signataire non confirmé ; la campagne n'a pas été importée." in refused.seen
    assert not (tmp_path / "autres" / "campagne.json").exists()
