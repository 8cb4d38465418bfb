"""The French wording of the store layer's error codes (see catalogue.errors.error_text).

Each entry: code -> a str.format template over the error's values (after
catalogue.errors.prepared_values adds the derived ones), or a function of those values for a
wording that agrees in number or changes with them.

Also worded here: what the store reports without raising (store.errors.StoreNote: `check`'s
problems, an open library's warnings), what is damaged (store.errors.Damage), the backups'
names, and a damaged library's ways back (store.salvage.LibraryContent).
"""

from __future__ import annotations

import datetime as dt

# SQLite's own words for a damaged file, as the user reads them.
DAMAGE_DETAILS = {
    "database disk image is malformed": "structure interne corrompue",
    "file is not a database": "ce n'est plus un fichier SQLite lisible",
    "migrations_record_inconsistent": "registre des mises à jour absent ou incohérent",
}
MIGRATED = {"library": "la bibliothèque", "outbox": "la file d'envoi"}
ITEMS = {"ecoles": "aucune école", "lignes": "aucune ligne", "pieces": "aucune pièce"}


def _text(value) -> str:
    """A wrapped error or damage as its sentence (a plain text as it is)."""
    from .errors import error_text  # (errors imports this table)

    return error_text(value) if isinstance(value, BaseException) else str(value)


def _plural(count: int, one: str, several: str) -> str:
    from ..domain.completeness import plural  # (the dossier model: only when a count is worded)

    return plural(count, one, several)


def _what(values) -> str:
    return MIGRATED.get(values["what"], values["what"])


def _migration_failed(values) -> str:
    kept = f" ; une copie d'avant la mise à jour est gardée : {values['backup']}" if values.get("backup") else ""
    return (f"la mise à jour de {_what(values)} a échoué ({_text(values['cause'])}) ; l'étape en cours a été "
            f"annulée, les dossiers sont intacts{kept}.")


def _files_lost(values) -> str:
    change = "a disparu" if values["vanished"] else "a été remplacé"
    return (f"le fichier {values['name']} {change} pendant que la bibliothèque était ouverte "
            "(effacé ou copié par un autre programme ?) : plus rien n'est enregistré, "
            "pour ne pas écrire dans un fichier perdu. Les modifications récentes peuvent "
            "manquer : fermez socle-desktop sans rien effacer, puis lancez « socle-desktop "
            "check », qui compare la bibliothèque à ses sauvegardes.")


def _not_writable(values) -> str:
    companion = values.get("companion")
    cause = (f"le fichier {companion} est en lecture seule : fermez toute fenêtre socle-desktop, rendez-le "
             "modifiable ou supprimez-le, puis réessayez") if companion else "fichier ou disque en lecture seule"
    return f"la bibliothèque {values['path']} ne peut pas être modifiée ({cause})."


def _damaged_backups(values) -> str:
    latest = values.get("latest_backup")
    if latest:
        offer = (f"la dernière sauvegarde automatique est {backup_text(latest)} ; "
                 "« socle-desktop check » montre ce que le fichier endommagé contient encore et ce que "
                 "chaque sauvegarde remettrait en place (le fichier endommagé sera mis de côté, jamais effacé).")
    else:
        offer = "aucune sauvegarde automatique n'existe encore ; n'effacez pas ce fichier."
    return f"la bibliothèque de dossiers {values['path']} est endommagée ({_text(values['detail'])}) ; {offer}"


def dossier_description(description) -> str:
    """« Commune de X » — « Projet Y »: a stored dossier (store.dossiers.describe)."""
    return " — ".join(f"« {part} »" for part in description if part) or "sans nom"


def _piece_too_big(values) -> str:
    megabytes = f"{values['size'] / 2**20:.1f}".replace(".", ",")
    return (f"« {values['name']} » pèse {megabytes} Mo : une pièce jointe ne peut pas dépasser "
            f"{values['limit_mo']} Mo ; réduisez-la (PDF compressé, scan en niveaux de gris) ou découpez-la.")


def _euros(centimes) -> str:
    from ..domain.money import format_euros

    return format_euros(centimes) if isinstance(centimes, int) else "—"


def _dossier(values) -> str:
    return f"dossier {values['dossier_id']} ({values.get('name') or 'sans nom'})"


def _referentiel_missing(values) -> str:
    """The shipped table could not be read (referentiel.py): the file and the system's reason in
    French (its strerror and the parsers' messages are English), or « contenu endommagé »."""
    error = values["cause"]
    if isinstance(error, OSError) and error.errno:
        why = f"{getattr(error, 'filename', '') or ''} ({_text(error)})".strip()
    else:
        why = "contenu endommagé" if isinstance(error, (ValueError, EOFError, OSError)) else type(error).__name__
    return f"référentiel des communes introuvable ou illisible : {why}"[:300]


MESSAGES: dict = {
    # --- opening the library (store/database.py, store/library.py)
    "data_dir_is_file": ("{path} est un fichier, pas un dossier : le dossier des données doit être un dossier "
                         "(option --data-dir ou SOCLE_DATA_DIR)."),
    "library_is_folder": ("{path} est un dossier, à la place du fichier de la bibliothèque : renommez-le ou "
                          "choisissez un autre dossier de données."),
    "library_missing": "aucune bibliothèque de dossiers dans {path}.",
    "library_closed": "la bibliothèque de dossiers est fermée.",
    "library_outdated": lambda v: (f"{_what(v)} doit être mise à jour par cette version : ouvrez-la une fois "
                                   "sans qu'une autre fenêtre de socle-desktop soit ouverte."),
    "migration_failed": _migration_failed,
    "library_read_only": ("la bibliothèque est ouverte en lecture seule (une autre fenêtre de socle-desktop "
                          "l'utilise) : la modification n'a pas été faite."),
    "library_files_lost": lambda v: _text(v["detail"]),
    "disk_full": ("le disque est plein : la dernière modification n'a pas été enregistrée ; libérez de la "
                  "place puis recommencez."),
    "library_busy": ("la bibliothèque de dossiers est occupée par une autre opération depuis plus de "
                     "{seconds} secondes : l'opération n'a pas été faite, réessayez."),
    "library_not_writable": _not_writable,
    "library_refused": "la bibliothèque a refusé l'opération ({message}).",
    "library_damaged": lambda v: f"la bibliothèque de dossiers {v['path']} est endommagée ({_text(v['detail'])}).",
    "library_damaged_backups": _damaged_backups,
    "lone_surrogate": ("un texte contient un caractère invalide (Unicode isolé) : la modification n'a pas été "
                       "enregistrée."),
    "library_unopenable": ("impossible d'ouvrir la bibliothèque {path} : fichier illisible, droits insuffisants "
                           "ou disque en lecture seule."),
    "data_dir_not_created": "impossible de créer le dossier des données {path} ({reason}).",
    "data_dir_not_writable": "impossible d'écrire dans le dossier des données {path} ({reason}).",
    "library_locked": ("la bibliothèque de dossiers ({path}) est déjà ouverte par une autre fenêtre ou "
                       "commande socle-desktop ; fermez-la puis réessayez (la consultation reste possible : "
                       "list, show, compute, check)."),
    "not_a_library": ("{path} n'est pas une bibliothèque de socle-desktop (autre base SQLite) : choisissez un "
                      "autre dossier de données."),
    "library_newer": ("la bibliothèque {path} a été créée par une version plus récente de socle-desktop : "
                      "installez cette version pour l'ouvrir (rien n'a été modifié)."),
    # --- what is damaged (store.errors.Damage)
    "files_lost": _files_lost,
    "structure_missing": "il manque une partie de sa structure : {message}",
    "sqlite": lambda v: DAMAGE_DETAILS.get(v["message"], v["message"]),
    "dossier_invalid_value": lambda v: (f"le dossier {v['dossier_id']} contient une valeur invalide : "
                                        f"{_text(v['cause'])}"),
    "dossier_incomplete": "le dossier {dossier_id} est incomplet",
    "dossier_extra_unreadable": "les champs supplémentaires ({where}) du dossier {dossier_id} sont illisibles",
    "dossier_unknown_state": "le dossier {dossier_id} a un état inconnu « {state} »",
    "piece_bytes_mismatch": lambda v: f"le contenu de la pièce {v['sha256'][:12]}… ne correspond plus à son empreinte",
    # --- the dossiers and their pieces (store/dossiers.py, store/pieces.py)
    "dossier_exists": lambda v: (f"la bibliothèque contient déjà ce dossier (identifiant {v['dossier_id']}, "
                                 f"{dossier_description(v['description'])}) : choisissez de le remplacer ou de "
                                 "garder les deux."),
    "dossier_not_found": "aucun dossier « {dossier_id} » dans la bibliothèque.",
    "purge_not_trashed": "seul un dossier mis à la corbeille peut être supprimé définitivement.",
    "dossier_id_ambiguous": "« {prefix} » désigne plusieurs dossiers : donnez plus de caractères de l'identifiant.",
    "item_not_found": lambda v: f"{ITEMS.get(v['table'], v['table'])} « {v['item_id']} » dans ce dossier.",
    "piece_type_unknown": lambda v: f"type de pièce « {v['type']} » inconnu ; attendu : {', '.join(v['expected'])}.",
    "piece_bytes_missing": lambda v: (f"le contenu de la pièce d'empreinte {v['sha256'][:12]}… n'est pas dans la "
                                      "bibliothèque (dossier importé sans ses fichiers) : joignez à nouveau "
                                      "le fichier."),
    "piece_is_folder": "{path} est un dossier : choisissez un fichier à joindre.",
    "piece_not_regular": "{path} n'est pas un fichier ordinaire : il ne peut pas être joint.",
    "piece_not_found": "fichier introuvable : {path}",
    "piece_too_big": _piece_too_big,
    "piece_permission": "lecture refusée (droits insuffisants) : {path}",
    "piece_unreadable": "impossible de lire {path} ({reason}).",
    # --- backups, restoring, warnings (store/maintenance.py)
    "backup_failed": "la sauvegarde n'a pas pu être écrite dans {path} ({reason}) ; les dossiers, eux, sont intacts.",
    "known_list_not_updated": ("la liste des dossiers connus n'a pas pu être mise à jour ({message}) ; "
                               "les dossiers, eux, sont enregistrés."),
    "dossiers_lost": lambda v: _plural(v["count"], "un dossier enregistré auparavant manque",
                                       "{n} dossiers enregistrés auparavant manquent") + (
        " dans la bibliothèque : lancez « socle-desktop check », qui les nomme et les compare aux sauvegardes."),
    "restore_of_library_itself": ("{path} est la bibliothèque elle-même, pas une sauvegarde : choisissez un "
                                  "fichier de {folder}."),
    "restore_failed": "la restauration de {path} a échoué ({reason}) ; rien n'a été effacé.",
    "backup_not_found": "sauvegarde introuvable : {path}",
    "backup_unreadable": "la sauvegarde {path} est elle-même illisible ({message}) : choisissez-en une autre.",
    "backup_not_intact": "{path} n'est pas une sauvegarde intacte de bibliothèque socle-desktop.",
    "backup_newer": ("{path} vient d'une version plus récente de socle-desktop : cette version ne pourrait pas "
                     "l'ouvrir ; rien n'a été restauré."),
    # --- the problems `check` finds (store.errors.StoreNote)
    "sqlite_integrity": "base SQLite : {message}",
    "foreign_key_missing": "table {table}, ligne {rowid} : référence vers {parent} absente.",
    "application_id_wrong": "l'identifiant d'application du fichier n'est pas celui de socle-desktop.",
    "schema_version_wrong": "version du schéma {version} au lieu de {expected}.",
    "piece_content_not_bytes": lambda v: f"pièce jointe {v['sha256'][:12]}… : le contenu n'est plus un fichier.",
    "piece_content_mismatch": lambda v: (f"pièce jointe {v['sha256'][:12]}… : le contenu ne correspond plus à "
                                         "son empreinte."),
    "dossier_record_damaged": lambda v: (f"dossier {v['dossier_id']} : enregistrement incomplet ou illisible "
                                         f"({_text(v['detail'])})."),
    "dossier_invalid": lambda v: f"dossier {v['dossier_id']} : {_text(v['cause'])}",
    "dossier_unreadable": lambda v: f"dossier {v['dossier_id']} : illisible ({_text(v['cause'])})",
    "dossier_order_wrong": "dossier {dossier_id} : l'ordre des {table} est incohérent.",
    "dossier_summary_wrong": lambda v: (f"dossier {v['dossier_id']} : le résumé enregistré ({_euros(v['stored'])}) "
                                        f"ne correspond pas au calcul ({_euros(v['computed'])})."),
    "dossier_piece_size_wrong": ("dossier {dossier_id} : la taille de la pièce « {name} » ne correspond pas à "
                                 "son fichier."),
    "dossier_state_unknown": "dossier {dossier_id} : état « {state} » inconnu.",
    "dossier_date_unreadable": "dossier {dossier_id} : date illisible dans « {column} ».",
    "dossier_lost": lambda v: (f"{_dossier(v)} : enregistré auparavant, il manque dans la bibliothèque "
                               "(modifications validées perdues : fichier -wal effacé, copie remplacée ?). "
                               "Cherchez-le dans les sauvegardes : socle-desktop check --restaurer FICHIER."),
    "dossier_only_in_backup": lambda v: (f"{_dossier(v)} : présent dans {content_title(v['backup'])}, il manque "
                                         "dans la bibliothèque."),
    "dossier_newer_in_backup": lambda v: (f"{_dossier(v)} : {content_title(v['backup'])} en a une version plus "
                                          f"récente (modifiée le {_modified(v['modified'])}) : des modifications "
                                          "validées ont été perdues."),
    # --- the référentiel of communes (referentiel.py: ReferentielError, a broken installation)
    "referentiel_missing": _referentiel_missing,
    # --- the shipped rules files (resources.py: RulesError)
    "rules_file_too_big": "fichier de règles trop volumineux : {path}",
    "rules_edition_unknown": "règles « {edition} » inconnues de cette version de l'application.",
    "rules_file_not_utf8": "fichier de règles illisible : {path} n'est pas un texte UTF-8.",
    "rules_file_unreadable": "fichier de règles illisible : {path}.",
}


# --- backups and the ways back of a damaged library --------------------------------------------

def backup_text(path) -> str:
    """« la sauvegarde du 27/11/2026 à 21:40 (…/bibliotheque-….sqlite) »."""
    from ..store.backups import parse_backup_name

    parsed = parse_backup_name(path)
    if parsed is None:
        return f"la sauvegarde {path}"
    moment, _ = parsed
    return f"la sauvegarde du {moment:%d/%m/%Y à %H:%M} ({path})"


def _modified(iso) -> str:
    """A dossier's stored modification time (ISO 8601), in this computer's time zone."""
    try:
        moment = dt.datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return "date illisible"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


def dossier_label(info) -> str:
    """« 1a2b3c4d Commune de … » (store.salvage.DossierInfo)."""
    name = info.raison_sociale or "(sans nom)"
    if len(name) > 40:
        name = name[:39] + "…"
    return f"{info.id[:8]} {name}"


def content_title(content) -> str:
    """What a way back is (store.salvage.LibraryContent): « état récupéré du fichier endommagé
    (…) », « sauvegarde du 27/11/2026 à 21:40 (…) »; a title a front-end gave, as it is."""
    from ..store import salvage
    from ..store.backups import parse_backup_name

    path = content.path
    if content.kind == salvage.SALVAGED:
        return f"état récupéré du fichier endommagé ({path.name})"
    if content.kind == salvage.BACKUP_FILE:
        return backup_text(path)
    if content.kind == salvage.BACKUP:
        parsed = parse_backup_name(path)
        if parsed is None:
            return f"sauvegarde {path.name}"
        moment, reason = parsed
        kind = "état récupéré le" if reason == salvage.REASON_SALVAGE else "sauvegarde du"
        return f"{kind} {moment:%d/%m/%Y à %H:%M} ({path.name})"
    return content.kind


def content_summary(content) -> str:
    """« sauvegarde du … : 3 dossiers, 40 lignes, dernière modification le … »."""
    title = content_title(content)
    if content.problem:
        return f"{title} : illisible ({content.problem})"
    newest = content.newest
    text = (f"{title} : {_plural(len(content.dossiers), '{n} dossier', '{n} dossiers')}, "
            f"{_plural(content.lignes, '{n} ligne', '{n} lignes')}, dernière modification le "
            f"{_modified(newest.modifie_le) if newest else '—'}")
    if content.lost_rows:
        text += " ; " + _plural(content.lost_rows, "un enregistrement illisible perdu",
                                "{n} enregistrements illisibles perdus")
    return text


def recovery_lines(options, limit: int | None = None) -> list[str]:
    """Lines comparing the ways back (store.salvage.LibraryContent): what each holds, then per
    dossier its date in each (the first `limit` dossiers, salvage.MAX_LISTED by default)."""
    from ..store.salvage import MAX_LISTED

    limit = limit or MAX_LISTED
    lines = [f"{index}. {content_summary(option)}" for index, option in enumerate(options, 1)]
    usable = [option for option in options if option.usable]
    if not usable:
        return lines
    every: dict = {}
    for option in usable:
        for info in option.dossiers:
            every.setdefault(info.id, info)
    lines.append("Dossier par dossier (date de dernière modification ; « — » : absent) :")
    shown = sorted(every.items(), key=lambda item: dossier_label(item[1]))
    if len(shown) > limit:
        lines.append(f"  (les {limit} premiers sur {len(shown)})")
    for dossier_id, info in shown[:limit]:
        dates = []
        for index, option in enumerate(options, 1):
            found = next((d for d in option.dossiers if d.id == dossier_id), None)
            dates.append(f"{index}: {_modified(found.modifie_le) if found else '—'}")
        lines.append(f"  {dossier_label(info)} | " + " | ".join(dates))
    return lines


def recovery_losses(chosen, options) -> list[str]:
    """Lines naming what restoring `chosen` loses compared with every other way back."""
    lines = []
    for option in options:
        if option is chosen or not option.usable:
            continue
        lost = chosen.missing_from(option)
        if lost:
            names = ", ".join(f"{dossier_label(info)} (modifié le {_modified(info.modifie_le)})"
                              for info in lost[:10])
            more = _plural(len(lost) - 10, " et un autre", " et {n} autres") if len(lost) > 10 else ""
            lost_count = _plural(len(lost), "un dossier serait perdu ou plus ancien",
                                 "{n} dossiers seraient perdus ou plus anciens")
            lines.append(f"par rapport à « {content_title(option)} », {lost_count} : {names}{more}.")
    return lines
