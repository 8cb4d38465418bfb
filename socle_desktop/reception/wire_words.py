"""What the reception point writes to the sender, in French: a document, not a message of this
application to its user.

The receipt's verdict (`verification`, kept in `accuses/<sha256>.json` and sent back to the
collectivité's outbox) and the details of the HTTP answers that refuse an upload are read on
another computer, by an outbox of any version, possibly not socle-desktop's: they cannot be
worded there from a code. They are written once, here, as the receipt's content. The failed
checks a rejection quotes are verify's findings (documents too).
"""

from __future__ import annotations

from ..domain.money import format_integer

LENGTH_REQUIRED = "Upload-Length requis"
METADATA_REQUIRED = "métadonnées filename et filetype requises"
EXTENSION_REFUSED = "extension tus non acceptée ici"


def too_large(max_size: int) -> str:
    """The 413 answer's detail: the point's size limit."""
    return f"au-delà de {format_integer(max_size)} octets"


def accepted_wording(conflict: bool) -> str:
    """What the receipt says of a bundle that passed every check: instructable, unless the
    register holds this dossier's versions from several signers (then nothing is instructed until
    the service instructeur has confirmed which one is the collectivité's)."""
    if conflict:
        return ("paquet intègre ; une autre version de ce dossier est signée par un autre certificat : "
                "le service instructeur confirmera le signataire auprès de la collectivité avant de l'instruire")
    return "paquet intègre et instructible"


def rejection_reason(report: dict) -> str:
    """What the receipt says of a bundle set aside: damaged bytes (verify's own words, a new copy
    is asked for), a draft, the fictional example, or its first failed checks."""
    if report.get("unchecked") or report.get("not_a_bundle"):
        return report.get("unchecked") or report.get("not_a_bundle")
    if report["ok"] and report["draft"]:
        return "brouillon : ne peut pas être instruit"
    if report["ok"] and report["example"]:
        return "exemple fictif : ne peut pas être instruit"
    failed = [f"{label} : {detail}" if detail else label for label, passed, detail in report["checks"] if not passed]
    return "paquet rejeté : " + ("; ".join(failed[:3]) or "vérification impossible")
