"""A table's refused rows (issue 9): each reason a code and the cell, worded by the catalogue
with the French the user read when the domain built the sentence (compared row by row with the
previous wording)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from socle_desktop.catalogue.errors import error_text
from socle_desktop.domain.line_table import LineTableError, RowRefused, UncomputedFormula, read_lines
from socle_desktop.resources import load_rules

RULES = load_rules()
MAPPING = {"libelle": 0, "quantite": 1, "prix_unitaire_ht": 2, "taux_tva": 3, "montant_ttc": 4, "ecole": 5, "uai": 6,
           "categorie": 7, "volet": 8}
ROWS = [
    ["libelle", "quantite", "pu", "tva", "ttc", "ecole", "uai", "categorie", "volet"],
    ["", 1, "10", None, None, None, None, None, "ressources"],
    ["x" * 3000, 1, "10", None, None, None, None, None, "ressources"],
    ["a", None, "10", None, None, None, None, None, "ressources"],
    ["a", Decimal("1.5"), "10", None, None, None, None, None, "ressources"],
    ["a", "1,5", "10", None, None, None, None, None, "ressources"],
    ["a", 0, "10", None, None, None, None, None, "ressources"],
    ["a", 10**7, "10", None, None, None, None, None, "ressources"],
    ["a", "inf", "10", None, None, None, None, None, "ressources"],
    ["a", 1, None, None, None, None, None, None, "ressources"],
    ["a", 1, Decimal("1E+30"), None, None, None, None, None, "ressources"],
    ["a", 1, Decimal("10.005"), None, None, None, None, None, "ressources"],
    ["a", 1, "-5", None, None, None, None, None, "ressources"],
    ["a", 1, Decimal(-5), None, None, None, None, None, "ressources"],
    ["a", 1, "99999999999", None, None, None, None, None, "ressources"],
    ["a", 1, "10", "abc", None, None, None, None, "ressources"],
    ["a", 1, "10", "7", None, None, None, None, "ressources"],
    ["a", 1, "10", Decimal("0.196"), None, None, None, None, "ressources"],
    ["a", 1, "10", None, None, None, None, None, "Bidule"],
    ["a", 1, "10", None, None, None, None, "zzz", "ressources"],
    ["a", 1, "10", None, None, None, "0000000X", None, "equipement"],
    ["a", 1, "10", None, None, "Ecole  Inconnue", None, None, "equipement"],
    ["a", 1, "10", None, None, "n" * 500, None, None, "equipement"],
    ["a", 1, "10", None, None, None, None, None, "equipement"],
    ["a", 1, "10", None, "1 2 3,4,5", None, None, None, "ressources"],
    ["a", 1, "10", None, "99", None, None, None, "ressources"],
    ["a", UncomputedFormula("A1*2"), "10", None, None, None, None, None, "ressources"],
    ["a", UncomputedFormula(""), "10", None, None, None, None, None, "ressources"],
    ["a", 1, UncomputedFormula("B2"), None, None, None, None, None, "ressources"],
]
FORMULA = (" sans valeur calculée (fichier écrit par un programme) ; ouvrez-le dans Excel ou LibreOffice, "
           "enregistrez-le, puis importez-le")
SAID = [
    (2, 'désignation vide'),
    (3, 'désignation de plus de 300 caractères'),
    (4, 'quantité vide'),
    (5, 'quantité « 1,5 » non entière'),
    (6, 'quantité « 1,5 » non entière'),
    (7, 'quantité 0 : au moins 1 est attendu'),
    (8, "quantité 10000000 : plus d'un million"),
    (9, "quantité « inf » n'est pas un nombre"),
    (10, 'prix unitaire HT vide'),
    (11, "prix unitaire HT de plus d'un milliard d'euros"),
    (12, 'prix unitaire HT 10,005 : plus de deux décimales'),
    (13, 'prix unitaire HT négatif'),
    (14, 'prix unitaire HT négatif'),
    (15, "prix unitaire HT de plus d'un milliard d'euros"),
    (16, 'taux de TVA « abc » illisible'),
    (17, 'taux de TVA 7 : un de 20 %, 10 %, 5,5 %, 2,1 %, 0 % est attendu'),
    (18, 'taux de TVA 19,6 % : un de 20 %, 10 %, 5,5 %, 2,1 %, 0 % est attendu'),
    (19, 'volet « Bidule » inconnu (équipement, ressources ou accompagnement)'),
    (20, 'catégorie « zzz » inconnue pour ce volet'),
    (21, "école d'UAI 0000000X absente du dossier"),
    (22, 'école « Ecole Inconnue » absente du dossier'),
    (23, "nom d'école de plus de 250 caractères"),
    (24, "ligne d'équipement sans école : nommez-la dans le fichier, ou choisissez l'école des lignes qui n'en "
         "nomment pas"),
    (25, "montant TTC : « 1 2 3,4,5 » n'est pas un montant : utilisez une seule virgule pour les centimes, "
         "par exemple 1 234,56."),
    (26, 'montant TTC 99,00\xa0€ différent du calcul (12,00\xa0€)'),
    (27, "quantité : formule « =A1*2 »" + FORMULA),
    (28, "quantité : formule" + FORMULA),
    (29, "prix unitaire HT : formule « =B2 »" + FORMULA),
]


def test_each_refused_row_reads_as_before():
    table = read_lines(ROWS, ecoles=[], taux_tva=RULES.taux_tva, categories=RULES.categories, mapping=MAPPING,
                       header_row=0)
    assert all(isinstance(refused.reason, RowRefused) for refused in table.refused)
    assert [(refused.row, error_text(refused.reason)) for refused in table.refused] == SAID


@pytest.mark.parametrize(("mapping", "code", "said"), [
    (None, "line_table_no_header", ("aucune ligne d'en-tête reconnue dans les 20 premières lignes : il faut au moins "
                                      "les colonnes « Désignation » (ou « Libellé »), « Quantité » (ou « Qté ») et "
                                      "« Prix unitaire HT » (ou « PU HT »).")),
    ({"libelle": 0}, "line_table_columns_missing", 'colonnes manquantes : quantite, prix_unitaire_ht.'),
])
def test_a_table_that_is_no_list_of_lines_reads_as_before(mapping, code, said):
    with pytest.raises(LineTableError) as refused:
        read_lines([["a", "b"], [1, 2]], ecoles=[], taux_tva=RULES.taux_tva, categories=RULES.categories,
                   mapping=mapping)
    assert refused.value.code == code and error_text(refused.value) == said
