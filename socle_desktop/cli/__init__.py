"""`socle-desktop [--data-dir DIR] COMMAND`: the application's jobs without a screen (DESIGN.md §4).

Exit codes: 0 success, 1 a check failed (verify, check), 2 bad input (one French line on stderr).
Each command lives in a module of this package that registers its sub-parser; a command's
handler raises `CliError` for anything the user must fix, never lets a traceback through.
With no command, the window opens (when a screen is there).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from .. import __version__
from ..paths import data_dir
from ..report_words import describe_os_error
from .common import EXIT_BAD_INPUT, CliError, FrenchArgumentParser, FrenchHelpFormatter, printable, report_unexpected

# Modules that add commands, in the order their commands appear in --help.
COMMAND_MODULES = ("compute", "library", "lignes", "export", "outbox", "campaign", "reception", "app")
# The commands each module registers. A command imports only its own module: `compute` on a
# file must not load Qt, pyHanko or reportlab, and the window loads none of them before its
# first paint (issue 15). tests/cli/test_lazy_commands.py checks this table against the modules.
COMMANDS = {
    "compute": "compute",
    "import": "library", "list": "library", "show": "library", "check": "library",
    "lignes": "lignes",
    "export": "export", "demo": "export", "verify": "export",
    "outbox": "outbox",
    "campagne": "campaign",
    "reception": "reception",
    "screenshot": "app",
}


class _ProbeFailed(Exception):
    pass


class _Probe(argparse.ArgumentParser):
    """Finds the command word the way the real parser will (global options skipped), silently.
    Its formatter is the French one, which does not import shutil (see `FrenchHelpFormatter`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise _ProbeFailed(message)


def modules_for(argv: Sequence[str] | None) -> tuple[str, ...]:
    """The command modules the real parser needs for `argv`: the command's own, none for the
    window or --version, every one for --help, an unknown command or a line the probe cannot read."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    probe = _Probe(add_help=False)
    probe.add_argument("--data-dir")
    probe.add_argument("--verifier", action="store_true")
    probe.add_argument("--smoke", action="store_true")
    probe.add_argument("rest", nargs=argparse.REMAINDER)
    try:
        known, unknown = probe.parse_known_args(arguments)
    except _ProbeFailed:
        return COMMAND_MODULES
    if unknown == ["--version"]:  # the version alone: no command's module (pyHanko, reportlab…)
        return ()
    if unknown:  # --help, a mistyped option: the full parser answers
        return COMMAND_MODULES
    if not known.rest:
        return ()
    module = COMMANDS.get(known.rest[0])
    return (module,) if module is not None else COMMAND_MODULES


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    parser = FrenchArgumentParser(
        prog="socle-desktop",
        description="Préparer hors ligne le dossier « socle numérique dans les écoles élémentaires ».",
    )
    parser.add_argument("--data-dir", metavar="DOSSIER",
                        help="dossier des données (sinon SOCLE_DATA_DIR, sinon le dossier de l'utilisateur)")
    parser.add_argument("--version", action="version", version=f"socle-desktop {__version__}",
                        help="affiche la version et quitte")
    parser.add_argument("--verifier", action="store_true",
                        help="ouvre la fenêtre « Vérifier un paquet » (le raccourci du menu Démarrer)")
    parser.add_argument("--smoke", action="store_true",
                        help="ouvre la fenêtre, attend le premier affichage et quitte (mesure du démarrage)")
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=FrenchArgumentParser)
    for name in modules:
        importlib.import_module(f"{__name__}.{name}").register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _speak_utf8()
    args = None
    try:
        # Inside the safety net: a module missing from the installation shows here, when the
        # command's module is imported (one French line and the log, never a traceback).
        parser = build_parser(modules_for(argv))
        args = parser.parse_args(argv)
        _refuse_empty_data_dir(args)
        if args.command is None:
            return _open_window(args)
        _use_imported_rules(args)
        from ..logforward import logs_to_file

        with logs_to_file(data_dir(args.data_dir)):  # libraries' English warnings: to the log, not stderr
            code = int(args.handler(args) or 0)
        if sys.stdout is not None:
            sys.stdout.flush()  # a full disk or a closed pipe shows here, not after main returns
        return code
    except CliError as error:
        _say(str(error))
        return error.exit_code
    except KeyboardInterrupt:
        _say("interrompu.")
        return 130
    except BrokenPipeError:
        # `socle-desktop compute … | head`: the reader left; nothing is wrong.
        sys.stdout = None  # no flush at exit on the closed pipe
        return 0
    except OSError as error:  # a full disk, a read-only folder… in French, not the system's words
        if error.filename:
            _say(f"accès impossible à {error.filename} : {describe_os_error(error)}.")
        else:  # writing the output (stdout on a full disk)
            _say(f"écriture du résultat impossible : {describe_os_error(error)}.")
            sys.stdout = None  # the failed output must not be written again at exit
        return EXIT_BAD_INPUT
    except Exception as error:  # the last safety net: one French line, the details in a log
        return report_unexpected(error, args if args is not None else _data_dir_only(argv))


def _data_dir_only(argv: Sequence[str] | None) -> argparse.Namespace:
    """The --data-dir of `argv` (where the log goes) when the full parser could not be built."""
    probe = _Probe(add_help=False)
    probe.add_argument("--data-dir")
    try:
        known, _unknown = probe.parse_known_args(list(sys.argv[1:] if argv is None else argv))
    except _ProbeFailed:
        return argparse.Namespace(data_dir=None)
    return argparse.Namespace(data_dir=known.data_dir if (known.data_dir or "").strip() else None)


def _say(message: str) -> None:
    """One line on stderr: whatever a message quotes (an id, a file name) cannot break it.
    A closed stderr (`2>&-`) must not turn the exit code into Python's 1."""
    with contextlib.suppress(OSError, ValueError):
        print(f"socle-desktop : {printable(message)}", file=sys.stderr, flush=True)


def _use_imported_rules(args: argparse.Namespace) -> None:
    """Dossiers of an edition brought by an imported campaign file compute with its rules."""
    from ..paths import data_dir
    from ..resources import use_imported_rules

    use_imported_rules(data_dir(args.data_dir))


def _refuse_empty_data_dir(args: argparse.Namespace) -> None:
    """`--data-dir "$DOSSIER"` with an unset variable must not fall back to the user's real library."""
    if args.data_dir is not None and not args.data_dir.strip():
        raise CliError("--data-dir est vide : indiquez un dossier (ou retirez l'option).")
    from_environment = os.environ.get("SOCLE_DATA_DIR")
    if args.data_dir is None and from_environment and not from_environment.strip():
        # Empty means unset (the shell's habit); blanks alone would make a folder named "  " here.
        raise CliError("SOCLE_DATA_DIR ne contient que des espaces : indiquez un dossier ou videz la variable.")


def _speak_utf8() -> None:
    """Amounts use U+202F and U+00A0, which cp1252 (Windows, output redirected) cannot encode.
    A file name that is not valid UTF-8 (Python keeps its bytes as lone surrogates) is written
    as `\\udcff` rather than stopping the program."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


DEMO_FOLDER_WITHOUT_SCREEN = "socle-demo"


def _open_window(args: argparse.Namespace) -> int:
    """The app's main job: the window where there is a screen, the demo export where there is none."""
    dead_display = _dead_display() if _has_screen() else None
    if dead_display:  # DISPLAY names a server that is gone: said in French, then as without a screen
        print(f"socle-desktop : {dead_display}", file=sys.stderr)
    if dead_display or not _has_screen():
        if args.verifier:
            raise CliError("pas d'écran ici : vérifiez le paquet avec « socle-desktop verify PAQUET.zip ».")
        if args.smoke:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        else:
            return _demo_without_screen(args)
    from ..gui.x11_check import missing_libraries_message

    missing = missing_libraries_message()  # Qt would abort (exit 134, in English): both windows
    if missing:
        raise CliError(missing)
    from ..gui.app import run_app

    if args.verifier:
        from ..gui.verify_window import run_verify_window
        return run_verify_window(data_dir=args.data_dir)
    return run_app(data_dir=args.data_dir, smoke=args.smoke)


def _has_screen() -> bool:
    """Windows and macOS always have one; elsewhere a display server must be named."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def _dead_display() -> str | None:
    """Why no display can be opened (Qt would abort, in English, exit 134), or None.

    A Wayland compositor that is gone while DISPLAY still answers: the window opens on X11
    (Qt would try it next, after English warnings)."""
    from ..gui.x11_check import display_problem, wayland_problem

    wayland = wayland_problem()
    if wayland is None:
        return display_problem()
    if os.environ.get("DISPLAY") and not os.environ.get("QT_QPA_PLATFORM") \
            and display_problem({**os.environ, "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": "xcb"}) is None:
        os.environ["QT_QPA_PLATFORM"] = "xcb"
        return None
    return wayland


def _demo_without_screen(args: argparse.Namespace) -> int:
    print(f"socle-desktop : pas d'écran ici ; export du dossier d'exemple signé dans "
          f"./{DEMO_FOLDER_WITHOUT_SCREEN}/ (la fenêtre s'ouvre là où un écran est disponible).",
          file=sys.stderr)
    demo_args = build_parser(("export",)).parse_args(
        [*(["--data-dir", args.data_dir] if args.data_dir else []), "demo", "--out", DEMO_FOLDER_WITHOUT_SCREEN]
    )
    return int(demo_args.handler(demo_args) or 0)


if __name__ == "__main__":
    sys.exit(main())
