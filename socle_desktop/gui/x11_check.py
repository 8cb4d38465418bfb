"""Before Qt starts on X11: name the system libraries its xcb plugin needs and does not find.

Without them Qt prints an English message and aborts the process (core dump). A Linux desktop
usually has them; a minimal install may not. Checked with the dynamic loader itself (ctypes).
"""

from __future__ import annotations

import ctypes
import os
import sys

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


def missing_packages(load=ctypes.CDLL) -> list[str]:
    missing = []
    for soname, package in XCB_LIBRARIES.items():
        try:
            load(soname)
        except OSError:
            missing.append(package)
    return missing


def missing_libraries_message(environ=os.environ, load=ctypes.CDLL) -> str | None:
    """A French sentence naming the packages to install, or None when the window can start."""
    if not uses_xcb(environ):
        return None
    missing = missing_packages(load)
    if not missing:
        return None
    packages = " ".join(missing)
    return (f"la fenêtre ne peut pas s'ouvrir : il manque au système des bibliothèques d'affichage "
            f"({packages}). Installez-les, par exemple « sudo apt install {packages} », puis relancez.")
