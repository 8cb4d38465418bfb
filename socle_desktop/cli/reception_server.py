"""`reception servir`: run the tus reception point (socle_desktop/reception/server.py)."""

from __future__ import annotations

from pathlib import Path

from ..catalogue.errors import error_text
from ..paths import data_dir
from .common import CliError


def announce(code: str, **values) -> None:
    """What the reception point says (reception.server.serve), worded by the catalogue."""
    from ..catalogue.reception_errors import serve_announcement

    print(serve_announcement(code, values), flush=True)


def add_serve_command(sub) -> None:
    serve = sub.add_parser("servir", help="point de réception tus : reçoit, vérifie, classe et enregistre les "
                                          "paquets déposés (registre du dossier des données)")
    serve.add_argument("--dossier", required=True, metavar="DOSSIER",
                       help="dossier de réception (recus/, mis-de-cote/, accuses/)")
    serve.add_argument("--adresse", default="127.0.0.1:8443", metavar="HÔTE:PORT",
                       help="adresse d'écoute (127.0.0.1:8443 par défaut ; port 0 : un port libre)")
    serve.add_argument("--certificat", metavar="CERT.pem", help="certificat TLS du serveur (PEM)")
    serve.add_argument("--cle", metavar="CLE.pem", help="clé privée TLS du serveur (PEM, non chiffrée)")
    serve.add_argument("--taille-max", type=_size, default=None, metavar="Mo",
                       help="taille maximale d'un paquet, en Mo (1024 par défaut)")
    serve.add_argument("--travailleurs", type=int, default=0, metavar="N",
                       help="processus de vérification (un par cœur par défaut)")
    serve.set_defaults(handler=run_serve)


def _size(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » : un nombre entier de Mo est attendu") from None
    if not 1 <= value <= 1024:
        raise argparse.ArgumentTypeError("entre 1 et 1024 Mo")
    return value * 1024 * 1024


def _host_port(text: str) -> tuple[str, int]:
    host, colon, port = text.strip().rpartition(":")
    host = host.strip("[]")
    if not colon or not host or not port.isdigit() or int(port) > 65535:
        raise CliError(f"--adresse « {text} » : HÔTE:PORT attendu, par exemple 127.0.0.1:8443.")
    return host, int(port)


def run_serve(args) -> int:
    from ..reception.server import DEFAULT_MAX_SIZE, ReceptionConfig, ReceptionError, serve

    host, port = _host_port(args.adresse)
    folder = Path(args.dossier)
    if folder.exists() and not folder.is_dir():
        raise CliError(f"{folder} est un fichier : --dossier attend un dossier.")
    config = ReceptionConfig(
        folder=folder, data_dir=data_dir(args.data_dir), host=host, port=port,
        certfile=Path(args.certificat) if args.certificat else None,
        keyfile=Path(args.cle) if args.cle else None,
        max_size=args.taille_max or DEFAULT_MAX_SIZE, workers=max(0, args.travailleurs),
    )
    try:
        serve(config, announce=announce)
    except ReceptionError as error:
        raise CliError(error_text(error)) from None
    return 0
