"""The embedded demo: a fictional commune's dossier, its one attachment (a quote), a demo identity.

The quote ships as resources/demo/<DEMO_DEVIS_NAME> and demo-dossier.json records its SHA-256;
`build_demo_devis()` is how that file was made (kept so it can be remade if the demo changes —
then update the `pieces` entry of demo-dossier.json with the new size and SHA-256).
"""

from __future__ import annotations

import hashlib
from io import BytesIO
from pathlib import Path

from ..domain.dossier_json import loads_dossier
from ..domain.model import Dossier
from ..resources import resource_path

DEMO_DEVIS_NAME = "devis-numeri-exemple-2021-0142.pdf"
# Who signs the demo (identity.demo_identity): the demo dossier's signer and collectivité,
# marked as a demonstration in the certificate's organisational unit.
DEMO_SIGNER = {
    "common_name": "Marie Exemple",
    "organization": "Commune de Saint-Exemple-sur-Loire (EXEMPLE FICTIF)",
    "title": "Maire",
    "siren": "214399990",
    "unit": "IDENTITÉ DE DÉMONSTRATION, sans valeur",
}


def demo_dossier() -> Dossier:
    return loads_dossier(resource_path("demo", "demo-dossier.json").read_text(encoding="utf-8"))


def demo_piece_bytes(sha256: str) -> bytes:
    """The bytes of a demo attachment, found among the files of resources/demo by their SHA-256."""
    for path in sorted(Path(resource_path("demo")).iterdir()):
        if path.is_file() and path.suffix.lower() != ".json":
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() == sha256.lower():
                return data
    raise FileNotFoundError(f"demo attachment {sha256[:12]} not in resources/demo")  # read as « absent »


def build_demo_devis() -> bytes:
    """A one-page quote matching the equipment of the school « Les Tilleuls » (14 188,00 € HT)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    lines = [
        ("Vidéoprojecteur interactif à focale courte, pose comprise", 4, "1 250,00", "5 000,00"),
        ("Ordinateur portable enseignant 14 pouces", 4, "720,00", "2 880,00"),
        ("Tablettes pour classe mobile (avec coques)", 12, "389,00", "4 668,00"),
        ("Bornes wifi et commutateur, installation", 1, "1 450,00", "1 450,00"),
        ("Visualiseur USB", 2, "95,00", "190,00"),
    ]
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setTitle("Devis 2021-0142 (EXEMPLE FICTIF)")
    canvas.setAuthor("Numéri-Exemple SARL (entreprise fictive)")
    width, height = A4
    canvas.setFont("Helvetica-Bold", 16)
    canvas.drawString(50, height - 70, "Numéri-Exemple SARL")
    canvas.setFont("Helvetica", 9)
    canvas.drawString(50, height - 85, "Entreprise fictive — 12 rue des Exemples, 43000 Le Puy-en-Velay")
    canvas.drawString(330, height - 130, "Commune de Saint-Exemple-sur-Loire")
    canvas.drawString(330, height - 142, "1 place de la Mairie, 43999 Saint-Exemple-sur-Loire")
    canvas.setFont("Helvetica-Bold", 13)
    canvas.drawString(50, height - 190, "DEVIS n° 2021-0142 du 12 avril 2021")
    canvas.setFont("Helvetica", 9)
    canvas.drawString(50, height - 205, "Objet : équipement numérique de l'école élémentaire publique Les Tilleuls")
    y = height - 240
    canvas.setFont("Helvetica-Bold", 9)
    for x, text in ((50, "Désignation"), (350, "Qté"), (400, "PU HT (€)"), (480, "Total HT (€)")):
        canvas.drawString(x, y, text)
    canvas.line(50, y - 4, width - 50, y - 4)
    canvas.setFont("Helvetica", 9)
    for label, quantity, unit, total in lines:
        y -= 18
        canvas.drawString(50, y, label)
        canvas.drawRightString(370, y, str(quantity))
        canvas.drawRightString(450, y, unit)
        canvas.drawRightString(540, y, total)
    canvas.line(50, y - 8, width - 50, y - 8)
    canvas.setFont("Helvetica-Bold", 9)
    for offset, (label, amount) in enumerate((("Total HT", "14 188,00"), ("TVA 20 %", "2 837,60"),
                                              ("Total TTC", "17 025,60"))):
        canvas.drawString(400, y - 26 - offset * 14, label)
        canvas.drawRightString(540, y - 26 - offset * 14, amount)
    canvas.setFont("Helvetica", 8)
    canvas.drawString(50, y - 90, "Devis valable trois mois. Livraison et installation pendant les vacances d'été.")
    canvas.setFont("Helvetica-Bold", 30)
    canvas.setFillGray(0.85)
    canvas.drawCentredString(width / 2, 120, "EXEMPLE FICTIF")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


DEMO_DELIBERATION_NAME = "deliberation-saint-exemple-2021-04.pdf"


def build_demo_deliberation() -> bytes:
    """The town council's decision to apply (a required attachment of a complete dossier)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setTitle("Délibération 2021-17 (EXEMPLE FICTIF)")
    canvas.setAuthor("Commune de Saint-Exemple-sur-Loire (commune fictive)")
    width, height = A4
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawCentredString(width / 2, height - 70, "COMMUNE DE SAINT-EXEMPLE-SUR-LOIRE")
    canvas.setFont("Helvetica", 10)
    canvas.drawCentredString(width / 2, height - 88, "Extrait du registre des délibérations du conseil municipal")
    canvas.setFont("Helvetica-Bold", 12)
    canvas.drawString(50, height - 130, "Délibération n° 2021-17 du 15 avril 2021")
    canvas.setFont("Helvetica", 10)
    text = [
        "Objet : candidature à l'appel à projets pour un socle numérique dans les écoles élémentaires.",
        "",
        "Le conseil municipal, après en avoir délibéré,",
        "- approuve le projet d'équipement numérique des écoles Les Tilleuls et du hameau de la Côte ;",
        "- approuve le plan de financement présenté ;",
        "- autorise Madame le Maire à déposer la candidature et à signer la convention de financement.",
        "",
        "Adopté à l'unanimité des membres présents.",
    ]
    y = height - 160
    for line in text:
        canvas.drawString(50, y, line)
        y -= 16
    canvas.drawString(330, y - 30, "Pour extrait conforme, le Maire,")
    canvas.drawString(330, y - 46, "Marie Exemple")
    canvas.setFont("Helvetica-Bold", 30)
    canvas.setFillGray(0.85)
    canvas.drawCentredString(width / 2, 120, "EXEMPLE FICTIF")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
