"""Each finding of issue 2, with its stable code, gravity and JSON path."""

from __future__ import annotations

from builders import dossier, line, school

from socle_desktop.domain.compute import compute


def findings(d, rules) -> dict[tuple[str, str], str]:
    return {(c.code, c.chemin): c.gravite for c in compute(d, rules).constats}


def test_a_complete_small_dossier_has_no_error(rules):
    d = dossier(lignes=[line("equipement", 300_000, category="videoprojecteur"),
                        line("equipement", 100_000, category="ordinateur_enseignant")])
    assert not compute(d, rules).has_errors
    assert findings(d, rules) == {}


def test_invalid_siret(rules):
    d = dossier()
    d.collectivite.siret = "21439999000017"
    assert findings(d, rules)[("SIRET_INVALIDE", "collectivite.siret")] == "erreur"


def test_invalid_insee_of_the_collectivite_and_of_a_school(rules):
    d = dossier()
    d.collectivite.code_insee = "4300"
    d.ecoles[0].code_insee = "2C001"
    found = findings(d, rules)
    assert found[("CODE_INSEE_INVALIDE", "collectivite.code_insee")] == "erreur"
    assert found[("CODE_INSEE_INVALIDE", "ecoles[0].code_insee")] == "erreur"


def test_epci_may_have_no_insee_code(rules):
    d = dossier()
    d.collectivite.type = "epci"
    d.collectivite.code_insee = ""
    assert ("CODE_INSEE_INVALIDE", "collectivite.code_insee") not in findings(d, rules)


def test_invalid_and_duplicate_uai(rules):
    d = dossier(ecoles=[school(1), school(2), school(3)])
    d.ecoles[1].uai = d.ecoles[0].uai.lower()  # same school code, typed differently
    d.ecoles[2].uai = "0439003Z"
    found = findings(d, rules)
    assert found[("UAI_DOUBLON", "ecoles[1].uai")] == "erreur"
    assert found[("UAI_INVALIDE", "ecoles[2].uai")] == "erreur"
    assert ("UAI_DOUBLON", "ecoles[0].uai") not in found


def test_school_without_class_and_implausible_pupils(rules):
    d = dossier(ecoles=[school(1, classes=0, pupils=10), school(2, classes=2, pupils=200),
                        school(3, classes=3, pupils=-1)])
    found = findings(d, rules)
    assert found[("ECOLE_SANS_CLASSE", "ecoles[0].nb_classes")] == "erreur"
    assert found[("EFFECTIF_INVRAISEMBLABLE", "ecoles[1].nb_eleves")] == "avertissement"
    assert found[("EFFECTIF_INVALIDE", "ecoles[2].nb_eleves")] == "erreur"


def test_pupils_bounds_are_inclusive(rules):
    d = dossier(ecoles=[school(1, classes=2, pupils=70), school(2, classes=2, pupils=2)])
    assert not any(code == "EFFECTIF_INVRAISEMBLABLE" for code, _ in findings(d, rules))
    d.ecoles[0].nb_eleves = 71
    assert ("EFFECTIF_INVRAISEMBLABLE", "ecoles[0].nb_eleves") in findings(d, rules)


def test_equipment_line_without_school_or_with_an_unknown_one(rules):
    d = dossier(lignes=[line("equipement", 400_000),
                        line("equipement", 1_000, ecole=None),
                        line("equipement", 1_000, ecole="ghost"),
                        line("ressources", 1_000, ecole=None)])  # resources may be dossier-wide
    found = findings(d, rules)
    assert found[("LIGNE_SANS_ECOLE", "lignes[1].ecole")] == "erreur"
    assert found[("ECOLE_INCONNUE", "lignes[2].ecole")] == "erreur"
    assert ("LIGNE_SANS_ECOLE", "lignes[3].ecole") not in found


def test_zero_quantity_and_negative_price_are_errors_and_count_for_nothing(rules):
    d = dossier(lignes=[line("equipement", 400_000),
                        line("equipement", 1_000, quantity=0),
                        line("equipement", 1_000, quantity=-2),
                        line("equipement", -500)])
    result = compute(d, rules)
    found = findings(d, rules)
    assert found[("QUANTITE_INVALIDE", "lignes[1].quantite")] == "erreur"
    assert found[("QUANTITE_INVALIDE", "lignes[2].quantite")] == "erreur"
    assert found[("PRIX_NEGATIF", "lignes[3].prix_unitaire_ht_centimes")] == "erreur"
    assert result.volets["equipement"].depense_ht == 400_000


def test_incomplete_socle_is_a_warning(rules):
    d = dossier(ecoles=[school(1, classes=2, pupils=40)],
                lignes=[line("equipement", 400_000, category="videoprojecteur", quantity=2),
                        line("equipement", 80_000, category="ordinateur_enseignant", quantity=1)])
    constat = next(c for c in compute(d, rules).constats if c.code == "SOCLE_INCOMPLET")
    assert (constat.gravite, constat.chemin) == ("avertissement", "ecoles[0].equipement")
    assert "a 2 classes mais le dossier ne prévoit qu'un ordinateur d'enseignant." in constat.message
    assert "(s)" not in constat.message


def test_interactive_screens_count_as_projection(rules):
    d = dossier(lignes=[line("equipement", 400_000, category="ecran_interactif"),
                        line("equipement", 80_000, category="ordinateur_enseignant")])
    assert not any(code == "SOCLE_INCOMPLET" for code, _ in findings(d, rules))


def test_no_school_and_missing_names(rules):
    d = dossier(ecoles=[])
    d.collectivite.raison_sociale = " "
    d.projet.intitule = ""
    found = findings(d, rules)
    assert found[("AUCUNE_ECOLE", "ecoles")] == "erreur"
    assert found[("RAISON_SOCIALE_MANQUANTE", "collectivite.raison_sociale")] == "erreur"
    assert found[("INTITULE_MANQUANT", "projet.intitule")] == "erreur"


def test_every_message_is_french_and_every_code_stable(rules):
    d = dossier(ecoles=[school(1, classes=0)], lignes=[line("equipement", -1, quantity=0, ecole=None)])
    d.collectivite.siret = "123"
    for constat in compute(d, rules).constats:
        assert constat.code.isupper() and " " not in constat.code
        assert constat.gravite in ("erreur", "avertissement", "info")
        assert constat.message and constat.message[0].isupper()


def test_messages_about_an_unnamed_school_give_its_number(rules):
    d = dossier(ecoles=[school(1), school(2, classes=0)])
    d.ecoles[1].nom = ""
    messages = [c.message for c in compute(d, rules).constats if c.chemin.startswith("ecoles[1]")]
    assert messages
    assert all("«  »" not in message for message in messages)
    assert any("n° 2" in message for message in messages)
