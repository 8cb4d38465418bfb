"""Nothing is lost: a failed save, a locked library, drag and drop, the keyboard alone."""

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from socle_desktop.store import LibraryError


def test_a_failed_save_is_said_once_kept_on_screen_and_saved_later(app, qtbot, dialogs, monkeypatch):
    qtbot.mouseClick(app.window.library_page.new_button, Qt.LeftButton)
    session = app.window.session

    def refuse(*args, **kwargs):
        raise LibraryError("disk_full")  # worded by the catalogue: « le disque est plein : … »

    monkeypatch.setattr(app.library, "update_collectivite", refuse)
    monkeypatch.setattr(app.library, "save", refuse)
    field = app.window.editor.pages["collectivite"].fields["commune"]
    field.setFocus()
    for char in "Brioude":
        field.insert(char)
        field.textEdited.emit(field.text())
    assert session.dossier.collectivite.commune == "Brioude"
    assert app.window.saved_label.text() == "Non enregistré"
    (text,) = dialogs.texts("warning")  # once, not once per keystroke
    assert "le disque est plein" in text and "Enregistrer une copie JSON" in text and "disk_full" not in text

    monkeypatch.undo()
    ecole = session.add_ecole()  # the next save writes the whole dossier
    assert app.window.saved_label.text().startswith("Enregistré")
    dossier_id = session.dossier_id
    app.restart()
    stored = app.library.load(dossier_id)
    assert stored.collectivite.commune == "Brioude" and stored.ecoles[0].id == ecole.id


def test_a_library_open_elsewhere_gets_a_french_explanation(app, dialogs):
    from socle_desktop.gui.app import open_library

    assert open_library(app.data_dir) is None
    (text,) = dialogs.texts("critical")
    assert "Fermez l'autre fenêtre" in text


def test_files_dropped_on_the_page_are_attached(app, qtbot, tmp_path):
    image = tmp_path / "plan.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    qtbot.mouseClick(app.window.library_page.new_button, Qt.LeftButton)
    page = app.window.editor.pages["pieces"]
    app.window.editor.show_page("pieces")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(image))])
    drop = QDropEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    page.dropEvent(drop)
    qtbot.waitUntil(lambda: len(app.window.session.dossier.pieces) == 1)
    assert [p.nom for p in app.window.session.dossier.pieces] == ["plan.png"]
    assert page.table.item(0, 0).text() == "plan.png"


def test_the_keyboard_alone_reaches_every_page(app, qtbot):
    qtbot.mouseClick(app.window.library_page.new_button, Qt.LeftButton)
    editor = app.window.editor
    seen = []
    for number in range(1, 11):
        qtbot.keyClick(app.window, Qt.Key(Qt.Key_0 + number % 10), Qt.ControlModifier)
        seen.append(editor.current_key())
    assert seen == ["collectivite", "ecoles", "equipement", "ressources", "accompagnement", "projet",
                    "pieces", "synthese", "controles", "export"]
    qtbot.keyClick(app.window, Qt.Key_PageDown, Qt.ControlModifier)
    assert editor.current_key() == "collectivite"
    editor.navigation.setFocus()
    qtbot.keyClick(editor.navigation, Qt.Key_Down)
    assert editor.current_key() == "ecoles"


def test_delete_key_sends_the_selected_dossier_to_the_trash(app, qtbot):
    page = app.window.library_page
    qtbot.mouseClick(page.demo_button, Qt.LeftButton)
    app.window.show_library()
    page.table.selectRow(0)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key_Delete)
    assert page.table.rowCount() == 0 and len(app.library.list_trash()) == 1


def test_a_dossier_of_unknown_rules_is_listed_and_refused_with_a_reason(app, qtbot, dialogs):
    import json

    from socle_desktop.resources import resource_path

    data = json.loads(resource_path("demo", "demo-dossier.json").read_text(encoding="utf-8"))
    data["regles"] = "snee-2099"
    dossier_id = app.library.import_json(json.dumps(data))
    page = app.window.library_page
    page.refresh()
    assert page.table.rowCount() == 1
    assert page.table.item(0, 3).text() == "—"
    page.select_id(dossier_id)
    qtbot.mouseClick(page.open_button, Qt.LeftButton)
    assert app.window.session is None
    (text,) = dialogs.texts("warning")
    assert "snee-2099" in text and "Installez une version" in text


def test_a_drop_of_a_huge_file_a_program_and_a_photo_attaches_the_photo_and_says_why_not_the_rest(
        app, qtbot, tmp_path, dialogs):
    from socle_desktop.store import MAX_PIECE_BYTES

    huge = tmp_path / "devis-scanne.pdf"
    with huge.open("wb") as handle:
        handle.truncate(MAX_PIECE_BYTES + 1)
    program = tmp_path / "setup.exe"
    program.write_bytes(b"MZ" + b"\x00" * 64)
    photo = tmp_path / "ecole.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"\x00" * 64)
    qtbot.mouseClick(app.window.library_page.new_button, Qt.LeftButton)
    page = app.window.editor.pages["pieces"]
    app.window.editor.show_page("pieces")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in (huge, program, photo)])
    drop = QDropEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    page.dropEvent(drop)
    assert dialogs.shown == [], "a message was shown while the drag was still held"
    qtbot.waitUntil(lambda: bool(dialogs.shown))
    assert [p.nom for p in app.window.session.dossier.pieces] == ["ecole.jpg"]
    (text,) = dialogs.texts("warning")  # one message for both, each with its reason
    assert "devis-scanne.pdf" in text and "50 Mo" in text
    assert "setup.exe" in text and "PDF, PNG et JPEG" in text
    assert "lisible" not in text


def test_a_piece_opens_with_enter_and_goes_with_delete(app, qtbot, tmp_path, dialogs):
    pdf = tmp_path / "devis.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    qtbot.mouseClick(app.window.library_page.new_button, Qt.LeftButton)
    app.window.session.add_piece(pdf, "devis")
    app.window.editor.show_page("pieces")
    page = app.window.editor.pages["pieces"]
    page.table.setCurrentCell(0, 0)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key_Return)
    assert dialogs.opened_urls and dialogs.opened_urls[-1].toLocalFile().endswith("devis.pdf")
    qtbot.keyClick(page.table, Qt.Key_Delete)
    assert app.window.session.dossier.pieces == []
