"""`Computer` remembers the previous computation (the window's typing path, issue 15): after any
sequence of edits its result is the one a fresh `compute` gives for the dossier as it is, down
to the order of the findings and of the lines' amounts; and after one line's edit it redoes
that line only."""

from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socle_desktop import referentiel
from socle_desktop.domain import compute as compute_module
from socle_desktop.domain.compute import Computer, compute
from socle_desktop.domain.identifiers import uai_check_letter
from socle_desktop.domain.model import TAUX_TVA, VOLETS, Collectivite, Contact, Dossier, Ecole, Ligne, Piece
from socle_desktop.resources import load_rules

RULES = load_rules("snee-2021")
REFERENTIEL = referentiel.for_checks()
CATEGORIES = {volet: [*sorted(RULES.categories[volet]), "inconnue"] for volet in VOLETS}
texts = st.sampled_from(["", "  ", "Vidéoprojecteur", "Portable enseignant", "École du Centre", "Lycée"])
money = st.integers(min_value=-500, max_value=3_000_000)
counts = st.integers(min_value=-1, max_value=30)
insee = st.sampled_from(["43157", "43001", "2A004", "97411", "99999", "bad", ""])


def _uai(number: int) -> str:
    digits = f"{4300000 + number:07d}"
    return digits + uai_check_letter(digits)


def _school(draw, number: int) -> Ecole:
    return Ecole(id=f"e{number}", nom=draw(texts), uai=draw(st.sampled_from([_uai(number), _uai(0), "123"])),
                 code_insee=draw(insee), commune="Yssingeaux", nb_classes=draw(counts),
                 nb_eleves=draw(st.integers(-1, 400)), secteur=draw(st.sampled_from(["public", "prive_sous_contrat"])))


def _line(draw, number: int, school_ids: list[str]) -> Ligne:
    volet = draw(st.sampled_from(VOLETS))
    return Ligne(id=f"l{number}", volet=volet, categorie=draw(st.sampled_from(CATEGORIES[volet])),
                 ecole=draw(st.sampled_from([None, "disparue", *school_ids])), libelle=draw(texts),
                 quantite=draw(counts), prix_unitaire_ht_centimes=draw(money), taux_tva=draw(st.sampled_from(TAUX_TVA)))


@st.composite
def dossier_and_edits(draw):
    schools = [_school(draw, n) for n in range(draw(st.integers(0, 6)))]
    ids = [ecole.id for ecole in schools]
    lines = [_line(draw, n, ids) for n in range(draw(st.integers(0, 30)))]
    dossier = Dossier(collectivite=Collectivite(type=draw(st.sampled_from(["commune", "epci"])),
                                                raison_sociale="Yssingeaux", siret="21430257100014",
                                                code_insee="43157", contact=Contact()),
                      ecoles=schools, lignes=lines)
    edits = []
    for step in range(draw(st.integers(1, 25))):
        kind = draw(st.sampled_from(["ligne"] * 8 + ["ecole"] * 3 + ["add_ligne", "remove_ligne", "add_ecole",
                                                                     "remove_ecole", "collectivite", "contact",
                                                                     "piece", "move_ligne"]))
        if kind == "ligne":
            field = draw(st.sampled_from(["quantite", "prix_unitaire_ht_centimes", "taux_tva", "categorie",
                                          "libelle", "ecole", "volet"]))
            value = {"quantite": counts, "prix_unitaire_ht_centimes": money, "taux_tva": st.sampled_from(TAUX_TVA),
                     "categorie": st.sampled_from(sorted({c for cs in CATEGORIES.values() for c in cs})),
                     "libelle": texts, "ecole": st.sampled_from([None, "disparue", "e0", "e1", "e2", "e7"]),
                     "volet": st.sampled_from(VOLETS)}[field]
            edits.append((kind, draw(st.integers(0, 1000)), field, draw(value)))
        elif kind == "ecole":
            field = draw(st.sampled_from(["nom", "uai", "code_insee", "commune", "nb_classes", "nb_eleves", "secteur"]))
            value = {"nom": texts, "uai": st.sampled_from([_uai(3), _uai(0), "x"]), "code_insee": insee,
                     "commune": st.sampled_from(["Yssingeaux", "Brioude", ""]),
                     "nb_classes": counts, "nb_eleves": st.integers(-1, 400),
                     "secteur": st.sampled_from(["public", "prive_sous_contrat"])}[field]
            edits.append((kind, draw(st.integers(0, 1000)), field, draw(value)))
        elif kind == "add_ligne":
            edits.append((kind, draw(st.integers(0, 1000)), _line(draw, 100 + step, ["e0", "e1", "e5"]), None))
        elif kind == "add_ecole":
            edits.append((kind, draw(st.integers(0, 1000)), _school(draw, 7 + step), None))
        elif kind == "collectivite":
            field = draw(st.sampled_from(["siret", "code_insee", "type", "commune", "raison_sociale"]))
            edits.append((kind, None, field,
                          draw(st.sampled_from(["21430257100014", "200073096", "43001", "43157", "commune", "epci",
                                                "syndicat", "Yssingeaux", "Brioude", ""]))))
        elif kind == "contact":
            edits.append((kind, None, draw(st.sampled_from(["courriel", "telephone"])),
                          draw(st.sampled_from(["", "mairie@exemple.fr", "pas une adresse", "04 71 59 00 00"]))))
        else:
            edits.append((kind, draw(st.integers(0, 1000)), None, None))
    return dossier, edits


def _apply(dossier: Dossier, edit) -> None:
    kind, index, field, value = edit
    if kind == "ligne" and dossier.lignes:
        setattr(dossier.lignes[index % len(dossier.lignes)], field, value)
    elif kind == "ecole" and dossier.ecoles:
        setattr(dossier.ecoles[index % len(dossier.ecoles)], field, value)
    elif kind == "add_ligne":
        dossier.lignes.insert(index % (len(dossier.lignes) + 1), copy.deepcopy(field))
    elif kind == "remove_ligne" and dossier.lignes:
        del dossier.lignes[index % len(dossier.lignes)]
    elif kind == "move_ligne" and len(dossier.lignes) > 1:
        dossier.lignes.append(dossier.lignes.pop(index % len(dossier.lignes)))
    elif kind == "add_ecole":
        dossier.ecoles.insert(index % (len(dossier.ecoles) + 1), copy.deepcopy(field))
    elif kind == "remove_ecole" and dossier.ecoles:
        del dossier.ecoles[index % len(dossier.ecoles)]
    elif kind == "collectivite":
        setattr(dossier.collectivite, field, value)
    elif kind == "contact":
        setattr(dossier.collectivite.contact, field, value)
    elif kind == "piece":
        dossier.pieces.append(Piece(nom="devis.pdf", type="devis", sha256="0" * 64, taille=10))


def _same(remembered, fresh) -> None:
    assert remembered == fresh  # every figure, bucket, flag and finding, findings in order
    assert list(remembered.lignes.items()) == list(fresh.lignes.items())  # the lines' order too
    assert list(remembered.ecoles) == list(fresh.ecoles)
    assert json.dumps(remembered.to_dict()) == json.dumps(fresh.to_dict())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dossier_and_edits(), st.booleans())
def test_after_any_edits_the_remembered_computation_is_the_fresh_one(case, with_referentiel):
    dossier, edits = case
    ref = REFERENTIEL if with_referentiel else None
    computer = Computer(RULES)
    _same(computer.compute(dossier, ref), compute(copy.deepcopy(dossier), RULES, ref))
    for edit in edits:
        _apply(dossier, edit)
        _same(computer.compute(dossier, ref), compute(copy.deepcopy(dossier), RULES, ref))


def _large() -> Dossier:
    schools = [Ecole(id=f"e{n}", nom=f"École {n}", uai=_uai(n), code_insee="43157", commune="Yssingeaux",
                     nb_classes=4, nb_eleves=90) for n in range(10)]
    lines = [Ligne(id=f"l{n}", volet="equipement", categorie=CATEGORIES["equipement"][n % 5], ecole=f"e{n % 10}",
                   libelle=f"Matériel {n}", quantite=1 + n % 3, prix_unitaire_ht_centimes=10_000 + n)
             for n in range(300)]
    return Dossier(collectivite=Collectivite(raison_sociale="Yssingeaux", siret="21430257100014",
                                             code_insee="43157"), ecoles=schools, lignes=lines)


def test_one_line_edited_is_the_only_line_redone(monkeypatch):
    dossier = _large()
    computer = Computer(RULES)
    computer.compute(dossier, REFERENTIEL)
    redone = []
    original = compute_module._line_facts

    def counting(ligne, *args):
        redone.append(ligne.id)
        return original(ligne, *args)

    monkeypatch.setattr(compute_module, "_line_facts", counting)
    dossier.lignes[123].prix_unitaire_ht_centimes = 99_999
    result = computer.compute(dossier, REFERENTIEL)
    assert redone == ["l123"]
    _same(result, compute(copy.deepcopy(dossier), RULES, REFERENTIEL))
    dossier.lignes.insert(5, Ligne(id="nouvelle", ecole="e1", libelle="Tablette", prix_unitaire_ht_centimes=30_000))
    redone.clear()
    result = computer.compute(dossier, REFERENTIEL)
    assert len(redone) == 301  # a line inserted moves the others' places: all redone
    _same(result, compute(copy.deepcopy(dossier), RULES, REFERENTIEL))
