"""The acknowledgment as the user reads it: a French date, never the raw ISO 8601 of the server."""

import time

import pytest

from socle_desktop.outbox.receipt import ACCEPTED, Receipt, french_moment


@pytest.fixture
def paris(monkeypatch):
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset: POSIX only")
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_receipt_says_a_french_date_and_time_in_local_time(paris):
    receipt = Receipt("ab" * 32, ACCEPTED, "R-20261203-ABC", "2026-12-03T13:05:09+00:00", "paquet intègre")
    text = receipt.text()
    assert "du 3 décembre 2026 à 14 h 05 :" in text  # 13:05 UTC is 14:05 in Paris in winter
    assert "2026-12-03" not in text and "T13" not in text
    assert french_moment("2027-01-01T09:07:00+01:00") == "1er janvier 2027 à 9 h 07"


def test_a_date_that_is_not_iso_is_shown_as_sent_but_made_visible():
    assert french_moment("hier\x1b[2J") == "hier\\x1b[2J"
