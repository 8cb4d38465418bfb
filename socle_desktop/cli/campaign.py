"""`campagne creer | importer | afficher`: the campaign file, made by the académie, imported by the collectivité.

    socle-desktop campagne creer --id ID --titre TITRE --regles EDITION [--regles-fichier FICHIER.toml]
        --adresse https://… (--empreinte-serveur HEX | --certificat-serveur CERT.pem | --ca CA.pem)
        --date-limite 2021-03-31T23:59:00+02:00 --contact-nom … --contact-courriel … --contact-telephone …
        [--academie NOM …] --identity SIGNATAIRE.p12 [--password-env VAR] --out DOSSIER
    socle-desktop campagne importer FICHIER.campagne.zip [--empreinte HEX]
    socle-desktop campagne afficher
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from .. import catalogue
from ..paths import data_dir
from .common import PROMPT_TRIES, CliError, ask, read_input_text, say_again

SIGNER_PROMPT = ("Tapez l'empreinte SHA-256 du signataire publiée par l'académie "
                 "(ou « oui » si elle est identique à celle affichée) : ")


def register(commands) -> None:
    parser = commands.add_parser("campagne", help="fichier de campagne : créer (académie), importer, afficher")
    sub = parser.add_subparsers(dest="campagne_command", metavar="ACTION", required=True,
                                parser_class=type(parser))

    # Written out: argparse keeps the (A | B | C) group on one line of 108 characters.
    usage = ("%(prog)s --id ID --titre TITRE --regles EDITION\n"
             "    [--regles-fichier FICHIER.toml] --adresse URL\n"
             "    (--empreinte-serveur HEX | --certificat-serveur CERT.pem | --ca CA.pem)\n"
             "    --date-limite DATE --contact-nom NOM [--contact-courriel COURRIEL]\n"
             "    [--contact-telephone TÉLÉPHONE] [--academie NOM …]\n"
             "    --identity FICHIER.p12 [--password-env VARIABLE] --out DOSSIER")
    make = sub.add_parser("creer", usage=usage,
                          help="crée un fichier de campagne signé (pour l'académie ou le ministère)")
    make.add_argument("--id", required=True, help="identifiant de la campagne (lettres, chiffres, . _ -)")
    make.add_argument("--titre", required=True)
    make.add_argument("--regles", required=True, metavar="EDITION", help="édition des règles, par exemple snee-2021")
    make.add_argument("--regles-fichier", metavar="FICHIER.toml",
                      help="fichier de règles de cette édition (sinon celui livré avec l'application)")
    make.add_argument("--adresse", required=True, metavar="URL", help="adresse de dépôt tus (https://…)")
    tls = make.add_mutually_exclusive_group(required=True)
    tls.add_argument("--empreinte-serveur", metavar="HEX", help="empreinte SHA-256 du certificat du point de réception")
    tls.add_argument("--certificat-serveur", metavar="CERT.pem",
                     help="certificat du point de réception (son empreinte est retenue)")
    tls.add_argument("--ca", metavar="CA.pem", help="autorité de certification du point de réception")
    make.add_argument("--date-limite", required=True, metavar="DATE",
                      help="ISO 8601 avec décalage horaire, par exemple 2021-03-31T23:59:00+02:00")
    make.add_argument("--contact-nom", required=True, metavar="NOM")
    make.add_argument("--contact-courriel", default="", metavar="COURRIEL")
    make.add_argument("--contact-telephone", default="", metavar="TÉLÉPHONE")
    make.add_argument("--academie", action="append", default=[], metavar="NOM",
                      help="académie du périmètre (répétable)")
    make.add_argument("--identity", required=True, metavar="FICHIER.p12", help="certificat du signataire (PKCS#12)")
    make.add_argument("--password-env", metavar="VARIABLE",
                      help="variable d'environnement contenant le mot de passe (sinon il est demandé)")
    make.add_argument("--out", required=True, metavar="DOSSIER")
    make.set_defaults(handler=run_create)

    take = sub.add_parser("importer", help="importe un fichier de campagne : adresse de dépôt et règles en une fois")
    take.add_argument("fichier", metavar="FICHIER.campagne.zip")
    take.add_argument("--empreinte", metavar="HEX", help="empreinte SHA-256 du signataire, publiée par l'académie")
    take.set_defaults(handler=run_import)

    show = sub.add_parser("afficher", help="affiche la campagne importée et les jours restants")
    show.set_defaults(handler=run_show)


def run_create(args) -> int:
    from ..app.inputs import RULES_FILE
    from ..domain.coded_error import CodedError
    from ..domain.editions import edition_problem
    from ..domain.fingerprints import normalise_fingerprint
    from ..export import identity as identities
    from ..export.campaign import CampaignError, write_campaign
    from ..resources import resource_path
    from .export import _unlocked

    problem = edition_problem(args.regles)  # the one check of an edition's name (domain/editions.py)
    if problem:
        raise CliError(f"--regles : {catalogue.error_text(CodedError(problem, edition=args.regles))}")
    if args.regles_fichier:
        rules_toml = read_input_text(args.regles_fichier, RULES_FILE).encode("utf-8")
    else:
        shipped = resource_path("rules", f"{args.regles}.toml")
        if not shipped.is_file():
            raise CliError(f"règles « {args.regles} » inconnues de cette version : "
                           "donnez --regles-fichier FICHIER.toml.")
        rules_toml = shipped.read_bytes()
    depot = {"adresse": args.adresse.strip()}
    if args.empreinte_serveur:
        pin = normalise_fingerprint(args.empreinte_serveur)
        if not pin:
            raise CliError("--empreinte-serveur : 64 caractères hexadécimaux attendus.")
        depot["certificat_sha256"] = pin
    elif args.certificat_serveur:
        depot["certificat_sha256"] = _certificate_fingerprint(args.certificat_serveur)
    else:
        depot["ca_pem"] = read_input_text(args.ca, "certificat d'autorité (PEM)")
    data = {
        "format": "socle-campagne", "version_format": 1, "id": args.id, "titre": args.titre,
        "regles": args.regles, "depot": depot, "date_limite": args.date_limite,
        "contact": {"nom": args.contact_nom, "courriel": args.contact_courriel, "telephone": args.contact_telephone},
        "perimetre": {"academies": list(args.academie)},
    }
    try:  # a wrong password is asked again on a terminal (three tries), as for `export`
        identity = _unlocked(args, f"Mot de passe du certificat {Path(args.identity).name} : ",
                             lambda password: identities.load_pkcs12(args.identity, password))
        path = write_campaign(data, rules_toml, identity, Path(args.out))
    except (identities.IdentityError, CampaignError) as error:
        raise CliError(catalogue.error_text(error)) from None
    print(f"Fichier de campagne signé : {path}")
    print(f"Empreinte SHA-256 du signataire, à publier par un autre canal : "
          f"{identities.format_fingerprint(identity.fingerprint_sha256)}")
    return 0


def _certificate_fingerprint(path_text: str) -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    text = read_input_text(path_text, "certificat (PEM)")
    try:
        certificate = x509.load_pem_x509_certificate(text.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise CliError(f"{path_text} n'est pas un certificat PEM lisible.") from None
    return hashlib.sha256(certificate.public_bytes(Encoding.DER)).hexdigest()


def run_import(args) -> int:
    from ..app.campaign import import_campaign
    from ..app.errors import JobRefused
    from ..export.campaign import CampaignError, format_fingerprint, read_campaign

    folder = data_dir(args.data_dir)
    path = Path(args.fichier)
    if not path.is_file():
        raise CliError(f"fichier de campagne introuvable : {path}" if not path.exists()
                       else f"{path} n'est pas un fichier ordinaire.")
    try:
        expected = args.empreinte
        if expected is None:
            campaign = read_campaign(path)  # checked first: a broken file is refused before any question
            expected = _ask_fingerprint(campaign.signer, campaign.signer_fingerprint, format_fingerprint)
        campaign = import_campaign(folder, path, expected)
    except CampaignError as error:
        raise CliError(catalogue.error_text(error)) from None
    except JobRefused as error:
        raise CliError(catalogue.refusal(error)) from None
    print("Campagne importée ; la boîte d'envoi et les règles sont configurées.")
    print("\n".join(catalogue.campaign_summary_lines(campaign)))
    return 0


def _ask_fingerprint(signer: str, fingerprint: str, fmt) -> str:
    if not sys.stdin.isatty():
        # The file's own fingerprint is not shown here: copied into --empreinte, it would check the
        # file against itself. The fingerprint must come from the académie, by another channel.
        raise CliError(f"confirmation du signataire requise (fichier signé par « {signer} ») : indiquez "
                       "--empreinte HEX, l'empreinte que l'académie a publiée (site, courrier), pas celle "
                       "qu'afficherait le fichier lui-même.")
    from ..domain.fingerprints import normalise_fingerprint

    print(f"Signataire du fichier : {signer}\nEmpreinte SHA-256 : {fmt(fingerprint)}", file=sys.stderr)
    for attempt in range(1, PROMPT_TRIES + 1):  # an empty or unreadable answer is asked again
        answer = ask(SIGNER_PROMPT).strip()
        if answer.lower() in ("oui", "o"):
            return fingerprint
        if answer.lower() in ("non", "n"):
            raise CliError("signataire non confirmé ; la campagne n'a pas été importée.")
        if normalise_fingerprint(answer):
            return answer  # a typed fingerprint: import_campaign compares it
        problem = ("aucune réponse" if not answer else
                   "empreinte illisible : 64 caractères hexadécimaux attendus (ou « oui », ou « non »)")
        if attempt == PROMPT_TRIES:
            raise CliError(f"{problem} ; {PROMPT_TRIES} essais sans succès, la campagne n'a pas été importée.")
        say_again(problem, attempt)
    raise AssertionError("unreachable")


def run_show(args) -> int:
    from ..app.campaign import current_campaign

    campaign = current_campaign(data_dir(args.data_dir))
    if campaign is None:
        print("Aucune campagne importée.")
        print(catalogue.CAMPAIGN_WHERE_FROM)
        return 0
    print("\n".join(catalogue.campaign_summary_lines(campaign)))
    return 0
