"""The printable PDF: French content, escaping, pagination, determinism, metadata, outline."""

from __future__ import annotations

import copy
import datetime as dt
import re
import subprocess
from io import BytesIO

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from socle_desktop.domain.compute import compute
from socle_desktop.domain.model import Ecole, Ligne
from socle_desktop.domain.money import format_euros
from socle_desktop.export.bag_layout import parse_pdf_keywords
from socle_desktop.export.demo import demo_dossier
from socle_desktop.export.pdf import SignerBlock, display_text, render_pdf, render_pdf_with_layout
from socle_desktop.resources import load_rules

TRICKY_NAME = '<b>&amp; École "A" <font>'


def uai(number: int) -> str:
    return f"{number:07d}" + "ABCDEFGHJKLMNPRSTUVWXYZ"[number % 23]


def big_dossier(schools: int = 60, lines: int = 3000):
    dossier = demo_dossier()
    dossier.ecoles = [
        Ecole(id=f"ecole-{i}", nom=f"École numéro {i} du regroupement", uai=uai(430000 + i),
              code_insee="43999", nb_classes=3, nb_eleves=60, commune="Saint-Exemple-sur-Loire")
        for i in range(schools)
    ]
    dossier.lignes = [
        Ligne(id=f"ligne-{n}", volet=("equipement", "ressources", "accompagnement")[(n // schools) % 3],
              categorie=("videoprojecteur", "ent", "formation")[(n // schools) % 3], ecole=f"ecole-{n % schools}",
              libelle=f"Article {n} : matériel ou service décrit sur plusieurs mots", quantite=1 + n % 4,
              prix_unitaire_ht_centimes=12_345 + n)
        for n in range(lines)
    ]
    dossier.projet.description = "\n\n".join(
        f"Paragraphe {i}. " + "La commune équipe ses classes de manière progressive et raisonnée. " * 12
        for i in range(80)
    )
    dossier.pieces = []
    return dossier


def render(dossier, *, moment=dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC), identity=None, **options):
    rules = load_rules(dossier.regles)
    signer = SignerBlock.from_identity(identity) if identity else None
    return render_pdf_with_layout(dossier, compute(dossier, rules), rules, signing_time=moment, signer=signer,
                                  **options)


def spaces(text: str) -> str:
    """pdftotext may render U+202F and U+00A0 as plain spaces: compare with plain spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def pdf_text(tool, data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run([tool("pdftotext"), "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout.replace("\u202f", " ").replace("\xa0", " ")


def test_same_dossier_and_signing_time_give_the_same_bytes(identity):
    first = render(demo_dossier(), identity=identity).data
    again = render(demo_dossier(), identity=identity).data
    assert first == again
    later = render(demo_dossier(), identity=identity, moment=dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)).data
    assert later != first


def test_render_pdf_needs_only_dossier_result_and_rules():
    dossier = demo_dossier()
    rules = load_rules(dossier.regles)
    data = render_pdf(dossier, compute(dossier, rules), rules)
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-32:]


def test_french_content_and_amounts_come_from_the_computation(tool, tmp_path, identity):
    dossier = demo_dossier()
    result = compute(dossier, load_rules(dossier.regles))
    text = pdf_text(tool, render(dossier, identity=identity).data, tmp_path)
    for expected in (
        "Collectivité et contact", "Écoles concernées", "Volet 1 — Équipement", "Volet 2 — Ressources numériques",
        "Volet 3 — Accompagnement", "Plan de financement", "Annexe — Paramètres de calcul",
        "Présentation du projet", "Pièces jointes", "Constats en suspens", "Fait à Saint-Exemple-sur-Loire",
        "Signature manuscrite", "Cachet de la collectivité", "Signature numérique",
        "École élémentaire publique Les Tilleuls", "0439901D", dossier.id, "snee-2021",
        format_euros(result.total.subvention), format_euros(result.total.depense_ttc),
        format_euros(result.volets["equipement"].assiette), dossier.pieces[0].sha256[:32],
        "Nature du certificat", "selon les paramètres de l'édition snee-2021", "27 novembre 2026",
    ):
        assert spaces(expected) in text, expected
    assert "page 1 / " in text and "BROUILLON" not in text


def test_user_text_prints_literally(tool, tmp_path):
    dossier = demo_dossier()
    dossier.ecoles[0].nom = TRICKY_NAME
    dossier.projet.intitule = "Projet <i>pas en italique</i> & « guillemets »"
    data = render(dossier).data
    text = pdf_text(tool, data, tmp_path)
    assert TRICKY_NAME in text
    assert "<i>pas en italique</i> & « guillemets »" in text


def test_characters_the_font_lacks_are_shown_as_replacement_marks_not_boxes(tool, tmp_path):
    assert display_text("École 🏫 😀") == "École \ufffd 😀"  # DejaVu has 😀, not 🏫
    assert display_text("e\u0301cole\ttab\x07") == "école tab\\x07"  # NFC, tab as a space, control shown
    # A bidi override would reverse what follows it on the printed page: printed as its escape.
    assert display_text("devis\u202efdp.exe") == "devis\\u202efdp.exe"
    dossier = demo_dossier()
    dossier.ecoles[0].nom = "École des Tilleuls 🏫"
    dossier.collectivite.raison_sociale = "Commune 🏫"  # also drawn in the page header
    text = pdf_text(tool, render(dossier).data, tmp_path)
    assert "🏫" not in text and "École des Tilleuls \ufffd" in text and "Commune \ufffd" in text


def test_right_to_left_text_is_drawn_in_display_order_with_joined_letters():
    pytest.importorskip("bidi")
    pytest.importorskip("arabic_reshaper")
    drawn = display_text("École مدرسة النور et שלום עולם")
    assert drawn.startswith("École ") and drawn.endswith(" םלוע םולש")  # Hebrew run reversed for drawing
    arabic = drawn[len("École "):drawn.index(" et ")]
    assert all("\ufe70" <= char <= "\ufeff" or char == " " for char in arabic)  # joined presentation forms
    assert display_text("Sans arabe") == "Sans arabe"


def test_structured_project_fields_read_as_text_not_json(tool, tmp_path):
    dossier = demo_dossier()
    dossier.projet.autres = {"calendrier": {"debut": "2021-09", "etapes": ["commande", "pose"]}}
    text = pdf_text(tool, render(dossier).data, tmp_path)
    assert "Debut : 2021-09" in text and "• commande" in text and '"debut"' not in text


def test_errors_make_a_watermarked_draft(tool, tmp_path):
    dossier = demo_dossier()
    dossier.collectivite.siret = "123"
    text = pdf_text(tool, render(dossier).data, tmp_path)
    assert "BROUILLON — une erreur reste à corriger" in text
    assert "SIRET" in text or "siret" in text  # the open finding is listed


def test_metadata_outline_and_keywords():
    dossier = demo_dossier()
    data = render(dossier, json_sha256="0" * 64).data
    reader = PdfFileReader(BytesIO(data))
    info = reader.trailer_view["/Info"]
    assert "Saint-Exemple" in str(info["/Title"]) and "Saint-Exemple" in str(info["/Author"])
    assert dossier.id in str(info["/Subject"])
    assert str(reader.root["/Lang"]) == "fr-FR"
    keywords = parse_pdf_keywords(str(info["/Keywords"]))
    assert keywords["id"] == dossier.id and keywords["dossier_json_sha256"] == "0" * 64
    outline = reader.root["/Outlines"]
    titles = []
    item = outline["/First"]
    while True:
        titles.append(str(item["/Title"]))
        if "/Next" not in item:
            break
        item = item["/Next"]
    assert titles[0] == "1. Collectivité et contact" and titles[-1] == "10. Signature"
    assert titles[-2] == "Annexe — Paramètres de calcul" and len(titles) == 11


def test_sixty_schools_and_a_long_narrative_paginate(tool, tmp_path):
    dossier = big_dossier(schools=60, lines=600)
    rendered = render(dossier)
    assert rendered.page_count > 20
    assert rendered.signature_page == rendered.page_count - 1
    text = pdf_text(tool, rendered.data, tmp_path)
    assert f"page {rendered.page_count} / {rendered.page_count}" in text
    assert text.count("Prix unitaire") >= 180  # 60 schools × 3 volets, one table each
    assert "Paragraphe 79." in text


SECTION_HEADING = re.compile(r"^\s*(\d+\. [A-ZÉP].*|École : .*|Répartition par école)\s*$")


def test_no_heading_is_left_alone_at_the_foot_of_a_page(tool, tmp_path):
    """A heading sits with the start of its table; a long table starts under its heading."""
    dossier = big_dossier(schools=60, lines=600)
    dossier.projet.description = "Court."
    pages = [page for page in pdf_text(tool, render(dossier).data, tmp_path).split("\f") if page.strip()]
    for number, page in enumerate(pages[1:], start=2):
        lines = [line for line in page.splitlines() if line.strip()][:-1]  # without the footer
        assert lines and not SECTION_HEADING.match(lines[-1]), (number, lines[-1])
    # The 60-school table starts on the page of section 1, under its heading, instead of
    # leaving that page blank to move whole onto the next one.
    assert "2. Écoles concernées" in pages[1] and "École numéro 0 " in pages[1]


def test_a_volet_heading_moves_with_its_first_table(tool, tmp_path):
    """With these labels, volet 2 would start at the foot of page 2: it moves to page 3 whole."""
    dossier = demo_dossier()
    text = TRICKY_NAME + " 🏫😀 مدرسة النور שלום עולם"
    for ecole in dossier.ecoles:
        ecole.nom = ecole.commune = text
    for ligne in dossier.lignes:
        ligne.libelle = text
    c = dossier.collectivite
    c.raison_sociale = c.adresse = c.commune = c.representant.nom = c.contact.nom = text
    pages = pdf_text(tool, render(dossier).data, tmp_path).split("\f")
    volet_2 = next(page for page in pages[1:] if "4. Volet 2" in page)
    assert "École : " in volet_2.split("4. Volet 2", 1)[1]


def test_table_headers_repeat_on_every_page_a_table_spans(tool, tmp_path):
    dossier = big_dossier(schools=1, lines=450)  # one school, 150 lines per volet
    pages = pdf_text(tool, render(dossier).data, tmp_path).split("\f")
    spanned = [page for page in pages if "Article 3 " in page or "Article 297 " in page
               or any(f"Article {n} " in page for n in range(0, 450, 3))]
    assert len(spanned) >= 3
    assert all("Prix unitaire" in page and "Total TTC" in page for page in spanned)
    # a page that continues a school's table says whose lines they are
    continued = [page for page in spanned if "École : " not in page.split("Catégorie", 1)[0]
                 or "(suite)" in page]
    assert continued and all("École : École numéro 0 du regroupement — volet" in page and "(suite)" in page
                             for page in continued if "(suite)" in page)
    assert sum("(suite)" in page for page in pages) >= 3


def test_a_giant_label_and_an_unbroken_word_do_not_break_the_layout():
    dossier = demo_dossier()
    dossier.lignes[0].libelle = "très long libellé " * 800
    dossier.ecoles[1].nom = "X" * 500
    dossier.projet.description = "mot" * 5000
    rendered = render(dossier)
    assert rendered.page_count >= 6


def test_signature_box_lands_on_the_last_page():
    rendered = render(demo_dossier())
    x1, y1, x2, y2 = rendered.signature_box
    assert rendered.signature_page == rendered.page_count - 1
    assert 0 < x1 < x2 < 595.3 and 0 < y1 < y2 < 841.9


def test_rendering_does_not_change_the_dossier():
    dossier = demo_dossier()
    before = copy.deepcopy(dossier)
    render(dossier)
    assert dossier == before


@pytest.mark.parametrize("draft", [False, True])
def test_keywords_mark_drafts(draft):
    dossier = demo_dossier()
    if draft:
        dossier.projet.intitule = ""
    info = PdfFileReader(BytesIO(render(dossier).data)).trailer_view["/Info"]
    assert parse_pdf_keywords(str(info["/Keywords"]))["brouillon"] == ("oui" if draft else "non")


RENDER_SCRIPT = """
import datetime as dt, hashlib
from socle_desktop.domain.compute import compute
from socle_desktop.export.demo import demo_dossier
from socle_desktop.export.pdf import SignerBlock, display_text, render_pdf
from socle_desktop.resources import load_rules
dossier = demo_dossier()
rules = load_rules(dossier.regles)
data = render_pdf(dossier, compute(dossier, rules), rules, signing_time=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                  signer=SignerBlock("Nom", "ab" * 32, True))
print(hashlib.sha256(data).hexdigest())
"""


def test_same_bytes_in_other_processes():
    """No hash-seed or process-dependent ordering leaks into the PDF."""
    import os
    import sys

    digests = {
        subprocess.run([sys.executable, "-c", RENDER_SCRIPT], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip()
        for seed in ("1", "2")
    }
    assert len(digests) == 1 and len(digests.pop()) == 64


# --- issue 11: the printed document's polish ------------------------------------------------------

def pages_of(tool, data: bytes, tmp_path) -> list[str]:
    return [page for page in pdf_text(tool, data, tmp_path).split("\f") if page.strip()]


def reading_text(tool, data: bytes, tmp_path) -> str:
    """The text in reading order (a wrapped table cell reads as one phrase), spaces collapsed."""
    path = tmp_path / "lecture.pdf"
    path.write_bytes(data)
    text = subprocess.run([tool("pdftotext"), str(path), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(spaces(text).split())


def test_no_page_holds_only_aucun_constat(tool, tmp_path):
    import builders

    dossier = builders.dossier(lignes=[builders.line("equipement", 300_000, category="videoprojecteur"),
                                       builders.line("equipement", 100_000, category="ordinateur_enseignant")])
    assert compute(dossier, load_rules(dossier.regles)).constats == []
    pages = pages_of(tool, render(dossier).data, tmp_path)
    (page,) = [page for page in pages if "Aucun constat" in page]
    assert "Pièces jointes" in page  # it follows the attachments, on their page


def test_french_plurals_and_unbroken_headers(tool, tmp_path):
    dossier = demo_dossier()
    dossier.ecoles[1].secteur = "public"
    text = pdf_text(tool, render(dossier).data, tmp_path)
    assert "(s)" not in text
    assert "2 écoles, 7 classes, 153 élèves" in text
    assert "Minimum d'\n" not in text and "Observation" in text  # the header no longer breaks after « d' »


def test_findings_name_places_as_a_person_reads_them(tool, tmp_path):
    dossier = demo_dossier()
    dossier.lignes[0].quantite = 0
    dossier.collectivite.contact.courriel = "mairie.saint-fictif@orange"
    text = reading_text(tool, render(dossier).data, tmp_path)
    assert "lignes[" not in text and "ecoles[" not in text and "collectivite.contact" not in text
    assert "Équipement › « École élémentaire publique Les Tilleuls » › ligne « Vidéoprojecteur" in text
    assert "Collectivité › courriel" in text


def test_no_editorial_notes_but_the_edition_and_its_fingerprint(tool, tmp_path):
    dossier = demo_dossier()
    rules = load_rules(dossier.regles)
    text = " ".join(pdf_text(tool, render(dossier).data, tmp_path).split())
    assert "aucune source primaire" not in text and "Hypothèse" not in text and "rapporté" not in text.lower()
    fingerprint = " ".join(rules.empreinte[i:i + 4] for i in range(0, 16, 4)).upper()
    assert "selon les paramètres de l'édition snee-2021" in text and f"(empreinte {fingerprint}…)" in text
    assert "Annexe — Paramètres de calcul" in text and rules.empreinte[:32] in text
    assert "Plafond de dépense d'équipement éligible 1 000 000,00 € par dossier" in text  # « par dossier » once


def test_a_rule_that_changes_a_figure_is_said_beside_it(tool, tmp_path):
    dossier = demo_dossier()
    second = dossier.ecoles[1].id
    for ligne in dossier.lignes:
        if ligne.ecole == second and ligne.volet == "equipement":
            ligne.quantite = 0
    big = next(ligne for ligne in dossier.lignes if ligne.volet == "equipement" and ligne.ecole != second)
    big.prix_unitaire_ht_centimes = 30_000_000  # 4 × 300 000 € HT: over the 1 000 000 € ceiling
    text = reading_text(tool, render(dossier).data, tmp_path)
    assert "Sous le minimum de 3 500,00 € d'équipement par école : équipement non retenu." in text
    assert "Volet 1 — Équipement *" in text
    assert "Plafond atteint : l'assiette d'équipement" in text and "1 000 000,00 €" in text
    # and next to the share of the school the dossier's ceiling reduced (a reviewer saw « — »)
    assert "Subvention (équipement) réduite : plafond du dossier atteint (*)." in text


def test_the_signer_is_named_once_on_the_signature_page(tool, tmp_path, identity):
    pages = pages_of(tool, render(demo_dossier(), identity=identity).data, tmp_path)
    page = next(page for page in pages if "Je soussigné" in page)
    assert "Nom et qualité du signataire" not in page  # it repeated « Je soussigné(e) … » just above


def test_an_amount_in_a_wrapped_paragraph_never_breaks_at_its_thousands_space(tool, tmp_path):
    """« Sous le minimum de 3 500,00 € » in the narrow Observation column printed « 3 » on one
    line and « 500,00 € » on the next: reportlab breaks paragraphs at U+202F."""
    dossier = demo_dossier()
    second = dossier.ecoles[1].id
    for ligne in dossier.lignes:
        if ligne.ecole == second and ligne.volet == "equipement":
            ligne.quantite = 0
    text = pdf_text(tool, render(dossier).data, tmp_path)
    assert re.search(r"3 500,00 €", text)
    assert not re.search(r"\b3\s*\n", text.split("Répartition par école")[1])
    from socle_desktop.export.pdf import _covered_characters

    assert {0x202F, 0xA0} <= _covered_characters()  # the shipped fonts draw both spaces


def test_a_wrapped_cell_keeps_an_amount_whole():
    from socle_desktop.export.pdf import _wrapped

    lines = _wrapped("Forfait " + format_euros(350_000) + " par école et " + format_euros(123_456_700), 60)
    assert any(format_euros(350_000) in line for line in lines)
    assert any(format_euros(123_456_700) in line for line in lines)


def test_an_empty_narrative_field_prints_a_french_placeholder_not_a_dash(tool, tmp_path):
    dossier = demo_dossier()
    dossier.projet.description = "  "
    dossier.projet.intitule = ""
    dossier.projet.autres["calendrier"] = ""
    text = reading_text(tool, render(dossier).data, tmp_path)  # a draft: the description is required
    section = text.split("Présentation du projet")[-1].split("Pièces jointes")[0]
    assert "—" not in section
    assert "Intitulé (non renseigné)" in section
    assert "Description (non renseignée)" in section and "Calendrier (non renseigné)" in section


def test_a_devis_prints_the_schools_it_covers(tool, tmp_path):
    dossier = demo_dossier()
    text = reading_text(tool, render(dossier).data, tmp_path)
    assert "Couvre l'école « École élémentaire publique Les Tilleuls »" in text
    devis = next(piece for piece in dossier.pieces if piece.type == "devis")
    devis.ecoles = tuple(ecole.id for ecole in dossier.ecoles)
    text = reading_text(tool, render(dossier).data, tmp_path)
    assert ("Couvre les écoles « École élémentaire publique Les Tilleuls », "
            "« École primaire du hameau de la Côte »") in text


@pytest.mark.parametrize(("commune", "printed"), [("Le Puy-en-Velay", "Fait au Puy-en-Velay, le"),
                                                   ("Les Sables-d'Olonne", "Fait aux Sables-d'Olonne, le"),
                                                   ("Brioude", "Fait à Brioude, le")])
def test_fait_a_contracts_with_the_commune_s_article(tool, tmp_path, commune, printed):
    """« Fait à Le Puy-en-Velay » read as a printing fault on the page the mayor signs."""
    dossier = demo_dossier()
    dossier.collectivite.commune = commune
    assert printed in pdf_text(tool, render(dossier).data, tmp_path)


def _overlapping_words(tool, data: bytes, tmp_path) -> list[tuple[str, str]]:
    """Pairs of words drawn over each other on one line (a cell's text running into the next)."""
    import html

    path = tmp_path / "cellules.pdf"
    path.write_bytes(data)
    out = subprocess.run([tool("pdftotext"), "-bbox", str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    word = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
    assert word.search(out), "pdftotext found no word"
    found = []
    for page in out.split("<page ")[1:]:
        boxes = [(float(x0), float(y0), float(x1), float(y1), html.unescape(text))
                 for x0, y0, x1, y1, text in word.findall(page)
                 if float(y1) - float(y0) < 10]  # table text, not the watermark across the page
        for i, (x0, y0, x1, y1, text) in enumerate(boxes):
            for ox0, oy0, ox1, oy1, other in boxes[i + 1:]:
                same_line = min(y1, oy1) - max(y0, oy0) > 0.5 * min(y1 - y0, oy1 - oy0)
                if same_line and min(x1, ox1) - max(x0, ox0) > 0.5:
                    found.append((text, other))
    return found


def test_the_widest_amounts_a_dossier_may_hold_stay_inside_their_cells(tool, tmp_path):
    """A line of 10 000 000 000 € ran over the next cells of every table it reached; an amount
    is never wrapped (« 3 » and « 500,00 € » would read as two figures): it is drawn smaller."""
    dossier = demo_dossier()
    equipment = next(ligne for ligne in dossier.lignes if ligne.volet == "equipement")
    equipment.quantite, equipment.prix_unitaire_ht_centimes = 10, 10**11  # 10 000 000 000 € HT
    resources = next(ligne for ligne in dossier.lignes if ligne.volet == "ressources")
    resources.quantite, resources.prix_unitaire_ht_centimes = 89, 10**11  # near the dossier's bound (dossier_json)
    rendered = render(dossier)
    assert _overlapping_words(tool, rendered.data, tmp_path) == []
    text = pdf_text(tool, rendered.data, tmp_path)
    assert "106 800 000 000,00 €" in text  # whole, on one line
    assert _overlapping_words(tool, render(demo_dossier()).data, tmp_path) == []  # and the usual dossier
