"""The French wording of the reception layer's error codes (see catalogue.errors.error_text).

Each entry: code -> a str.format template over the error's values (after
catalogue.errors.prepared_values adds the derived ones), or a function of those values for a
wording that agrees in number or changes with them.

The register's refusals (reception.register.RegisterError: a code, a `detail` naming what was
asked, and for a too-short or ambiguous prefix the dossiers or bundles it starts) are worded by
`register_error`, which the front-ends call with their own way to make a text printable.
"""

from __future__ import annotations

from collections.abc import Callable

REGISTER_ERRORS = {
    "unreadable": "registre de réception illisible : {detail}",
    "not_a_register": "{detail} n'est pas un registre de réception socle-desktop.",
    "newer": "registre créé par une version plus récente de socle-desktop : {detail}",
    "unknown": "aucun dossier ni paquet « {detail} » dans le registre (voir « socle-desktop reception liste »).",
    "ambiguous": "« {detail} » désigne plusieurs dossiers : donnez plus de caractères de l'identifiant.",
    "too_short": "« {detail} » : donnez au moins 6 caractères de l'identifiant du dossier.",
    "no_valid_version": "le dossier {detail} n'a aucune version valide : rien à décider (voir son rapport).",
    "bad_decision": "décision inconnue : {detail}",
    "amount_not_retained": "un dossier non retenu ne reçoit pas de subvention : retirez --montant.",
    "amount_above_asked": "le montant accordé ne peut pas dépasser la subvention demandée.",
    "signer_conflict": "le dossier {detail} a des versions signées par des certificats différents : "
                       "confirmez d'abord le bon signataire (« socle-desktop reception rapport {detail} », "
                       "puis « socle-desktop reception confirmer PAQUET »).",
    "too_short_sha": "« {detail} » : donnez au moins 8 caractères de l'empreinte du paquet.",
    "unknown_sha": "aucun paquet dont l'empreinte commence par « {detail} » (voir « socle-desktop reception liste »).",
    "ambiguous_sha": "« {detail} » désigne plusieurs paquets : donnez plus de caractères de l'empreinte.",
    "not_valid": "le paquet {detail} n'est pas un paquet valide : son signataire ne peut pas être retenu.",
}
NO_NAME = "collectivité sans nom"


def _same(text: str) -> str:
    return text


def register_error(error, shown: Callable[[str], str] = _same) -> str:
    """Why the reception register refused (reception.register.RegisterError: a code and a detail);
    `shown` makes each text from the register printable (the command line's `printable`)."""
    from .errors import prepared_values

    values = prepared_values(getattr(error, "values", {}) or {})
    return _wording(error.code, {**values, "detail": getattr(error, "detail", values.get("detail", ""))}, shown)


def _wording(code: str, values: dict, shown: Callable[[str], str] = _same) -> str:
    detail = shown(str(values.get("detail", "")))
    if code == "unreadable" and values.get("reason"):  # which file, and why (an OSError's French reason)
        detail = f"{detail} ({values['reason']})"
    if code == "newer" and values.get("version") is not None:
        detail = f"{detail} (version {values['version']})"
    text = REGISTER_ERRORS.get(code, "registre de réception : {detail}").format(detail=detail)
    candidates = list(values.get("candidates") or ())
    more = values.get("more") or 0
    if not candidates:
        return text
    if code.endswith("_sha"):  # a bundle's SHA-256: the bundles it starts
        named = [f"{shown(sha)} (dossier {shown(dossier) or '?'}, {shown(name) or NO_NAME})"
                 for sha, dossier, name in candidates]
    else:  # a too-short or ambiguous prefix: the dossiers it starts
        named = [f"{shown(dossier)} ({shown(name) or NO_NAME})" for dossier, name in candidates]
    if more:
        named.append(f"et {more} autre{'s' if more > 1 else ''}")
    which = "de l'empreinte " + ("du paquet " if len(named) == 1 else "des paquets ") if code.endswith("_sha") \
        else "de l'identifiant " + ("du dossier " if len(named) == 1 else "des dossiers ")
    return text.rstrip(".") + " ; c'est le début " + which + ", ".join(named) + "."


def _register_message(code: str):
    return lambda values: _wording(code, values)


MESSAGES: dict = {code: _register_message(code) for code in REGISTER_ERRORS}


# --- the reception point (reception/server.py) ------------------------------------------------------

MESSAGES.update({
    "reception_cannot_open": "impossible d'ouvrir le point de réception sur {host}:{port} ou dans {folder} : {reason}.",
    "reception_tls_pair": ("--certificat et --cle vont ensemble : donnez les deux, ou aucun (HTTP sur la "
                           "boucle locale seulement)."),
    "reception_tls_unusable": ("certificat ou clé du serveur inutilisable ({certfile}, {keyfile}) : un certificat PEM "
                               "et sa clé privée PEM non chiffrée sont attendus."),
    "reception_tls_unreadable": "certificat ou clé du serveur illisible ({certfile}, {keyfile}) : {reason}.",
    "reception_tls_needed": ("sans certificat, le point de réception n'écoute que sur la boucle locale (127.0.0.1) ; "
                             "pour {host}, donnez --certificat et --cle."),
})


def _folders(values: dict) -> str:
    from ..domain.completeness import plural

    resumed = values.get("resumed") or 0
    return (f"Paquets reçus : {values['received']} ; mis de côté : {values['set_aside']} ; "
            f"registre : {values['register']}"
            + (" ; " + plural(resumed, "{n} paquet en attente de vérification repris",
                              "{n} paquets en attente de vérification repris") if resumed else ""))


SERVE_ANNOUNCEMENTS: dict = {
    "reception_listening": "Point de réception à l'écoute : {url}",
    "reception_folders": _folders,
    "reception_filing_failed": ("socle-desktop : vérification de {name} impossible (erreur inattendue, détaillée "
                                "dans le journal des erreurs) ; elle sera refaite au prochain démarrage."),
}


def serve_announcement(code: str, values: dict) -> str:
    """What the reception point tells the agent (reception.server.serve's `announce`)."""
    wording = SERVE_ANNOUNCEMENTS.get(code, code)
    return wording(values) if callable(wording) else wording.format(**values)
