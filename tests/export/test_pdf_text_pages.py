"""verify reads the PDF's pages only as far as the facts go, with the verdict of one search over
the whole text (export/pdf_text.py first_missing_in_pages)."""

from __future__ import annotations

import itertools
import random

import pytest

from socle_desktop.export.pdf_text import PdfTextError, first_missing, first_missing_in_pages

FACTS = [("le titre", "Dossier n°42"), ("la dépense", "Dépense totale TTC12\u202f345,00 €"),
         ("l'école", "1École des Tilleuls0439901DSaint-ExemplePublic492"), ("le total", "Total du projet1,00 €")]
TEXT = ("Sommaire\nDossier n°42\nDépense totale TTC\n12\u202f345,00\u00a0€\nÉcole\n1\nÉcole des Tilleuls\n"
        "0439901D\nSaint-Exemple\nPublic\n4\n92\nTotal du projet\n1,00 €\nAnnexe\nSignature\n")


def _pages(text: str, cuts: list[int]):
    bounds = [0, *sorted(cuts), len(text)]
    return [text[start:end] for start, end in itertools.pairwise(bounds)]


def test_cut_anywhere_into_pages_the_text_gives_the_same_verdict():
    generator = random.Random(7)
    variants = [TEXT, TEXT.replace("12\u202f345", "12\u202f346"), TEXT.replace("Public", "Privé"),
                TEXT.replace("Dossier n°42\n", "") + "Dossier n°42", TEXT[:TEXT.index("Total")]]
    for text in variants:
        expected = first_missing(text, FACTS)
        for _ in range(200):
            cuts = [generator.randrange(len(text) + 1) for _ in range(generator.randrange(6))]
            assert first_missing_in_pages(_pages(text, cuts), FACTS) == expected, (text, cuts)
    assert first_missing(variants[0], FACTS) is None and first_missing(variants[1], FACTS)[0] == "la dépense"


def test_pages_after_the_last_fact_are_not_read():
    def pages():
        yield TEXT[:40]
        yield TEXT[40:TEXT.index("Annexe")]
        raise PdfTextError("page illisible")  # the annex and the signature page: never reached

    assert first_missing_in_pages(pages(), FACTS) is None


def test_an_unreadable_page_before_the_last_fact_is_still_an_error():
    def pages():
        yield TEXT[:40]
        raise PdfTextError("page illisible")

    with pytest.raises(PdfTextError):
        first_missing_in_pages(pages(), FACTS)
