"""`export`, `demo` and `verify`: the signed PDF and bundle without a screen, and their check.

Who signs (DESIGN.md §7): `--identity FICHIER.p12`, a hardware token (`--pkcs11 MODULE --token
LABEL`), or else the local identity of <data>/identites/ made for the dossier's collectivité
(SIREN of its SIRET) and representative; when there is none yet, it is created (the passphrase is
asked twice, or taken from --password-env) and its verification code printed, to be given to the
State's office. The identity that will sign is printed before any secret is asked. An identity
that is not the dossier's collectivité and representative is refused unless `--autre-signataire`
confirms it; the PDF and bag-info.txt then say so.

Passwords and PINs: `--password-env VAR` reads the named environment variable (for scripts);
otherwise they are asked on the terminal (getpass, never echoed, never stored).

Attachments of `export FICHIER.json` are looked for beside the JSON file (same folder, or a
`pieces/` folder next to it), then in the library by their SHA-256; a missing or changed one is
one French error naming it. `export ID` takes them from the library.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .. import catalogue
from ..paths import data_dir
from .common import EXIT_CHECK_FAILED, PROMPT_TRIES, CliError, ask, printable, say_again
from .compute import load_dossier_argument

PASSWORD_HELP = "nom d'une variable d'environnement contenant le mot de passe (sinon il est demandé)"


def register(commands) -> None:
    parser = commands.add_parser("export", help="exporte un dossier : PDF signé et paquet de dépôt signé (zip)")
    parser.add_argument("source", metavar="ID|FICHIER.json", help="un dossier de la bibliothèque ou un fichier JSON")
    parser.add_argument("--out", required=True, metavar="DOSSIER", help="dossier où écrire le PDF et le paquet")
    parser.add_argument("--identity", metavar="FICHIER.p12",
                        help="certificat de la collectivité (PKCS#12) ; sinon l'identité locale")
    parser.add_argument("--pkcs11", metavar="MODULE",
                        help="module PKCS#11 du jeton ou de la carte (fichier .so / .dll de son fournisseur)")
    parser.add_argument("--token", metavar="NOM", help="nom (étiquette) du jeton, avec --pkcs11")
    parser.add_argument("--password-env", metavar="VARIABLE", help=PASSWORD_HELP)
    parser.add_argument("--autre-signataire", action="store_true",
                        help="signer même si l'identité n'est pas celle de la collectivité et du représentant "
                             "du dossier (le PDF et le paquet le disent)")
    parser.set_defaults(handler=run_export)

    demo = commands.add_parser("demo", help="exporte le dossier d'exemple (commune fictive), signé")
    demo.add_argument("--out", required=True, metavar="DOSSIER", help="dossier où écrire le PDF et le paquet")
    demo.set_defaults(handler=run_demo)

    verify = commands.add_parser(
        "verify", help="vérifie un paquet de dépôt (zip) : intégrité et signatures",
        description="Vérifie un paquet de dépôt : archive, signatures, sommes de contrôle, montants, "
                    "concordance du PDF et de dossier.json.",
        epilog="Codes de sortie : 0 paquet intègre et instructible ; 1 un contrôle a échoué (paquet rejeté) ; "
               "2 fichier absent ou illisible (paquet non jugé) ; 4 paquet intègre mais non instructible "
               "(BROUILLON ou EXEMPLE FICTIF).")
    verify.add_argument("bundle", metavar="PAQUET.zip")
    verify.add_argument("--confiance", metavar="FICHIER",
                        help="certificats de confiance (PEM ou DER) ou empreintes SHA-256 épinglées, une par "
                             "ligne : seule une identité qui s'y rattache est « confirmée »")
    verify.set_defaults(handler=run_verify)


# --- export ----------------------------------------------------------------------------------


def run_export(args) -> int:
    from ..app import export_job
    from ..export import ExportError

    dossier = load_dossier_argument(args.source, args)
    from_file = args.source.endswith(".json") or Path(args.source).exists()
    library = None
    try:
        library = _library_for_export(args, writable=not from_file)
        if not from_file and library is None:
            raise CliError("la bibliothèque de dossiers est introuvable.")
        plan = export_job.plan_export(
            dossier, library=library, dossier_id=None if from_file else dossier.id,
            beside=Path(args.source).resolve().parent if from_file else None)
        if from_file and plan.missing:
            names = ", ".join(f"« {name} »" for name in plan.missing)
            what = "pièce jointe introuvable" if len(plan.missing) == 1 else "pièces jointes introuvables"
            raise CliError(
                f"{what} : {names} ; placez chaque fichier à côté de "
                f"{Path(args.source).name} (ou dans un dossier pieces/ à côté), tel qu'ajouté au dossier "
                "(même empreinte SHA-256).")
        if plan.backup_problem:
            print(f"socle-desktop : attention, la sauvegarde avant export a échoué "
                  f"({catalogue.error_text(plan.backup_problem)}).",
                  file=sys.stderr)
        identity = _identity(args, dossier)
        try:
            result = export_job.run_export(plan, out_dir=Path(args.out), open_identity=lambda: identity,
                                           other_signer=args.autre_signataire, progress=_progress_printer())
        except ExportError as error:
            raise CliError(catalogue.error_text(error)) from None
        recorded = export_job.record_export(library, plan, result)
        # A draft, or a bundle signed by another signer, is one the outbox refuses: no advice to
        # replace the waiting bundle with it (« outbox add » would fail, « outbox remove » would not).
        replaceable = not result.draft and not result.other_signer
        older = export_job.older_bundles_waiting(library, plan.dossier_id) if replaceable else []
    finally:
        if library is not None:
            library.close()
    _print_result(result)
    if recorded is not None:
        _print_recorded(recorded)
    for entry in older:  # the window offers to replace it; here, the two commands that do
        print(f"Note : un paquet plus ancien de ce dossier attend dans la boîte d'envoi : {entry.short_id} "
              f"({printable(entry.filename)}) ; il ne partira pas sans confirmation. Pour le remplacer : "
              f"socle-desktop outbox add {printable(str(result.bundle_path))}, puis socle-desktop outbox remove "
              f"{entry.short_id}.", file=sys.stderr)
    return 0


def _library_for_export(args, *, writable: bool):
    """The library, for writing when the export is of one of its dossiers (its state records the
    signature); read-only when it is held elsewhere (the window): the export still runs."""
    from .library import open_for_reading, open_for_writing, print_warnings

    library = open_for_writing(args, none_if_held=True) if writable else None
    if library is None:
        library = open_for_reading(args)
    if library is not None:
        print_warnings(library)  # a daily backup that could not be written is said here too
    return library


def _print_recorded(recorded) -> None:
    if recorded.ok:
        print(f"État du dossier : {catalogue.state_label(recorded.state)}.")
    else:
        print(f"socle-desktop : attention, l'état du dossier n'a pas été enregistré "
              f"({catalogue.record_problem(recorded.problem)}).", file=sys.stderr)


def _identity(args, dossier):
    """The identity that signs, said on stderr before any secret is asked; a mismatch with the
    dossier is refused here already (before a PIN or passphrase is typed) unless confirmed."""
    from ..export import identity as identities
    from ..export.binding import binding_mismatches

    if args.token and not args.pkcs11:
        raise CliError("--token va avec --pkcs11 MODULE (le module du jeton ou de la carte).")
    try:
        if args.pkcs11:
            if args.identity:
                raise CliError("choisissez --identity (fichier .p12) ou --pkcs11 (jeton), pas les deux.")
            if not args.token:
                raise CliError("indiquez le nom du jeton : --token NOM (avec --pkcs11).")
            # One try only: a token counts wrong PINs and locks itself after a few.
            identity = identities.open_pkcs11_identity(
                args.pkcs11, args.token, _secret(args, f"Code PIN du jeton « {args.token} » : "))
        elif args.identity:
            identity = _unlocked(args, f"Mot de passe du certificat {Path(args.identity).name} : ",
                                 lambda password: identities.load_pkcs12(args.identity, password))
        else:
            identity = _local_identity(args, dossier)
    except identities.IdentityError as error:
        raise CliError(catalogue.error_text(error)) from None
    mismatches = binding_mismatches(identity.facts, dossier.collectivite)
    if identity.kind != "locale":  # a local identity was named before its passphrase was asked
        _say(f"Signataire : {catalogue.export_errors.signer_line(identity.facts, identity.subject_name)}")
    if mismatches:
        if not args.autre_signataire:
            raise CliError("l'identité ne correspond pas au dossier : "
                           + catalogue.export_errors.signer_mismatches(mismatches)
                           + " ; ajoutez --autre-signataire pour signer quand même (le PDF et le paquet le diront).")
        print("Attention : signature par une autre personne ou pour une autre collectivité, confirmée par "
              "--autre-signataire : " + catalogue.export_errors.signer_mismatches(mismatches), file=sys.stderr)
    return identity


def _local_identity(args, dossier):
    """The local identity made for this dossier's collectivité and representative; created when
    there is none (never one made for someone else, silently)."""
    from ..export import identity as identities

    folder = data_dir(args.data_dir)
    entries = identities.list_local_identities(folder)
    match = identities.matching_local_identity(entries, dossier.collectivite)
    if match is None:
        legacy = identities.local_identity_path(folder)
        if legacy.exists() and not identities.certificate_sidecar(legacy).exists():
            print(f"Note : l'identité locale d'une version précédente ({legacy}) n'est liée à aucune collectivité ; "
                  "pour signer avec elle : --identity FICHIER --autre-signataire.", file=sys.stderr)
        return _create_local_identity(args, dossier, folder)
    _say(f"Signataire : {catalogue.export_errors.local_identity_line(match)} (identité locale {match.path.name})")
    return _unlocked(args, "Phrase de passe de l'identité locale : ",
                     lambda passphrase: identities.load_local_identity(match.path, passphrase))


def _create_local_identity(args, dossier, folder):
    from ..export import identity as identities

    c = dossier.collectivite
    print(f"Aucune identité locale pour « {printable(c.representant.nom or '?')} », "
          f"{printable(c.raison_sociale or '?')} : elle est créée maintenant (certificat autosigné).", file=sys.stderr)
    path = identities.new_local_identity_path(folder, c)
    passphrase = _secret(args, f"Choisissez une phrase de passe ({identities.MIN_PASSPHRASE_LENGTH} "
                               "caractères au moins) : ", confirm=True, check=_passphrase_problem)
    identity = identities.create_local_identity(c, passphrase, path)
    for note in identity.notes:
        print(f"Attention : {catalogue.error_text(note).rstrip('.')}.", file=sys.stderr)
    print(f"Identité locale créée : {path}\nCode de vérification : {identity.short_code}\n"
          f"Empreinte SHA-256 du certificat : {identities.format_fingerprint(identity.fingerprint_sha256)}\n"
          "Communiquez ce code au service instructeur ; conservez la phrase de passe.", file=sys.stderr)
    return identity


def _say(line: str) -> None:
    """Who will sign, before the secret is typed, for a person at a terminal (a script reads it
    in the result's « Signé par » line; its stderr keeps one line per error)."""
    if sys.stderr.isatty():
        print(line, file=sys.stderr)


def _passphrase_problem(passphrase: str) -> str | None:
    from ..export.identity import MIN_PASSPHRASE_LENGTH

    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return f"la phrase de passe doit compter au moins {MIN_PASSPHRASE_LENGTH} caractères"
    return None


def _unlocked(args, prompt: str, load):
    """`load(secret)`; on a terminal, a wrong password, passphrase or PIN is asked again (three
    tries). Any other refusal (a damaged file, a missing token) is said at once."""
    from ..export.identity import WRONG_SECRET, IdentityError

    for attempt in range(1, PROMPT_TRIES + 1):
        secret = _secret(args, prompt)
        try:
            return load(secret)
        except IdentityError as error:
            wrong = error.code in WRONG_SECRET
            if not wrong or args.password_env or attempt == PROMPT_TRIES:
                raise CliError(catalogue.error_text(error)) from None
            say_again(catalogue.error_text(error), attempt)
    raise AssertionError("unreachable")


def _secret(args, prompt: str, *, confirm: bool = False, check=None) -> str:
    """A secret from --password-env, or typed on the terminal (never echoed). A typed answer
    that `check` refuses (or a confirmation that differs) is asked again, before anything
    else happens; Ctrl+C or Ctrl+D stops cleanly, one French line, nothing created."""
    if args.password_env:
        value = os.environ.get(args.password_env)
        if value is None:
            raise CliError(f"la variable d'environnement {args.password_env} n'est pas définie.")
        problem = check(value) if check else None
        if problem:
            raise CliError(f"{problem} (variable {args.password_env}) ; rien n'a été créé.")
        return value
    if not sys.stdin.isatty():
        raise CliError("mot de passe requis : lancez la commande dans un terminal, ou indiquez "
                       "--password-env VARIABLE.")
    for attempt in range(1, PROMPT_TRIES + 1):
        value = ask(prompt, secret=True)
        problem = check(value) if check else None
        if problem is None and confirm and ask("Confirmez : ", secret=True) != value:
            problem = "les deux saisies diffèrent"
        if problem is None:
            return value
        if attempt == PROMPT_TRIES:
            raise CliError(f"{problem} ; {PROMPT_TRIES} essais sans succès, rien n'a été créé.")
        say_again(problem, attempt)
    raise AssertionError("unreachable")


def _progress_printer():
    interactive = sys.stderr.isatty()

    def progress(done: int, total: int, label: str) -> None:
        if not interactive:
            return
        label = catalogue.export_errors.export_step(label)
        if done >= total:  # the end: every announced step has been counted
            print(f"{label}.", file=sys.stderr)
        else:  # the step starting now, counted from 1: [1/8] … [8/8]
            print(f"[{done + 1}/{total}] {label}", file=sys.stderr)

    return progress


def _print_result(result) -> None:
    from ..export.identity import format_fingerprint

    print(f"PDF signé : {result.pdf_path}")
    print(f"Paquet de dépôt : {result.bundle_path}")
    if result.signer:
        print(f"Signé par : {catalogue.export_errors.signer_line(result.signer, result.signer_name, code=False)}")
    if result.short_code:
        print(f"Code de vérification : {result.short_code}")
    print(f"Empreinte SHA-256 du certificat : {format_fingerprint(result.fingerprint)}")
    if result.other_signer:
        print("Attention : signataire différent du dossier, confirmé (le PDF et le paquet le disent) ; la "
              "vérification du paquet, celle du service instructeur comprise, le signalera comme un échec.",
              file=sys.stderr)
    if result.draft:
        print("Attention : le dossier comporte des erreurs ; il est exporté comme BROUILLON et ne peut pas "
              "être déposé.", file=sys.stderr)


# --- demo ------------------------------------------------------------------------------------


def run_demo(args) -> int:
    from ..app import export_job
    from ..export import ExportError
    from ..export.verify import verify_bundle

    try:
        result = export_job.export_demo(Path(args.out), progress=_progress_printer())
    except ExportError as error:
        raise CliError(catalogue.error_text(error)) from None
    print("Dossier d'EXEMPLE FICTIF (commune de démonstration), signé avec une identité de démonstration.")
    _print_result(result)
    report = verify_bundle(result.bundle_path)
    print("Vérification du paquet : " + ("réussie." if report.ok else "ÉCHEC.\n" + report.text()))
    return 0 if report.ok else EXIT_CHECK_FAILED


# --- verify ----------------------------------------------------------------------------------


def run_verify(args) -> int:
    from ..catalogue.errors import describe_os_error
    from ..export.verify import verify_bundle

    path = Path(args.bundle)
    if not path.exists():
        raise CliError(f"paquet introuvable : {path}")
    if path.is_dir():
        raise CliError(f"{path} est un dossier : indiquez le fichier .zip du paquet.")
    if not path.is_file():
        raise CliError(f"{path} n'est pas un fichier ordinaire : indiquez le fichier .zip du paquet.")
    try:
        with path.open("rb"):
            pass
    except OSError as error:
        raise CliError(f"paquet illisible : {path} ({describe_os_error(error)}).") from None
    trust = None
    if args.confiance:
        from ..export.binding import TrustListError, load_trust_list
        try:
            trust = load_trust_list(args.confiance)
        except TrustListError as error:
            raise CliError(catalogue.error_text(error)) from None
    report = verify_bundle(path, trust=trust)
    if report.unchecked or report.not_a_bundle:
        raise CliError(report.unchecked or report.not_a_bundle)
    sys.stdout.write(report.text())
    return report.exit_code
