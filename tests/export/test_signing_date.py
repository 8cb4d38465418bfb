"""Issue 10: « Fait à …, le … » carries the signing date, the one both signatures record."""

from __future__ import annotations

import datetime as dt
import subprocess
import zipfile
from io import BytesIO

from asn1crypto import cms
from pyhanko.pdf_utils.reader import PdfFileReader

from socle_desktop.export import export_dossier
from socle_desktop.export.demo import demo_dossier, demo_piece_bytes
from socle_desktop.export.identity import demo_identity


def cms_signing_time(signed_data) -> dt.datetime:
    attributes = signed_data["signer_infos"][0]["signed_attrs"]
    return next(a["values"][0].native for a in attributes if a["type"].native == "signing_time")


def test_the_printed_date_is_the_signing_date_of_both_signatures(tmp_path, tool):
    # Late in the evening in Paris: already the next day in UTC would show a wrong date if
    # the date were taken anywhere else than from the one signing time.
    moment = dt.datetime(2026, 11, 30, 23, 45, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    result = export_dossier(demo_dossier(), out_dir=tmp_path, identity=demo_identity(now=moment),
                            piece_bytes=demo_piece_bytes, signing_time=moment, example=True)
    assert result.signing_time == moment
    text = subprocess.run([tool("pdftotext"), str(result.pdf_path), "-"], capture_output=True, text=True).stdout
    assert "Fait à Saint-Exemple-sur-Loire, le 30 novembre 2026." in text
    assert "30 novembre 2026 à 23:45:00 (UTC+01:00)" in text  # the digital block says the same moment

    embedded = PdfFileReader(BytesIO(result.pdf_path.read_bytes())).embedded_signatures[0]
    assert embedded.self_reported_timestamp == moment  # /M of the signature dictionary (PAdES: no signingTime)
    with zipfile.ZipFile(result.bundle_path) as archive:
        p7s = archive.read(next(n for n in archive.namelist() if n.endswith(".p7s")))
        info = archive.read(next(n for n in archive.namelist() if n.endswith("bag-info.txt"))).decode()
    assert cms_signing_time(cms.ContentInfo.load(p7s)["content"]) == moment
    assert f"Socle-Date-Signature: {moment.isoformat()}" in info
