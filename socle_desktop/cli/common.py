"""What every command shares: the French error, the French argument parser, input helpers."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from typing import NoReturn

from ..app import inputs
from ..app.errors import JobRefused
from ..app.inputs import DOSSIER_FILE
from ..domain.text import escape_char, is_hidden
from ..paths import data_dir

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class CliError(Exception):
    """Something the user must fix: printed as one French line, exit code 2 by default."""

    def __init__(self, message: str, exit_code: int = EXIT_BAD_INPUT):
        super().__init__(message)
        self.exit_code = exit_code


_ARGPARSE_FRENCH = {
    "the following arguments are required: %s": "argument(s) obligatoire(s) manquant(s) : %s",
    "unrecognized arguments: %s": "argument(s) non reconnu(s) : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (possibles : %(choices)s)",
    "expected one argument": "une valeur est attendue",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "usage: ": "usage : ",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "show this help message and exit": "affiche cette aide et quitte",
    "positional arguments": "arguments",
    "options": "options",
}


def _translate(message: str) -> str:
    return _ARGPARSE_FRENCH.get(message, message)


# argparse builds its messages through gettext: routing it to our table gives French output.
argparse._ = _translate  # type: ignore[attr-defined]
argparse.ngettext = lambda singular, plural, n: _translate(singular if n == 1 else plural)  # type: ignore[attr-defined]


# French typography puts a space inside « » and before : ; ? ! — a line must not break there
# (a closing » alone on its line). argparse's wrapping only breaks at ASCII whitespace, so
# these spaces become no-break spaces; hyphenated words (socle-dossier) are not split either.
_NO_BREAK = [("« ", "«\u00a0"), (" »", "\u00a0»"), (" :", "\u00a0:"), (" ;", "\u00a0;"),
             (" ?", "\u00a0?"), (" !", "\u00a0!")]


def french_typography(text: str) -> str:
    for plain, kept in _NO_BREAK:
        text = text.replace(plain, kept)
    return text


def _terminal_columns() -> int:
    """The terminal's width as `shutil.get_terminal_size` finds it (COLUMNS, then the terminal,
    then 80), without importing shutil: argparse builds a formatter for every argument added
    (to check its metavar), and shutil imports bz2 and lzma, 5 ms of every command's start
    (issue 15)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class FrenchHelpFormatter(argparse.HelpFormatter):
    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None):
        if width is None:  # what argparse does, shutil aside
            width = _terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)

    def _split_lines(self, text: str, width: int) -> list[str]:
        import textwrap  # help text only

        text = self._whitespace_matcher.sub(" ", text).strip()
        return textwrap.wrap(french_typography(text), width, break_on_hyphens=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        text = self._whitespace_matcher.sub(" ", text).strip()
        return textwrap.fill(french_typography(text), width, initial_indent=indent, subsequent_indent=indent,
                             break_on_hyphens=False)


class FrenchArgumentParser(argparse.ArgumentParser):
    """One French line on stderr and exit code 2 for a bad command line; help text wrapped
    the French way."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        with contextlib.suppress(OSError, ValueError):  # stderr closed (`2>&-`): the exit code still says it
            print(printable(f"{self.prog} : {message} (voir « {self.prog} --help »)"), file=sys.stderr, flush=True)
        sys.exit(EXIT_BAD_INPUT)


def read_input_text(path_text: str, kind: str = DOSSIER_FILE) -> str:
    """A user-given text file (app.inputs: bounded), each way it can fail one French line."""
    try:
        return inputs.read_input_text(path_text, kind)
    except JobRefused as error:
        raise refused(error) from None


def refused(error: JobRefused) -> CliError:
    from .. import catalogue  # (the catalogue is read when something goes wrong: not at every start)

    return CliError(catalogue.refusal(error))


def error_said(error: BaseException) -> str:
    """A coded error in French. `compute` on a good file never needs the catalogue (issue 15)."""
    from .. import catalogue

    return catalogue.error_text(error)


PROMPT_TRIES = 3  # a refused answer is asked again, up to three tries in all


def say_again(problem: str, attempt: int) -> None:
    """« La phrase de passe … Recommencez (2 essais restants). » after a refused answer."""
    from ..domain.completeness import plural  # (it brings the dossier model: not at every start)

    left = plural(PROMPT_TRIES - attempt, "{n} essai restant", "{n} essais restants")
    print(f"{problem[:1].upper()}{problem[1:].rstrip('.')}. Recommencez ({left}).", file=sys.stderr)


def ask(prompt: str, *, secret: bool = False) -> str:
    """One answer typed on the terminal (never echoed when `secret`); Ctrl+C or Ctrl+D stops
    the command cleanly: one French line, nothing created (exit 130 or 2)."""
    import getpass

    try:
        return getpass.getpass(prompt) if secret else input(prompt)
    except (KeyboardInterrupt, EOFError) as stop:
        print(file=sys.stderr)  # the prompt's line is left open by the interruption
        what = "interrompue (Ctrl+C)" if isinstance(stop, KeyboardInterrupt) else "abandonnée"
        raise CliError(f"saisie {what} ; rien n'a été créé ni signé.",
                       exit_code=130 if isinstance(stop, KeyboardInterrupt) else EXIT_BAD_INPUT) from None


def report_unexpected(error: BaseException, args: argparse.Namespace | None) -> int:
    """Log the traceback to the data folder and print one French line: never a traceback on screen."""
    log = None
    from .. import errorlog  # (the log file's handler, logging.handlers: when there is an error)

    if errorlog.setup(data_dir(getattr(args, "data_dir", None))) is not None:
        log = errorlog.log_error(error, "commande")
    log_note = f" ; détails dans {log}" if log is not None else ""
    from .. import catalogue
    from ..domain.coded_error import CodedError

    said = catalogue.error_text(error) if isinstance(error, CodedError) else error  # a code: its French
    with contextlib.suppress(OSError, ValueError):
        print(printable(f"socle-desktop : erreur inattendue ({type(error).__name__}: {said}){log_note}."),
              file=sys.stderr, flush=True)
    return 3


# Text from a dossier or a command line reaches the terminal: control characters (escape
# sequences that recolour or rewrite the screen, carriage returns) and the invisible
# bidirectional marks that reorder what follows must not act there. They are shown as escapes
# (`\x1b`, `\u202e`) by the domain's one helper (domain/text); line breaks and tabs of a
# message become spaces, so a message stays on one line.
MAX_LINE_CHARACTERS = 4000


def printable(text: str) -> str:
    """`text` for one line of a terminal, every hidden character visible (domain.text)."""
    out = []
    for char in text[:MAX_LINE_CHARACTERS]:
        if char in "\t\n\r\u2028\u2029":
            out.append(" ")
        elif is_hidden(char):
            out.append(escape_char(char))
        else:
            out.append(char)
    return "".join(out) + ("…" if len(text) > MAX_LINE_CHARACTERS else "")


@contextlib.contextmanager
def interrupt_deferred() -> Iterator[list]:
    """Ctrl+C inside the block is recorded, not raised: once a write has started it completes
    and is reported, so the user never reads « interrompu » about a dossier that was stored.
    Yields a list that holds an entry when Ctrl+C was pressed."""
    pressed: list = []
    if threading.current_thread() is not threading.main_thread():
        yield pressed
        return
    import signal  # the commands that write only

    previous = signal.signal(signal.SIGINT, lambda signum, frame: pressed.append(signum))
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, previous)
