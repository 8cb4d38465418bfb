"""The French wording of the outbox layer's error codes (see catalogue.errors.error_text).

Each entry: code -> a str.format template over the error's values (after
catalogue.errors.prepared_values adds the derived ones), or a function of those values for a
wording that agrees in number or changes with them.

The queue keeps its reasons (a failure, an incident, a forgotten upload) as codes and values
(outbox/reasons.py): `stored_text` words one when it is shown; a sentence an older version
stored is shown as it is.
"""

from __future__ import annotations

import math

from ..domain.money import format_integer

# --- why a database write failed (outbox.queue.database_write_problem's codes) ----------------------

DATABASE_PROBLEMS = {
    "disk_full": "disque plein (libérez de la place puis recommencez)",
    "read_only": "la base de données est en lecture seule",
    "io_error": "erreur d'entrée-sortie du disque",
    "busy": "la base de données est occupée par un autre programme",
    "damaged": "la base de données est endommagée (« socle-desktop check » la vérifie)",
}


def database_problem(error: BaseException) -> str | None:
    """Why a database write failed for a reason of the machine, in French (no final period), or
    None for any other error (a bug: let it be seen)."""
    from ..outbox.queue import DB_LIBRARY, DB_SYSTEM, database_write_problem
    from .errors import error_text

    code = database_write_problem(error)
    if code is None:
        return None
    if code in (DB_LIBRARY, DB_SYSTEM):  # the store's own error, an OSError: their own reason
        return error_text(error).rstrip(".")
    return DATABASE_PROBLEMS[code]


def _cause(values: dict) -> str:
    from .errors import error_text

    return error_text(values["cause"])


def _not_added(values: dict) -> str:
    problem = database_problem(values["cause"]) or _cause(values).rstrip(".")
    return f"{values['filename']} n'a pas été ajouté à la file d'envoi : {problem} ; rien n'a été enregistré."


# --- the queue ---------------------------------------------------------------------------------------

def _prefix_problem(values: dict, too_short: bool) -> str:
    """A too-short or ambiguous prefix: said as such, with the bundles it starts."""
    from ..domain.completeness import plural
    from ..domain.identifiers import distinct_prefix_length

    entry_id, candidates, count = values["entry_id"], values["candidates"], values["count"]
    width = distinct_prefix_length([entry for entry, _ in candidates], max(8, len(entry_id)))
    named = ", ".join(f"{entry[:width]} ({filename})" for entry, filename in candidates)
    if count > len(candidates):
        named += plural(count - len(candidates), " et un autre", " et {n} autres")
    if too_short:
        start = (f"« {entry_id} » est trop court pour désigner un paquet de la file d'envoi : donnez "
                 f"ses {values['minimum']} premiers caractères au moins")
    else:
        start = f"« {entry_id} » désigne plusieurs paquets de la file d'envoi : donnez plus de caractères"
    which = "du paquet" if count == 1 else f"des {format_integer(count)} paquets"
    return f"{start} ; c'est le début de l'identifiant {which} {named}."


def _verification_failed(values: dict) -> str:
    failed = [f"{label}" + (f" ({detail})" if detail else "") for label, detail in values["failed"]]
    reason = " ; ".join(failed[:3]) or "vérification échouée"
    return f"paquet refusé : la vérification de {values['filename']} a échoué : {reason}."


# --- the transport (outbox/tus.py, outbox/sender.py) -------------------------------------------------

STEPS = {"create": "la création du dépôt", "resume": "la reprise", "send": "l'envoi"}


def _step(values: dict) -> str:
    return STEPS.get(values["step"], values["step"])


def _seconds(value) -> str:
    value = value or 0
    if value >= 120 and value % 60 == 0:
        return f"{format_integer(int(value // 60))} min"
    return f"{format_integer(math.ceil(value))} s"


def _shown_url(url: str) -> str:
    """A server-given URL, bounded and without control characters (it reaches the terminal)."""
    cleaned = "".join(c if c.isprintable() else "\ufffd" for c in url)
    return cleaned if len(cleaned) <= 120 else cleaned[:119] + "…"


def _untrustworthy(what: str):
    def wording(values: dict) -> str:
        shown = {name: format_integer(value) if isinstance(value, int) else value for name, value in values.items()}
        return (f"le serveur {values['server']} n'est pas fiable : {what.format(**shown)}. Envoi arrêté ; "
                "le paquet n'est pas marqué envoyé.")
    return wording


def _gave_up(values: dict) -> str:
    return f"{_cause(values).rstrip('.')} ({values['tries']} essai(s) sans succès)."


def _offset_mismatch(values: dict) -> str:
    answered = values["answered"] if values["answered"] is not None else "absent"
    return (f"le serveur {values['server']} a répondu un décalage incohérent "
            f"({answered} au lieu de {values['expected']}).")


# --- the settings ------------------------------------------------------------------------------------

def _settings_unreadable(values: dict) -> str:
    return f"réglages d'envoi illisibles ({values['path']}) : {_cause(values)} ; valeurs par défaut utilisées."


MESSAGES: dict = {
    # the queue (outbox/queue.py, outbox/handover.py, app/sending.py)
    "outbox_reopen_failed": _cause,
    "outbox_read_only": ("la bibliothèque est ouverte en lecture seule (la fenêtre de socle-desktop est-elle "
                         "ouverte ?) : la file d'envoi ne peut pas changer."),
    "entry_not_found": "aucun paquet « {entry_id} » dans la file d'envoi.",
    "entry_prefix_too_short": lambda values: _prefix_problem(values, too_short=True),
    "entry_prefix_ambiguous": lambda values: _prefix_problem(values, too_short=False),
    "entry_sent_stays": "{filename} a été envoyé : il reste dans la file, avec son reçu.",
    "entry_being_sent": "{filename} est en cours d'envoi : annulez l'envoi d'abord.",
    "bundle_not_added": _not_added,
    "bundle_not_found": "paquet introuvable : {path}",
    "bundle_not_a_file": "{path} n'est pas un fichier de paquet (.zip).",
    "bundle_permission": "lecture refusée (droits insuffisants) : {path}",
    "bundle_copy_failed": "impossible de copier {path} : {reason}",
    "bundle_unverifiable": lambda values: f"paquet refusé : {values['filename']} n'a pas pu être vérifié "
                                          f"({_cause(values)}).",
    "bundle_unchecked": "{filename} n'a pas été mis dans la file : {unchecked}",
    "bundle_verification_failed": _verification_failed,
    "bundle_draft": ("paquet refusé : {filename} est un brouillon (le dossier contient des erreurs) ; "
                     "corrigez le dossier puis exportez-le à nouveau."),
    "event_added": lambda values: (f"{values['source']} ({format_integer(values['size'])} octets, "
                                   f"sha256 {values['sha256']})"),
    "handover_folder_missing": "dossier de destination introuvable : {folder}",
    "handover_copy_failed": "copie impossible vers {folder} : {reason}.",
    "handover_copy_differs": ("la copie relue dans {folder} ne correspond pas au paquet (empreinte différente) ; "
                              "le support est peut-être défectueux."),
    "handover_names_exhausted": "trop de fichiers du même nom dans {folder}.",
    "handover_superseded": ("{filename} est une version plus ancienne de son dossier : il n'est copié qu'après "
                            "confirmation ; rien n'a été copié."),
    # the transport (outbox/tus.py)
    "tus_no_location": "le serveur n'a pas donné l'adresse du dépôt (en-tête Location absent).",
    "tus_off_origin": lambda values: (
        f"le serveur {values['server']} a désigné pour le dépôt une adresse hors de son origine "
        f"({_shown_url(values['url'])}) : envoi refusé, rien n'a été transmis. Seule une adresse de la forme "
        f"{values['scheme']}://{values['server']}/… est acceptée."),
    "upload_gone": "le serveur ne connaît plus ce dépôt inachevé.",
    "tus_no_offset": "réponse du serveur sans Upload-Offset.",
    "tus_offset_mismatch": _offset_mismatch,
    "tus_no_answer": "le serveur {server} ne répond pas (délai dépassé).",
    "tus_certificate_refused": "certificat du serveur refusé : la connexion n'est pas sûre.",
    "tus_cannot_connect": "connexion impossible au serveur d'envoi.",
    "tus_connection_cut": "connexion interrompue pendant l'échange avec le serveur.",
    "tus_version": "le serveur ne parle pas la version {version} du protocole tus.",
    "send_too_slow": lambda values: (
        f"le serveur {values['server']} est trop lent : l'envoi de ce paquet n'a pas abouti dans le délai "
        f"total de {_seconds(values['seconds'])} ; il reprendra là où il s'est arrêté."),
    "request_too_slow": lambda values: (
        f"le serveur {values['server']} est trop lent : une requête n'a pas abouti dans le délai total "
        f"de {_seconds(values['seconds'])}."),
    "bundle_shrank": "le fichier du paquet a raccourci pendant l'envoi.",
    "tus_too_large": "le serveur refuse ce paquet : il dépasse la taille qu'il accepte.",
    "tus_unauthorized": lambda values: f"le serveur refuse {_step(values)} (accès non autorisé, code "
                                       f"{values['code_http']}).",
    "tus_unavailable": lambda values: f"le serveur est indisponible pour {_step(values)} (code {values['code_http']}).",
    "tus_refused": lambda values: f"le serveur a refusé {_step(values)} (code {values['code_http']}).",
    # the sender (outbox/sender.py)
    "upload_url_off_origin": "adresse de dépôt hors de l'origine du serveur, abandonnée : {url}",
    "upload_endpoint_changed": ("le serveur de dépôt a changé ({endpoint}) : l'envoi commencé vers {former} "
                                "est abandonné et reprend depuis le début vers le nouveau serveur."),
    "server_holds_less": lambda values: (f"le serveur n'a que {format_integer(values['held'])} octets sur "
                                         f"{format_integer(values['size'])}."),
    "upload_other_size": lambda values: (f"le dépôt du serveur n'a pas la taille du paquet "
                                         f"({format_integer(values['length'])} octets)."),
    "liar_size_changed": _untrustworthy("son dépôt mesure désormais {length} octets au lieu de {size}"),
    "liar_size": _untrustworthy("son dépôt mesure {length} octets au lieu de {size}"),
    "liar_claim": _untrustworthy("il annonce {offset} octets reçus alors que {sent} seulement ont été envoyés"),
    "gave_up": _gave_up,
    "stored_copy_altered": "la copie du paquet dans la file a été altérée ({path}) : exportez-le à nouveau.",
    "stored_copy_unreadable": "la copie du paquet dans la file est illisible ({path}) : {reason}.",
    # the settings (outbox/settings.py)
    "endpoint_unreadable": "adresse d'envoi invalide : {url!r}.",
    "endpoint_not_https": "adresse d'envoi invalide : {url!r} (une adresse https://… est attendue).",
    "endpoint_unencrypted": ("adresse d'envoi refusée : {url} n'est pas chiffrée ; "
                             "seule une adresse https:// est acceptée."),
    "settings_unreadable": _settings_unreadable,
    "settings_not_an_object": "réglages d'envoi illisibles ({path}) ; valeurs par défaut utilisées.",
    "endpoint_ignored": lambda values: f"adresse d'envoi ignorée : {_cause(values)}",
}


def stored_text(text: str | None) -> str:
    """A reason the queue kept (an entry's error, an event's detail): its code worded here; a
    sentence an older version stored, as it is."""
    from ..outbox.reasons import from_record
    from .errors import error_text

    error = from_record(text)
    return error_text(error) if error is not None else (text or "")
