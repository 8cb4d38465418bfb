"""The rules engine: spending, base, subsidy and reste à charge, exactly as DESIGN.md §2 says.

    line HT   = quantité × prix unitaire HT
    line TTC  = HT × (1 + TVA/100), rounded half up, per line
    base      = Σ TTC (or Σ HT, per the rules file) of the eligible lines
    équipement subsidy = low% × min(base, seuil) + high% × max(0, base − seuil), rounded down
    ressources subsidy = min(rate% × base rounded down, plafond × pupils)
    reste à charge = TTC spending − subsidy

Per-school figures share each volet's subsidy out in proportion to the school's base
(largest remainder), so schools plus the lines attached to no school add up to the totals.

`compute` starts from nothing. `Computer` gives the same result with a memory of the previous
call (the window recomputes at each keystroke, issue 15): what each line contributes (its
amounts, its findings, its share of its school's sums) is kept with the line's values, and a
new call redoes only the lines whose values changed, then re-sums; the checks of the schools,
of the contact and against the référentiel are redone only when what they read changed.
`compute` itself is a fresh Computer: one code path, the memory is the only difference.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import astuple, dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import compress
from operator import attrgetter, ne

from . import findings as F
from .completeness import (
    check_completeness,
    check_contact,
    check_hidden_text,
    check_referentiel,
    line_label_hidden_text,
    plural,
    school_label,
)
from .findings import Constat
from .identifiers import insee_problem, siret_problem, uai_problem
from .model import (
    VOLET_LABELS,
    VOLETS,
    Dossier,
    Ecole,
    Ligne,
)
from .money import format_euros, format_integer, percent_of, round_down, ttc_from_ht
from .rules import Rules
from .text import has_hidden, visible


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


def compute(dossier: Dossier, rules: Rules, referentiel=None, absent_pieces: Collection[str] = ()) -> Result:
    """`referentiel` (a `domain.referentiel.Referentiel`), when given, adds the findings that
    compare the collectivité and the schools with the official list of communes and EPCI.
    `absent_pieces`: ids of the attachments whose file the caller does not hold (the library
    says which): each is a finding, as the export would fail on it."""
    return Computer(rules).compute(dossier, referentiel, absent_pieces)


@dataclass(frozen=True)
class _LineFacts:
    """What one line brings to the result, from its own values, its index and whether its
    school is in the dossier."""

    amounts: LineAmounts
    constats: tuple[Constat, ...]
    bucket: str | None  # its school's id, None for the lines attached to no known school
    volet: str
    socle_school: str | None  # the school whose projection/laptop counts it adds to
    projection: int
    laptops: int
    equipped_school: str | None  # a known school this equipment line equips (completeness counts them)


# Every value of a line that compute reads (the memory's key), as a tuple made in C.
_line_key = attrgetter("id", "volet", "ecole", "categorie", "libelle", "quantite", "prix_unitaire_ht_centimes",
                       "taux_tva")


def _school_key(ecole: Ecole) -> tuple:
    """Every value of a school (the checks of the schools and the référentiel's read them)."""
    return tuple(vars(ecole).values())


class Computer:
    """`compute` for one set of rules, remembering the previous call: the result is always the
    one `compute(dossier, rules, referentiel)` returns for the dossier as it is now (a property
    test compares them over random edits), only faster after a small change."""

    def __init__(self, rules: Rules):
        self.rules = rules
        self._line_keys: list[tuple] | None = None
        self._repeated_ids = False
        self._known: frozenset[str] = frozenset()
        self._facts: list[_LineFacts] = []
        self._amounts: dict[str, LineAmounts] = {}
        self._sums: dict[tuple[str | None, str], list[int]] = {}  # (bucket, volet) -> [HT, TTC]
        self._socle: dict[str, list[int]] = {}  # school id -> [projection, laptops]
        self._equipped: dict[str, int] = {}  # known school id -> its equipment lines
        self._socle_findings: dict[tuple, list[Constat]] = {}
        self._line_constats: dict[int, tuple[Constat, ...]] = {}  # index -> findings (lines with some)
        self._schools: tuple[tuple, list[Constat]] | None = None
        self._contact: tuple[tuple, list[Constat]] | None = None
        self._referentiel: tuple[tuple, list[Constat]] | None = None

    def compute(self, dossier: Dossier, referentiel=None, absent_pieces: Collection[str] = ()) -> Result:
        rules = self.rules
        constats: list[Constat] = []
        constats += _check_collectivite(dossier)
        constats += check_hidden_text(dossier)
        constats += self._contact_findings(dossier)
        school_keys = tuple(_school_key(ecole) for ecole in dossier.ecoles)
        if referentiel is not None:
            constats += self._referentiel_findings(dossier, referentiel, school_keys)
        self._update_lines(dossier, frozenset(ecole.id for ecole in dossier.ecoles))
        constats += self._school_findings(dossier, school_keys)
        for index, ecole in enumerate(dossier.ecoles):
            projection, laptops = self._socle.get(ecole.id, (0, 0))
            constats += self._socle_finding(ecole, index, projection, laptops)
        for index in sorted(self._line_constats):
            constats += self._line_constats[index]
        equipped = [ecole_id for ecole_id, count in self._equipped.items() if count > 0]
        constats += check_completeness(dossier, rules, equipped_schools=equipped, absent_pieces=absent_pieces)

        buckets = {ecole.id: Bucket() for ecole in dossier.ecoles}
        hors_ecole = Bucket()
        for (bucket_id, volet), (ht, ttc) in self._sums.items():
            figures = (buckets[bucket_id] if bucket_id is not None else hors_ecole).volets[volet]
            figures.depense_ht += ht
            figures.depense_ttc += ttc
        return _finish(dossier, rules, constats, buckets, hors_ecole, dict(self._amounts))

    # --- the lines ------------------------------------------------------------------------

    def _update_lines(self, dossier: Dossier, known: frozenset[str]) -> None:
        lignes = dossier.lignes
        keys = list(map(_line_key, lignes))
        old = self._line_keys
        if old is None or known != self._known or len(old) != len(keys):
            self._rebuild_lines(lignes, keys, known)
            return
        if keys == old:
            return
        changed = list(compress(range(len(keys)), map(ne, old, keys)))  # the positions whose values changed
        if (len(changed) > 64 or self._repeated_ids
                or any(old[index][0] != keys[index][0] for index in changed)):
            self._rebuild_lines(lignes, keys, known)  # many lines, or lines replaced: start again
            return
        for index in changed:
            self._remove(index, self._facts[index])
            facts = _line_facts(lignes[index], index, known, self.rules)
            self._facts[index] = facts
            self._add(index, facts)
            self._amounts[keys[index][0]] = facts.amounts
        self._line_keys = keys

    def _rebuild_lines(self, lignes: list[Ligne], keys: list[tuple], known: frozenset[str]) -> None:
        self._line_keys, self._known = keys, known
        self._sums, self._socle, self._equipped, self._line_constats = {}, {}, {}, {}
        self._facts = [_line_facts(ligne, index, known, self.rules) for index, ligne in enumerate(lignes)]
        self._amounts = {}
        for index, (key, facts) in enumerate(zip(keys, self._facts, strict=True)):
            self._add(index, facts)
            self._amounts[key[0]] = facts.amounts
        # Two lines with one id (a hand-edited file) share an entry of the amounts: always redone.
        self._repeated_ids = len(self._amounts) != len(keys)

    def _add(self, index: int, facts: _LineFacts, sign: int = 1) -> None:
        sums = self._sums.setdefault((facts.bucket, facts.volet), [0, 0])
        sums[0] += sign * facts.amounts.ht
        sums[1] += sign * facts.amounts.ttc
        if facts.socle_school is not None:
            socle = self._socle.setdefault(facts.socle_school, [0, 0])
            socle[0] += sign * facts.projection
            socle[1] += sign * facts.laptops
        if facts.equipped_school is not None:
            self._equipped[facts.equipped_school] = self._equipped.get(facts.equipped_school, 0) + sign
        if sign > 0 and facts.constats:
            self._line_constats[index] = facts.constats

    def _remove(self, index: int, facts: _LineFacts) -> None:
        self._add(index, facts, sign=-1)
        self._line_constats.pop(index, None)

    # --- the schools, the contact, the référentiel: redone when what they read changed ----

    def _school_findings(self, dossier: Dossier, keys: tuple) -> list[Constat]:
        if self._schools is None or self._schools[0] != keys:
            self._schools = (keys, _check_schools(dossier, self.rules))
        return self._schools[1]

    def _socle_finding(self, ecole: Ecole, index: int, projection: int, laptops: int) -> list[Constat]:
        key = (index, ecole.nom, ecole.nb_classes, projection, laptops)
        found = self._socle_findings.get(key)
        if found is None:
            if len(self._socle_findings) > 4096:
                self._socle_findings.clear()
            found = self._socle_findings[key] = _check_socle(ecole, index, projection, laptops, self.rules)
        return found

    def _contact_findings(self, dossier: Dossier) -> list[Constat]:
        key = tuple(vars(dossier.collectivite.contact).values())
        if self._contact is None or self._contact[0] != key:
            self._contact = (key, check_contact(dossier))
        return self._contact[1]

    def _referentiel_findings(self, dossier: Dossier, referentiel, school_keys: tuple) -> list[Constat]:
        # Whatever it may read but the lines: the collectivité and the schools, every value.
        key = (id(referentiel), astuple(dossier.collectivite), school_keys)
        if self._referentiel is None or self._referentiel[0] != key:
            self._referentiel = (key, check_referentiel(dossier, referentiel))
        return self._referentiel[1]


def _line_facts(ligne: Ligne, index: int, known: frozenset[str], rules: Rules) -> _LineFacts:
    equipment = ligne.volet == "equipement" and ligne.quantite > 0 and ligne.ecole is not None
    return _LineFacts(
        amounts=line_amounts(ligne),
        constats=tuple(_line_findings(ligne, index, known, rules)),
        bucket=ligne.ecole if ligne.ecole in known else None,
        volet=ligne.volet,
        socle_school=ligne.ecole if equipment else None,
        projection=ligne.quantite if equipment and ligne.categorie in rules.categories_projection else 0,
        laptops=ligne.quantite if equipment and ligne.categorie in rules.categories_ordinateur_enseignant else 0,
        equipped_school=ligne.ecole if ligne.volet == "equipement" and ligne.ecole in known else None,
    )


def _finish(dossier: Dossier, rules: Rules, constats: list[Constat], buckets: dict[str, Bucket],
            hors_ecole: Bucket, amounts: dict[str, LineAmounts]) -> Result:
    """From the spending of each school and volet: the bases, the subsidies and their shares."""
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


def _check_schools(dossier: Dossier, rules: Rules) -> list[Constat]:
    """Each school's own fields (the socle's counts, which read the lines, are _check_socle's)."""
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
    return constats


def _check_socle(ecole: Ecole, index: int, projection: int, laptops: int, rules: Rules) -> list[Constat]:
    """Each class should get a projection device and a teacher laptop: a warning, since the
    school may already own them. `projection` and `laptops` count the school's equipment lines
    (quantity above 0) of those categories."""
    if ecole.nb_classes <= 0:
        return []
    missing = []  # « que 2 équipements de projection », « aucun ordinateur d'enseignant »
    if projection < ecole.nb_classes:
        missing.append(_only(projection, "équipement de projection", "équipements de projection"))
    if laptops < ecole.nb_classes:
        missing.append(_only(laptops, "ordinateur d'enseignant", "ordinateurs d'enseignant"))
    if not missing:
        return []
    return [Constat(
        "SOCLE_INCOMPLET", F.AVERTISSEMENT, f"ecoles[{index}].equipement",
        f"L'école {_school_label(ecole, index)} a {plural(ecole.nb_classes, 'une classe', '{n} classes')} "
        "mais le dossier ne prévoit "
        f"{' et '.join(missing)}. Si l'école en dispose déjà, ignorez cet avertissement.",
    )]


def _only(count: int, one: str, many: str) -> str:
    """What « ne prévoit … » is followed by: « aucun X », « qu'un X », « que 2 X »."""
    if count == 0:
        return f"aucun {one}"
    return f"qu'un {one}" if count == 1 else f"que {count} {many}"


# A line beyond this is a typing accident, not a purchase: the whole call spent 196,5 M€ on
# 12 670 schools, and a dossier's eligible equipment stops at 1 M€. Such a line is an error to fix
# (the import's own bounds, dossier_json.MAX_*, only keep figures exact and the file sane).
PLAUSIBLE_LINE_HT_CENTIMES = 10_000_000 * 100


def _line_findings(ligne: Ligne, index: int, known_schools: frozenset[str], rules: Rules) -> list[Constat]:
    """What is wrong with the line at `index` (`known_schools`: the dossier's school ids)."""
    constats: list[Constat] = []
    if (ligne.quantite > 0 and ligne.prix_unitaire_ht_centimes >= 0 and ligne.categorie in rules.categories[ligne.volet]
            and ligne.ecole in known_schools and ligne.libelle.strip()
            and ligne.quantite * ligne.prix_unitaire_ht_centimes <= PLAUSIBLE_LINE_HT_CENTIMES
            and not has_hidden(ligne.libelle)):
        return constats  # the usual line: nothing to say, no sentence built
    chemin = f"lignes[{index}]"
    hidden = line_label_hidden_text(ligne.libelle, index, ligne.volet)
    if hidden is not None:
        constats.append(hidden)
    label = f"« {visible(ligne.libelle)} »" if ligne.libelle else f"n° {index + 1}"
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
    if ligne.quantite > 0 and ligne.quantite * ligne.prix_unitaire_ht_centimes > PLAUSIBLE_LINE_HT_CENTIMES:
        constats.append(Constat(
            "MONTANT_INVRAISEMBLABLE", F.ERREUR, f"{chemin}.prix_unitaire_ht_centimes",
            f"La ligne {label} totalise {format_euros(ligne.quantite * ligne.prix_unitaire_ht_centimes)} HT "
            f"({format_integer(ligne.quantite)} × {format_euros(ligne.prix_unitaire_ht_centimes)}), plus que les "
            f"{format_euros(PLAUSIBLE_LINE_HT_CENTIMES)} qu'une ligne d'un dossier de ce programme peut "
            "atteindre : vérifiez la quantité et le prix unitaire HT."))
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
