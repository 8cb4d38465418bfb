"""The rules engine: spending, base, subsidy and reste à charge, exactly as DESIGN.md §2 says.

    line HT   = quantité × prix unitaire HT
    line TTC  = HT × (1 + TVA/100), rounded half up, per line
    base      = Σ TTC (or Σ HT, per the rules file) of the eligible lines
    équipement subsidy = low% × min(base, seuil) + high% × max(0, base − seuil), rounded down
    ressources subsidy = min(rate% × base rounded down, plafond × pupils)
    reste à charge = TTC spending − subsidy

Per-school figures share each volet's subsidy out in proportion to the school's base
(largest remainder), so schools plus the lines attached to no school add up to the totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from . import findings as F
from .completeness import check_completeness, check_contact, check_referentiel, plural, school_label
from .findings import Constat
from .identifiers import insee_problem, siret_problem, uai_problem
from .model import (
    VOLET_LABELS,
    VOLETS,
    Dossier,
    Ecole,
    Ligne,
)
from .money import format_euros, percent_of, round_down, ttc_from_ht
from .rules import Rules


@dataclass
class Figures:
    depense_ht: int = 0
    depense_ttc: int = 0
    assiette: int = 0
    subvention: int = 0

    @property
    def reste_a_charge(self) -> int:
        return self.depense_ttc - self.subvention

    def add(self, other: Figures) -> None:
        self.depense_ht += other.depense_ht
        self.depense_ttc += other.depense_ttc
        self.assiette += other.assiette
        self.subvention += other.subvention

    def to_dict(self) -> dict:
        return {
            "depense_ht_centimes": self.depense_ht,
            "depense_ttc_centimes": self.depense_ttc,
            "assiette_centimes": self.assiette,
            "subvention_centimes": self.subvention,
            "reste_a_charge_centimes": self.reste_a_charge,
        }


@dataclass
class Bucket:
    """Figures of one school (or of the lines attached to none), per volet and in total."""

    volets: dict[str, Figures] = field(default_factory=lambda: {v: Figures() for v in VOLETS})
    equipement_minimum_atteint: bool = True
    # Why a rule changed this school's equipment base, for the document to say so beside it:
    # "minimum" (below the per-school minimum), "privee" (a private school where the dossier has
    # a public one), "plafond_classe" (capped per class); "" when no rule changed it.
    equipement_ajustement: str = ""

    @property
    def total(self) -> Figures:
        total = Figures()
        for figures in self.volets.values():
            total.add(figures)
        return total

    def to_dict(self) -> dict:
        return {
            "volets": {volet: figures.to_dict() for volet, figures in self.volets.items()},
            "total": self.total.to_dict(),
        }


@dataclass(frozen=True)
class LineAmounts:
    ht: int
    ttc: int
    counted: bool  # False when the line is invalid (quantity <= 0, negative price): counts as 0


@dataclass
class Result:
    regles: str
    volets: dict[str, Figures]
    ecoles: dict[str, Bucket]
    hors_ecole: Bucket
    constats: list[Constat]
    lignes: dict[str, LineAmounts]
    # Rules that changed a total: the dossier's equipment spending ceiling, the resources ceiling.
    plafond_depense_atteint: bool = False
    plafond_ressources_atteint: bool = False

    @property
    def total(self) -> Figures:
        total = Figures()
        for figures in self.volets.values():
            total.add(figures)
        return total

    @property
    def has_errors(self) -> bool:
        return F.has_errors(self.constats)

    def to_dict(self) -> dict:
        """The computation result of DESIGN.md §4 (`compute` output, `calcul` in a bundle)."""
        ecoles = {}
        for ecole_id, bucket in self.ecoles.items():
            entry = bucket.to_dict()
            entry["equipement_minimum_atteint"] = bucket.equipement_minimum_atteint
            ecoles[ecole_id] = entry
        return {
            "regles": self.regles,
            "volets": {volet: figures.to_dict() for volet, figures in self.volets.items()},
            "total": self.total.to_dict(),
            "ecoles": ecoles,
            "hors_ecole": self.hors_ecole.to_dict(),
            "constats": [constat.to_dict() for constat in self.constats],
        }


def line_amounts(ligne: Ligne) -> LineAmounts:
    """HT and TTC of one line; an invalid quantity or price makes it count for nothing."""
    return _amounts(ligne.quantite, ligne.prix_unitaire_ht_centimes, ligne.taux_tva)


@lru_cache(maxsize=8192)
def _amounts(quantite: int, prix_unitaire_ht_centimes: int, taux_tva: str) -> LineAmounts:
    """Remembered: the window recomputes the whole dossier at each keystroke, and all lines but
    the edited one have the same three values as before (exact Decimal work done once; issue 15)."""
    if quantite <= 0 or prix_unitaire_ht_centimes < 0:
        return LineAmounts(0, 0, counted=False)
    ht = quantite * prix_unitaire_ht_centimes
    return LineAmounts(ht, ttc_from_ht(ht, Decimal(taux_tva)), counted=True)


def compute(dossier: Dossier, rules: Rules, referentiel=None) -> Result:
    """`referentiel` (a `domain.referentiel.Referentiel`), when given, adds the findings that
    compare the collectivité and the schools with the official list of communes and EPCI."""
    constats: list[Constat] = []
    constats += _check_collectivite(dossier)
    constats += check_contact(dossier)
    if referentiel is not None:
        constats += check_referentiel(dossier, referentiel)
    constats += _check_ecoles(dossier, rules)
    constats += _check_lignes(dossier, rules)
    constats += check_completeness(dossier, rules)

    amounts = {ligne.id: line_amounts(ligne) for ligne in dossier.lignes}
    known_schools = {ecole.id for ecole in dossier.ecoles}
    buckets = {ecole.id: Bucket() for ecole in dossier.ecoles}
    hors_ecole = Bucket()
    for ligne in dossier.lignes:
        bucket = buckets[ligne.ecole] if ligne.ecole in known_schools else hors_ecole
        figures = bucket.volets[ligne.volet]
        figures.depense_ht += amounts[ligne.id].ht
        figures.depense_ttc += amounts[ligne.id].ttc

    base_of = (lambda f: f.depense_ttc) if rules.base == "TTC" else (lambda f: f.depense_ht)
    constats += _equipment_bases(dossier, rules, buckets, base_of)
    for volet in ("ressources", "accompagnement"):
        for bucket in [*buckets.values(), hors_ecole]:
            bucket.volets[volet].assiette = base_of(bucket.volets[volet])

    volets = {volet: Figures() for volet in VOLETS}
    for bucket in [*buckets.values(), hors_ecole]:
        for volet in VOLETS:
            volets[volet].add(bucket.volets[volet])

    subsidies = {
        "equipement": _equipment_subsidy(volets["equipement"].assiette, rules),
        "ressources": round_down(percent_of(volets["ressources"].assiette, rules.ressources_taux)),
        "accompagnement": round_down(percent_of(volets["accompagnement"].assiette, rules.accompagnement_taux)),
    }
    ceiling = rules.equipement_plafond_depense_centimes
    plafond_depense_atteint = bool(ceiling) and volets["equipement"].assiette > ceiling
    if plafond_depense_atteint:
        constats.append(Constat(
            "PLAFOND_DEPENSE_ATTEINT", F.INFO, "volet:equipement",
            f"L'assiette d'équipement ({format_euros(volets['equipement'].assiette)}) dépasse le plafond de "
            f"{format_euros(ceiling)} de dépense éligible par dossier : la part au-delà n'est pas subventionnée.",
        ))
    if rules.equipement_seuil_centimes and volets["equipement"].assiette > rules.equipement_seuil_centimes:
        constats.append(Constat(
            "SEUIL_EQUIPEMENT_DEPASSE", F.INFO, "volet:equipement",
            f"L'assiette d'équipement dépasse {format_euros(rules.equipement_seuil_centimes)} : "
            f"la part au-delà est subventionnée à {rules.equipement_taux_haut} % au lieu de "
            f"{rules.equipement_taux_bas} %.",
        ))
    pupils = sum(max(0, ecole.nb_eleves) for ecole in dossier.ecoles)
    plafond_ressources_atteint = False
    if rules.ressources_plafond_par_eleve_centimes:
        ceiling = rules.ressources_plafond_par_eleve_centimes * pupils
        if subsidies["ressources"] > ceiling:
            subsidies["ressources"] = ceiling
            plafond_ressources_atteint = True
            constats.append(Constat(
                "PLAFOND_RESSOURCES_ATTEINT", F.INFO, "volet:ressources",
                f"La subvention des ressources numériques est plafonnée à "
                f"{format_euros(rules.ressources_plafond_par_eleve_centimes)} par élève, soit "
                f"{format_euros(ceiling)} pour {plural(pupils, '{n} élève', '{n} élèves')}.",
            ))

    order = [*buckets.values(), hors_ecole]
    for volet in VOLETS:
        volets[volet].subvention = subsidies[volet]
        shares = _share_out(subsidies[volet], [bucket.volets[volet].assiette for bucket in order])
        for bucket, share in zip(order, shares, strict=True):
            bucket.volets[volet].subvention = share

    return Result(
        regles=rules.edition,
        volets=volets,
        ecoles=buckets,
        hors_ecole=hors_ecole,
        constats=constats,
        lignes=amounts,
        plafond_depense_atteint=plafond_depense_atteint,
        plafond_ressources_atteint=plafond_ressources_atteint,
    )


def _equipment_subsidy(base: int, rules: Rules) -> int:
    if rules.equipement_plafond_depense_centimes:
        base = min(base, rules.equipement_plafond_depense_centimes)
    low_part = min(base, rules.equipement_seuil_centimes)
    high_part = max(0, base - rules.equipement_seuil_centimes)
    return round_down(
        percent_of(low_part, rules.equipement_taux_bas) + percent_of(high_part, rules.equipement_taux_haut)
    )


def _equipment_bases(dossier: Dossier, rules: Rules, buckets: dict[str, Bucket], base_of) -> list[Constat]:
    """Set each school's eligible equipment base: the per-school minimum, then the per-class ceiling.

    Equipment attached to no school (itself an error) is spending without a base.
    """
    constats = []
    public_communes = {e.code_insee.strip() for e in dossier.ecoles if e.secteur == "public" and e.code_insee.strip()}
    for index, ecole in enumerate(dossier.ecoles):
        bucket = buckets[ecole.id]
        figures = bucket.volets["equipement"]
        base = base_of(figures)
        minimum = rules.equipement_minimum_par_ecole_centimes
        if rules.privees_seulement_sans_publique and ecole.secteur == "prive_sous_contrat":
            if ecole.code_insee.strip() in public_communes:
                bucket.equipement_ajustement = "privee"
                constats.append(Constat(
                    "ECOLE_PRIVEE_NON_ELIGIBLE", F.ERREUR, f"ecoles[{index}].secteur",
                    f"L'école privée {_school_label(ecole, index)} est dans une commune où le dossier présente "
                    "une école publique : une école privée sous contrat n'est éligible que dans une commune "
                    "sans école publique ; son équipement n'est pas subventionnable.",
                ))
                base = None
            else:
                constats.append(Constat(
                    "ECOLE_PRIVEE_A_VERIFIER", F.AVERTISSEMENT, f"ecoles[{index}].secteur",
                    f"L'école privée {_school_label(ecole, index)} n'est éligible que si sa commune n'a pas "
                    "d'école publique : vérifiez-le auprès de la DSDEN.",
                ))
        if base is None:
            base = 0
        elif base < minimum:
            bucket.equipement_minimum_atteint = False
            bucket.equipement_ajustement = "minimum"
            constats.append(Constat(
                "EQUIPEMENT_MINIMUM_ECOLE", F.ERREUR, f"ecoles[{index}].equipement",
                f"L'école {_school_label(ecole, index)} a {format_euros(base)} d'équipement ({rules.base}), "
                f"sous le minimum de {format_euros(minimum)} par école : son équipement n'est pas "
                "subventionnable. Complétez son équipement ou retirez-le.",
            ))
            base = 0
        ceiling_per_class = rules.equipement_plafond_par_classe_centimes
        if ceiling_per_class and ecole.nb_classes > 0 and base > ceiling_per_class * ecole.nb_classes:
            base = ceiling_per_class * ecole.nb_classes
            bucket.equipement_ajustement = "plafond_classe"
            constats.append(Constat(
                "PLAFOND_CLASSE_ATTEINT", F.INFO, f"ecoles[{index}].equipement",
                f"L'assiette d'équipement de l'école {_school_label(ecole, index)} est plafonnée à "
                f"{format_euros(ceiling_per_class)} par classe, soit {format_euros(base)}.",
            ))
        figures.assiette = base
    return constats


def _share_out(total: int, weights: list[int]) -> list[int]:
    """Split `total` in proportion to `weights` so the parts add up exactly (largest remainder)."""
    weight_sum = sum(weights)
    if weight_sum == 0 or total == 0:
        return [0] * len(weights)
    floors = [total * weight // weight_sum for weight in weights]
    remainders = [total * weight % weight_sum for weight in weights]
    missing = total - sum(floors)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for index in by_remainder[:missing]:
        floors[index] += 1
    return floors


# --- findings ------------------------------------------------------------------------------


_school_label = school_label


def _check_collectivite(dossier: Dossier) -> list[Constat]:
    c = dossier.collectivite
    constats = []
    if not c.raison_sociale.strip():
        constats.append(Constat("RAISON_SOCIALE_MANQUANTE", F.ERREUR, "collectivite.raison_sociale",
                                "La raison sociale de la collectivité n'est pas renseignée."))
    problem = siret_problem(c.siret)
    if problem:
        constats.append(Constat("SIRET_INVALIDE", F.ERREUR, "collectivite.siret", problem))
    # A commune has an INSEE code; an EPCI or a syndicat may leave it empty.
    if c.type == "commune" or c.code_insee.strip():
        problem = insee_problem(c.code_insee)
        if problem:
            constats.append(Constat("CODE_INSEE_INVALIDE", F.ERREUR, "collectivite.code_insee", problem))
    return constats


def _check_ecoles(dossier: Dossier, rules: Rules) -> list[Constat]:
    constats = []
    if not dossier.ecoles:
        constats.append(Constat("AUCUNE_ECOLE", F.ERREUR, "ecoles",
                                "Le dossier ne comporte aucune école."))
    first_index_of_uai: dict[str, int] = {}
    for index, ecole in enumerate(dossier.ecoles):
        chemin = f"ecoles[{index}]"
        name = _school_label(ecole, index)
        if not ecole.nom.strip():
            constats.append(Constat("ECOLE_NOM_MANQUANT", F.ERREUR, f"{chemin}.nom",
                                    f"L'école n° {index + 1} n'a pas de nom."))
        problem = uai_problem(ecole.uai)
        if problem:
            constats.append(Constat("UAI_INVALIDE", F.ERREUR, f"{chemin}.uai", problem))
        else:
            uai = ecole.uai.strip().upper()
            if uai in first_index_of_uai:
                constats.append(Constat(
                    "UAI_DOUBLON", F.ERREUR, f"{chemin}.uai",
                    f"Le code UAI {uai} est déjà celui de l'école n° {first_index_of_uai[uai] + 1} : "
                    "une école ne figure qu'une fois dans le dossier.",
                ))
            else:
                first_index_of_uai[uai] = index
        problem = insee_problem(ecole.code_insee)
        if problem:
            constats.append(Constat("CODE_INSEE_INVALIDE", F.ERREUR, f"{chemin}.code_insee", problem))
        if ecole.nb_classes <= 0:
            constats.append(Constat("ECOLE_SANS_CLASSE", F.ERREUR, f"{chemin}.nb_classes",
                                    f"L'école {name} n'a aucune classe."))
        if ecole.nb_eleves < 0:
            constats.append(Constat("EFFECTIF_INVALIDE", F.ERREUR, f"{chemin}.nb_eleves",
                                    f"Le nombre d'élèves de l'école {name} est négatif."))
        elif ecole.nb_classes > 0 and not (
            rules.eleves_par_classe_min * ecole.nb_classes
            <= ecole.nb_eleves
            <= rules.eleves_par_classe_max * ecole.nb_classes
        ):
            constats.append(Constat(
                "EFFECTIF_INVRAISEMBLABLE", F.AVERTISSEMENT, f"{chemin}.nb_eleves",
                f"{plural(ecole.nb_eleves, '{n} élève', '{n} élèves')} pour "
                f"{plural(ecole.nb_classes, 'une classe', '{n} classes')} à l'école {name} : "
                f"vérifiez l'effectif (attendu entre {rules.eleves_par_classe_min} et "
                f"{rules.eleves_par_classe_max} élèves par classe).",
            ))
    equipment_by_school: dict[str, list[Ligne]] = {}
    for ligne in dossier.lignes:
        if ligne.volet == "equipement" and ligne.quantite > 0 and ligne.ecole is not None:
            equipment_by_school.setdefault(ligne.ecole, []).append(ligne)
    for index, ecole in enumerate(dossier.ecoles):
        constats += _check_socle(ecole, index, equipment_by_school.get(ecole.id, []), rules)
    return constats


def _check_socle(ecole: Ecole, index: int, lines: list[Ligne], rules: Rules) -> list[Constat]:
    """Each class should get a projection device and a teacher laptop: a warning, since the
    school may already own them. `lines` are the school's equipment lines."""
    if ecole.nb_classes <= 0:
        return []
    projection = sum(ligne.quantite for ligne in lines if ligne.categorie in rules.categories_projection)
    laptops = sum(ligne.quantite for ligne in lines if ligne.categorie in rules.categories_ordinateur_enseignant)
    missing = []
    if projection < ecole.nb_classes:
        missing.append(plural(projection, "{n} équipement de projection", "{n} équipements de projection")
                       .replace("0 équipement", "aucun équipement"))
    if laptops < ecole.nb_classes:
        missing.append(plural(laptops, "{n} ordinateur d'enseignant", "{n} ordinateurs d'enseignant")
                       .replace("0 ordinateur", "aucun ordinateur"))
    if not missing:
        return []
    return [Constat(
        "SOCLE_INCOMPLET", F.AVERTISSEMENT, f"ecoles[{index}].equipement",
        f"L'école {_school_label(ecole, index)} a {plural(ecole.nb_classes, 'une classe', '{n} classes')} "
        "mais le dossier prévoit "
        f"{' et '.join(missing)}. Si l'école en dispose déjà, ignorez cet avertissement.",
    )]


def _check_lignes(dossier: Dossier, rules: Rules) -> list[Constat]:
    constats = []
    known_schools = {ecole.id for ecole in dossier.ecoles}
    categories = rules.categories
    for index, ligne in enumerate(dossier.lignes):
        if (ligne.quantite > 0 and ligne.prix_unitaire_ht_centimes >= 0 and ligne.categorie in categories[ligne.volet]
                and ligne.ecole in known_schools and ligne.libelle.strip()):
            continue  # the usual line: nothing to say, no sentence built (run at every keystroke)
        chemin = f"lignes[{index}]"
        label = f"« {ligne.libelle} »" if ligne.libelle else f"n° {index + 1}"
        if not ligne.libelle.strip():
            constats.append(Constat("LIBELLE_MANQUANT", F.AVERTISSEMENT, f"{chemin}.libelle",
                                    f"La ligne n° {index + 1} ({VOLET_LABELS[ligne.volet]}) n'a pas de libellé."))
        if ligne.categorie not in rules.categories[ligne.volet]:
            constats.append(Constat("CATEGORIE_INCONNUE", F.AVERTISSEMENT, f"{chemin}.categorie",
                                    f"La catégorie « {ligne.categorie} » de la ligne {label} n'existe pas "
                                    f"pour le volet {VOLET_LABELS[ligne.volet]}."))
        if ligne.quantite <= 0:
            constats.append(Constat("QUANTITE_INVALIDE", F.ERREUR, f"{chemin}.quantite",
                                    f"La quantité de la ligne {label} doit être d'au moins 1 "
                                    f"(saisi : {ligne.quantite}) ; la ligne n'est pas comptée."))
        if ligne.prix_unitaire_ht_centimes < 0:
            constats.append(Constat("PRIX_NEGATIF", F.ERREUR, f"{chemin}.prix_unitaire_ht_centimes",
                                    f"Le prix unitaire de la ligne {label} est négatif ; la ligne n'est pas comptée."))
        if ligne.ecole is None:
            if ligne.volet == "equipement":
                constats.append(Constat("LIGNE_SANS_ECOLE", F.ERREUR, f"{chemin}.ecole",
                                        f"La ligne d'équipement {label} n'est rattachée à aucune école."))
        elif ligne.ecole not in known_schools:
            constats.append(Constat("ECOLE_INCONNUE", F.ERREUR, f"{chemin}.ecole",
                                    f"La ligne {label} est rattachée à une école qui n'est pas dans le dossier."))
    return constats


def unconfirmed_parameters(dossier: Dossier, result: Result, rules: Rules) -> list:
    """The parameters no primary source confirms that this dossier's figures depend on (the
    window says to check them with the DSDEN). A parameter counts when it shaped a figure: the
    base whenever there is spending, the threshold when there is equipment, a minimum or a
    ceiling when it changed a school's or the dossier's amount, the private-school rule when the
    dossier has a private school."""
    params = {parameter.code: parameter for parameter in rules.parameters()}
    used: list[str] = []
    total = result.total
    if total.depense_ttc:
        used += ["assiette", "equipement_taux_bas", "equipement_taux_haut"]
    if result.volets["equipement"].assiette:
        used.append("equipement_seuil")
    adjustments = {bucket.equipement_ajustement for bucket in result.ecoles.values()}
    if "minimum" in adjustments:
        used.append("equipement_minimum_par_ecole")
    if "plafond_classe" in adjustments:
        used.append("equipement_plafond_par_classe")
    if result.plafond_depense_atteint:
        used.append("equipement_plafond_depense")
    if any(ecole.secteur == "prive_sous_contrat" for ecole in dossier.ecoles):
        used.append("ecoles_privees")
    if result.volets["ressources"].depense_ttc:
        used.append("ressources_taux")
    if result.plafond_ressources_atteint:
        used.append("ressources_plafond_par_eleve")
    return [params[code] for code in dict.fromkeys(used) if code in params and not params[code].confirmed]
