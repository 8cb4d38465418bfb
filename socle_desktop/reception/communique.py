"""The short French text a préfecture pastes into its press release, from the figures.

A document, like the PDF: French by nature. « Haute-Loire (43) : 67 écoles retenues sur 79
proposées… ». Percentages are computed in Decimal from centimes, never with floats.

Every figure of the text counts one set of dossiers: those whose current version is valid —
« recevables »: intact, bound to its signer, instructable, one signer. Fictional examples (the
demo bundle) and drafts are never counted; rejected bundles and dossiers whose signer is « à
confirmer » are not recevables (their schools are not « proposées » either). See opendata.py.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..domain.money import format_euros, format_integer
from .opendata import DepartementFigures, Outputs

CALL = "l'appel à projets pour un socle numérique dans les écoles élémentaires"


def _share(part: int, whole: int) -> str:
    if whole <= 0:
        return ""
    percent = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{percent}".replace(".", ",") + "\u00a0%"


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{format_integer(count)}\u00a0{singular if count <= 1 else plural}"


def departement_text(dep: DepartementFigures) -> str:
    name = f"{dep.nom} ({dep.code})" if dep.nom else (f"Département {dep.code}" if dep.code else
                                                       "Département non déterminé")
    received = dep.dossiers_valid  # the same set as every other figure (module docstring)
    text = (f"{name} : {_plural(dep.schools_retained, 'école retenue', 'écoles retenues')} sur "
            f"{_plural(dep.schools_proposed, 'proposée', 'proposées')} au titre de {CALL}, dans "
            f"{_plural(dep.projects_retained, 'projet retenu', 'projets retenus')} sur "
            f"{_plural(received, 'dossier recevable', 'dossiers recevables')}.")
    if dep.projects_retained:
        share = _share(dep.subsidy_centimes, dep.spending_retained_centimes)
        text += (f" {_plural(dep.classes_retained, 'classe', 'classes')} en "
                 f"{'bénéficie' if dep.classes_retained <= 1 else 'bénéficient'}. L'État accorde "
                 f"{format_euros(dep.subsidy_centimes)} de subvention pour "
                 f"{format_euros(dep.spending_retained_centimes)} de dépenses des collectivités"
                 + (f" ({share})." if share else "."))
    return text


def press_text(outputs: Outputs) -> str:
    """One paragraph for the whole register, then one per département."""
    retained = sum(dep.projects_retained for dep in outputs.departements)
    received = sum(dep.dossiers_valid for dep in outputs.departements)
    schools = sum(dep.schools_retained for dep in outputs.departements)
    proposed = sum(dep.schools_proposed for dep in outputs.departements)
    classes = sum(dep.classes_retained for dep in outputs.departements)
    lines = [
        f"Au total : {_plural(retained, 'projet retenu', 'projets retenus')} sur "
        f"{_plural(received, 'dossier recevable', 'dossiers recevables')}, "
        f"{_plural(schools, 'école retenue', 'écoles retenues')} sur {format_integer(proposed)}\u00a0proposées, "
        f"{_plural(classes, 'classe', 'classes')} ; {format_euros(outputs.total_subsidy_centimes)} de subvention "
        f"pour {format_euros(outputs.total_spending_centimes)} de dépenses"
        + (f" ({_share(outputs.total_subsidy_centimes, outputs.total_spending_centimes)})."
           if outputs.total_spending_centimes else "."),
        "",
    ]
    for dep in outputs.departements:
        lines += [departement_text(dep), ""]
    return "\n".join(lines)
