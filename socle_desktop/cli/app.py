"""`screenshot --out DIR`: every view of the window rendered offscreen to PNG."""

from __future__ import annotations

import os
from pathlib import Path

from .common import CliError


def register(commands) -> None:
    parser = commands.add_parser(
        "screenshot",
        help="enregistre en PNG chaque vue de la fenêtre (bibliothèque et dossier de démonstration)")
    parser.add_argument("--out", required=True, metavar="DOSSIER", help="dossier où écrire les images")
    parser.add_argument("--width", type=int, default=1200, help="largeur de la fenêtre (pixels)")
    parser.add_argument("--height", type=int, default=800, help="hauteur de la fenêtre (pixels)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from ..gui.screenshot import take_screenshots
    except ImportError as error:
        raise CliError(f"la fenêtre n'est pas disponible dans cette installation ({error}).") from None
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CliError(f"impossible de créer {out} : {error.strerror or error}") from None
    written = take_screenshots(out, size=(args.width, args.height))
    for path in written:
        print(path)
    return 0
