"""Render every view of the window to PNG, offscreen, on a throw-away library holding the demo.

Used by `socle-desktop screenshot --out DIR` (README images) and to look at the window on a
machine without a screen. The user's own library is never touched.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from .app import create_application, make_settings
from .editor import PAGES

FILE_NAMES = {
    "collectivite": "01-collectivite",
    "ecoles": "02-ecoles",
    "equipement": "03-equipement",
    "ressources": "04-ressources",
    "accompagnement": "05-accompagnement",
    "projet": "06-projet",
    "pieces": "07-pieces-jointes",
    "synthese": "08-synthese",
    "controles": "09-controles",
    "export": "10-export-et-signature",
}


def _settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def _without_offscreen_chatter(mode, context, message: str) -> None:
    """The offscreen platform warns, in English, that it ignores window size hints: harmless here."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def take_screenshots(out: Path, size: tuple[int, int] = (1200, 800)) -> list[Path]:
    from ..store import Library
    from .main_window import MainWindow

    qInstallMessageHandler(_without_offscreen_chatter)
    app = create_application()
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="socle-captures-") as scratch:
        folder = Path(scratch)
        library = Library.open(folder)
        try:
            window = MainWindow(library, make_settings(folder))
            window.resize(*size)
            window.show()
            _settle(app)
            written.append(_grab(window, out / "00-bibliotheque-vide.png", app))
            demo_id = window.library_page.import_demo()
            window.library_page.refresh()
            written.append(_grab(window, out / "00-bibliotheque.png", app))
            written.append(_modified_after_signature(window, library, demo_id,
                                                     out / "00-bibliotheque-modifie-apres-signature.png", app))
            _demo_identity(folder, library, demo_id)
            window.open_dossier(demo_id)
            for key, _label in PAGES:
                window.editor.show_page(key)
                written.append(_grab(window, out / f"{FILE_NAMES[key]}.png", app))
            written.append(_findings_example(window, out / "12-controles-avec-constats.png", app))
            written += _line_import_examples(window, folder, out, app)
            written += _on_their_field(window, out, app)
            written.append(_forty_schools(window, library, out / "22-equipement-40-ecoles.png", app))
            written.append(_new_dossier(window, out / "21-nouveau-dossier-a-completer.png", app))
            if window.outbox_page is not None:
                window.show_outbox()
                written.append(_grab(window, out / "11-boite-d-envoi.png", app))
                written.append(_campaign_example(window, folder, out / "13-campagne-date-limite.png", app))
            written += _reception_example(window, out, app, folder)
            written.append(_file_dialog_example(window, folder, out / "16-dialogue-de-fichier.png", app))
            window.close()
        finally:
            library.close()
    return written


def _modified_after_signature(window, library, demo_id: str, path: Path, app: QApplication) -> Path:
    """The library with a copy of the demo signed, then edited: « modifié après signature »."""
    copy_id = library.duplicate(demo_id)
    from ..app import lifecycle
    from ..domain.lifecycle import EXPORTED_SIGNED

    lifecycle.record(library, copy_id, EXPORTED_SIGNED)
    collectivite = library.load(copy_id).collectivite
    collectivite.contact.telephone = "04 71 99 99 99"
    library.update_collectivite(copy_id, collectivite)  # an edit after signing
    window.library_page.refresh()
    shot = _grab(window, path, app)
    library.trash(copy_id)
    window.library_page.refresh()
    return shot


def _demo_identity(folder: Path, library, demo_id: str) -> None:
    """A local identity made for the demo's collectivité and mayor, so that the export page shows
    the identity it picked (its holder, collectivité, SIREN and verification code)."""
    import secrets

    from ..export import identity as identities

    collectivite = library.load(demo_id).collectivite
    path = identities.new_local_identity_path(folder, collectivite)
    identities.create_local_identity(collectivite, secrets.token_urlsafe(16), path)


def _file_dialog_example(window, folder: Path, path: Path, app: QApplication) -> Path:
    """Qt's own file dialog (the one Linux shows without a desktop's native dialog), as « Importer
    un dossier » opens it: every word of it must be French (Qt's qtbase_fr catalogue)."""
    from PySide6.QtWidgets import QFileDialog

    (folder / "exemple-dossier.json").write_text("{}", encoding="utf-8")
    translate = QCoreApplication.translate  # the words of library_page's « Importer un dossier »
    dialog = QFileDialog(window, translate("LibraryPage", "Importer un dossier"), str(folder),
                         translate("LibraryPage", "Dossiers socle (*.json)"))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.resize(900, 560)
    dialog.show()  # not exec(): nothing waits for a click
    try:
        _settle(app)
        dialog.grab().save(str(path), "PNG")
    finally:
        dialog.close()
        dialog.deleteLater()
    return path


def _line_import_examples(window, folder: Path, out: Path, app: QApplication) -> list[Path]:
    """« Importer des lignes… » on the Équipement page: the column mapping of a supplier's file
    whose headers are not recognised, then the report of a French Excel CSV (refused rows, a
    school the dossier lacks). Both dialogs are cancelled: the demo is left as it was."""
    from .line_import import ask_and_import

    window.editor.show_page("equipement")
    page = window.editor.pages["equipement"]
    odd = folder / "devis-fournisseur.csv"
    odd.write_text("Devis n° 2021-0142 — Numéri'Fournitures;;;;\nRéf.;Article fournisseur;Nb;Prix net;Site\n"
                   "VP-884;Vidéoprojecteur focale courte;4;1 250,00;0439901D\n"
                   "PC-15;Ordinateur portable enseignant;4;689,00;0439901D\n"
                   "VZ-02;Visualiseur USB;2;89,90;0439902E\n", encoding="utf-8")
    excel = folder / "plan-equipement.csv"
    excel.write_bytes(("Plan d'équipement 2021;;;;;\r\n;;;;;\r\n"
                       "Désignation;Qté;PU HT;TVA;UAI;École\r\n"
                       "Vidéoprojecteur focale courte;4;1 250,00 €;20 %;0439901D;Les Tilleuls\r\n"
                       "Tablette;deux;300;20;0439901D;Les Tilleuls\r\n"
                       "Classe mobile (16 tablettes);1;5 800,00;20;0439931L;École du Bourg\r\n"
                       "Borne wifi;2;240,00;20;0439931L;École du Bourg\r\n"
                       "Câble HDMI 10 m;3;12,50;7;0439902E;Hameau de la Côte\r\n").encode("cp1252"))
    shots = []
    for path, name in ((odd, "17-import-lignes-colonnes.png"), (excel, "18-import-lignes-rapport.png")):
        dialog = ask_and_import(page, str(path))
        while dialog.thread is not None:
            dialog.thread.wait(100)
            app.processEvents()
        if dialog.pages.currentIndex() == dialog.MAPPING:
            for column, field in enumerate((None, "libelle", "quantite", "prix_unitaire_ht", "uai")):  # as a user would
                dialog.set_field(column, field)
        _settle(app)
        dialog.grab().save(str(out / name), "PNG")
        shots.append(out / name)
        dialog.reject()
        dialog.deleteLater()
    return shots


def _findings_example(window, path: Path, app: QApplication) -> Path:
    """Contrôles as it looks with mistakes in it (a wrong SIRET, an empty school), then undone."""
    from .session import COLLECTIVITE

    session = window.session
    session.edit(COLLECTIVITE, None, "siret", "21439999000017")
    session.add_ecole()
    window.editor.show_page("controles")
    shot = _grab(window, path, app)
    while session.undo_stack.canUndo():
        session.undo_stack.undo()
    return shot


def _campaign_example(window, folder: Path, path: Path, app: QApplication) -> Path:
    """The outbox once an (example) campaign file is imported: the deadline and the days left."""
    import datetime as dt

    from ..app.campaign import import_campaign
    from ..export.campaign import write_campaign
    from ..export.identity import self_signed_identity
    from ..resources import resource_path

    signer = self_signed_identity(common_name="Rectorat de l'académie d'Exemple (EXEMPLE)",
                                  organization="Académie d'Exemple (EXEMPLE FICTIF)", title="Recteur", kind="demo")
    deadline = (dt.datetime.now(dt.timezone(dt.timedelta(hours=1))) + dt.timedelta(days=24)).replace(
        hour=23, minute=59, second=0, microsecond=0)
    data = {
        "format": "socle-campagne", "version_format": 1, "id": "snee-2021-exemple",
        "titre": "Socle numérique dans les écoles élémentaires — académie d'Exemple", "regles": "snee-2021",
        "depot": {"adresse": "https://depot.ac-exemple.invalid/files/", "certificat_sha256": "5e" * 32},
        "date_limite": deadline.isoformat(),
        "contact": {"nom": "DANE de l'académie d'Exemple", "courriel": "dane@ac-exemple.invalid",
                    "telephone": "01 23 45 67 89"},
        "perimetre": {"academies": ["Exemple"]},
    }
    campaign_file = write_campaign(data, resource_path("rules", "snee-2021.toml").read_bytes(), signer,
                                   folder / "campagne")
    window._campaign_imported(import_campaign(window.library.data_dir, campaign_file, signer.fingerprint_sha256))
    window.show_outbox()
    return _grab(window, path, app)


# Where the sample bundles of the Réception captures come from: real communes (the chart shows
# real département names), the demo's content; the bundles say they are examples.
RECEPTION_SAMPLES = (("43157", 1), ("43040", 2), ("15014", 1), ("63113", 2))


def _siret_of(siren: str) -> str:
    """A valid SIRET of this SIREN (the first establishment number the Luhn key accepts)."""
    from stdnum.fr import siret

    return next(f"{siren}{nic:05d}" for nic in range(1, 100_000) if siret.is_valid(f"{siren}{nic:05d}"))


def _reception_example(window, out: Path, app: QApplication, scratch: Path) -> list[Path]:
    """Réception with a few received bundles (one of them damaged), one decided, and its chart."""
    import dataclasses
    import datetime as dt
    import uuid

    from cryptography.hazmat.primitives.asymmetric import rsa

    from .. import referentiel
    from ..export import export_dossier
    from ..export.demo import demo_dossier, demo_piece_bytes
    from ..export.identity import self_signed_identity
    from ..reception.batch import verify_folder
    from ..reception.register import RETAINED, Register, register_path

    received = scratch / "paquets-recus"
    received.mkdir()
    when = dt.datetime(2021, 4, 9, 10, 0, tzinfo=dt.UTC)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    demo = demo_dossier()
    for index, (code_insee, copies) in enumerate(RECEPTION_SAMPLES):
        # Each sample is the real commune's (its SIREN, so the référentiel finds no other
        # collectivité's SIRET), signed by a demonstration identity of that SIREN.
        commune = referentiel.get().commune(code_insee)
        raison_sociale = f"Commune de {commune.nom} (EXEMPLE FICTIF)"
        identity = self_signed_identity(
            common_name=demo.collectivite.representant.nom, organization=raison_sociale,
            title=demo.collectivite.representant.qualite, siren=commune.siren,
            unit="IDENTITÉ DE DÉMONSTRATION, sans valeur", kind="demo", now=when, key=key)
        dossier = dataclasses.replace(demo, id=str(uuid.UUID(int=(index + 1) * 0x9E3779B97F4A7C15F39CC0605CEDC835
                                                                 % 2**128, version=4)),
                                      collectivite=dataclasses.replace(
                                          demo.collectivite, code_insee=code_insee, raison_sociale=raison_sociale,
                                          siret=_siret_of(commune.siren)),
                                      ecoles=[dataclasses.replace(ecole, code_insee=code_insee, commune=commune.nom)
                                              for ecole in demo.ecoles[:copies]])
        dossier.lignes = [line for line in demo.lignes if line.ecole is None or dossier.ecole_by_id(line.ecole)]
        result = export_dossier(dossier, out_dir=received / str(index), identity=identity,
                                piece_bytes=demo_piece_bytes, signing_time=when)
        if index == 0:  # the same bundle once more, cut in transfer
            data = result.bundle_path.read_bytes()
            (received / "copie-tronquee.zip").write_bytes(data[: len(data) // 2])
            # A « newer version » by someone who made his own certificate with the same names
            # (issue 13): shown « signataire différent — à confirmer », the genuine one not replaced.
            forger = self_signed_identity(
                common_name=demo.collectivite.representant.nom, organization=raison_sociale,
                title=demo.collectivite.representant.qualite, siren=commune.siren,
                unit="IDENTITÉ DE DÉMONSTRATION, sans valeur", kind="demo", now=when)
            export_dossier(dossier, out_dir=received / "autre-signataire", identity=forger,
                           piece_bytes=demo_piece_bytes, signing_time=when + dt.timedelta(days=2))
    with Register(register_path(window.library.data_dir)) as register:
        verify_folder(register, received, workers=1)
        first = register.entries(current_only=True)[0]
        register.decide(first.dossier_id, RETAINED)
    window.show_reception()
    page = window.reception_page
    page.refresh()
    page.wait_listed()  # the register is read in a worker thread
    page.table.selectRow(0)
    shots = [_grab(window, out / "14-reception.png", app)]
    page.tabs.setCurrentIndex(1)
    if page.summary_thread is not None:
        page.summary_thread.wait(60_000)
        app.processEvents()  # the figures reach the chart
    shots.append(_grab(window, out / "15-reception-synthese-departements.png", app))
    page.tabs.setCurrentIndex(0)
    window.show_library()
    return shots


def _on_their_field(window, out: Path, app: QApplication) -> list[Path]:
    """Findings where they are fixed: a SIRET of another commune under the SIRET field, and a
    school below the equipment minimum on a line of its own on Écoles, with its link; undone."""
    from .session import COLLECTIVITE, LIGNE

    session = window.session
    shots = []
    session.edit(COLLECTIVITE, None, "code_insee", "43001")  # Agnat (Haute-Loire)
    session.edit(COLLECTIVITE, None, "siret", "21430002200016")  # Aiguilhe's town hall
    window.editor.show_page("collectivite")
    shots.append(_grab(window, out / "19-constat-sur-son-champ.png", app))
    second = session.dossier.ecoles[1].id
    for ligne in [ligne for ligne in session.dossier.lignes if ligne.ecole == second and ligne.volet == "equipement"]:
        session.edit(LIGNE, ligne.id, "quantite", 0)
    window.editor.show_page("ecoles")
    shots.append(_grab(window, out / "20-ecoles-equipement-a-revoir.png", app))
    while session.undo_stack.canUndo():
        session.undo_stack.undo()
    return shots


# An EPCI's schools: the names an agent types share their start and run to 50–65 characters.
_PEOPLE = ("Jean-de-La-Fontaine", "Jules-Ferry", "Marie-Curie", "Victor-Hugo", "Louis-Pasteur",
           "Jacques-Prévert", "Paul-Éluard", "Jean-Moulin", "Simone-Veil", "Georges-Brassens")
_PLACES = ("du Haut-Exemple", "du Bas-Exemple", "de Val-d'Exemple", "de Mont-Exemple")
_EQUIPMENT = (("videoprojecteur", "Vidéoprojecteur interactif à focale courte, pose comprise", 125_000),
              ("ordinateur_enseignant", "Ordinateur portable enseignant 14 pouces", 72_000),
              ("classe_mobile", "Tablettes pour classe mobile (avec coques)", 38_900),
              ("visualiseur", "Visualiseur USB", 9_500),
              ("direction_copieur", "Copieur-imprimante-scanner en réseau pour la direction", 198_000))


def forty_schools_dossier(count: int = 40):
    """The demo's collectivité as an EPCI with `count` schools whose names share their start
    (« École élémentaire publique Jean-de-La-Fontaine du Haut-Exemple »), four equipment
    lines each: the Équipement page as an EPCI agent sees it (issue 11)."""
    import dataclasses
    import uuid

    from ..domain.identifiers import uai_check_letter
    from ..domain.model import Ecole, Ligne
    from ..export.demo import demo_dossier

    demo = demo_dossier()
    ecoles, lignes = [], []
    for index in range(count):
        person, place = _PEOPLE[index % len(_PEOPLE)], _PLACES[index // len(_PEOPLE) % len(_PLACES)]
        kind = "primaire publique" if index % 3 == 2 else "élémentaire publique"
        digits = f"{4391000 + index:07d}"
        ecole = Ecole(id=str(uuid.UUID(int=0xEC01E000 + index, version=4)), nom=f"École {kind} {person} {place}",
                      uai=digits + uai_check_letter(digits), code_insee=demo.ecoles[0].code_insee,
                      commune=demo.ecoles[0].commune, nb_classes=4, nb_eleves=90)
        ecoles.append(ecole)
        for rank, (categorie, libelle, price) in enumerate(_EQUIPMENT[:3] + _EQUIPMENT[3 + index % 2:4 + index % 2]):
            lignes.append(Ligne(volet="equipement", categorie=categorie, ecole=ecole.id, libelle=libelle,
                                quantite=4, prix_unitaire_ht_centimes=price, taux_tva="20",
                                id=str(uuid.UUID(int=0x11E0000 + index * 8 + rank, version=4))))
    collectivite = dataclasses.replace(demo.collectivite, type="epci",
                                       raison_sociale="Communauté de communes du Pays d'Exemple (EXEMPLE FICTIF)")
    projet = dataclasses.replace(demo.projet, intitule=f"Équiper les {count} écoles du Pays d'Exemple")
    return dataclasses.replace(demo, id=str(uuid.UUID(int=0x40EC01E5, version=4)), collectivite=collectivite,
                               ecoles=ecoles, lignes=lignes, projet=projet, pieces=[])


def _forty_schools(window, library, path: Path, app: QApplication) -> Path:
    """Équipement of a 40-school dossier whose names share their start: each row can be told apart."""
    dossier_id = library.create(forty_schools_dossier())
    window.open_dossier(dossier_id)
    window.editor.show_page("equipement")
    return _grab(window, path, app)


def _new_dossier(window, path: Path, app: QApplication) -> Path:
    """A new, untouched dossier: what is left « à compléter », in a neutral style."""
    window.show_library()
    window.library_page.new_dossier()
    window.editor.show_page("collectivite")
    return _grab(window, path, app)


def _grab(window, path: Path, app: QApplication) -> Path:
    _settle(app)
    window.grab().save(str(path), "PNG")
    return path
