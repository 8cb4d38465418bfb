"""`screenshot --out DIR`: every view of the window rendered offscreen to PNG."""

from __future__ import annotations

import os
from pathlib import Path

from ..catalogue.errors import describe_os_error
from .common import CliError


def register(commands) -> None:
    parser = commands.add_parser(
        "screenshot",
        help="enregistre en PNG chaque vue de la fenêtre (bibliothèque et dossier de démonstration)")
    parser.add_argument("--out", required=True, metavar="DOSSIER", help="dossier où écrire les images")
    parser.add_argument("--width", type=int, default=1200, help="largeur de la fenêtre (pixels)")
    parser.add_argument("--height", type=int, default=800, help="hauteur de la fenêtre (pixels)")
    parser.set_defaults(handler=run)


# A window smaller than this cannot show its pages; larger, the images weigh hundreds of Mo.
MIN_SIZE, MAX_SIZE = 320, 7680


def run(args) -> int:
    for name, value in (("--width", args.width), ("--height", args.height)):
        if not MIN_SIZE <= value <= MAX_SIZE:
            raise CliError(f"{name} {value} : une taille entre {MIN_SIZE} et {MAX_SIZE} pixels est attendue.")
    if not args.out.strip():
        raise CliError("--out est vide : indiquez le dossier où écrire les images.")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CliError(f"{out} est un fichier, pas un dossier : --out doit désigner un dossier.")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ..gui.screenshot import take_screenshots

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CliError(f"impossible de créer {out} : {describe_os_error(error)}") from None
    written = take_screenshots(out, size=(args.width, args.height))
    for path in written:
        print(path)
    return 0
