"""What the exported budget table (export/spreadsheet.py's write_table) prints: its sheets'
column headers, a document's content like the PDF's, in the dossier's language."""

from __future__ import annotations

LINE_HEADERS = ("Volet", "École", "UAI", "Catégorie", "Désignation", "Quantité", "PU HT", "TVA",
                "Montant HT", "Montant TTC")
SUMMARY_HEADERS = ("Volet", "Dépense HT", "Dépense TTC", "Assiette", "Subvention", "Reste à charge")
SUMMARY_SHEET = "Financement"
