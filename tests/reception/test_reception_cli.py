"""`reception verifier|liste|rapport|decider` as the State agent types them."""

from __future__ import annotations

import json
import re

import pytest
from reception_bundles import DOSSIER_A, DOSSIER_B

from socle_desktop.cli import main


@pytest.fixture
def run(tmp_path, capsys):
    folder = tmp_path / "donnees"

    def run_cli(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(folder), *argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    run_cli.folder = folder
    return run_cli


def test_verify_list_decide(run, received):
    code, out, err = run("reception", "verifier", str(received["folder"]), "--processus", "1")
    assert code == 0, err
    assert "5 paquets trouvés" in out and "5 vérifiés" in out
    assert "Registre : 2 valides, 1 remplacé, 1 rejeté, 1 non jugé — à renvoyer." in out
    assert re.search(r"\(\d+,\d s\)", out), out  # « (0,2 s) », the French decimal comma
    assert (run.folder / "reception.sqlite").is_file()

    code, out, _ = run("reception", "verifier", str(received["folder"]))
    assert code == 0 and "0 vérifié, 5 déjà au registre" in out

    code, out, _ = run("reception", "liste", "--json")
    listed = json.loads(out)
    assert len(listed) == 5
    current_a = next(item for item in listed if item["dossier"] == DOSSIER_A and item["etat"] == "valide")
    assert current_a["version"] == 2 and current_a["decision"] is None

    code, out, err = run("reception", "decider", DOSSIER_A[:8], "retenu", "--montant", "1 000,50")
    assert code == 0, err
    assert "retenu, subvention accordée 1\u202f000,50\u00a0€" in out
    code, out, err = run("reception", "decider", DOSSIER_B, "non-retenu")
    assert code == 0 and "non retenu" in out

    code, out, _ = run("reception", "liste", "--json")
    decided = {item["dossier"]: item for item in json.loads(out) if item["etat"] == "valide"}
    assert decided[DOSSIER_A]["subvention_accordee_centimes"] == 100_050
    assert decided[DOSSIER_B]["decision"] == "non-retenu"

    # One column per field: the collectivité (or the file) starts at the same place on every line,
    # whatever the length of the state before it (« non jugé — à renvoyer » pushed it right).
    code, out, _ = run("reception", "liste")
    rows = out.strip().splitlines()
    starts = {re.search(r"(Commune|Communauté|\S+\.zip)", row).start() for row in rows}
    assert len(rows) == 5 and len(starts) == 1, out

    code, out, _ = run("reception", "liste", "--etat", "rejeté")
    assert code == 0 and len(out.strip().splitlines()) == 1
    # The cut transfer: not judged, to be sent again (issue 13), and named so in the list.
    code, out, _ = run("reception", "liste", "--etat", "non-jugé")
    assert code == 0 and len(out.strip().splitlines()) == 1 and "non jugé — à renvoyer" in out
    # A state no bundle is in: said so, not « Registre vide ».
    code, out, _ = run("reception", "liste", "--etat", "brouillon")
    assert code == 0 and "aucun paquet dans cet état" in out.lower() and "vide" not in out

    code, out, _ = run("reception", "rapport", DOSSIER_A[:8])
    assert code == 0 and "Résultat : paquet intègre et cohérent" in out


@pytest.mark.parametrize(("argv", "expected"), [
    (("decider", "aaaaaaaa", "retenu", "--montant", "99999999"), "ne peut pas dépasser"),
    (("decider", "aaaaaaaa", "non-retenu", "--montant", "12"), "non retenu ne reçoit pas"),
    (("decider", "aaaaaaaa", "retenu", "--montant", "douze"), "n'est pas un montant"),
    (("decider", "zzzzzzzz", "retenu"), "aucun dossier"),
    (("decider", "aaa", "retenu"), "au moins 6 caractères"),
    (("verifier", "/nulle/part"), "n'est pas un dossier"),
])
def test_bad_input_is_one_french_line(run, received, argv, expected):
    run("reception", "verifier", str(received["folder"]), "--processus", "1")
    code, _out, err = run("reception", *argv)
    assert code == 2
    assert expected in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_damaged_register_is_one_french_line(run):
    run.folder.mkdir()
    (run.folder / "reception.sqlite").write_bytes(b"x" * 5000)
    code, _, err = run("reception", "liste")
    assert code == 2 and "registre" in err and "Traceback" not in err


def test_a_large_batch_is_counted_the_french_way(run, tmp_path, monkeypatch, capsys):
    """The agent's terminal read « vérification : 1234/6870 » and « (1234,5 s) » (issue 16's sibling)."""
    import sys

    from socle_desktop.cli import reception as reception_command
    from socle_desktop.reception.batch import BatchResult

    def verify_folder(register, folder, *, progress, **_options):
        progress(1234, 6870, "paquet.zip")
        return BatchResult(found=6870, verified=6870, seconds=1234.46)

    class Terminal:
        def __init__(self, stream):
            self.stream = stream

        def isatty(self):
            return True

        def __getattr__(self, name):
            return getattr(self.stream, name)

    monkeypatch.setattr(reception_command, "verify_folder", verify_folder)
    monkeypatch.setattr(sys, "stderr", Terminal(sys.stderr))
    (tmp_path / "recus").mkdir()
    code, out, err = run("reception", "verifier", str(tmp_path / "recus"))
    assert code == 0, err
    assert "vérification : 1\u202f234/6\u202f870" in err
    assert "6\u202f870 paquets trouvés" in out and "(1\u202f234,5 s)" in out, out


def _ctrl_c_once_workers_start(argv: list[str], delay: float = 0.5, wait_for: str = "") -> tuple[int, str]:
    """Runs `socle-desktop ARGV` on a pseudo-terminal, presses Ctrl+C `delay` seconds after its
    first child process (a pool worker) appears and it showed `wait_for`; returns the exit code
    and what it showed."""
    import os
    import select
    import signal
    import sys
    import time
    from pathlib import Path

    pty = pytest.importorskip("pty")
    if not Path("/proc/self/stat").exists():
        pytest.skip("reads /proc (Linux)")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    pid, fd = pty.fork()
    if pid == 0:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # as in a shell's foreground job
        os.execvpe(sys.executable, [sys.executable, "-m", "socle_desktop", *argv], env)

    def workers() -> list[str]:  # the command's children: the pool's processes
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(stat.parent.name)
            except (OSError, IndexError, ValueError):
                pass
        return found

    seen, started, pressed = b"", time.monotonic(), False
    while True:
        if not pressed and ((workers() and wait_for in seen.decode("utf-8", "replace"))
                            or time.monotonic() - started > 30):
            time.sleep(delay)  # the workers are starting (importing), or waiting for work
            os.write(fd, b"\x03")
            pressed = True
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            if not chunk:
                break
            seen += chunk
        assert time.monotonic() - started < 120, seen
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), seen.decode("utf-8", "replace")


def test_ctrl_c_during_a_batch_reaches_the_command_not_its_workers(tmp_path, received):
    """Ctrl+C reaches every process of the terminal's group: a worker still starting printed
    Python's traceback over « interrompu. » (issue 16's sibling). The workers start with SIGINT
    ignored; the command stops them and says one French line."""
    from pathlib import Path

    folder = tmp_path / "recus"
    folder.mkdir()
    source = next(Path(received["folder"]).glob("*.zip"))
    for number in range(40):
        (folder / f"copie-{number}.zip").write_bytes(source.read_bytes())
    code, text = _ctrl_c_once_workers_start(["--data-dir", str(tmp_path / "d"), "reception", "verifier",
                                             str(folder), "--processus", "2"])
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
    assert code in (0, 130), text


@pytest.mark.parametrize("delay", [0.5, 2.5])  # workers importing, then waiting for work
def test_ctrl_c_stops_the_reception_point_without_its_workers_tracebacks(tmp_path, received, delay):
    """`reception servir` with bundles left pending: each worker printed its KeyboardInterrupt
    traceback on Ctrl+C (issue 16's sibling)."""
    import hashlib
    from pathlib import Path

    from socle_desktop.reception.server import PENDING

    pending = tmp_path / "point" / PENDING
    pending.mkdir(parents=True)
    data = next(Path(received["folder"]).glob("*.zip")).read_bytes()
    for number in range(6):
        copy = data + bytes([number])  # trailing bytes: another file, another SHA-256
        (pending / f"{hashlib.sha256(copy).hexdigest()}.zip").write_bytes(copy)
    code, text = _ctrl_c_once_workers_start(["--data-dir", str(tmp_path / "d"), "reception", "servir", "--dossier",
                                             str(tmp_path / "point"), "--adresse", "127.0.0.1:0",
                                             "--travailleurs", "2"], delay, wait_for="repris")
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
    assert "6 paquets en attente de vérification repris" in text
    assert code == 130 and "interrompu." in text, text


def test_a_too_short_prefix_names_the_dossiers_it_starts(run, received):
    """« donnez au moins 6 caractères » named none of the dossiers « aa » starts (issue 16's sibling)."""
    assert run("reception", "verifier", str(received["folder"]), "--processus", "1")[0] == 0
    code, _, err = run("reception", "rapport", "aa")
    assert code == 2 and err.count("\n") == 1
    assert "« aa » : donnez au moins 6 caractères" in err and f"du dossier {DOSSIER_A[:8]} (" in err, err
    code, _, err = run("reception", "rapport", "zz")
    assert code == 2 and "c'est le début" not in err


def test_an_ambiguous_register_prefix_lists_the_dossiers_each_as_far_as_it_differs():
    from socle_desktop.catalogue import register_error
    from socle_desktop.catalogue.errors import error_text
    from socle_desktop.reception.register import RegisterError

    error = RegisterError("ambiguous", "5e000000", (("5e000000-a", "Commune A"), ("5e000000-b", "")), more=2)
    text = register_error(error)
    assert text == ("« 5e000000 » désigne plusieurs dossiers : donnez plus de caractères de l'identifiant ; c'est "
                    "le début de l'identifiant des dossiers 5e000000-a (Commune A), 5e000000-b (collectivité sans "
                    "nom), et 2 autres.")
    assert error_text(error) == text, "the same French through the one catalogue"
    assert "Commune" not in error.code and "désigne" not in str(error), "the register builds no sentence"


def test_the_register_gives_values_and_the_catalogue_words_them_as_before():
    import errno

    from socle_desktop.catalogue import register_error
    from socle_desktop.catalogue.errors import error_text
    from socle_desktop.reception.register import RegisterError

    newer = RegisterError("newer", "/donnees/reception.sqlite", version=3)
    assert register_error(newer) == ("registre créé par une version plus récente de socle-desktop : "
                                     "/donnees/reception.sqlite (version 3)")
    full = OSError(errno.ENOSPC, "No space left on device")
    unreadable = RegisterError("unreadable", "/donnees/reception.sqlite", os_error=full)
    assert register_error(unreadable) == (f"registre de réception illisible : /donnees/reception.sqlite "
                                          f"({error_text(full)})")
    bundles = RegisterError("too_short_sha", "ab", (("abcdef12", "5e000000", "Commune A"),))
    assert register_error(bundles, shown=str.upper) == (
        "« AB » : donnez au moins 8 caractères de l'empreinte du paquet ; c'est le début de l'empreinte du paquet "
        "ABCDEF12 (dossier 5E000000, COMMUNE A).")


def test_the_register_names_ambiguous_candidates_as_far_as_they_differ(tmp_path):
    from socle_desktop.reception.register import Register, RegisterError

    register = Register(tmp_path / "reception.sqlite")
    with register.db:
        for number, (dossier_id, name) in enumerate([("5e000000-0000-4000-8000-00000000000a", "Commune A"),
                                                      ("5e000000-0000-4000-8000-00000000000b", "Commune B")]):
            register.db.execute("INSERT INTO paquets (sha256, chemin, taille, recu_le, etat, dossier_id, "
                                "raison_sociale) VALUES (?, '', 0, '', 'valide', ?, ?)",
                                (f"{number:064x}", dossier_id, name))
    with pytest.raises(RegisterError) as refused:
        register.find("5e000000")
    assert refused.value.code == "ambiguous"
    assert set(refused.value.candidates) == {("5e000000-0000-4000-8000-00000000000a", "Commune A"),
                                             ("5e000000-0000-4000-8000-00000000000b", "Commune B")}
    assert refused.value.more == 0


def test_a_too_short_or_shared_start_of_a_bundle_fingerprint_names_the_bundles(run, tmp_path, received):
    """`reception confirmer AB` said « donnez au moins 8 caractères » and named no bundle."""
    from socle_desktop.reception.register import Register, RegisterError

    assert run("reception", "verifier", str(received["folder"]), "--processus", "1")[0] == 0
    sha = json.loads(run("reception", "liste", "--json")[1])[0]["paquet_sha256"]
    code, _, err = run("reception", "confirmer", sha[:2])
    assert code == 2 and f"{sha[:8]} (dossier " in err and "c'est le début de l'empreinte" in err, err

    register = Register(tmp_path / "autre.sqlite")
    with register.db:
        for number in (1, 2):
            register.db.execute("INSERT INTO paquets (sha256, chemin, taille, recu_le, etat, dossier_id, "
                                "raison_sociale) VALUES (?, '', 0, '', 'valide', 'd', 'Commune')",
                                ("abcdef12" + f"{number:056x}",))
    with pytest.raises(RegisterError) as refused:
        register.confirm_signer("abcdef12")
    assert refused.value.code == "ambiguous_sha" and len(refused.value.candidates) == 2
    assert refused.value.candidates[0] != refused.value.candidates[1]


def test_the_reception_point_says_codes_and_the_command_line_words_them(capsys):
    import errno
    from pathlib import Path

    from socle_desktop.catalogue.errors import error_text
    from socle_desktop.cli.reception_server import announce
    from socle_desktop.reception.server import FOLDERS, LISTENING, ReceptionError

    announce(LISTENING, url="http://127.0.0.1:8443/files/")
    announce(FOLDERS, received=Path("r/recus"), set_aside=Path("r/mis-de-cote"), register=Path("d/reception.sqlite"),
             resumed=2)
    announce(FOLDERS, received=Path("r/recus"), set_aside=Path("r/mis-de-cote"), register=Path("d/reception.sqlite"),
             resumed=0)
    assert capsys.readouterr().out.splitlines() == [
        "Point de réception à l'écoute : http://127.0.0.1:8443/files/",
        "Paquets reçus : r/recus ; mis de côté : r/mis-de-cote ; registre : d/reception.sqlite ; 2 paquets en "
        "attente de vérification repris",
        "Paquets reçus : r/recus ; mis de côté : r/mis-de-cote ; registre : d/reception.sqlite"]
    busy = OSError(errno.EADDRINUSE, "Address already in use")
    error = ReceptionError("reception_cannot_open", host="127.0.0.1", port=8443, folder=Path("r"), os_error=busy)
    assert error_text(error) == ("impossible d'ouvrir le point de réception sur 127.0.0.1:8443 ou dans r : "
                                 f"{error_text(busy)}.")
    assert "impossible" not in str(error), "the point builds no sentence"
