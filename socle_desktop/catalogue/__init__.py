"""The one catalogue of the front-ends: the codes the core returns, as French text.

The window and the command line both word states, events, reasons and refusals here; nothing
below gui/ and cli/ builds a French sentence for them (the findings' messages and the PDF,
which are documents, keep theirs).
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from ..app.errors import JobRefused
from ..domain import lifecycle
from ..domain.fingerprints import format_fingerprint
from ..domain.money import format_euros, format_integer
from ..domain.sizes import format_size
from ..domain.text import visible
from .errors import error_text
from .outbox_errors import stored_text
from .reception_errors import REGISTER_ERRORS, register_error  # noqa: F401 (worded there, named here too)

# --- the dossier's life cycle -------------------------------------------------------------------

STATE_LABELS = {
    lifecycle.BROUILLON: "Brouillon",
    lifecycle.COMPLET: "Complet",
    lifecycle.SIGNE: "Signé",
    lifecycle.MODIFIE_APRES_SIGNATURE: "Modifié après signature",
    lifecycle.COPIE_SUR_SUPPORT: "Copié sur support",
    lifecycle.ENVOYE: "Envoyé",
    lifecycle.REMIS: "Remis",
}
TO_FIX = "{state} (à corriger)"


def state_label(state: str, has_errors: bool | None = None) -> str:
    """« Signé », « Brouillon (à corriger) »…; an unknown code is shown as it is."""
    label = STATE_LABELS.get(state, state)
    if has_errors and state == lifecycle.BROUILLON:
        return TO_FIX.format(state=label)
    return label


RECORD_PROBLEMS = {"no_library": "aucune bibliothèque de dossiers n'est ouverte"}


def record_problem(problem) -> str:
    """Why a life-cycle event was not recorded (app.lifecycle.Recorded): a code, or the
    library's own error."""
    if isinstance(problem, BaseException):
        return error_text(problem)
    return RECORD_PROBLEMS.get(problem, problem)


# --- the rules --------------------------------------------------------------------------------------

def parameter_value(parameter) -> str:
    """A rules parameter's value (domain.rules.RuleParameter) as printed: « 50 % », « 20,00 € par élève »."""
    unit, value = parameter.unit, parameter.value
    if unit == "pourcent":
        return f"{value} %"
    if unit == "euros":
        return format_euros(value)
    if unit in ("euros_par_classe", "euros_par_eleve", "euros_par_dossier"):
        per = {"euros_par_classe": "classe", "euros_par_eleve": "élève", "euros_par_dossier": "dossier"}[unit]
        return f"{format_euros(value)} par {per}" if value else "aucun"
    if unit == "ecoles_privees":
        return "éligibles seulement dans une commune sans école publique" if value else "éligibles"
    return str(value)


# --- the outbox ------------------------------------------------------------------------------------

OUTBOX_STATE_LABELS = {
    "en_attente": "en attente",
    "envoi_en_cours": "envoi en cours",
    "envoye": "envoyé",
    "echec": "échec",
    "remis": "remis",
    "copie_sur_support": "copié sur support",
}
OUTBOX_EVENT_LABELS = {
    "ajout": "ajouté à la file", "creation": "dépôt créé sur le serveur", "reprise": "reprise à l'octet",
    "incident": "incident", "envoye": "envoyé", "echec": "échec", "remis": "copie vérifiée sur support",
    "oubli": "dépôt oublié", "nouvel_essai": "nouvel essai demandé",
    "accuse_reception": "accusé de réception du point de réception",
    "accuse_attendu": "accusé de réception attendu (vérification en cours)",
}


def outbox_state_label(state: str) -> str:
    return OUTBOX_STATE_LABELS.get(state, state)


def outbox_event_label(kind: str) -> str:
    return OUTBOX_EVENT_LABELS.get(kind, kind)


def local_time(iso: str | None) -> str:
    """« 27/11/2026 à 21:06 », in the computer's time zone."""
    if not iso:
        return "?"
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return moment.astimezone().strftime("%d/%m/%Y à %H:%M")


def outbox_receipt(entry) -> str:
    """The receipt or status line of a queued bundle (outbox.OutboxEntry)."""
    if entry.state == "envoye":
        text = (f"Envoyé le {local_time(entry.sent_at)} : {format_size(entry.size)} reçus par le "
                f"serveur, adresse du dépôt {entry.upload_url}")
        if entry.handed_over_path:
            text += f" ; copie vérifiée dans {entry.handed_over_path}"
        return text
    if entry.state == "remis":
        return f"Remis le {local_time(entry.handed_over_at)} : copie vérifiée dans {entry.handed_over_path}"
    if entry.state == "copie_sur_support":
        return (f"Copié sur support le {local_time(entry.handed_over_at)} : {entry.handed_over_path}, "
                f"copie relue, empreinte SHA-256 vérifiée ({entry.sha256[:16]}…) ; pas encore remis "
                "(il le sera sur accusé de réception du destinataire)")
    if entry.state == "echec":
        return f"Échec : {stored_text(entry.error)}"
    if entry.offset:
        return f"{format_size(entry.offset)} sur {format_size(entry.size)} déjà reçus par le serveur"
    return "En attente d'envoi"


_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre")


def french_moment(iso: str) -> str:
    """« 2026-12-03T14:05:09+01:00 » -> « 3 décembre 2026 à 14 h 05 », in this computer's time
    zone (the reception point may be in another); a text that is not an ISO 8601 moment is
    shown as it is, made visible."""
    try:
        moment = dt.datetime.fromisoformat(iso.strip())
    except ValueError:
        return visible(iso, 40)
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    day = "1er" if moment.day == 1 else str(moment.day)
    return f"{day} {_MONTHS[moment.month - 1]} {moment.year} à {moment.hour} h {moment.minute:02d}"


def receipt_text(receipt) -> str:
    """The reception point's acknowledgment (outbox.receipt.Receipt); what the server wrote is
    made visible and bounded."""
    verdict = "accepté" if receipt.accepted else "mis de côté"
    return (f"Accusé de réception n° {visible(receipt.number, 80)} du {french_moment(receipt.received_at)} : "
            f"paquet {verdict} ({visible(receipt.detail, 500)}).")


def acknowledgment_text(record: str) -> str:
    """An acknowledgment the outbox kept (Outbox.acknowledgment): its values worded here; an
    older version kept its sentence, shown as it is."""
    from ..outbox.receipt import Receipt  # (the outbox's modules: only where a queue is shown)

    receipt = Receipt.from_record(record)
    return receipt_text(receipt) if receipt is not None else record


OUTBOX_NOTES = {
    "deja_dans_la_file": "ce paquet est déjà dans la file d'envoi{other}.",
    "meme_dossier": "un autre paquet du même dossier est déjà dans la file{other}.",
    "exemple_fictif": ("c'est le dossier d'EXEMPLE FICTIF de socle-desktop : ne l'envoyez pas à un vrai "
                       "serveur de dépôt (retirez-le : « Retirer de la file », ou « outbox remove »)."),
}


def outbox_note(note) -> str:
    """A remark of `Outbox.add` (outbox.queue.Note)."""
    other = f" ({note.entry_id[:8]}, {outbox_state_label(note.state)})" if note.entry_id else ""
    return OUTBOX_NOTES.get(note.code, note.code).format(other=other)


SUPERSEDED_REASONS = {
    "plus_recent_dans_la_file": "remplacé : un paquet plus récent du même dossier est dans la file ({newer})",
    "dossier_modifie": "remplacé : le dossier a été modifié après la signature de ce paquet ; exportez-le à nouveau",
    "dossier_signe_a_nouveau": ("remplacé : le dossier a été modifié et signé à nouveau depuis ce paquet ; "
                                "ajoutez le nouveau paquet à la file"),
}


def superseded_reason(supersession) -> str:
    """Why a queued bundle is an older version of its dossier (outbox.superseded.Supersession)."""
    return SUPERSEDED_REASONS.get(supersession.code, supersession.code).format(newer=supersession.newer_short_id)


SEND_OUTCOMES = {
    "envoye": "envoyé ({size} confirmés par le serveur).",
    "depot_retire": ("envoyé ({size} : le serveur a accusé réception du dernier octet, puis a retiré le "
                     "dépôt terminé de sa liste)."),
    "annule": "envoi interrompu ; il reprendra là où il s'est arrêté.",
    "echec": "échec : {reason}",
}


def send_report_text(report) -> str:
    """What a send did (outbox.SendReport), one line per bundle and a total."""
    from ..domain.completeness import plural  # (it brings the dossier model: not at every start)

    if not report.outcomes:
        return "Rien à envoyer : la file d'envoi ne contient aucun paquet en attente."
    lines = [f"{o.filename} : " + SEND_OUTCOMES.get(o.detail or o.state, o.state).format(
        size=format_size(o.size), reason=error_text(o.reason) if o.reason is not None else "")
        for o in report.outcomes]
    lines.append(plural(report.sent_count, "{n} paquet envoyé", "{n} paquets envoyés") + f" sur {len(report.outcomes)}."
                 + (" Envoi interrompu à la demande." if report.cancelled else ""))
    return "\n".join(lines)


# --- the reception register -------------------------------------------------------------------------

@cache
def _reception_words() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """{status: (one, several)} and {decision: word}; the register's codes are imported here,
    not with this module (sqlite3 is not for the window's first paint)."""
    from ..reception import register as reception

    statuses = {
        reception.VALID: ("valide", "valides"),
        reception.SUPERSEDED: ("remplacé", "remplacés"),
        reception.CONFLICT: ("signataire différent — à confirmer", "signataires différents — à confirmer"),
        reception.SET_ASIDE: ("écarté (autre signataire)", "écartés (autre signataire)"),
        reception.REJECTED: ("rejeté", "rejetés"),
        reception.DRAFT: ("brouillon", "brouillons"),
        reception.EXAMPLE: ("exemple fictif", "exemples fictifs"),
        reception.UNCHECKED: ("non jugé — à renvoyer", "non jugés — à renvoyer"),
    }
    decisions = {reception.RETAINED: "retenu", reception.NOT_RETAINED: "non retenu", "": "à décider"}
    return statuses, decisions


def reception_status(status: str) -> str:
    """A bundle version's status in the register (reception.register.STATUSES)."""
    return _reception_words()[0].get(status, (status, status))[0]


def reception_count(status: str, count: int) -> str:
    """« 2 valides », « 1 rejeté »: how many versions of the register have `status`. Versions in a
    signer conflict are counted as versions: three versions by two certificates are not « 3
    signataires différents »."""
    from ..reception import register as reception

    if status == reception.CONFLICT:
        one, several = ("version de signataire différent — à confirmer",
                        "versions de signataires différents — à confirmer")
    else:
        one, several = _reception_words()[0].get(status, (status, status))
    return f"{format_integer(count)} {one if count <= 1 else several}"


def reception_decision(decision: str) -> str:
    """The agent's decision on a dossier (reception.register.DECISIONS, "" for none yet)."""
    return _reception_words()[1].get(decision, decision)


# --- the line import ------------------------------------------------------------------------------


def line_import_duplicates(import_plan) -> str:
    """A warning when lines to add are already in the dossier (the same file imported twice), or ""."""
    count = import_plan.already_in_dossier
    if not count:
        return ""
    from ..domain.completeness import plural

    same = plural(count, "une ligne à ajouter est identique à une ligne déjà dans le dossier",
                  "{n} lignes à ajouter sont identiques à des lignes déjà dans le dossier")
    return f"Attention : {same} (le même fichier importé deux fois ?) ; elles s'ajouteraient au budget."


def line_import_problem(import_plan) -> str:
    """Why a line import's plan (app.line_import.ImportPlan) cannot be applied, or ""."""
    if import_plan.problem is None:
        return ""
    from .domain_errors import dossier_reason

    return f"le dossier compterait {dossier_reason(import_plan.problem)} Découpez le fichier ou le projet."


# --- the campaign ---------------------------------------------------------------------------------

# Where a campaign file comes from, said wherever one is missing (outbox page, outbox send).
CAMPAIGN_WHERE_FROM = (
    "Le fichier de campagne (.campagne.zip) est publié par votre académie ou le ministère avec "
    "l'appel à projets, et l'empreinte de son signataire par un autre canal (site officiel, "
    "courrier) : importez-le par « Fichier › Importer une campagne » ou "
    "« socle-desktop campagne importer FICHIER ».")


def campaign_deadline(campaign, now: dt.datetime | None = None) -> str:
    """« 31/03/2021 à 23 h 59 — plus que 12 jours »: the hour the académie wrote, with its
    offset from UTC when this computer's clock is not on it (« 23 h 59 (UTC+1) » read on a
    computer in UTC, which would otherwise have shown « 22 h 59 » with no time zone)."""
    deadline = campaign.date_limite
    when = f"{deadline:%d/%m/%Y} à {deadline:%H} h {deadline:%M}"
    if deadline.utcoffset() != deadline.astimezone().utcoffset():
        when += f" ({_utc_offset_text(deadline.utcoffset())})"
    left = campaign.days_left(now)
    if left > 1:
        return f"{when} — plus que {left} jours"
    if left == 1:
        return f"{when} — plus qu'un jour"
    if left == 0:
        return f"{when} — dernier jour"
    return f"{when} — date limite dépassée"


def _utc_offset_text(offset: dt.timedelta | None) -> str:
    """« UTC+1 », « UTC-3:30 », « UTC »."""
    minutes = int((offset or dt.timedelta()).total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def campaign_summary_lines(campaign, now: dt.datetime | None = None) -> list[str]:
    """The campaign as the user reads it (domain.campaign.Campaign: CLI `campagne afficher`, the
    window's tooltip and import dialog)."""
    contact = campaign.contact
    pin = (f"empreinte du certificat du serveur {format_fingerprint(campaign.certificat_sha256)}"
           if campaign.certificat_sha256 else "autorité de certification fournie par la campagne")
    return [
        f"Campagne : {campaign.titre} ({campaign.id})",
        f"Date limite de dépôt : {campaign_deadline(campaign, now)}",
        f"Adresse de dépôt : {campaign.adresse} ({pin})",
        f"Règles : {campaign.regles}",
        "Contact : " + ", ".join(x for x in (contact.get("nom"), contact.get("courriel"), contact.get("telephone"))
                                 if x),
        "Périmètre : " + (", ".join(campaign.academies) or "toutes académies"),
        f"Signataire : {campaign.signer} — {format_fingerprint(campaign.signer_fingerprint)}",
    ]


# --- refusals of the jobs ----------------------------------------------------------------------

def refusal(error: JobRefused) -> str:
    """The French sentence of a job's refusal."""
    return error_text(error)


def import_summary(dossier) -> str:
    """What an import brought, for `import` and the window: « Commune de …, projet « … » :
    2 écoles, 13 lignes, 2 pièces jointes » (names as they are: the front-end makes them printable)."""
    from ..domain.completeness import plural

    collectivite = dossier.collectivite.raison_sociale or "(collectivité sans nom)"
    intitule = f"« {dossier.projet.intitule} »" if dossier.projet.intitule else "(projet sans intitulé)"
    parts = [plural(len(dossier.ecoles), "{n} école", "{n} écoles"),
             plural(len(dossier.lignes), "{n} ligne", "{n} lignes"),
             plural(len(dossier.pieces), "{n} pièce jointe", "{n} pièces jointes")]
    return f"{collectivite}, projet {intitule} : {', '.join(parts)}"
