"""What a complete dossier holds (from the rules file), contact details, and the référentiel.

Pure functions returning findings: the required narrative fields and attachments the edition
lists (`[[completude.*]]`, each with its gravity and source), the contact's e-mail address
(email-validator, syntax only: never a network look-up) and telephone number (phonenumbers),
and, when the official référentiel is given, whether the SIRET, the communes and the schools
agree with it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from . import findings as F
from .findings import Constat
from .identifiers import insee_problem, siret_problem
from .model import COLLECTIVITE_TYPES, Dossier, Ecole
from .money import format_integer
from .places import PAGE_LABELS, field_label
from .referentiel import Commune, Epci
from .rules import Rules
from .text import hidden_codes


def check_completeness(dossier: Dossier, rules: Rules, equipped_schools: list[str] | None = None,
                       absent_pieces: Collection[str] = ()) -> list[Constat]:
    """`equipped_schools`: the ids of the dossier's schools that have equipment lines, when the
    caller already found them (compute's memory does, at each keystroke).

    `absent_pieces`: the ids of the attachments whose file the caller (the library, the folder
    of a JSON file) does not hold or cannot read. The domain reads no file: whoever knows the
    files says which are missing; an attachment without its file fulfils no requirement."""
    constats = []
    for champ in rules.completude_champs:
        if not _text_at(dossier, champ.chemin).strip():
            code = "_".join(champ.chemin.split(".")[1:]).upper() + "_MANQUANT"
            constats.append(Constat(code, champ.gravite, champ.chemin,
                                    f"{champ.libelle} : à compléter.", champ.source))
    constats += check_pieces(dossier, absent_pieces)
    for requise in rules.completude_pieces:
        code = f"PIECE_{requise.types[0].upper()}_MANQUANTE"
        of_type = [piece for piece in dossier.pieces if piece.type in requise.types]
        found = [piece for piece in of_type if piece.id not in absent_pieces]
        if not requise.par_ecole:
            if not found:
                constats.append(Constat(code, requise.gravite, "pieces",
                                        f"{requise.libelle} : aucune pièce jointe de ce type"
                                        f"{' dont le fichier soit présent' if of_type else ''}.", requise.source))
            continue
        equipped = _schools_with_equipment(dossier) if equipped_schools is None else equipped_schools
        if equipped and not found:
            constats.append(Constat(code, requise.gravite, "pieces",
                                    f"{requise.libelle} : aucun devis joint pour "
                                    f"{plural(len(equipped), 'l’école équipée', 'les {n} écoles équipées')}.",
                                    requise.source))
        elif equipped:
            constats += _check_devis_coverage(dossier, equipped, found, requise.source)
    return constats


HIDDEN_TEXT = "CARACTERES_CACHES"
_COLLECTIVITE_TEXTS = ("raison_sociale", "siret", "code_insee", "adresse", "code_postal", "commune",
                       "representant.nom", "representant.qualite", "contact.nom", "contact.courriel",
                       "contact.telephone")
_SCHOOL_TEXTS = ("nom", "uai", "code_insee", "commune")
_LINE_BREAKS = "\n\r\t"  # the project's narratives are written on several lines


def hidden_text_problem(where: str, text: str, allowed: str = "") -> str:
    """« <where> : caractères de contrôle ou d'inversion du sens d'écriture (U+202E) ; retirez-les. »,
    or "" when `text` holds no hidden character (but those in `allowed`). `where` names the
    field and its page; the text itself is not repeated (it is what cannot be shown)."""
    codes = hidden_codes(text, allowed)
    if not codes:
        return ""
    listed = ", ".join(codes[:6]) + (", …" if len(codes) > 6 else "")
    return f"{where} : caractères de contrôle ou d'inversion du sens d'écriture ({listed}) ; retirez-les."


def check_hidden_text(dossier: Dossier) -> list[Constat]:
    """Every text of the dossier but the lines' labels (compute's `_line_findings` checks those):
    a control character (NUL, BEL, ESC…), a right-to-left override or another invisible format
    character is an error on its field. Shown, it reverses or hides what a reader sees (the
    window, the PDF, a certificate's subject): the text must be what it looks like."""
    constats = []

    def check(chemin: str, where: str, text: object, allowed: str = "") -> None:
        if isinstance(text, str):
            problem = hidden_text_problem(where, text, allowed)
            if problem:
                constats.append(Constat(HIDDEN_TEXT, F.ERREUR, chemin, problem))

    collectivite = dossier.collectivite
    page = PAGE_LABELS["collectivite"]
    for path in _COLLECTIVITE_TEXTS:
        holder, _, name = path.rpartition(".")
        value = getattr(getattr(collectivite, holder) if holder else collectivite, name)
        check(f"collectivite.{path}", f"{_capital(field_label(path))} (page {page})", value)
    for index, ecole in enumerate(dossier.ecoles):
        for name in _SCHOOL_TEXTS:
            check(f"ecoles[{index}].{name}",
                  f"{_capital(field_label(name))} de l'école n° {index + 1} (page {PAGE_LABELS['ecoles']})",
                  getattr(ecole, name))
    page = PAGE_LABELS["projet"]
    for name, value in [("intitule", dossier.projet.intitule), ("description", dossier.projet.description),
                        *dossier.projet.autres.items()]:
        check(f"projet.{name}", f"{_capital(field_label(name))} (page {page})", value, _LINE_BREAKS)
    for index, piece in enumerate(dossier.pieces):
        check("pieces", f"Nom de la pièce jointe n° {index + 1} (page {PAGE_LABELS['pieces']})", piece.nom)
    return constats


def line_label_hidden_text(libelle: str, index: int, page: str) -> Constat | None:
    """The error on a line's label holding a hidden character (see `check_hidden_text`)."""
    problem = hidden_text_problem(f"Libellé de la ligne n° {index + 1} (page {PAGE_LABELS.get(page, page)})",
                                  libelle)
    return Constat(HIDDEN_TEXT, F.ERREUR, f"lignes[{index}].libelle", problem) if problem else None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def check_pieces(dossier: Dossier, absent_pieces: Collection[str] = ()) -> list[Constat]:
    """An attachment whose file is missing (the export would fail on it), and a devis said to
    cover a school id the dossier does not hold (a hand-edited or foreign file)."""
    constats = []
    known = {ecole.id for ecole in dossier.ecoles}
    for piece in dossier.pieces:
        nom = piece.nom.strip()[:80] or "(sans nom)"
        if piece.id in absent_pieces:
            constats.append(Constat(
                "PIECE_FICHIER_ABSENT", F.ERREUR, "pieces",
                f"Le fichier de la pièce jointe « {nom} » est absent ou illisible (dossier importé sans ses "
                "fichiers ?) : sur la page Pièces jointes, joignez à nouveau ce même fichier, ou retirez la "
                "pièce ; sans lui, le dossier ne peut pas être exporté.",
            ))
        unknown = [ecole for ecole in piece.ecoles if ecole not in known]
        if unknown:
            ids = ", ".join(f"« {ecole[:40]} »" for ecole in unknown[:3]) + (" …" if len(unknown) > 3 else "")
            constats.append(Constat(
                "PIECE_ECOLE_INCONNUE", F.AVERTISSEMENT, "pieces",
                f"La pièce jointe « {nom} » indique couvrir "
                f"{plural(len(unknown), 'une école', '{n} écoles')} absente{'s' if len(unknown) > 1 else ''} "
                f"du dossier (identifiant{'s' if len(unknown) > 1 else ''} {ids}) : sur la page Pièces jointes, "
                "cochez à nouveau les écoles que couvre ce devis.",
            ))
    return constats


def _check_devis_coverage(dossier: Dossier, equipped: list[str], devis: list, source: str) -> list[Constat]:
    """Each equipped school covered by a devis. A devis says which schools it covers (page
    Pièces jointes); one that does not say is counted as covering one school, as before the
    user could say it."""
    covered = {ecole for piece in devis for ecole in piece.ecoles}
    unsaid = sum(1 for piece in devis if not piece.ecoles)
    uncovered = [ecole for ecole in equipped if ecole not in covered]
    if len(uncovered) <= unsaid:
        return []
    if not unsaid:
        names = [school_label(ecole, index) for index, ecole in enumerate(dossier.ecoles) if ecole.id in uncovered]
        schools = plural(len(names), "l'école", "les écoles")
        quotes = plural(len(names), "son devis", "leurs devis")
        return [Constat(
            "DEVIS_A_VERIFIER", F.AVERTISSEMENT, "pieces",
            f"Aucun devis joint ne couvre {schools} {', '.join(names)} : joignez {quotes}, ou cochez sur la "
            "page Pièces jointes les écoles que couvre un devis déjà joint.",
            source,
        )]
    return [Constat(
        "DEVIS_A_VERIFIER", F.AVERTISSEMENT, "pieces",
        f"{plural(len(devis), 'Un devis', '{n} devis')} pour {len(equipped)} écoles équipées : indiquez sur la "
        "page Pièces jointes les écoles que couvre chaque devis (un devis peut en couvrir plusieurs).",
        source,
    )]


def check_contact(dossier: Dossier) -> list[Constat]:
    contact = dossier.collectivite.contact
    constats = []
    courriel = contact.courriel.strip()
    if courriel:
        # Imported here, on the first address to check: together they take about half a second
        # to import, which every command (and the store's child processes) would otherwise pay.
        from email_validator import EmailNotValidError, validate_email

        try:
            validate_email(courriel, check_deliverability=False)
        except EmailNotValidError:
            constats.append(Constat(
                "COURRIEL_INVALIDE", F.ERREUR, "collectivite.contact.courriel",
                f"L'adresse électronique « {courriel[:80]} » n'est pas valide : une adresse complète "
                "comme mairie@exemple.fr est attendue.",
            ))
    telephone = contact.telephone.strip()
    if telephone:
        if not _valid_french_phone(telephone):
            constats.append(Constat(
                "TELEPHONE_INVALIDE", F.AVERTISSEMENT, "collectivite.contact.telephone",
                f"Le numéro de téléphone « {telephone[:40]} » n'est pas un numéro valide "
                "(attendu : 01 23 45 67 89 ou +33 1 23 45 67 89).",
            ))
    return constats


# Metropolitan France, then the overseas départements and collectivités, whose numbers are also
# dialled with a leading 0 from within France (0262 … in La Réunion).
_PHONE_REGIONS = ("FR", "RE", "GP", "MQ", "GF", "YT", "PM", "BL", "MF", "NC", "PF", "WF")


def _valid_french_phone(text: str) -> bool:
    import phonenumbers  # see check_contact: imported on first use

    for region in _PHONE_REGIONS:
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(text, region)):
                return True
        except phonenumbers.NumberParseException:
            return False
    return False


def check_referentiel(dossier: Dossier, ref) -> list[Constat]:
    """Findings against the official référentiel (`domain.referentiel.Referentiel`)."""
    c = dossier.collectivite
    constats = []
    version = f"référentiel officiel des communes (version {ref.source.version})"
    commune = None
    if c.code_insee.strip() and not insee_problem(c.code_insee):
        commune = ref.commune(c.code_insee)
        if commune is None:
            constats.append(Constat(
                "COMMUNE_INCONNUE", F.AVERTISSEMENT, "collectivite.code_insee",
                f"Aucune commune n'a le code INSEE {c.code_insee.strip()} dans le {version} : vérifiez le code.",
            ))
        elif not commune.actuelle and commune.statut != "arrondissement":
            owner = ref.commune(commune.rattachement)
            constats.append(Constat(
                "COMMUNE_ANCIENNE", F.AVERTISSEMENT, "collectivite.code_insee",
                f"{commune.nom} ({commune.code_insee}) est une ancienne commune, rattachée "
                f"{at(owner.nom) if owner else 'à ' + commune.rattachement} (code INSEE {commune.rattachement}) : "
                "indiquez le code de la commune actuelle.",
            ))
    if commune is not None:
        constats += _check_commune_name(c.commune, commune, ref)
    siren = c.siret.strip().replace(" ", "")[:9]
    holder = ref.collectivite_by_siren(siren) if not siret_problem(c.siret) else None
    epci = None
    type_finding = _check_type(c.type, siren, holder, version)
    if type_finding is not None:
        constats.append(type_finding)
        if c.type == "epci":
            epci = ref.epci(siren)
    elif not siret_problem(c.siret):
        if c.type == "commune" and commune is not None and commune.siren and commune.siren != siren:
            message = (f"Le SIREN {_spaced(siren)} de ce SIRET appartient à {_describe(holder)}, pas à la "
                       f"commune {of(commune.nom)} (code INSEE {commune.code_insee}, SIREN "
                       f"{_spaced(commune.siren)})." if holder is not None else
                       f"Le SIREN {_spaced(siren)} de ce SIRET n'est celui d'aucune commune ; celui de la "
                       f"commune {of(commune.nom)} (code INSEE {commune.code_insee}) est {_spaced(commune.siren)}.")
            constats.append(Constat("SIRET_AUTRE_COLLECTIVITE", F.ERREUR, "collectivite.siret", message))
        elif c.type == "epci":
            epci = ref.epci(siren)
            if epci is None:
                whose = f"celui de {_describe(holder)}" if holder is not None else "celui d'aucun EPCI connu"
                constats.append(Constat(
                    "SIRET_AUTRE_COLLECTIVITE", F.ERREUR if holder is not None else F.AVERTISSEMENT,
                    "collectivite.siret",
                    f"Le SIREN {_spaced(siren)} de ce SIRET est {whose} ({version}) : vérifiez le SIRET "
                    "ou le type de collectivité.",
                ))
    for index, ecole in enumerate(dossier.ecoles):
        constats += _check_school_commune(ecole, index, ref, epci, commune if c.type == "commune" else None)
    return constats


def _check_type(kind: str, siren: str, holder, version: str) -> Constat | None:
    """The SIREN belongs to a commune while the type says EPCI, syndicat or autre, or to an
    EPCI while the type says commune (or syndicat, autre): the type or the SIRET is wrong."""
    label = COLLECTIVITE_TYPES.get(kind, kind)
    fix = "corrigez le champ « Type » ou le « SIRET »"
    if isinstance(holder, Commune) and kind != "commune":
        return Constat(
            "TYPE_COLLECTIVITE_INCOHERENT", F.ERREUR, "collectivite.type",
            f"Le SIREN {_spaced(siren)} du « SIRET » est celui de la commune {of(holder.nom)} "
            f"({holder.code_insee}) selon le {version}, mais le champ « Type » indique « {label} » : "
            f"choisissez « Commune » si c'est elle qui présente le dossier, sinon {fix}.",
        )
    if isinstance(holder, Epci) and kind != "epci":
        return Constat(
            "TYPE_COLLECTIVITE_INCOHERENT", F.ERREUR if kind == "commune" else F.AVERTISSEMENT,
            "collectivite.type",
            f"Le SIREN {_spaced(siren)} du « SIRET » est celui {of_epci(holder)} (EPCI) selon le {version}, "
            f"mais le champ « Type » indique « {label} » : choisissez « EPCI » si c'est lui qui présente "
            f"le dossier, sinon {fix}.",
        )
    return None


def _check_commune_name(typed: str, commune: Commune, ref) -> list[Constat]:
    """The « Commune » field names another commune than its code INSEE (tolerant of accents,
    case, hyphens, « St »/« Ste » and a leading article; an arrondissement or a former commune
    may carry the name of the commune it belongs to)."""
    if not typed.strip():
        return []
    accepted = {commune.nom}
    owner = ref.commune(commune.rattachement) if commune.rattachement else None
    if owner is not None:
        accepted.add(owner.nom)
    if _name_key(typed) in {_name_key(nom) for nom in accepted}:
        return []
    return [Constat(
        "COMMUNE_NOM_INCOHERENT", F.AVERTISSEMENT, "collectivite.commune",
        f"Le champ « Commune » indique « {typed.strip()[:80]} », mais le code INSEE {commune.code_insee} est "
        f"celui {of_commune(commune.nom)} : corrigez le nom de la commune ou le « Code INSEE ».",
    )]


_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_ARTICLES = ("le", "la", "les", "l")


def _name_key(nom: str) -> tuple[str, ...]:
    """« St-Étienne » and « saint etienne » -> ("saint", "etienne"); a leading article dropped."""
    plain = unicodedata.normalize("NFKD", nom.casefold())
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    plain = plain.replace("œ", "oe").replace("æ", "ae")
    words = [_ABBREVIATIONS.get(word, word) for word in re.split(r"[^0-9a-z]+", plain) if word]
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return tuple(words)


def of_commune(nom: str) -> str:
    """« de la commune de Brioude », « de la commune du Puy-en-Velay »."""
    return f"de la commune {of(nom)}"


def _check_school_commune(ecole: Ecole, index: int, ref, epci, commune) -> list[Constat]:
    if not ecole.code_insee.strip() or insee_problem(ecole.code_insee):
        return []
    chemin = f"ecoles[{index}].code_insee"
    name = school_label(ecole, index)
    found = ref.commune(ecole.code_insee)
    if found is None:
        return [Constat("ECOLE_COMMUNE_INCONNUE", F.AVERTISSEMENT, chemin,
                        f"Aucune commune n'a le code INSEE {ecole.code_insee.strip()} (école {name}) dans le "
                        f"référentiel officiel des communes (version {ref.source.version}) : vérifiez le code.")]
    if epci is not None and not ref.epci_contains(epci, ecole.code_insee):
        return [Constat(
            "ECOLE_HORS_EPCI", F.ERREUR, chemin,
            f"L'école {name} est {at(found.nom)} ({found.code_insee}), qui n'est pas membre {of_epci(epci)} : "
            "un EPCI ne présente que des écoles de ses communes membres.",
        )]
    if commune is not None:
        same = {commune.code_insee}
        if found.code_insee not in same and found.rattachement not in same and commune.rattachement != found.code_insee:
            return [Constat(
                "ECOLE_HORS_COMMUNE", F.AVERTISSEMENT, chemin,
                f"L'école {name} est {at(found.nom)} ({found.code_insee}), pas {at(commune.nom)} : vérifiez "
                "son code INSEE ou la collectivité qui la présente.",
            )]
    return []


def school_label(ecole: Ecole, index: int) -> str:
    """« Name » for messages, or its number in the list while it has no name yet."""
    return f"« {ecole.nom.strip()} »" if ecole.nom.strip() else f"n° {index + 1}"


def plural(count: int, one: str, many: str) -> str:
    """French agreement: plural(2, "une école", "{n} écoles") -> "2 écoles"; 0 and 1 are singular;
    the count in the one French integer format (« 1 200 élèves »)."""
    return (one if abs(count) <= 1 else many).replace("{n}", format_integer(count))


def of(nom: str) -> str:
    """« de Brioude », « du Puy-en-Velay », « des Sables-d'Olonne », « d'Agnat »: French
    contracts de + le/les and elides de before a vowel (not before h, often aspirated)."""
    for article, contracted in (("Le ", "du "), ("Les ", "des ")):
        if nom.startswith(article):
            return contracted + nom[len(article):]
    if nom[:1].upper() in "AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜ":
        return f"d'{nom}"
    return f"de {nom}"


def at(nom: str) -> str:
    """« à Brioude », « au Puy-en-Velay », « aux Sables-d'Olonne »."""
    for article, contracted in (("Le ", "au "), ("Les ", "aux ")):
        if nom.startswith(article):
            return contracted + nom[len(article):]
    return f"à {nom}"


def _describe(holder) -> str:
    if hasattr(holder, "code_insee"):
        return f"la commune {of(holder.nom)} ({holder.code_insee})"
    return f"{epci_named(holder)} (EPCI)"


# The référentiel names an EPCI as the official list abbreviates it (« CA du Puy-en-Velay »);
# a sentence reads it in full, with its article.
_EPCI_KINDS = (("CC ", "la communauté de communes "), ("CA ", "la communauté d'agglomération "),
               ("CU ", "la communauté urbaine "))


def epci_named(epci) -> str:
    """« la communauté d'agglomération du Puy-en-Velay », « la Métropole de Lyon »,
    « l'établissement public territorial Est Ensemble », « Toulouse Métropole » (a proper name
    that takes no article)."""
    nom = epci.nom.strip()
    for short, full in _EPCI_KINDS:
        if nom.startswith(short):
            return full + nom[len(short):]
    if nom.startswith("Métropole "):
        return f"la {nom}"
    if epci.type == "EPT":
        return f"l'établissement public territorial {nom}"
    return nom


def of_epci(epci) -> str:
    """« de la communauté de communes des Sucs », « de Toulouse Métropole »."""
    named = epci_named(epci)
    return f"de {named}" if named.startswith(("la ", "l'")) else of(named)


def _spaced(siren: str) -> str:
    return f"{siren[:3]} {siren[3:6]} {siren[6:]}" if len(siren) == 9 else siren


def _schools_with_equipment(dossier: Dossier) -> list[str]:
    known = {ecole.id for ecole in dossier.ecoles}
    seen: dict[str, None] = {}  # in order of first line; a dict, not a list: 3 000 lines × 60 schools
    for ligne in dossier.lignes:
        if ligne.volet == "equipement" and ligne.ecole in known:
            seen[ligne.ecole] = None
    return list(seen)


def _text_at(dossier: Dossier, chemin: str) -> str:
    """The text at a dotted path: "projet.description", "projet.objectifs" (a further narrative
    field), "collectivite.representant.nom". Anything not a text counts as empty."""
    head, *rest = chemin.split(".")
    value: object = getattr(dossier, head, None)
    for key in rest:
        if value is None:
            break
        if hasattr(value, key):
            value = getattr(value, key)
        elif isinstance(getattr(value, "autres", None), dict):
            value = value.autres.get(key)
        elif isinstance(value, dict):
            value = value.get(key)
        else:
            value = None
    return value if isinstance(value, str) else ""
