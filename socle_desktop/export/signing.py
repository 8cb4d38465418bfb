"""Signatures with pyHanko: PAdES B-B on the PDF, detached CMS (DER) over the tag manifest.

Both use the same identity and the same signing time, so the PDF's visible block, its
signature dictionary and the CMS `signingTime` all say the same moment. No timestamp
authority and no revocation fetching: nothing here touches the network.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from io import BytesIO

from pyhanko.pdf_utils import content, layout, misc
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.stamp import StaticStampStyle

from .binding import format_siren
from .identity import SigningIdentity, format_fingerprint
from .pdf import french_date, french_time

SIGNATURE_FIELD = "SignatureCollectivite"


class _PdfBytesPage(content.ImportedPdfPage):
    """pyHanko's imported page, from bytes in memory instead of a file."""

    def __init__(self, data: bytes):
        super().__init__(file_name="", page_ix=0)
        self._data = data

    def render(self) -> bytes:
        writer = self._ensure_writer
        xobject = writer.import_page_as_xobject(PdfFileReader(BytesIO(self._data)), page_ix=0)
        name = "/ImportSignature"
        self.resources.xobject[name] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return name.encode("ascii") + b" Do"


def stamp_pdf(identity: SigningIdentity, *, signing_time: dt.datetime, quality: str,
              size: tuple[float, float]) -> bytes:
    """The visible signature's appearance, drawn by reportlab with the embedded DejaVu font.

    pyHanko's own text stamps need HarfBuzz for a TrueType font; drawing the appearance here
    keeps every accent and the same typeface as the rest of the document.
    """
    from reportlab.lib import colors
    from reportlab.pdfgen.canvas import Canvas

    from .pdf import FONT, FONT_BOLD, _register_fonts, display_text

    _register_fonts()
    width, height = size
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), invariant=1)
    canvas.setFillColor(colors.white)
    canvas.setStrokeColor(colors.HexColor("#1f3a5f"))
    canvas.setLineWidth(1.2)
    canvas.rect(0.6, 0.6, width - 1.2, height - 1.2, fill=1, stroke=1)
    canvas.setFillColor(colors.HexColor("#1f3a5f"))
    fingerprint = format_fingerprint(identity.fingerprint_sha256)
    facts = identity.facts
    room = width - 16

    def fitted(text: str, font: str, font_size: float, keep: str = "") -> str:
        """`text` + `keep`, `text` shortened with « … » when the line is wider than the box:
        `keep` (the SIREN) is never what falls off."""
        while len(text) > 4 and canvas.stringWidth(text + keep, font, font_size) > room:
            text = text[:-2] + "…"
        return text + keep

    siren = f" (SIREN {format_siren(facts.siren)})" if facts.siren else ""
    lines = [
        (FONT_BOLD, 9, fitted(f"Signé numériquement par {display_text(identity.subject_name)}", FONT_BOLD, 9)),
        (FONT, 8, fitted(f"Qualité : {display_text(facts.title or quality) or '—'}", FONT, 8)),
        (FONT, 8, fitted(f"Pour : {display_text(facts.organization) or 'collectivité'}", FONT, 8, siren)),
        (FONT, 8, fitted(f"Le {french_date(signing_time)} à {french_time(signing_time)}", FONT, 8)),
        (FONT_BOLD, 8, fitted(f"Code de vérification : {facts.short_code}", FONT_BOLD, 8)),
        (FONT, 6.5, fitted(f"Empreinte SHA-256 : {fingerprint}", FONT, 6.5)),
    ]
    y = height - 14
    for font, font_size, text in lines:
        canvas.setFont(font, font_size)
        canvas.drawString(8, y, text)
        y -= font_size + 4
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def sign_pdf(
    pdf_bytes: bytes,
    identity: SigningIdentity,
    *,
    signing_time: dt.datetime,
    page: int,
    box: tuple[float, float, float, float],
    quality: str,
    location: str = "",
) -> bytes:
    """PAdES B-B signature in a visible field at `box` on `page` (index from 0)."""
    with identity.signer() as signer:
        return asyncio.run(_sign_pdf(pdf_bytes, identity, signer, signing_time, page, box, quality, location))


async def _sign_pdf(pdf_bytes, identity, signer, signing_time, page, box, quality, location) -> bytes:
    writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes))
    field_spec = fields.SigFieldSpec(
        sig_field_name=SIGNATURE_FIELD, on_page=page, box=tuple(round(v) for v in box),
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="Candidature à l'appel à projets « socle numérique dans les écoles élémentaires »",
        location=location or None,
        name=identity.subject_name,
    )
    appearance = stamp_pdf(identity, signing_time=signing_time, quality=quality,
                           size=(box[2] - box[0], box[3] - box[1]))
    style = StaticStampStyle(
        background=_PdfBytesPage(appearance), border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(),
        ),
    )
    pdf_signer = signers.PdfSigner(
        metadata, signer=signer, stamp_style=style, new_field_spec=field_spec,
    )
    # PdfSigner.async_sign_pdf, with the session's clock set to our signing time.
    session = pdf_signer.init_signing_session(writer)
    session.system_time = signing_time
    validation_info = await session.perform_presign_validation(writer)
    bytes_reserved = await session.estimate_signature_container_size(validation_info, tight=False)
    tbs = session.prepare_tbs_document(validation_info=validation_info, bytes_reserved=bytes_reserved)
    digest, output = tbs.digest_tbs_document(in_place=False, chunk_size=misc.DEFAULT_CHUNK_SIZE, output=None)
    post = await tbs.perform_signature(
        document_digest=digest.document_digest,
        pdf_cms_signed_attrs=PdfCMSSignedAttributes(signing_time=signing_time),
    )
    await post.post_signature_processing(output, chunk_size=misc.DEFAULT_CHUNK_SIZE)
    return misc.finalise_output(None, output).getvalue()


def sign_detached(data: bytes, identity: SigningIdentity, *, signing_time: dt.datetime) -> bytes:
    """A CMS SignedData (DER), detached, signer certificate embedded: `openssl cms -verify` reads it."""
    with identity.signer() as signer:
        content_info = asyncio.run(signer.async_sign_general_data(
            data, "sha256", detached=True,
            signed_attr_settings=PdfCMSSignedAttributes(signing_time=signing_time),
        ))
    return content_info.dump()
