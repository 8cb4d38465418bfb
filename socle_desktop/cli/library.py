"""`import`, `list`, `show`, `check`: the library of dossiers from the command line.

Commands that only read (`list`, `show`, `compute ID`, `check`) open the library read-only,
so they work while the window holds it; `import` (and `check --restaurer`) need it to
themselves. An id may be shortened to its first 8 characters or more when that is unambiguous.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sys
import time
from pathlib import Path

from .. import catalogue
from ..app import imports
from ..app.errors import JobRefused
from ..catalogue.errors import error_text
from ..catalogue.store_errors import backup_text, content_summary, content_title, recovery_lines, recovery_losses
from ..domain.completeness import plural
from ..domain.dossier_json import DossierFormatError, dumps_dossier
from ..domain.identifiers import distinct_prefix_length
from ..domain.money import format_euros, format_integer
from ..paths import data_dir
from ..store import (
    COPY,
    REFUSE,
    REPLACE,
    DossierExistsError,
    DossierNotFound,
    InvalidDossierError,
    Library,
    LibraryDamagedError,
    LibraryError,
    LibraryLockedError,
    LibraryMissing,
    LibraryOutdated,
    database_path,
    salvage,
)
from ..store.library import MIN_ID_PREFIX
from .common import EXIT_CHECK_FAILED, CliError, interrupt_deferred, printable, refused

# Another command (an import running in parallel, a backup) holds the library for a moment:
# wait that long before telling the user it is in use (the window holds it for good).
LOCK_WAIT_SECONDS = 5.0


def register(commands) -> None:
    parser = commands.add_parser("import", help="ajoute un dossier (JSON) à la bibliothèque ; affiche son identifiant")
    parser.add_argument("file", metavar="FICHIER.json", help="un dossier au format socle-dossier")
    same_id = parser.add_mutually_exclusive_group()
    same_id.add_argument("--remplacer", action="store_true",
                         help="si la bibliothèque contient déjà ce dossier (même identifiant), le remplacer")
    same_id.add_argument("--copie", action="store_true",
                         help="si la bibliothèque contient déjà ce dossier, garder les deux (nouvel identifiant, "
                              "« (copie) » après l'intitulé)")
    parser.set_defaults(handler=run_import)

    parser = commands.add_parser("list", help="liste les dossiers de la bibliothèque")
    parser.add_argument("--json", action="store_true", help="une liste JSON, pour un programme")
    parser.add_argument("--corbeille", action="store_true", help="les dossiers mis à la corbeille")
    parser.set_defaults(handler=run_list)

    parser = commands.add_parser("show", help="affiche un dossier de la bibliothèque (JSON socle-dossier)")
    parser.add_argument("id", metavar="ID", help="identifiant du dossier (ou ses 8 premiers caractères)")
    parser.set_defaults(handler=run_show)

    parser = commands.add_parser("check", help="vérifie l'intégrité de la bibliothèque et de chaque dossier")
    parser.add_argument("--restaurer", metavar="SAUVEGARDE", nargs="?", const="",
                        help="bibliothèque endommagée : remet en place la dernière sauvegarde "
                             "(ou, même si elle est en bon état, la sauvegarde donnée) ; "
                             "le fichier actuel est mis de côté, jamais effacé")
    parser.set_defaults(handler=run_check)


# --- opening ---------------------------------------------------------------------------------


def _folder(args) -> Path:
    folder = data_dir(getattr(args, "data_dir", None))
    if folder.exists() and not folder.is_dir():
        raise CliError(f"{folder} est un fichier, pas un dossier : le dossier des données "
                       "(--data-dir ou SOCLE_DATA_DIR) doit être un dossier.")
    return folder


def open_for_writing(args, cancelled=lambda: False, *, none_if_held: bool = False) -> Library | None:
    """The library to write to; held by another program (the window) past the wait: a French
    error, or None with `none_if_held`."""
    try:
        return _open_writing(_folder(args), cancelled)
    except LibraryError as error:
        if none_if_held and isinstance(error, LibraryLockedError):
            return None
        raise _cli_error(error) from None


def open_for_reading(args) -> Library | None:
    """The library read-only (None when there is none yet). Migrated first when needed."""
    try:
        return _open_reading(_folder(args))
    except LibraryError as error:
        raise _cli_error(error) from None


def _open_writing(folder: Path, cancelled=lambda: False) -> Library:
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            return Library.open(folder)
        except LibraryLockedError:
            if time.monotonic() >= deadline:
                raise
            if cancelled():
                raise KeyboardInterrupt from None
            time.sleep(0.1)


def _open_reading(folder: Path) -> Library | None:
    if not database_path(folder).exists():
        return None
    try:
        return Library.open(folder, read_only=True)
    except LibraryMissing:
        return None
    except LibraryOutdated:
        return _open_writing(folder)


def _cli_error(error: LibraryError) -> CliError:
    if isinstance(error, LibraryDamagedError):
        hint = " Commande : socle-desktop check --restaurer" if error.latest_backup else ""
        return CliError(f"{error_text(error)}{hint}", exit_code=EXIT_CHECK_FAILED)
    return CliError(error_text(error))


def load_dossier_by_id(dossier_id: str, args, *, file_too: bool = True):
    """The dossier `dossier_id` (or an unambiguous prefix) of the library: `show` and `compute ID`
    use it (`file_too`: the command also takes a file, so the message names both)."""
    what = "ni un fichier ni un dossier de la bibliothèque" if file_too else "pas un dossier de la bibliothèque"
    library = open_for_reading(args)
    if library is None:
        raise CliError(f"« {dossier_id} » n'est {what} (la bibliothèque de {_folder(args)} est vide).")
    with library:
        try:
            return library.load(library.resolve_id(dossier_id), verify=True)
        except DossierNotFound:
            raise _unknown_id_error(library, dossier_id, what) from None
        except LibraryError as error:
            if not isinstance(error, (LibraryDamagedError, LibraryLockedError)):
                unknown = _unknown_id_error(library, dossier_id, what)
                if "plusieurs" in str(unknown):
                    raise unknown from None
            raise _cli_error(error) from None


SHOWN_CANDIDATES = 5


def _unknown_id_error(library: Library, text: str, what: str) -> CliError:
    """A too-short or ambiguous prefix gets its own message, naming the dossiers it starts."""
    prefix = text.strip().lower()
    try:
        candidates = [s for s in library.list_dossiers() if prefix and s.id.lower().startswith(prefix)]
    except LibraryError:
        candidates = []
    if not candidates:
        return CliError(f"« {text} » n'est {what} (voir « socle-desktop list »).")
    shown = candidates[:SHOWN_CANDIDATES]
    width = distinct_prefix_length([s.id for s in shown], MIN_ID_PREFIX)
    named = ", ".join(f"{s.id[:width]} ({s.raison_sociale or '(sans nom)'} — "
                      f"{s.intitule or '(sans intitulé)'})" for s in shown)
    if len(candidates) > SHOWN_CANDIDATES:
        named += plural(len(candidates) - SHOWN_CANDIDATES, " et un autre", " et {n} autres")
    if len(prefix) < MIN_ID_PREFIX:
        start = (f"« {text} » est trop court pour désigner un dossier : donnez l'identifiant entier ou ses "
                 f"{MIN_ID_PREFIX} premiers caractères au moins")
    else:
        start = f"« {text} » désigne plusieurs dossiers : donnez plus de caractères de l'identifiant"
    count = "du dossier" if len(candidates) == 1 else f"des {format_integer(len(candidates))} dossiers"
    return CliError(f"{start} ; c'est le début de l'identifiant {count} {named}.")


# --- commands --------------------------------------------------------------------------------


def run_import(args) -> int:
    # Reading and checking may be interrupted (Ctrl+C): nothing is written yet.
    try:
        read = imports.read_dossier_file(args.file)
    except JobRefused as error:
        raise refused(error) from None
    except DossierFormatError as error:
        raise CliError(f"{args.file} : {error_text(error)}") from None
    # Writing is not: once it starts it completes, and its id is always printed.
    with interrupt_deferred() as interrupted:
        imported = _store_imported(args, read, interrupted)
        stored_id = imported.dossier_id
        _print_summary(imported.dossier, stored_id)  # as stored: a kept copy says « (copie) »
        _print_new_id(stored_id)
    if interrupted:
        print("socle-desktop : Ctrl+C reçu pendant l'enregistrement ; l'import était commencé, il a été "
              f"mené à son terme : le dossier {stored_id} est dans la bibliothèque.", file=sys.stderr)
    return 0


def _store_imported(args, read, interrupted: list) -> imports.ImportResult:
    with open_for_writing(args, cancelled=lambda: bool(interrupted)) as library:
        if interrupted:  # Ctrl+C while waiting for the library: nothing written yet, stop
            raise KeyboardInterrupt
        try:
            existing = REPLACE if args.remplacer else COPY if args.copie else REFUSE
            result = imports.store_import(library, read, existing=existing)
        except InvalidDossierError as error:
            raise CliError(f"{args.file} : {error_text(error)}") from None
        except DossierExistsError as error:
            raise CliError(f"{args.file} : {error_text(error)} (options --remplacer ou --copie)") from None
        except LibraryError as error:
            raise _cli_error(error) from None
    for piece in result.missing_pieces:  # stdout stays the id alone, for scripts
        print(f"Remarque : le fichier de la pièce « {printable(piece.nom)} » n'était pas à côté du dossier ; "
              "joignez-le avant l'export.", file=sys.stderr)
    print_warnings(library)
    return result


def print_warnings(library: Library) -> None:
    """What went wrong without stopping the command (a daily backup that could not be
    written, at opening or closing): said once on stderr, never silently swallowed."""
    for warning in library.warnings:
        print(printable(f"Attention : {error_text(warning)}"), file=sys.stderr)


def _print_summary(dossier, stored_id: str) -> None:
    """What was imported, for the person (stderr: stdout stays the id alone, for scripts)."""
    with contextlib.suppress(OSError, ValueError):
        print(printable(f"Importé : {catalogue.import_summary(dossier)}. Identifiant : {stored_id}"),
              file=sys.stderr, flush=True)


def _print_new_id(new_id: str) -> None:
    """The id on stdout; if it cannot be written (disk full), the user still learns it."""
    try:
        print(new_id, flush=True)
    except OSError as error:
        raise CliError(f"le dossier a bien été importé sous l'identifiant {new_id}, mais cet identifiant "
                       f"n'a pas pu être écrit sur la sortie ({error_text(error)}).") from None


def run_list(args) -> int:
    library = open_for_reading(args)
    summaries = []
    if library is not None:
        with library:
            try:
                summaries = library.list_trash() if args.corbeille else library.list_dossiers()
            except LibraryError as error:
                raise _cli_error(error) from None
    if args.json:
        print(json.dumps([summary.to_dict() for summary in summaries], ensure_ascii=False, indent=2))
    elif not summaries:
        where = "dans la corbeille" if args.corbeille else "dans la bibliothèque"
        print(f"Aucun dossier {where} ({_folder(args)}).")
    else:
        _print_table(summaries)
    return 0


def _print_table(summaries) -> None:
    header = ("IDENTIFIANT", "MODIFIÉ LE", "SUBVENTION", "ÉTAT", "COLLECTIVITÉ — INTITULÉ")
    rows = [
        (
            summary.id,
            _local(summary.modified),
            "?" if summary.subvention_centimes is None else format_euros(summary.subvention_centimes),
            catalogue.state_label(summary.etat, summary.has_errors),
            f"{summary.raison_sociale or '(sans nom)'} — {summary.intitule or '(sans intitulé)'}",
        )
        for summary in summaries
    ]
    rows = [tuple(printable(cell) for cell in row) for row in rows]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2]),
                 row[3].ljust(widths[3]), row[4]]
        print("  ".join(cells))


def _local(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


def run_show(args) -> int:
    dossier = load_dossier_by_id(args.id, args, file_too=False)
    print(dumps_dossier(dossier), end="")
    return 0


def run_check(args) -> int:
    if args.restaurer is not None:
        _restore(args)
    folder = _folder(args)
    try:
        library = _open_reading(folder)
    except LibraryLockedError as error:
        raise _cli_error(error) from None
    except LibraryDamagedError as error:
        _report(database_path(folder), [error], None)
        _print_options(folder)
        return EXIT_CHECK_FAILED
    except LibraryError as error:  # not ours, from a newer version: a failed check
        _report(database_path(folder), [error], None)
        return EXIT_CHECK_FAILED
    if library is None:
        print(f"Aucune bibliothèque dans {folder} : rien à vérifier.")
        return 0
    with library:
        problems, count, missing = _check_library(library)
        backups = library.list_backups()
    if problems:
        _report(library.path, problems, backups[0] if backups else None)
        return EXIT_CHECK_FAILED
    print(f"Bibliothèque {library.path} en bon état : "
          f"{plural(count, '{n} dossier vérifié', '{n} dossiers vérifiés')}, "
          f"{plural(len(backups), '{n} sauvegarde', '{n} sauvegardes')}.")
    for dossier_id, piece in missing:
        print(printable(f"Remarque : le dossier {dossier_id} cite la pièce « {piece.nom} » dont le fichier "
                        "n'est pas dans la bibliothèque (à joindre avant l'export)."))
    return 0


def _print_options(folder: Path) -> None:
    """A damaged library: what it still holds (salvaged) and what each backup would restore."""
    options = salvage.plan_recovery(folder)
    if not options:
        print("Aucune sauvegarde, et rien n'a pu être récupéré du fichier endommagé : ne l'effacez pas.")
        return
    print("Ce que chaque solution remettrait en place :")
    for line in recovery_lines(options):
        print(printable(line))
    chosen = salvage.default_choice(options)
    if chosen is not None:
        print(printable(f"« socle-desktop check --restaurer » remet en place la solution 1 ({content_title(chosen)}) ; "
                        "pour une autre : socle-desktop check --restaurer FICHIER."))


def _check_library(library: Library) -> tuple[list, int, list]:
    try:
        problems = library.check()
        count = len(library.list_dossiers()) + len(library.list_trash())
        missing = library.missing_piece_files()
    except LibraryError as error:
        return [error], 0, []
    return problems, count, missing


def _report(path: Path, problems: list, latest_backup: Path | None) -> None:
    """`problems`: the store's (StoreNote, LibraryError), worded here."""
    print(f"Bibliothèque {path} : {plural(len(problems), 'un problème', '{n} problèmes')}.")
    for problem in problems:
        print(printable(f"- {error_text(problem)}"))
    if latest_backup:
        print(f"Dernière sauvegarde : {backup_text(latest_backup)} "
              "(socle-desktop check --restaurer pour la remettre en place).")


def _restore(args) -> None:
    """Put back the salvaged state or a backup, saying first what it holds and what it loses."""
    folder = _folder(args)
    healthy = _healthy(folder)
    if args.restaurer:
        chosen_path = Path(args.restaurer)
        chosen = salvage.describe_file(chosen_path, f"la sauvegarde {chosen_path.name}")
        current = (salvage.describe_file(database_path(folder), "la bibliothèque actuelle") if healthy
                   else next(iter(salvage.plan_recovery(folder)), None))
        compared = [option for option in (current,) if option is not None and option.path != chosen_path]
    else:
        if healthy:
            from ..store.backups import list_backups

            available = list_backups(folder)
            latest = f" (la plus récente est {available[0]})" if available else ""
            # Restoring would hide every edit made since that copy: only on explicit request.
            raise CliError(f"la bibliothèque est en bon état : rien n'a été restauré. Pour revenir quand même "
                           f"à une sauvegarde, donnez son fichier : socle-desktop check --restaurer "
                           f"FICHIER{latest}.")
        compared = salvage.plan_recovery(folder)
        chosen = salvage.default_choice(compared)
        if chosen is None:
            raise CliError(f"aucune sauvegarde dans {folder / 'sauvegardes'} et rien n'a pu être récupéré "
                           "du fichier endommagé : rien à restaurer (ne l'effacez pas).")
        for line in recovery_lines(compared):
            print(printable(line))
    if chosen.usable:
        print(printable(f"Remis en place : {content_summary(chosen)}."))
    for line in recovery_losses(chosen, compared):
        print(printable(f"Attention : {line}"), file=sys.stderr)
    try:
        aside = Library.restore_backup(folder, chosen.path)
    except LibraryError as error:
        raise _cli_error(error) from None
    kept = f" ; l'ancien fichier est gardé : {aside}" if aside else ""
    what = (f"l'état récupéré du fichier endommagé ({chosen.path})" if salvage.is_salvage(chosen.path)
            else backup_text(chosen.path))
    print(f"Restauré : {what}{kept}.")


def _healthy(folder: Path) -> bool:
    """Does the library open and pass its check? (False when it cannot even be opened.)"""
    try:
        library = _open_reading(folder)
    except LibraryError:
        return False
    if library is None:
        return False
    with library:
        return not _check_library(library)[0]
