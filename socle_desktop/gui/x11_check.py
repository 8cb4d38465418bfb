"""Before Qt starts on X11: is there a display to open, and the system libraries its xcb plugin needs?

Without either, Qt prints an English message and aborts the process (core dump, exit 134),
with a misleading hint about « xcb-cursor0 » when it is the display that is missing (DISPLAY
naming a server that is gone: a closed ssh -X session, a stopped Xvfb). A Linux desktop
usually has the libraries; a minimal install may not. Checked with the dynamic loader itself
(ctypes) and, for the display, with libxcb's own connection (xcb_connect).
"""

from __future__ import annotations

import os
import re
import sys

# ctypes and socket are imported by the checks that use them: on Windows, Wayland or offscreen
# nothing here runs, and the window's start does not pay for them (issue 15).

# Libraries of Qt's xcb plugin that Debian-like systems do not always install, with their package.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def uses_xcb(environ=os.environ, platform: str = sys.platform) -> bool:
    if not platform.startswith("linux"):
        return False
    requested = environ.get("QT_QPA_PLATFORM", "")
    if requested:
        return requested.startswith("xcb")
    return bool(environ.get("DISPLAY")) and not environ.get("WAYLAND_DISPLAY")


def _cdll(soname: str):
    import ctypes

    return ctypes.CDLL(soname)


def missing_packages(load=_cdll) -> list[str]:
    missing = []
    for soname, package in XCB_LIBRARIES.items():
        try:
            load(soname)
        except OSError:
            missing.append(package)
    return missing


def missing_libraries_message(environ=os.environ, load=_cdll) -> str | None:
    """A French sentence naming the packages to install, or None when the window can start."""
    if not uses_xcb(environ):
        return None
    missing = missing_packages(load)
    if not missing:
        return None
    packages = " ".join(missing)
    return (f"la fenêtre ne peut pas s'ouvrir : il manque au système des bibliothèques d'affichage "
            f"({packages}). Installez-les, par exemple « sudo apt install {packages} », puis relancez.")


def display_problem(environ=os.environ, load=_cdll) -> str | None:
    """A French sentence when the X display that DISPLAY names cannot be opened, else None.

    Only for an X11 start (see `uses_xcb`). A TCP display (host:N) is first probed with a short
    timeout (xcb_connect itself would wait for the system's TCP timeout, minutes)."""
    if not uses_xcb(environ):
        return None
    display = environ.get("DISPLAY", "")
    if not display:
        return ("la fenêtre ne peut pas s'ouvrir : aucun écran n'est indiqué (variable DISPLAY vide).")
    gone = (f"la fenêtre ne peut pas s'ouvrir : l'écran « {display} » (variable DISPLAY) ne répond pas ; "
            "le serveur d'affichage est arrêté ou inaccessible (session à distance fermée ?).")
    match = re.fullmatch(r"(?:(?P<host>[^:/]*)/)?(?P<host2>[^:]*):(?P<number>\d+)(?:\.\d+)?", display)
    if match is None:
        return gone
    host = match.group("host2") or match.group("host") or ""
    if host and host != "unix" and not host.startswith("/"):
        import socket

        try:
            socket.create_connection((host, 6000 + int(match.group("number"))), timeout=3).close()
        except OSError:
            return gone
    try:
        xcb = load("libxcb.so.1")
    except OSError:
        return None  # no libxcb: missing_libraries_message() names what to install
    import ctypes

    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode("utf-8", "replace"), None)
    try:
        failed = not connection or xcb.xcb_connection_has_error(connection) != 0
    finally:
        if connection:
            xcb.xcb_disconnect(connection)
    return gone if failed else None


def wayland_problem(environ=os.environ, platform: str = sys.platform) -> str | None:
    """A French sentence when the Wayland compositor that WAYLAND_DISPLAY names does not answer.

    Qt then tries X11 and, without a live DISPLAY either, aborts like for a dead X server (exit
    134, in English). Only when Qt would use Wayland: WAYLAND_DISPLAY set, QT_QPA_PLATFORM unset
    or naming wayland."""
    name = environ.get("WAYLAND_DISPLAY", "")
    requested = environ.get("QT_QPA_PLATFORM", "")
    if not platform.startswith("linux") or not name or (requested and not requested.startswith("wayland")):
        return None
    gone = (f"la fenêtre ne peut pas s'ouvrir : l'écran Wayland « {name} » (variable WAYLAND_DISPLAY) ne répond "
            "pas ; la session graphique est fermée ou inaccessible.")
    runtime = environ.get("XDG_RUNTIME_DIR", "")
    if not name.startswith("/") and not runtime:
        return gone
    import socket

    path = name if name.startswith("/") else os.path.join(runtime, name)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(3)
            probe.connect(path)
    except OSError:
        return gone
    return None
