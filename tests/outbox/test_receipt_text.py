"""The acknowledgment as the user reads it: a French date, never the raw ISO 8601 of the server."""

import time

import pytest

from socle_desktop.catalogue import acknowledgment_text, french_moment, receipt_text
from socle_desktop.outbox.receipt import ACCEPTED, Receipt


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
    text = receipt_text(receipt)
    assert "du 3 décembre 2026 à 14 h 05 :" in text  # 13:05 UTC is 14:05 in Paris in winter
    assert "2026-12-03" not in text and "T13" not in text
    assert french_moment("2027-01-01T09:07:00+01:00") == "1er janvier 2027 à 9 h 07"


def test_a_date_that_is_not_iso_is_shown_as_sent_but_made_visible():
    assert french_moment("hier\x1b[2J") == "hier\\x1b[2J"


def test_the_outbox_keeps_the_receipts_values_and_the_catalogue_words_them(paris):
    """No sentence below the front-ends: the outbox keeps the receipt's values; an older
    version's kept sentence is shown as it is."""
    receipt = Receipt("ab" * 32, ACCEPTED, "R-1", "2026-12-03T13:05:09+00:00", "paquet intègre")
    record = receipt.to_record()
    assert "Accusé" not in record and Receipt.from_record(record) == receipt
    assert acknowledgment_text(record) == receipt_text(receipt)
    old = "Accusé de réception n° R-0 du 2 décembre 2026 à 9 h 00 : paquet accepté (intègre)."
    assert Receipt.from_record(old) is None and acknowledgment_text(old) == old
