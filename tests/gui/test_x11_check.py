"""A Linux desktop missing Qt's xcb libraries gets a French sentence naming the packages, not an abort."""

from socle_desktop.gui.x11_check import XCB_LIBRARIES, missing_libraries_message, uses_xcb


def test_only_x11_sessions_are_checked():
    assert uses_xcb({"DISPLAY": ":0"}, "linux")
    assert not uses_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, "linux")
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not uses_xcb({"DISPLAY": ":0"}, "win32")


def test_missing_libraries_are_named_with_their_package():
    def loader(soname):
        if soname in ("libxcb-cursor.so.0", "libxcb-icccm.so.4"):
            raise OSError(soname)

    message = missing_libraries_message({"DISPLAY": ":0"}, load=loader)
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4" in message
    assert message.startswith("la fenêtre ne peut pas s'ouvrir")


def test_nothing_to_say_when_everything_loads():
    assert missing_libraries_message({"DISPLAY": ":0"}, load=lambda soname: None) is None
    assert len(XCB_LIBRARIES) >= 5


def test_a_display_that_is_gone_is_said_in_french_and_the_headless_start_follows(tmp_path):
    """DISPLAY naming a dead X server: Qt aborted (exit 134) in English with a hint about
    xcb-cursor0; now one French sentence, then the demo export as without a screen (issue 16)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    number = next(n for n in range(93, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=f":{number}", PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    done = subprocess.run([sys.executable, "-m", "socle_desktop", "--data-dir", str(tmp_path / "d")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert f"l'écran « :{number} » (variable DISPLAY) ne répond pas" in done.stderr
    assert "xcb-cursor0" not in done.stderr and "qt.qpa" not in done.stderr and "Aborted" not in done.stderr
    assert len(list((tmp_path / "socle-demo").glob("*.zip"))) == 1, "the headless start's demo export"


def test_display_problem_only_for_x11_and_a_tcp_display_is_probed_quickly():
    import time

    from socle_desktop.gui.x11_check import display_problem

    assert display_problem({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}) is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}) is None
    started = time.monotonic()
    message = display_problem({"DISPLAY": "127.0.0.1:59"})  # port 6059: nobody listens
    assert "ne répond pas" in message and time.monotonic() - started < 10
    assert "ne répond pas" in display_problem({"DISPLAY": "n'importe quoi"})


def test_a_wayland_compositor_that_is_gone_is_said_in_french_too(tmp_path):
    """WAYLAND_DISPLAY naming a compositor that is gone (and no DISPLAY): Qt tried Wayland,
    then X11, and aborted (exit 134) in English, as for a dead X server (issue 16's sibling)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env.update(WAYLAND_DISPLAY="wayland-9", XDG_RUNTIME_DIR=str(tmp_path),
               PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    done = subprocess.run([sys.executable, "-m", "socle_desktop", "--data-dir", str(tmp_path / "d")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert "l'écran Wayland « wayland-9 » (variable WAYLAND_DISPLAY) ne répond pas" in done.stderr
    assert "qt.qpa" not in done.stderr and "Aborted" not in done.stderr
    assert len(list((tmp_path / "socle-demo").glob("*.zip"))) == 1, "the headless start's demo export"


def test_wayland_problem_probes_the_compositor_socket(tmp_path):
    import socket

    from socle_desktop.gui.x11_check import wayland_problem

    live = tmp_path / "wayland-1"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(live))
        server.listen(1)
        assert wayland_problem({"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": str(tmp_path)}, "linux") is None
        assert wayland_problem({"WAYLAND_DISPLAY": str(live)}, "linux") is None
    assert "ne répond pas" in wayland_problem({"WAYLAND_DISPLAY": "wayland-2", "XDG_RUNTIME_DIR": str(tmp_path)},
                                              "linux")
    assert "ne répond pas" in wayland_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux")  # no XDG_RUNTIME_DIR
    assert wayland_problem({"WAYLAND_DISPLAY": "wayland-2", "QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert wayland_problem({"WAYLAND_DISPLAY": "wayland-2"}, "win32") is None
    assert wayland_problem({"DISPLAY": ":0"}, "linux") is None


def test_a_gone_compositor_with_a_live_x_display_opens_the_window_on_x11(monkeypatch):
    from socle_desktop import cli
    from socle_desktop.gui import x11_check

    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-9")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(x11_check, "wayland_problem", lambda: "gone")
    monkeypatch.setattr(x11_check, "display_problem", lambda environ=None: None)
    assert cli._dead_display() is None
    import os

    assert os.environ["QT_QPA_PLATFORM"] == "xcb"
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setattr(x11_check, "display_problem", lambda environ=None: "X gone too")
    assert cli._dead_display() == "gone"


def test_the_verify_window_also_names_missing_libraries_instead_of_aborting(monkeypatch, capsys):
    """« Vérifier un paquet » (--verifier) went straight to Qt, which aborts in English when
    the xcb plugin's libraries are missing; only the main window checked them first."""
    from socle_desktop import cli
    from socle_desktop.gui import verify_window, x11_check

    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(cli, "_dead_display", lambda: None)
    monkeypatch.setattr(x11_check, "missing_libraries_message",
                        lambda: "la fenêtre ne peut pas s'ouvrir : il manque au système des bibliothèques d'affichage")

    def never(*args, **kwargs):
        raise AssertionError("Qt started anyway")

    monkeypatch.setattr(verify_window, "run_verify_window", never)
    assert cli.main(["--verifier"]) == 2
    assert "il manque au système des bibliothèques d'affichage" in capsys.readouterr().err
