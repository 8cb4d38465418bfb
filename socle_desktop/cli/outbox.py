"""`outbox add|list|send|copy|remove|config`: the bundles waiting to be sent, from the command line.

    socle-desktop outbox add PAQUET.zip        queue a verified, non-draft bundle
    socle-desktop outbox list [--json]         the queue and each entry's state / receipt
    socle-desktop outbox send [--endpoint URL] [--max-tries N] [--delai-requete S] [--delai-total S]
                                               upload what waits (tus, resumable); exit 0 when
                                               everything pending was uploaded, 1 otherwise
    socle-desktop outbox copy ID --to DOSSIER  hand over on a USB key (copy, read back, compare)
    socle-desktop outbox remove ID             take a bundle that was not sent out of the queue
    socle-desktop outbox config [--endpoint URL | --sans-adresse] [--auto oui|non]

Nothing goes on the network except `send`, and only to the endpoint given or configured.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys

from .. import catalogue
from ..app import sending
from ..catalogue.errors import describe_os_error, error_text
from ..catalogue.outbox_errors import database_problem, stored_text
from ..domain.money import format_integer
from ..outbox import (
    Outbox,
    OutboxError,
    RetryPolicy,
    Sender,
    SettingsError,
    TusClient,
    endpoint_problem,
    load_settings,
    save_settings,
)
from ..outbox.sender import DEFAULT_SEND_DEADLINE
from ..outbox.tus import DEFAULT_REQUEST_DEADLINE
from ..paths import data_dir
from .common import EXIT_CHECK_FAILED, CliError, printable


def register(commands) -> None:
    parser = commands.add_parser("outbox", help="la file d'envoi des paquets signés (ajout, liste, envoi, copie)")
    actions = parser.add_subparsers(dest="outbox_action", metavar="ACTION", required=True,
                                    parser_class=type(parser))

    add = actions.add_parser("add", help="ajoute un paquet vérifié (non brouillon) à la file d'envoi")
    add.add_argument("bundle", metavar="PAQUET.zip")
    add.set_defaults(handler=run_add)

    listing = actions.add_parser("list", help="liste la file d'envoi et l'état de chaque paquet")
    listing.add_argument("--json", action="store_true", help="une liste JSON, pour un programme")
    listing.set_defaults(handler=run_list)

    send = actions.add_parser("send", help="envoie les paquets en attente (reprend les envois interrompus)")
    send.add_argument("--endpoint", metavar="URL", help="adresse du serveur de dépôt (tus), pour cet envoi")
    send.add_argument("--max-tries", metavar="N", type=_positive_int, default=5,
                      help="essais successifs sans progrès avant d'abandonner un paquet (5 par défaut)")
    send.add_argument("--delai-requete", metavar="SECONDES", type=_seconds,
                      default=DEFAULT_REQUEST_DEADLINE,
                      help=f"durée maximale d'un échange avec le serveur ({DEFAULT_REQUEST_DEADLINE:.0f} par défaut)")
    send.add_argument("--delai-total", metavar="SECONDES", type=_seconds, default=DEFAULT_SEND_DEADLINE,
                      help=f"durée maximale de l'envoi d'un paquet, essais compris "
                           f"({DEFAULT_SEND_DEADLINE:.0f} par défaut) ; un envoi arrêté reprendra")
    send.add_argument("--anciens-aussi", action="store_true",
                      help="envoie aussi les paquets d'une version plus ancienne de leur dossier (remplacés)")
    send.set_defaults(handler=run_send)

    copy = actions.add_parser("copy", help="copie un paquet vers un dossier ou une clé USB, la relit et la vérifie "
                                                "(copié sur support)")
    copy.add_argument("id", metavar="ID", help="identifiant du paquet dans la file (ses premiers caractères suffisent)")
    copy.add_argument("--to", metavar="DOSSIER", required=True, help="dossier de destination")
    copy.add_argument("--anciens-aussi", action="store_true",
                      help="copie même un paquet d'une version plus ancienne de son dossier (remplacé)")
    copy.set_defaults(handler=run_copy)

    remove = actions.add_parser("remove", help="retire un paquet non envoyé de la file (et sa copie)")
    remove.add_argument("id", metavar="ID", help="identifiant du paquet dans la file")
    remove.set_defaults(handler=run_remove)

    config = actions.add_parser("config", help="affiche ou change l'adresse d'envoi et l'envoi automatique")
    target = config.add_mutually_exclusive_group()
    target.add_argument("--endpoint", metavar="URL", help="adresse du serveur de dépôt (https://…)")
    target.add_argument("--sans-adresse", action="store_true", help="oublie l'adresse : plus aucun envoi")
    config.add_argument("--auto", choices=["oui", "non"], help="envoi automatique quand la connexion revient")
    config.set_defaults(handler=run_config)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre entier attendu : {text!r}") from None
    if not 1 <= value <= 100:
        raise argparse.ArgumentTypeError(f"entre 1 et 100 : {value}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre de secondes attendu : {text!r}") from None
    if not 0 < value <= 7 * 24 * 3600 or value != value:
        raise argparse.ArgumentTypeError(f"un nombre de secondes plus grand que 0 et d'au plus "
                                         f"{format_integer(7 * 24 * 3600)} est attendu : {text}")
    return value


# --- opening the queue -----------------------------------------------------------------------

def _open(args, *, write: bool):
    """(library, outbox) for this command; the library module gives its French errors."""
    from .library import open_for_reading, open_for_writing

    library = open_for_writing(args) if write else open_for_reading(args)
    if library is None:
        return None, None
    return library, Outbox.from_library(library)


def _close(library, outbox) -> None:
    if outbox is not None:
        outbox.close()
    if library is not None:
        library.close()


@contextlib.contextmanager
def _opened(args, *, write: bool):
    """(library, outbox) for one command, closed afterwards; an outbox error is one French line."""
    library, outbox = _open(args, write=write)
    try:
        yield library, outbox
    except OutboxError as error:
        raise CliError(error_text(error)) from None
    except Exception as error:  # a write refused by the database (full disk…): French, exit 2
        problem = database_problem(error)
        if problem is None or isinstance(error, OSError):
            raise  # an OSError is already said in French by main()
        raise CliError(f"la file d'envoi n'a pas pu être mise à jour : {problem}.") from None
    finally:
        _close(library, outbox)


# --- commands --------------------------------------------------------------------------------

def run_add(args) -> int:
    with _opened(args, write=True) as (_library, outbox):
        result = outbox.add(args.bundle)  # BundleRefused is an OutboxError: one French line
    entry = result.entry
    if result.created:
        print(f"{entry.short_id}  {entry.filename} ajouté à la file d'envoi (dossier {entry.dossier_id}, "
              f"{format_integer(entry.size)} octets).")
    for note in result.notes:
        print(f"Remarque : {catalogue.outbox_note(note)}")
    return 0


def run_list(args) -> int:
    from ..outbox.superseded import superseded_entries

    with _opened(args, write=False) as (_library, outbox):
        entries = outbox.entries() if outbox is not None else []
        acknowledgments = {entry.id: outbox.acknowledgment(entry.id) for entry in entries}
        stale = superseded_entries(outbox) if entries else {}  # older versions of their dossier
    if args.json:
        print(json.dumps([{**entry.to_dict(), "error": stored_text(entry.error) if entry.error else entry.error,
                           "state_label": catalogue.outbox_state_label(entry.state),
                           "receipt": catalogue.outbox_receipt(entry)} for entry in entries],
                         ensure_ascii=False, indent=2))
        return 0
    if not entries:
        print("La file d'envoi est vide.")
        return 0
    for entry in entries:
        print(f"{entry.short_id}  {catalogue.outbox_state_label(entry.state):<17}  {entry.filename}")
        if entry.id in stale:
            print(f"          {catalogue.superseded_reason(stale[entry.id])}")
        print(f"          {catalogue.outbox_receipt(entry)}")
        acknowledgment = acknowledgments.get(entry.id)
        if acknowledgment:
            print(f"          {printable(catalogue.acknowledgment_text(acknowledgment))}")
    return 0


def run_send(args) -> int:
    folder = data_dir(args.data_dir)
    settings = load_settings(folder)
    if settings.warning:
        print(f"Attention : {error_text(settings.warning)}", file=sys.stderr)
    endpoint = (args.endpoint or settings.endpoint).strip()
    if not endpoint:

        raise CliError("aucune adresse d'envoi configurée ; rien n'a été envoyé. " + catalogue.CAMPAIGN_WHERE_FROM
                       + " (ou, pour un essai : --endpoint URL).")
    problem = endpoint_problem(endpoint)
    if problem is not None:
        raise CliError(error_text(problem))
    from ..app.campaign import tls_for_endpoint

    with _opened(args, write=True) as (library, outbox), \
            TusClient(request_deadline=args.delai_requete, tls=tls_for_endpoint(folder, endpoint)) as client:
        sender = Sender(outbox, endpoint, client=client, policy=RetryPolicy(max_tries=args.max_tries),
                        progress=_progress_printer(), send_deadline=args.delai_total)
        from ..outbox.superseded import superseded_entries

        stale = {} if args.anciens_aussi else superseded_entries(outbox)
        for entry in outbox.sendable(include_superseded=True):
            if entry.id in stale:
                reason = catalogue.superseded_reason(stale[entry.id])
                print(f"Non envoyé : {entry.short_id} {entry.filename} — {reason} "
                      "(--anciens-aussi pour l'envoyer quand même).", file=sys.stderr)
        report = sender.send_all(include_superseded=args.anciens_aussi)
        sending.record_sent(library, outbox, report.sent_ids)
        print(catalogue.send_report_text(report))
        _receipts(library, outbox, client, endpoint, report.sent_ids)
    return 0 if report.all_sent else EXIT_CHECK_FAILED


def _receipts(library, outbox, client, endpoint: str, sent_ids: list[str]) -> None:
    """The reception point's acknowledgment of what was sent (none from a plain tus server);
    an accepted bundle's dossier becomes « remis »."""
    from ..outbox.receipt import collect_receipts

    for entry_id, receipt in collect_receipts(outbox, client, endpoint, sent_ids, wait_seconds=60.0):
        print(catalogue.receipt_text(receipt))
        sending.record_receipt(library, outbox, entry_id, receipt)


def run_copy(args) -> int:
    from ..outbox.superseded import superseded_entries

    with _opened(args, write=True) as (library, outbox):
        entry = outbox.get(args.id)
        stale = superseded_entries(outbox).get(entry.id)
        if stale is not None and not args.anciens_aussi:
            raise CliError(f"{entry.filename} : {catalogue.superseded_reason(stale)} ; rien n'a été copié "
                           "(--anciens-aussi pour le copier quand même).")
        path = sending.hand_over_bundle(library, outbox, entry.id, args.to, include_superseded=True).path
        entry = outbox.get(entry.id)
    state = catalogue.outbox_state_label(entry.state)
    print(f"{entry.filename} copié sur support : {path}\nCopie relue, empreinte SHA-256 vérifiée : {entry.sha256}\n"
          f"État : {state} (« remis » seulement sur accusé de réception du destinataire).")
    return 0


def run_remove(args) -> int:
    with _opened(args, write=True) as (_library, outbox):
        entry = outbox.remove(args.id)
    print(f"{entry.filename} retiré de la file d'envoi.")
    return 0


def run_config(args) -> int:
    folder = data_dir(args.data_dir)
    settings = load_settings(folder)
    changed = False
    if args.endpoint is not None:
        settings.endpoint, changed = args.endpoint.strip(), True
    if args.sans_adresse:
        settings.endpoint, changed = "", True
    if args.auto is not None:
        settings.envoi_automatique, changed = args.auto == "oui", True
    if changed:
        try:
            save_settings(folder, settings)
        except SettingsError as error:
            raise CliError(error_text(error)) from None
        except OSError as error:
            raise CliError(f"réglages non enregistrés : {describe_os_error(error)}") from None
    elif settings.warning:
        print(f"Attention : {error_text(settings.warning)}", file=sys.stderr)
    print(f"Adresse d'envoi : {settings.endpoint or '(aucune : rien ne sera envoyé)'}")
    print(f"Envoi automatique : {'oui' if settings.envoi_automatique else 'non'}")
    return 0


def _progress_printer():
    """Percentages on stderr when it is a terminal (a log stays readable otherwise)."""
    if not sys.stderr.isatty():
        return None
    last = {}

    def show(entry_id: str, done: int, total: int) -> None:
        percent = done * 100 // max(total, 1)
        if last.get(entry_id) != percent:
            last[entry_id] = percent
            print(f"\r{entry_id[:8]}  {percent:3d} %", end="", file=sys.stderr, flush=True)
            if percent == 100:
                print(file=sys.stderr)
    return show
