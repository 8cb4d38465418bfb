"""What keeps the PDF's layout fast on a large dossier (issue 15, issue 17 item 15)."""

from __future__ import annotations

import types

from reportlab.pdfbase import pdfmetrics

from socle_desktop.export import pdf


def test_reportlab_runs_with_its_c_accelerator():
    """rl-accel is a dependency: without it string widths are measured in pure Python."""
    from reportlab.lib import rl_accel

    assert isinstance(rl_accel.instanceStringWidthTTF, types.BuiltinFunctionType)
    assert isinstance(rl_accel.fp_str, types.BuiltinFunctionType)


def test_long_cells_are_wrapped_once_within_their_column():
    pdf._register_fonts()
    width = 46 * 72 / 25.4  # the Libellé column
    text = "Vidéoprojecteur interactif " * 12 + "X" * 200 + " fin\nseconde ligne"
    cell = pdf._cell(text, width)
    lines = cell.split("\n")
    font = pdfmetrics.getFont(pdf.FONT)
    assert len(lines) > 5
    for line in lines:
        assert font.stringWidth(line, 7.5) <= width - pdf.CELL_PADDING
    assert "".join(cell.split()) == "".join(text.split())  # nothing lost, nothing added
    assert "X" * 200 not in cell  # the unbreakable word is cut to fit
    assert lines[-1] == "seconde ligne"  # the user's line break is kept


def test_hidden_characters_are_still_shown_in_a_wrapped_cell():
    assert pdf._cell("École\u202eevil", 100) == "École\\u202eevil"


def _render(dossier, moment=None):
    import datetime as dt

    from socle_desktop.domain.compute import compute
    from socle_desktop.resources import load_rules

    rules = load_rules(dossier.regles)
    return pdf.render_pdf_with_layout(dossier, compute(dossier, rules), rules,
                                      signing_time=moment or dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC))


def test_the_pdf_is_laid_out_once(monkeypatch):
    """The contents' page numbers no longer cost a second layout of everything (multiBuild)."""
    from reportlab.platypus import BaseDocTemplate

    from socle_desktop.export.demo import demo_dossier

    passes = []
    original = BaseDocTemplate.handle_documentBegin

    def counting(self):
        passes.append(self)
        return original(self)

    monkeypatch.setattr(BaseDocTemplate, "handle_documentBegin", counting)
    rendered = _render(demo_dossier())
    assert len(passes) == 1
    assert rendered.page_count == 6


def test_each_entry_of_the_contents_names_the_page_its_section_starts_on(tool, tmp_path):
    """Laid out once, the contents still say where each section is: on a dossier of 40 pages,
    each entry's number is the first page after the contents that shows its heading."""
    import re
    import subprocess

    from tests.export.test_pdf import big_dossier

    rendered = _render(big_dossier(schools=60, lines=900))
    path = tmp_path / "dossier.pdf"
    path.write_bytes(rendered.data)
    text = subprocess.run([tool("pdftotext"), "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    pages = text.split("\f")[:rendered.page_count]
    assert len(pages) == rendered.page_count > 40
    contents = pages[0][pages[0].index("Sommaire"):]
    entries = re.findall(r"^ *(\S.*?\S)(?: +\.)+ *(\d+)$", contents, re.MULTILINE)
    assert [title for title, _ in entries] == [
        "1. Collectivité et contact", "2. Écoles concernées", "3. Volet 1 — Équipement",
        "4. Volet 2 — Ressources numériques", "5. Volet 3 — Accompagnement", "6. Plan de financement",
        "7. Présentation du projet", "8. Pièces jointes", "9. Constats en suspens",
        "Annexe — Paramètres de calcul", "10. Signature"]
    numbers = [int(number) for _, number in entries]
    assert numbers == sorted(numbers) and numbers[-1] == rendered.page_count and len(set(numbers)) > 6
    for title, number in entries:
        shown_on = [index + 1 for index, page in enumerate(pages[1:], start=1)
                    if re.search(rf"^ *{re.escape(title)} *$", page, re.MULTILINE)]
        assert shown_on and shown_on[0] == int(number), (title, number, shown_on)


def test_a_section_missing_from_the_layout_is_a_failure_not_a_blank_number(monkeypatch):
    """The numbers are drawn at the end from the pages the layout recorded: none may be missing."""
    import pytest

    from socle_desktop.export.demo import demo_dossier

    monkeypatch.setattr(pdf._Document, "afterFlowable", lambda self, flowable: None)
    with pytest.raises(RuntimeError, match="never laid out"):
        _render(demo_dossier())


def test_plain_lines_are_drawn_byte_for_byte_as_reportlab_draws_them():
    """_LineCanvas draws a table cell's line with less work than reportlab, never differently."""
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    pdf._register_fonts()
    many_glyphs = "".join(chr(code) for code in range(0x100, 0x100 + 300))  # several font subsets
    texts = ["", "Total TTC", "1 234,56 €", "(parenthèse) \\ oblique", "École\u202fà", many_glyphs, "Total TTC"]
    outputs = []
    for canvas_class in (Canvas, pdf._LineCanvas):
        buffer = BytesIO()
        canvas = canvas_class(buffer, invariant=1)
        for font, size, leading in ((pdf.FONT, 7.5, 9), (pdf.FONT_BOLD, 9.5, 12)):
            canvas.setFont(font, size, leading)
            for index, text in enumerate(texts):
                canvas.drawString(10, 700 - index * 12, text)
                canvas.drawRightString(500, 700 - index * 12, text)
        canvas.drawString(10, 10, "rendu en contour", mode=1)  # reportlab's own path
        canvas.drawRightString(500, 10, "espacé", charSpace=1)
        canvas.save()
        outputs.append(buffer.getvalue())
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 2000


def test_every_cell_has_the_tables_font_and_padding_and_column_titles_stay_left():
    """The cells' font, leading, alignment and padding come from _CellStyle, not from a style
    command applied to each cell; a column's title is plain text wrapped in its column."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    pdf._register_fonts()
    table = pdf._table([pdf._head("Prix unitaire HT", "TVA"), ["1 000,00 €", "20 %"]], [23 * mm, 12 * mm],
                       right_from=0)
    title, cell = table._cellStyles[0][0], table._cellStyles[1][0]
    assert (cell.fontname, cell.fontsize, cell.leading, cell.valign) == (pdf.FONT, 7.5, 9, "TOP")
    assert (cell.leftPadding, cell.rightPadding, cell.topPadding, cell.bottomPadding) == (3, 3, 2, 2.5)
    assert cell.alignment == "RIGHT" and title.alignment == "LEFT"
    assert title.fontname == pdf.FONT_BOLD and title.color == colors.white
    assert table._cellvalues[0] == ["Prix unitaire\nHT", "TVA"]
