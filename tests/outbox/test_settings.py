"""Settings (envoi.json) and the queue next to a library held by the window."""

from __future__ import annotations

import json

import pytest

from socle_desktop.catalogue.errors import error_text
from socle_desktop.cli import main
from socle_desktop.outbox import OutboxSettings, SettingsError, endpoint_problem, load_settings, save_settings

from .conftest import fake_verify


@pytest.mark.parametrize("url", ["https://depot.example.fr/files/", "http://127.0.0.1:1080/files/",
                                 "http://localhost/files/", "http://[::1]:8080/files/"])
def test_accepted_endpoints(url):
    assert endpoint_problem(url) is None


@pytest.mark.parametrize(("url", "words"), [
    ("http://depot.example.fr/files/", "n'est pas chiffrée"),
    ("ftp://depot.example.fr/", "https://"),
    ("depot.example.fr", "https://"),
    ("https://", "https://"),
])
def test_refused_endpoints_say_why_in_french(url, words):
    problem = endpoint_problem(url)
    assert isinstance(problem, SettingsError) and words in error_text(problem)


def test_settings_round_trip_and_defaults(data_dir):
    assert load_settings(data_dir) == OutboxSettings()
    save_settings(data_dir, OutboxSettings(endpoint="https://depot.example.fr/files/", envoi_automatique=True))
    loaded = load_settings(data_dir)
    assert loaded.endpoint == "https://depot.example.fr/files/" and loaded.envoi_automatique
    assert not list(data_dir.glob(".envoi.json.*")), "atomic write left no temporary file"
    with pytest.raises(SettingsError):
        save_settings(data_dir, OutboxSettings(endpoint="http://depot.example.fr/"))
    assert load_settings(data_dir).endpoint == "https://depot.example.fr/files/", "refused, file untouched"


def test_a_damaged_settings_file_gives_defaults_and_a_warning_and_is_kept(data_dir):
    path = data_dir / "envoi.json"
    path.write_text("{pas du json")
    settings = load_settings(data_dir)
    assert settings.endpoint == "" and not settings.envoi_automatique
    assert "illisibles" in error_text(settings.warning)
    assert path.read_text() == "{pas du json", "never overwritten without the user"


def test_a_hand_edited_plain_http_endpoint_is_ignored(data_dir):
    (data_dir / "envoi.json").write_text(json.dumps({"endpoint": "http://depot.example.fr/"}))
    settings = load_settings(data_dir)
    assert settings.endpoint == "" and "ignorée" in error_text(settings.warning)


def test_list_works_while_the_window_holds_the_library_and_add_says_why_it_cannot(
        data_dir, bundle_factory, capsys):
    from socle_desktop.outbox import Outbox
    from socle_desktop.store import Library

    with Library.open(data_dir) as window_library:  # the window is open
        box = Outbox.from_library(window_library, verify=fake_verify)
        box.add(bundle_factory())
        box.close()
        assert main(["--data-dir", str(data_dir), "outbox", "list", "--json"]) == 0
        (entry,) = json.loads(capsys.readouterr().out)
        assert entry["state"] == "en_attente"
        code = main(["--data-dir", str(data_dir), "outbox", "add", str(bundle_factory())])
        err = capsys.readouterr().err
        assert code == 2 and err.count("\n") == 1 and "Traceback" not in err


def test_list_on_a_folder_without_library_is_empty(data_dir, capsys):
    assert main(["--data-dir", str(data_dir / "neuf"), "outbox", "list"]) == 0
    assert "vide" in capsys.readouterr().out
