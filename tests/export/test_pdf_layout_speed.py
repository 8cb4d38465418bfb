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


def test_the_first_pass_draws_no_text_and_the_pdf_is_the_same_byte_for_byte(monkeypatch):
    import datetime as dt

    from reportlab.pdfgen.canvas import Canvas

    from socle_desktop.domain.compute import compute
    from socle_desktop.export.demo import demo_dossier
    from socle_desktop.resources import load_rules

    dossier = demo_dossier()
    rules = load_rules(dossier.regles)
    result = compute(dossier, rules)
    moment = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)
    drawn: list[bool] = []
    original = Canvas.drawString

    def counting(self, *args, **kwargs):
        drawn.append(True)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Canvas, "drawString", counting)
    sketched = pdf.render_pdf_with_layout(dossier, result, rules, signing_time=moment)
    strings_sketched = len(drawn)  # the final pass only
    original_layout = pdf._Layout
    monkeypatch.setattr(pdf, "_Layout", lambda **options: original_layout(**{"sketch_first_pass": False, **options}))
    drawn.clear()
    full = pdf.render_pdf_with_layout(dossier, result, rules, signing_time=moment)
    assert 0 < strings_sketched < len(drawn)  # unsketched, the first pass draws strings too
    assert sketched.data == full.data
    assert (sketched.page_count, sketched.signature_page, sketched.signature_box) == (
        full.page_count, full.signature_page, full.signature_box)
