"""`reception …`: the State agent's side — receive, verify, register, decide, export.

    socle-desktop reception verifier DOSSIER        verify every bundle in a folder (a USB stick…)
                                                    and file it in the register (reception.sqlite)
    socle-desktop reception liste [--json] [--etat ETAT]
    socle-desktop reception rapport ID              the verification report of a dossier's bundle
    socle-desktop reception decider ID retenu|non-retenu [--montant 12 345,67]
    socle-desktop reception confirmer PAQUET        keep this bundle's signer for its dossier
                                                    (versions signed by different certificates)
    socle-desktop reception servir --dossier DIR …  the tus reception point (reception_server.py)
    socle-desktop reception exporter --out DOSSIER  open-data tables, per-département summary

The register lives in the data folder, beside (not inside) the library of dossiers.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .. import catalogue
from ..domain.completeness import plural
from ..domain.money import MoneyFormatError, format_euros, format_integer, parse_euros
from ..paths import data_dir
from ..reception.batch import verify_folder
from ..reception.register import (
    CONFLICT,
    DECISIONS,
    DRAFT,
    EXAMPLE,
    NOT_RETAINED,
    REJECTED,
    RETAINED,
    SET_ASIDE,
    STATUSES,
    SUPERSEDED,
    UNCHECKED,
    VALID,
    Register,
    RegisterError,
    register_path,
)
from .common import EXIT_CHECK_FAILED, CliError, printable
from .reception_server import add_serve_command

# `--etat` values: one word each (the labels above say more).
STATUS_CHOICES = {
    VALID: "valide", SUPERSEDED: "remplacé", CONFLICT: "à-confirmer", SET_ASIDE: "écarté", REJECTED: "rejeté",
    DRAFT: "brouillon", EXAMPLE: "exemple-fictif", UNCHECKED: "non-jugé",
}


def register(commands) -> None:
    parser = commands.add_parser(
        "reception", help="côté État : vérifier, enregistrer et instruire les paquets reçus, exporter les tableaux")
    actions = parser.add_subparsers(dest="reception_action", metavar="ACTION", required=True,
                                    parser_class=type(parser))

    verify = actions.add_parser("verifier", help="vérifie les paquets d'un dossier (clé USB…) et les enregistre")
    verify.add_argument("folder", metavar="DOSSIER", help="dossier contenant les paquets reçus (*.zip)")
    verify.add_argument("--processus", metavar="N", type=_positive_int,
                        help="nombre de processus de vérification (par défaut : un par cœur)")
    verify.add_argument("--confiance", metavar="FICHIER",
                        help="certificats de confiance (PEM ou DER) ou empreintes SHA-256 épinglées, une par "
                             "ligne, comme pour « verify » : l'identité de ces signataires est confirmée")
    verify.set_defaults(handler=run_verify)

    listing = actions.add_parser("liste", help="liste le registre : chaque version de paquet, son état, la décision")
    listing.add_argument("--json", action="store_true", help="une liste JSON, pour un programme")
    states = [STATUS_CHOICES[status] for status in STATUSES]
    listing.add_argument("--etat", choices=states, metavar="ÉTAT",
                         help="seulement les paquets dans cet état : " + ", ".join(states))
    listing.set_defaults(handler=run_list)

    report = actions.add_parser("rapport", help="affiche le rapport de vérification d'un paquet")
    report.add_argument("id", metavar="ID", help="identifiant du dossier (ou début de l'empreinte du paquet)")
    report.set_defaults(handler=run_report)

    decide = actions.add_parser("decider", help="enregistre la décision sur un dossier (sa version en vigueur)")
    decide.add_argument("id", metavar="ID", help="identifiant du dossier (ses premiers caractères suffisent)")
    decide.add_argument("decision", choices=list(DECISIONS))
    decide.add_argument("--montant", metavar="EUROS",
                        help="subvention accordée (par défaut : la subvention demandée), par exemple 12 345,67")
    decide.set_defaults(handler=run_decide)

    confirm = actions.add_parser(
        "confirmer", help="garde le signataire de ce paquet pour son dossier quand des versions sont signées "
                          "par des certificats différents (après avoir confirmé son code de vérification "
                          "auprès de la collectivité) ; les versions des autres signataires sont écartées")
    confirm.add_argument("paquet", metavar="PAQUET", help="empreinte SHA-256 du paquet (ses 8 premiers "
                                                          "caractères au moins, voir « reception liste »)")
    confirm.set_defaults(handler=run_confirm)

    export = actions.add_parser(
        "exporter", help="écrit les tableaux open data (CSV, XLSX), la synthèse par département, "
                         "son graphique et le texte du communiqué")
    export.add_argument("--out", required=True, metavar="DOSSIER", help="dossier où écrire les fichiers")
    export.set_defaults(handler=run_export)

    add_serve_command(actions)  # `reception servir`: the tus reception point (reception_server.py)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre entier attendu : {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"nombre entier positif attendu : {text!r}")
    return value


def register_error(error: RegisterError) -> CliError:
    return CliError(catalogue.register_error(error, shown=printable))


def open_register(args) -> Register:
    try:
        return Register(register_path(data_dir(args.data_dir)))
    except RegisterError as error:
        raise register_error(error) from None


def run_verify(args) -> int:
    folder = Path(args.folder)
    if not folder.is_dir():
        raise CliError(f"{folder} n'est pas un dossier : indiquez le dossier (ou la clé USB) des paquets reçus.")
    interactive = sys.stderr is not None and sys.stderr.isatty()

    def progress(done: int, total: int, name: str) -> None:
        if interactive and total:
            print(f"\rvérification : {format_integer(done)}/{format_integer(total)}", end="", file=sys.stderr,
                  flush=True)

    if args.confiance:
        from ..export.binding import TrustListError, load_trust_list
        try:
            load_trust_list(args.confiance)  # one French line now, not a failure in every worker
        except TrustListError as error:
            raise CliError(catalogue.error_text(error)) from None
    with open_register(args) as opened:
        try:
            result = verify_folder(opened, folder, workers=args.processus, progress=progress,
                                   trust_path=args.confiance)
        except KeyboardInterrupt:
            if interactive:
                print(file=sys.stderr)  # « interrompu. » on its own line, not after the counter
            raise
        if interactive and result.found - result.skipped:
            print(file=sys.stderr)
        counts = opened.counts()
    found = plural(result.found, "{n} paquet trouvé", "{n} paquets trouvés")
    verified = plural(result.verified, "{n} vérifié", "{n} vérifiés")
    tenths = round(result.seconds * 10)
    seconds = f"{format_integer(tenths // 10)},{tenths % 10}"  # « 0,2 s », « 1 234,5 s »
    print(f"{found} dans {printable(str(folder))} : {verified}, "
          f"{format_integer(result.skipped + result.known)} déjà au registre ({seconds} s).")
    print("Registre : " + ", ".join(
        catalogue.reception_count(status, counts[status]) for status in STATUSES if counts[status]) + ".")
    if counts[CONFLICT]:
        print("Attention : des dossiers ont des versions signées par des certificats différents ; aucune "
              "n'est retenue tant que vous n'avez pas confirmé le bon signataire (« reception confirmer »).")
    return 0


def _entry_dict(entry) -> dict:
    return {
        "dossier": entry.dossier_id, "version": entry.version, "paquet_sha256": entry.sha256,
        "fichier": entry.path, "recu_le": entry.received_at, "signe_le": entry.signed_at,
        "etat": entry.status, "signataire": entry.signer, "empreinte_signataire": entry.fingerprint,
        "raison_sociale": entry.raison_sociale, "siren": entry.siren, "code_insee": entry.code_insee,
        "code_departement": entry.code_departement, "code_academie": entry.code_academie,
        "ecoles": entry.school_count, "classes": entry.classes,
        "depense_ttc_centimes": entry.spending_centimes, "subvention_demandee_centimes": entry.subsidy_centimes,
        "decision": entry.decision or None, "subvention_accordee_centimes": entry.granted_centimes,
        "decision_sur_version_anterieure": entry.decision_on_older,
        "identite_confirmee": entry.confirmed,
    }


def run_list(args) -> int:
    status = None
    if args.etat:
        status = next(code for code, choice in STATUS_CHOICES.items() if choice == args.etat)
    with open_register(args) as opened:
        entries = opened.entries(status=status)
        empty = not entries and (status is None or not opened.entries())
    if args.json:
        print(json.dumps([_entry_dict(entry) for entry in entries], ensure_ascii=False, indent=2))
        return 0
    if empty:
        print("Registre vide : « socle-desktop reception verifier DOSSIER » y enregistre les paquets reçus.")
        return 0
    if not entries:
        print(f"Aucun paquet dans cet état ({catalogue.reception_status(status)}).")
        return 0
    # The state column as wide as its longest word here (« non jugé — à renvoyer » pushed the
    # collectivités of its lines out of line with the others').
    width = max(len(catalogue.reception_status(entry.status)) for entry in entries)
    for entry in entries:
        who = entry.raison_sociale or Path(entry.path).name
        decision = ""
        if entry.status == VALID:
            decision = catalogue.reception_decision(entry.decision)
            if entry.decision == RETAINED:
                decision += f" ({format_euros(entry.granted_centimes or 0)})"
            if entry.decision_on_older:
                decision += " — décidé sur une version antérieure"
        if entry.status == CONFLICT:
            decision = f"paquet {entry.sha256[:12]}, signataire {entry.fingerprint[:12]}"
        ident = entry.dossier_id[:8] if entry.dossier_id else entry.sha256[:8]
        amounts = (f"{plural(entry.school_count, '{n} école', '{n} écoles')}, "
                   f"{plural(entry.classes, '{n} classe', '{n} classes')}, "
                   f"demande {format_euros(entry.subsidy_centimes)}") if entry.dossier_id else ""
        version = f"v{entry.version}" if entry.dossier_id else "  "
        line = f"{ident}  {version}  {catalogue.reception_status(entry.status):<{width}}  {who}"
        if entry.code_departement:
            line += f" ({entry.code_departement})"
        if amounts:
            line += f" — {amounts}"
        if decision:
            line += f" — {decision}"
        if entry.fingerprint and entry.status not in (REJECTED, UNCHECKED):
            line += " — identité confirmée" if entry.confirmed else " — identité non confirmée"
        print(printable(line))
    return 0


def run_report(args) -> int:
    with open_register(args) as opened:
        try:
            entry = opened.find(args.id)
        except RegisterError as error:
            if error.code not in ("no_valid_version", "signer_conflict"):
                raise register_error(error) from None
            entry = opened.versions(error.detail)[0]
        text, _checks = opened.report(entry.sha256)
        versions = opened.versions(entry.dossier_id) if entry.dossier_id else [entry]
    head = [f"État au registre : {catalogue.reception_status(entry.status)}."]
    if entry.status == UNCHECKED:
        head.append("Le fichier est incomplet ou illisible (un transfert coupé, le plus souvent) : demandez-en "
                    "une nouvelle copie à la collectivité ; son dossier n'est pas rejeté.")
    if entry.fingerprint and entry.status not in (REJECTED, UNCHECKED):
        head.append("Identité du signataire : " + (
            "confirmée (liste de confiance ou confirmation enregistrée)." if entry.confirmed else
            "non confirmée (confirmez le code de vérification auprès de la collectivité)."))
    if entry.status == CONFLICT:
        head.append("Attention : les versions valides de ce dossier sont signées par des certificats différents ; "
                    "aucune n'est retenue, aucune n'est remplacée. Confirmez le signataire auprès de la "
                    "collectivité, puis « socle-desktop reception confirmer PAQUET » :")
        for version in versions:
            if version.status == CONFLICT:
                head.append(f"  paquet {version.sha256[:12]} (v{version.version}, signé le "
                            f"{catalogue.local_time(version.signed_at)}) : « {version.signer} », "
                            f"code de vérification {_short_code(version.fingerprint)}, "
                            f"certificat {version.fingerprint[:16]}…, demande "
                            f"{format_euros(version.subsidy_centimes)}, identité "
                            f"{'confirmée' if version.confirmed else 'non confirmée'}")
    elif entry.status == SET_ASIDE:
        head.append("Version écartée : l'agent a retenu un autre signataire pour ce dossier.")
    for line in [*head, "", *text.splitlines()]:
        print(printable(line))
    return 0 if entry.status in (VALID, SUPERSEDED) else EXIT_CHECK_FAILED


def _short_code(fingerprint: str) -> str:
    """The code the collectivité reads on its signed PDF, to confirm a signer by phone."""
    from ..export.binding import short_code

    try:
        return short_code(fingerprint)
    except ValueError:
        return "?"


def run_decide(args) -> int:
    granted = None
    if args.montant is not None:
        if args.decision == NOT_RETAINED:
            raise CliError("un dossier non retenu ne reçoit pas de subvention : retirez --montant.")
        try:
            granted = parse_euros(args.montant)
        except MoneyFormatError as error:
            raise CliError(catalogue.error_text(error)) from None
        if granted < 0:
            raise CliError("le montant accordé ne peut pas être négatif.")
    with open_register(args) as opened:
        try:
            entry = opened.decide(args.id, args.decision, granted)
        except RegisterError as error:
            raise register_error(error) from None
    who = printable(entry.raison_sociale or entry.dossier_id)
    if entry.decision == RETAINED:
        print(f"Dossier {entry.dossier_id} ({who}) : retenu, subvention accordée "
              f"{format_euros(entry.granted_centimes or 0)} (demandée {format_euros(entry.subsidy_centimes)}).")
    else:
        print(f"Dossier {entry.dossier_id} ({who}) : non retenu.")
    return 0


def run_confirm(args) -> int:
    with open_register(args) as opened:
        try:
            entry, set_aside = opened.confirm_signer(args.paquet)
        except RegisterError as error:
            raise register_error(error) from None
    aside = plural(set_aside, "{n} version d’un autre signataire écartée",
                   "{n} versions d’autres signataires écartées")
    print(printable(f"Dossier {entry.dossier_id} : signataire « {entry.signer} » (certificat "
                    f"{entry.fingerprint[:16]}…) retenu, identité confirmée ; {aside}. "
                    f"Version en vigueur : {catalogue.reception_status(entry.status)} (v{entry.version})."))
    return 0


def run_export(args) -> int:
    from ..reception.outputs import export_outputs

    if not args.out.strip():
        raise CliError("--out est vide : indiquez le dossier où écrire les tableaux.")
    out = Path(args.out).expanduser()
    if out.exists() and not out.is_dir():
        raise CliError(f"{out} est un fichier, pas un dossier : --out doit désigner un dossier.")
    with open_register(args) as opened:
        exported = export_outputs(opened, out)
    outputs = exported.outputs
    print(f"{plural(len(outputs.collectivites), '{n} convention', '{n} conventions')}, "
          f"{plural(len(outputs.ecoles), '{n} école', '{n} écoles')}, "
          f"{plural(len(outputs.departements), '{n} département', '{n} départements')} ; "
          f"subvention {format_euros(outputs.total_subsidy_centimes)} "
          f"pour {format_euros(outputs.total_spending_centimes)} de dépenses.")
    for path in exported.paths:
        print(printable(str(path)))
    return 0
