"""The campaign file (`socle-campagne`, version 1): what the académie publishes for one call.

    <stem>.campagne.zip
      <stem>/bagit.txt, bag-info.txt, manifest-sha256.txt, tagmanifest-sha256.txt,
             tagmanifest-sha256.txt.p7s (detached CMS over the tag manifest, DER, signer certificate embedded)
             data/campagne.json   (resources/schema/socle-campagne-v1.schema.json)
             data/regles/<edition>.toml

The same bag and signature as a dossier's bundle (bundle.py writes both, verify.py's guarded
zip reader and checks read both), so `openssl cms -verify` and `bagit.py --validate` check a
campaign file as they check a bundle. A campaign file arrives by e-mail or from a website:
it is untrusted until its signature holds AND the user has confirmed the signer's
fingerprint, published by the académie out of band (this module checks the first; the
import job asks for the second).
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

import jsonschema

from .. import __version__
from ..domain.campaign import FORMAT, VERSION, Campaign, CampaignDataError, address_problem
from ..domain.campaign import parse_deadline as _parse_deadline
from ..domain.editions import is_edition_name
from ..domain.fingerprints import format_fingerprint, normalise_fingerprint
from ..domain.rules import Rules, RulesError, parse_rules
from ..fileio import atomic_writer
from ..resources import resource_path
from . import verify as _verify
from .bag_layout import (
    INFO_FINGERPRINT,
    INFO_FORMAT,
    INFO_SIGNER,
    INFO_SIGNING_TIME,
    SIGNATURE_FILE,
    TAG_FILES,
    TAG_MANIFEST,
)
from .bundle import (
    _Run,
    _write_zip,
    build_tag_files,
    out_dir_ready,
    slug,
)
from .errors import ExportError
from .identity import SigningIdentity
from .signing import sign_detached

JSON_NAME = "campagne.json"
RULES_DIR = "regles"
SCHEMA_NAME = "socle-campagne-v1.schema.json"
SUFFIX = ".campagne.zip"

# A campaign file holds a JSON and a TOML of a few kilobytes: anything much larger is not one.
LIMITS = _verify.Limits(max_members=16, max_total_bytes=4 * 1024 * 1024, max_ratio=200,
                        ratio_floor_bytes=256 * 1024)
MAX_RULES_BYTES = 1024 * 1024


class CampaignError(ExportError):
    """A campaign file that cannot be made or used: a code, worded by the front-ends as one
    French sentence (a campaign's content refused is `campaign_data`, quoting the
    CampaignDataError as `cause`; a file refused on reading is `campaign_refused`, quoting why)."""


def parse_deadline(text: str) -> dt.datetime:
    try:
        return _parse_deadline(text)
    except CampaignDataError as error:
        raise CampaignError("campaign_data", cause=error) from None


@cache
def campaign_schema() -> dict:
    return json.loads(resource_path("schema", SCHEMA_NAME).read_text(encoding="utf-8"))


def campaign_problem(data) -> CampaignError | None:
    """None when `data` is a valid campagne.json, else the CampaignError saying what is wrong."""
    schema = campaign_schema()
    try:
        jsonschema.validators.validator_for(schema)(schema).validate(data)
    except jsonschema.ValidationError as error:
        where = [str(part) for part in error.absolute_path]
        return CampaignError("campaign_schema", where=where, why=_schema_reason(error),
                             detail=str(error.message)[:200])
    try:
        parse_deadline(data["date_limite"])
    except CampaignError as error:
        return error
    address = data["depot"]["adresse"]
    problem = address_problem(address)
    if problem:
        return CampaignError("campaign_address", problem=problem, url=address)
    if data["depot"].get("ca_pem"):
        try:
            _load_ca(data["depot"]["ca_pem"])
        except CampaignError as error:
            return error
    return None


def _schema_reason(error: jsonschema.ValidationError) -> str | None:
    """The code of a breach said in the application's words; None: jsonschema's message is shown."""
    if error.validator == "pattern" and error.absolute_path and error.absolute_path[-1] == "adresse":
        return "https_required"
    if error.validator == "oneOf":
        return "pin_or_ca"
    return None


def _load_ca(pem: str):
    from cryptography import x509

    try:
        certificates = x509.load_pem_x509_certificates(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise CampaignError("ca_pem_unreadable") from None
    if not certificates:
        raise CampaignError("ca_pem_empty")
    return certificates


def _rules_problem(edition: str, toml: bytes) -> tuple[CampaignError | None, Rules | None]:
    if len(toml) > MAX_RULES_BYTES:
        return CampaignError("campaign_rules_too_big"), None
    try:
        rules = parse_rules(toml.decode("utf-8"))
    except UnicodeDecodeError:
        return CampaignError("campaign_rules_not_utf8"), None
    except RulesError as error:
        return CampaignError("campaign_rules_invalid", cause=error), None
    if rules.edition != edition:
        return CampaignError("campaign_rules_other_edition", found=rules.edition, announced=edition), None
    return None, rules


# --- writing ---------------------------------------------------------------------------------


def write_campaign(data: dict, rules_toml: bytes, identity: SigningIdentity, out_dir: Path | str, *,
                   signing_time: dt.datetime | None = None) -> Path:
    """Check `data` and the rules, sign, and write `<id>.campagne.zip` in `out_dir` (atomically)."""
    problem = campaign_problem(data)
    if problem:
        raise problem
    problem, _rules = _rules_problem(data["regles"], rules_toml)
    if problem:
        raise problem
    signing_time = signing_time or dt.datetime.now().astimezone().replace(microsecond=0)
    identity.check_valid_at(signing_time)
    json_bytes = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    payload = {JSON_NAME: json_bytes, f"{RULES_DIR}/{data['regles']}.toml": rules_toml}
    bag_info = [
        ("Source-Organization", identity.subject_name),
        ("External-Identifier", data["id"]),
        ("External-Description", " ".join(data["titre"].split())),
        ("Bagging-Date", signing_time.strftime("%Y-%m-%d")),
        ("Bag-Software-Agent", f"socle-desktop {__version__}"),
        (INFO_FORMAT, f"{FORMAT} {VERSION}"),
        (INFO_SIGNER, identity.subject_name),
        (INFO_FINGERPRINT, identity.fingerprint_sha256),
        (INFO_SIGNING_TIME, signing_time.isoformat()),
    ]
    tag_files = build_tag_files(payload, bag_info)
    tag_files[SIGNATURE_FILE] = sign_detached(tag_files[TAG_MANIFEST], identity, signing_time=signing_time)
    stem = f"campagne-{slug(data['id'], 60) or 'sans-id'}"
    out_dir = Path(out_dir)
    try:
        out_dir_ready(out_dir)
    except ExportError as error:
        raise CampaignError("campaign_out_dir", cause=error) from None
    path = out_dir / f"{stem}{SUFFIX}"
    try:
        with atomic_writer(path) as handle:
            _write_zip(handle, stem, payload, tag_files, signing_time, _Run(None, None, 0))
    except OSError as error:
        raise CampaignError("campaign_file_write_failed", path=path, os_error=error) from None
    return path


# --- reading ---------------------------------------------------------------------------------


def read_campaign(path: Path | str) -> Campaign:
    """The campaign in `path`, once its zip, bag and signature hold; else CampaignError (French).

    The signer is NOT trusted here: the caller compares `signer_fingerprint` with the one the
    académie published before using anything in it.
    """
    path = Path(path)
    report = _verify.VerificationReport(path)
    try:
        files = _checked_files(report, path)
    except _verify.Stop:
        files = None
    if files is None or not report.ok:
        raise CampaignError("campaign_refused", cause=_first_failure(report))
    try:
        data = json.loads(files[f"data/{JSON_NAME}"].decode("utf-8"), parse_constant=_verify.refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise CampaignError("campaign_refused", cause=CampaignError("campaign_json_unreadable", cause=error)) from None
    problem = campaign_problem(data)
    if problem:
        raise CampaignError("campaign_refused", cause=problem)
    rules_name = f"data/{RULES_DIR}/{data['regles']}.toml"
    if rules_name not in files:
        raise CampaignError("campaign_refused", cause=CampaignError(
            "campaign_rules_missing", edition=data["regles"], member=rules_name[len("data/"):]))
    problem, _rules = _rules_problem(data["regles"], files[rules_name])
    if problem:
        raise CampaignError("campaign_refused", cause=problem)
    try:
        return Campaign.from_json(data, files[rules_name], signer=report.signer,
                                  signer_fingerprint=report.fingerprint, file_sha256=report.sha256)
    except CampaignDataError as error:
        raise CampaignError("campaign_refused", cause=error) from None


def _checked_files(report: _verify.VerificationReport, path: Path) -> dict[str, bytes]:
    """verify's guarded reading (size, zip members, names, ratio, bytes outside the members), the
    CMS signature, the tag manifest and the payload's checksums: the payload's bytes."""
    bundle = _verify.read_signed_bag(report, path, LIMITS, check_structure=_check_members,
                                     keep=lambda name: MAX_RULES_BYTES, member_limit=lambda name: MAX_RULES_BYTES)
    _verify.check_bag_info(report, bundle)
    _verify.check_campaign_format(report, bundle, f"{FORMAT} {VERSION}")
    _verify.check_fingerprint_field(report, bundle)
    return bundle.kept


def _check_members(report: _verify.VerificationReport, bundle: _verify.Bundle) -> None:
    files = bundle.members  # the member names, inside the bag
    required = [*TAG_FILES, f"data/{JSON_NAME}"]
    rules = [name for name in files if name.startswith(f"data/{RULES_DIR}/")]
    bad_rules = [name for name in rules
                 if not (name.endswith(".toml") and is_edition_name(name[len(f"data/{RULES_DIR}/"):-5]))]
    _verify.check_campaign_members(report, files, required, rules, bad_rules)


def _first_failure(report: _verify.VerificationReport) -> CampaignError:
    """The campaign file's refusal: verify's findings (a report, a document) quoted as values."""
    if report.unchecked:  # verify's words are a bundle's: this is a campaign file, refused
        return CampaignError("campaign_unchecked", unchecked=report.unchecked)
    for label, passed, detail in report.checks:
        if not passed:
            return CampaignError("campaign_check_failed", label=label, detail=detail)
    return CampaignError("campaign_unreadable")


__all__ = ["Campaign", "CampaignError", "format_fingerprint", "normalise_fingerprint", "read_campaign",
           "write_campaign"]
