"""The bundle's format, in one place: what the writer (bundle.py, pdf.py) produces and what
`verify` reads back. Names, labels, limits and the small readers of the tag files live here,
so the two sides cannot drift apart and `verify` needs neither the PDF writer nor reportlab.

    <stem>/bagit.txt, bag-info.txt, manifest-sha256.txt, tagmanifest-sha256.txt,
           tagmanifest-sha256.txt.p7s (detached CMS over the tag manifest, DER)
           data/dossier.json, data/dossier.pdf, data/<schema>, data/pieces/<piece>…
"""

from __future__ import annotations

import re

from ..domain.coded_error import CodedError
from ..domain.text import has_hidden
from ..resources import SCHEMA_FILENAME

BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
BAG_INFO = "bag-info.txt"
MANIFEST = "manifest-sha256.txt"
TAG_MANIFEST = "tagmanifest-sha256.txt"
SIGNATURE_FILE = TAG_MANIFEST + ".p7s"
TAG_FILES = ("bagit.txt", BAG_INFO, MANIFEST, TAG_MANIFEST, SIGNATURE_FILE)
# What the tag manifest covers (everything but itself and its signature), in this order.
TAG_MANIFEST_COVERS = (BAG_INFO, "bagit.txt", MANIFEST)
JSON_NAME = "dossier.json"
PDF_NAME = "dossier.pdf"
PIECES_DIR = "pieces"
# Payload files other than the pieces: nothing else may be in data/.
PAYLOAD_FILES = (JSON_NAME, PDF_NAME, SCHEMA_FILENAME)

# bag-info.txt labels of our own (the standard ones are in RFC 8493 §2.2.2).
INFO_FINGERPRINT = "Socle-Signataire-Empreinte-SHA256"
INFO_SIGNER = "Socle-Signataire"
INFO_SIGNING_TIME = "Socle-Date-Signature"
INFO_SIGNER_SIREN = "Socle-Signataire-SIREN"
INFO_SHORT_CODE = "Socle-Signataire-Code-Verification"
# Present only when the user confirmed signing with an identity that is not the dossier's
# collectivité or representative: what did not match, in French (verify fails such a bundle).
INFO_OTHER_SIGNER = "Socle-Signataire-Autre"
INFO_DRAFT = "Socle-Brouillon"
INFO_EXAMPLE = "Socle-Exemple"
INFO_RULES = "Socle-Regles"
INFO_FORMAT = "Socle-Format"
# bag-info.txt labels that verify compares: each must appear once, or the bag is ambiguous.
SINGLE_VALUED = ("External-Identifier", INFO_DRAFT, INFO_FINGERPRINT, INFO_EXAMPLE, "Payload-Oxum")

# What one bundle may weigh, member by member: `verify` refuses more before reading it.
MAX_TAG_FILE_BYTES = 4 * 1024 * 1024  # a manifest of 5 000 pieces is about 1.5 MB
MAX_JSON_BYTES = 32 * 1024 * 1024  # the largest dossier import accepts, with its `calcul`, is below
MAX_PDF_BYTES = 128 * 1024 * 1024
MAX_PIECE_BYTES = 512 * 1024 * 1024

# --- the PDF's machine-readable Keywords ------------------------------------------------------

KEYWORDS_PREFIX = "socle-dossier"
DOSSIER_FORMAT = f"{KEYWORDS_PREFIX} 1"  # bag-info.txt's Socle-Format of a dossier's bundle (an identifier)


def format_pdf_keywords(values: list[tuple[str, str]]) -> str:
    """`socle-dossier; id=…; depense_ttc_centimes=…; …`, matched by verify against dossier.json."""
    return "; ".join([KEYWORDS_PREFIX, *(f"{key}={value}" for key, value in values)])


def parse_pdf_keywords(text: str) -> dict[str, str]:
    parts = [part.strip() for part in text.split(";")]
    if not parts or parts[0] != KEYWORDS_PREFIX:
        return {}
    return dict(part.split("=", 1) for part in parts[1:] if "=" in part)


# --- tag files --------------------------------------------------------------------------------


def parse_bag_info(content: bytes) -> dict[str, list[str]]:
    """Labels and their values; an indented line continues the previous value (RFC 8493 §2.2.2)."""
    info: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in content.decode("utf-8", "replace").splitlines():
        if line[:1] in (" ", "\t") and current:
            current[-1] = f"{current[-1]} {line.strip()}".strip()
        elif ":" in line:
            label, value = line.split(":", 1)
            current = info.setdefault(label.strip(), [])
            current.append(value.strip())
    return info


_MANIFEST_LINE = re.compile(r"([0-9a-fA-F]{64})[ \t]+(\S.*)")


class ManifestError(CodedError, ValueError):
    """A manifest that is not UTF-8, a line that is not `<64 hex>  <path>`, or a path listed
    twice: a code and the line's number (verify words its finding from them)."""


def parse_manifest(content: bytes) -> dict[str, str]:
    """path -> lower-case SHA-256 of a `manifest-sha256.txt` (RFC 8493 §2.1.3): one line per file,
    the path percent-encoded only for CR, LF and %. Strict: anything else is a ManifestError."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise ManifestError("manifest_not_utf8") from None
    entries: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _MANIFEST_LINE.fullmatch(line)
        if match is None:
            raise ManifestError("manifest_line_malformed", line=number)
        digest, path = match.group(1).lower(), match.group(2)
        path = path.replace("%0A", "\n").replace("%0a", "\n").replace("%0D", "\r").replace("%0d", "\r") \
            .replace("%25", "%")
        if path in entries:
            raise ManifestError("manifest_line_twice", line=number)
        entries[path] = digest
    return entries


# --- names ------------------------------------------------------------------------------------

# Names refused because some system could not extract them (the bundle is checked on Windows
# too): characters Windows forbids, a trailing dot or space, device names, long components;
# and characters that hide or reorder what is shown (controls, bidi overrides, zero widths).
FORBIDDEN_IN_NAME = frozenset('<>:"|?*\\')
DEVICE_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                          *(f"lpt{i}" for i in range(10))})
MAX_NAME_BYTES = 200
MAX_PATH_CHARACTERS = 400


def name_problem(name: str) -> str | None:
    """Why a member's path (`/`-separated) cannot be in a bundle, as a code (verify words it in
    its finding); None when it can."""
    if not name or name.startswith(("/", "\\")) or "\\" in name:
        return "absolute_or_bad_separator"
    parts = name.rstrip("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "dot_dot_or_empty"
    if has_hidden(name):
        return "hidden_character"
    if any(FORBIDDEN_IN_NAME & set(part) for part in parts):
        return "forbidden_character"
    if any(part.endswith((".", " ")) or part.split(".", 1)[0].strip().casefold() in DEVICE_NAMES
           for part in parts):
        return "invalid_on_windows"
    if len(name) > MAX_PATH_CHARACTERS or any(len(part.encode("utf-8")) > MAX_NAME_BYTES for part in parts):
        return "too_long"
    return None


def payload_name_problem(name: str) -> str | None:
    """Why a path under data/ (without `data/`) is not one the writer makes: the three files of
    the dossier, or one piece directly in pieces/."""
    if name in PAYLOAD_FILES:
        return None
    folder, _, piece = name.partition("/")
    if folder == PIECES_DIR and piece and "/" not in piece:
        return None
    return "not_in_format"


def zip_member_order(payload_names, tag_names) -> list[str]:
    """Tag files first (in RFC order), then the payload sorted: the same order every time."""
    tags = [name for name in TAG_FILES if name in tag_names]
    return tags + [f"data/{name}" for name in sorted(payload_names)]
