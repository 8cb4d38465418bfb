"""The French a signed bundle's own files hold, a document's content (DESIGN.md §3): the values
of our labels in bag-info.txt, and what the PDF, bag-info.txt and verify's report record of a
signer who is not the dossier's collectivité or representative (the mismatches). The
front-ends quote these words through the catalogue (catalogue.signer_mismatches), never reword
them: the user confirms what the files will say.
"""

from __future__ import annotations

from ..domain.text import visible

NOT_GIVEN = "(non renseignée)"  # Source-Organization of a dossier without a raison sociale
AGENT = "socle-desktop {version} (bagit {bagit} pour la vérification)"
OTHER_SIGNER_CONFIRMED = "signature confirmée par l'utilisateur malgré : {summary}"
EXAMPLE = "oui (dossier fictif de démonstration)"


def _siren(siren: str) -> str:
    return f"{siren[:3]} {siren[3:6]} {siren[6:]}" if len(siren) == 9 else siren


def mismatch_text(mismatch) -> str:
    """One binding.Mismatch (its `reason` and `values`) as the PDF and bag-info.txt say it."""
    values = mismatch.values
    raison = visible(values.get("raison_sociale") or "la collectivité", 120)
    if mismatch.reason == "no_siren":
        return ("le certificat ne désigne aucune collectivité par son SIREN (organizationIdentifier "
                f"{values['prefix']}…) : il ne peut pas être rattaché à « {raison} »")
    if mismatch.reason == "dossier_siret_invalid":
        return "le SIRET du dossier n'est pas valide : la signature ne peut pas être rattachée à la collectivité"
    if mismatch.reason == "other_siren":
        return (f"le certificat est celui de la collectivité de SIREN {_siren(values['siren'])} "
                f"(« {visible(values['organization'], 120)} »), le dossier celui de « {raison} » "
                f"(SIREN {_siren(values['dossier_siren'])})")
    return (f"le certificat est au nom de « {visible(values['common_name'], 120)} », le dossier est "
            f"signé par son représentant « {visible(values['representant'], 120) or 'non renseigné'} »")


def override_summary(mismatches) -> str:
    """One line for bag-info.txt and the PDF: what the user confirmed when signing anyway."""
    return " ; ".join(mismatch_text(m) for m in mismatches)
