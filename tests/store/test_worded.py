"""The store's codes worded by the catalogue exactly as the store wrote them before (issue 9):
the errors no other test provokes, the problems of `check`, a damaged library's ways back."""

from __future__ import annotations

import datetime as dt
import errno
from pathlib import Path

import pytest

from socle_desktop.catalogue.errors import error_text
from socle_desktop.catalogue.store_errors import (
    backup_text,
    content_summary,
    content_title,
    recovery_lines,
    recovery_losses,
)
from socle_desktop.store import salvage
from socle_desktop.store.errors import Damage, LibraryDamagedError, LibraryError, StoreNote

DATA = Path("/donnees")
DB = DATA / "bibliotheque.sqlite"
BACKUP = DATA / "sauvegardes" / "bibliotheque-20261127-214012-345-quotidienne.sqlite"
SALVAGED = DATA / "sauvegardes" / "bibliotheque-20261128-090000-000-recuperee.sqlite"


@pytest.mark.parametrize(("error", "french"), [
    (LibraryError("data_dir_is_file", path=DATA),
     "/donnees est un fichier, pas un dossier : le dossier des données doit être un dossier (option --data-dir "
     "ou SOCLE_DATA_DIR)."),
    (LibraryError("library_is_folder", path=DB),
     "/donnees/bibliotheque.sqlite est un dossier, à la place du fichier de la bibliothèque : renommez-le ou "
     "choisissez un autre dossier de données."),
    (LibraryError("library_outdated", what="outbox"),
     "la file d'envoi doit être mise à jour par cette version : ouvrez-la une fois sans qu'une autre fenêtre de "
     "socle-desktop soit ouverte."),
    (LibraryError("library_outdated", what="la file d'envoi"),  # a caller's own words, as they are
     "la file d'envoi doit être mise à jour par cette version : ouvrez-la une fois sans qu'une autre fenêtre de "
     "socle-desktop soit ouverte."),
    (LibraryError("migration_failed", what="library", cause=RuntimeError("coupure"), backup=None),
     "la mise à jour de la bibliothèque a échoué (coupure) ; l'étape en cours a été annulée, les dossiers sont "
     "intacts."),
    (LibraryError("library_busy", seconds=5),
     "la bibliothèque de dossiers est occupée par une autre opération depuis plus de 5 secondes : l'opération "
     "n'a pas été faite, réessayez."),
    (LibraryError("library_not_writable", path=DB, companion=None),
     "la bibliothèque /donnees/bibliotheque.sqlite ne peut pas être modifiée (fichier ou disque en lecture seule)."),
    (LibraryError("library_refused", message="constraint failed"),
     "la bibliothèque a refusé l'opération (constraint failed)."),
    (LibraryError("library_unopenable", path=DB),
     "impossible d'ouvrir la bibliothèque /donnees/bibliotheque.sqlite : fichier illisible, droits insuffisants "
     "ou disque en lecture seule."),
    (LibraryError("data_dir_not_created", path=DATA, os_error=PermissionError(errno.EACCES, "Permission denied")),
     "impossible de créer le dossier des données /donnees (droits insuffisants)."),
    (LibraryError("data_dir_not_writable", path=DATA, os_error=OSError(errno.EROFS, "Read-only file system")),
     "impossible d'écrire dans le dossier des données /donnees (disque ou dossier en lecture seule)."),
    (LibraryError("piece_permission", path=Path("/a/devis.pdf")),
     "lecture refusée (droits insuffisants) : /a/devis.pdf"),
    (LibraryError("piece_unreadable", path=Path("/a/devis.pdf"), os_error=OSError(errno.EIO, "I/O error")),
     "impossible de lire /a/devis.pdf (erreur d'entrée-sortie du disque)."),
    (LibraryError("piece_type_unknown", type="photo", expected=("devis", "autre")),
     "type de pièce « photo » inconnu ; attendu : devis, autre."),
    (LibraryError("item_not_found", table="pieces", item_id="p1"), "aucune pièce « p1 » dans ce dossier."),
    (LibraryError("restore_of_library_itself", path=DB, folder=DATA / "sauvegardes"),
     "/donnees/bibliotheque.sqlite est la bibliothèque elle-même, pas une sauvegarde : choisissez un fichier de "
     "/donnees/sauvegardes."),
    (LibraryError("backup_newer", path=BACKUP),
     f"{BACKUP} vient d'une version plus récente de socle-desktop : cette version ne pourrait pas l'ouvrir ; "
     "rien n'a été restauré."),
    (LibraryDamagedError("library_damaged", database=DB, detail=Damage("sqlite", message="file is not a database")),
     "la bibliothèque de dossiers /donnees/bibliotheque.sqlite est endommagée (ce n'est plus un fichier SQLite "
     "lisible)."),
    (LibraryDamagedError("library_damaged", database=DB, detail=Damage("dossier_unknown_state", dossier_id="d1",
                                                                       state="perdu")),
     "la bibliothèque de dossiers /donnees/bibliotheque.sqlite est endommagée (le dossier d1 a un état inconnu "
     "« perdu »)."),
    (StoreNote("foreign_key_missing", table="lignes", rowid=3, parent="dossiers"),
     "table lignes, ligne 3 : référence vers dossiers absente."),
    (StoreNote("schema_version_wrong", version=3, expected=4), "version du schéma 3 au lieu de 4."),
    (StoreNote("dossier_summary_wrong", dossier_id="d1", stored=150000, computed=None),
     "dossier d1 : le résumé enregistré (1 500,00 €) ne correspond pas au calcul (—)."),
    (StoreNote("dossier_record_damaged", dossier_id="d1", detail=Damage("dossier_incomplete", dossier_id="d1")),
     "dossier d1 : enregistrement incomplet ou illisible (le dossier d1 est incomplet)."),
    (StoreNote("dossier_lost", dossier_id="d1", name=""),
     "dossier d1 (sans nom) : enregistré auparavant, il manque dans la bibliothèque (modifications validées "
     "perdues : fichier -wal effacé, copie remplacée ?). Cherchez-le dans les sauvegardes : socle-desktop check "
     "--restaurer FICHIER."),
    (StoreNote("dossiers_lost", count=2),
     "2 dossiers enregistrés auparavant manquent dans la bibliothèque : lancez « socle-desktop check », qui les "
     "nomme et les compare aux sauvegardes."),
])
def test_each_code_reads_as_before(error, french):
    assert error_text(error).replace("\u202f", " ").replace("\xa0", " ") == french


def _info(dossier_id: str, name: str, modified: dt.datetime, lignes: int = 1) -> salvage.DossierInfo:
    return salvage.DossierInfo(dossier_id, name, "Projet", modified.isoformat(), lignes)


def test_the_ways_back_are_worded_with_their_dates_and_losses():
    when = dt.datetime(2026, 11, 27, 20, 40, tzinfo=dt.UTC)
    local = when.astimezone().strftime("%d/%m/%Y %H:%M")
    salvaged = salvage.LibraryContent(SALVAGED, salvage.SALVAGED, [_info("aaaaaaaa-1", "Commune A", when, 2)],
                                      lost_rows=1)
    backup = salvage.LibraryContent(BACKUP, salvage.BACKUP, [_info("aaaaaaaa-1", "Commune A", when),
                                                             _info("bbbbbbbb-2", "", when)])
    assert content_title(salvaged) == f"état récupéré du fichier endommagé ({SALVAGED.name})"
    assert content_title(backup) == f"sauvegarde du 27/11/2026 à 21:40 ({BACKUP.name})"
    assert backup_text(BACKUP) == f"la sauvegarde du 27/11/2026 à 21:40 ({BACKUP})"
    assert content_summary(salvaged) == (f"état récupéré du fichier endommagé ({SALVAGED.name}) : 1 dossier, "
                                         f"2 lignes, dernière modification le {local} ; un enregistrement "
                                         "illisible perdu")
    assert recovery_lines([salvaged, backup]) == [
        f"1. {content_summary(salvaged)}",
        f"2. sauvegarde du 27/11/2026 à 21:40 ({BACKUP.name}) : 2 dossiers, 2 lignes, dernière modification le "
        f"{local}",
        "Dossier par dossier (date de dernière modification ; « — » : absent) :",
        f"  aaaaaaaa Commune A | 1: {local} | 2: {local}",
        f"  bbbbbbbb (sans nom) | 1: — | 2: {local}",
    ]
    assert recovery_losses(salvaged, [salvaged, backup]) == [
        f"par rapport à « sauvegarde du 27/11/2026 à 21:40 ({BACKUP.name}) », un dossier serait perdu ou plus "
        f"ancien : bbbbbbbb (sans nom) (modifié le {local})."]
    unreadable = salvage.LibraryContent(BACKUP, "la sauvegarde choisie", problem="file is not a database")
    assert content_summary(unreadable) == "la sauvegarde choisie : illisible (file is not a database)"


def test_the_command_lines_last_net_words_a_coded_error(capsys, tmp_path):
    """An unexpected coded error reaches the user's terminal in French, not as its code."""
    import argparse

    from socle_desktop.cli.common import report_unexpected
    from socle_desktop.domain.referentiel import ReferentielError

    error = ReferentielError("referentiel_missing", cause=ValueError("bad gzip"))
    assert report_unexpected(error, argparse.Namespace(data_dir=str(tmp_path))) == 3
    printed = capsys.readouterr().err
    assert ("erreur inattendue (ReferentielError: référentiel des communes introuvable ou illisible : contenu "
            "endommagé)") in printed and "referentiel_missing" not in printed


def test_the_system_reasons_are_worded_in_french_in_one_place():
    """fileio keeps no French (issue 9): report_words says an OSError's reason, for the catalogue
    and for verify's report of a bundle it could not read."""
    from socle_desktop import fileio
    from socle_desktop.catalogue.errors import describe_os_error

    assert not hasattr(fileio, "describe_os_error")
    assert describe_os_error(OSError(errno.ENOSPC, "No space left on device")) == "disque plein"
    assert describe_os_error(OSError(errno.ENOENT, "x")) == "fichier ou dossier introuvable"
    assert describe_os_error(PermissionError()) == "droits insuffisants"
    assert describe_os_error(OSError(99999, "x")) == "erreur du système n° 99999"
    assert describe_os_error(OSError()) == "erreur du système"
