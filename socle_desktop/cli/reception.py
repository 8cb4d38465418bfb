"""`reception …`: the receiving side's commands (the State's reception point and instruction)."""

from __future__ import annotations

from .reception_server import add_serve_command


def register(commands) -> None:
    parser = commands.add_parser("reception", help="côté État : point de réception des paquets, instruction")
    sub = parser.add_subparsers(dest="reception_command", metavar="ACTION", required=True,
                                parser_class=type(parser))
    add_serve_command(sub)
