"""verify's narrow signature check answers « it holds » only where pyHanko's generic validation does.

The narrow check (export/verify.py, `plain_cms_signature`, `_plain_pdf_signature`) skips the path
building and trust machinery that verify never reads. These tests take the demo bundle's real
signatures, break them in the ways a forger would, and check that the narrow check never accepts
what the generic validation rejects (it then hands over to the generic validation).
"""

from __future__ import annotations

import asyncio
import hashlib
import zipfile
from io import BytesIO

import pytest
from asn1crypto import cms
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel

from socle_desktop.export.verify import _plain_pdf_signature, _validation_context, plain_cms_signature


def _member(bundle, suffix: str) -> bytes:
    with zipfile.ZipFile(bundle) as archive:
        name = next(name for name in archive.namelist() if name.endswith(suffix))
        return archive.read(name)


@pytest.fixture(scope="module")
def signed(demo_bundle):
    return _member(demo_bundle, "/tagmanifest-sha256.txt.p7s"), _member(demo_bundle, "/tagmanifest-sha256.txt")


def _generic_cms(p7s: bytes, content: bytes) -> bool:
    signed_data = cms.ContentInfo.load(p7s)["content"]
    from pyhanko.sign.general import extract_certificate_info

    try:
        certificate = extract_certificate_info(signed_data).signer_cert
        status = asyncio.run(async_validate_detached_cms(
            content, signed_data, signer_validation_context=_validation_context(certificate),
            key_usage_settings=KeyUsageConstraints()))
    except Exception:
        return False
    return status.intact and status.valid


def _narrow_cms(p7s: bytes, content: bytes):
    signed_data = cms.ContentInfo.load(p7s)["content"]
    return plain_cms_signature(signed_data, lambda algorithm: hashlib.new(algorithm, content).digest())


def _resigned(p7s: bytes, change) -> bytes:
    """The CMS with `change(signer_info, signed_data)` applied, encoded again."""
    content_info = cms.ContentInfo.load(p7s)
    signed_data = content_info["content"]
    change(signed_data["signer_infos"][0], signed_data)
    return cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump(force=True)


def test_the_narrow_check_accepts_the_real_signature_with_the_same_certificate(signed):
    p7s, manifest = signed
    certificate = _narrow_cms(p7s, manifest)
    assert certificate is not None and _generic_cms(p7s, manifest)
    from pyhanko.sign.general import extract_certificate_info

    expected = extract_certificate_info(cms.ContentInfo.load(p7s)["content"]).signer_cert
    assert certificate.dump() == expected.dump()


def _flip_signature(signer_info, _signed_data):
    value = bytearray(signer_info["signature"].native)
    value[len(value) // 2] ^= 1
    signer_info["signature"] = bytes(value)


def _other_digest_attribute(signer_info, _signed_data):
    for attribute in signer_info["signed_attrs"]:
        if attribute["type"].native == "message_digest":
            attribute["values"] = [hashlib.sha256(b"autre chose").digest()]


def _other_digest_algorithm(signer_info, _signed_data):
    signer_info["digest_algorithm"] = {"algorithm": "sha512"}


def _other_serial(signer_info, _signed_data):
    sid = signer_info["sid"].chosen
    signer_info["sid"] = cms.SignerIdentifier(
        name="issuer_and_serial_number",
        value={"issuer": sid["issuer"], "serial_number": sid["serial_number"].native + 1})


def _no_certificates(_signer_info, signed_data):
    signed_data["certificates"] = []


@pytest.mark.parametrize("change", [_flip_signature, _other_digest_attribute, _other_digest_algorithm,
                                    _other_serial, _no_certificates])
def test_a_broken_cms_signature_is_never_accepted_by_the_narrow_check(signed, change):
    p7s, manifest = signed
    broken = _resigned(p7s, change)
    assert not _generic_cms(broken, manifest)
    assert _narrow_cms(broken, manifest) is None


def test_another_manifest_is_never_accepted_by_the_narrow_check(signed):
    p7s, manifest = signed
    assert _narrow_cms(p7s, manifest + b"\n") is None and not _generic_cms(p7s, manifest + b"\n")


def test_a_certificate_of_another_key_is_never_accepted(signed, other_identity):
    """The signer's certificate swapped for another identity's: the ESS attribute and the key differ."""
    p7s, manifest = signed

    def swap(signer_info, signed_data):
        from asn1crypto import x509

        other = x509.Certificate.load(other_identity.certificate_der())
        signed_data["certificates"] = [cms.CertificateChoices(name="certificate", value=other)]
        signer_info["sid"] = cms.SignerIdentifier(
            name="issuer_and_serial_number", value={"issuer": other.issuer, "serial_number": other.serial_number})

    broken = _resigned(p7s, swap)
    assert not _generic_cms(broken, manifest)
    assert _narrow_cms(broken, manifest) is None


def _pdf_signature(pdf: bytes):
    reader = PdfFileReader(BytesIO(pdf), strict=False)
    (embedded,) = reader.embedded_signatures
    return embedded


def test_the_narrow_pdf_check_agrees_with_the_generic_one(demo_export):
    pdf = demo_export.pdf_path.read_bytes()
    holds = _plain_pdf_signature(_pdf_signature(pdf))
    embedded = _pdf_signature(pdf)
    status = validate_pdf_signature(embedded, signer_validation_context=_validation_context(embedded.signer_cert),
                                    key_usage_settings=KeyUsageConstraints())
    assert holds is not None and status.intact and status.valid
    assert holds.coverage == status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert holds.signing_cert.dump() == status.signing_cert.dump()


def test_bytes_after_the_signed_pdf_or_inside_it_are_never_accepted(demo_export):
    pdf = demo_export.pdf_path.read_bytes()
    embedded = _pdf_signature(pdf)
    hole_start = embedded.byte_range[1]
    appended = pdf + b"\n% ajout\n"
    changed = bytearray(pdf)
    changed[hole_start // 2] ^= 1  # a byte of the signed part
    for forged in (appended, bytes(changed)):
        try:
            signature = _pdf_signature(forged)
        except Exception:
            continue  # not even readable
        assert _plain_pdf_signature(signature) is None


@pytest.mark.parametrize("data", [
    b"<48656c6c6f>", b"<48 65\n6c\r6c\t6f\x0c\x00>", b"<486>", b"<>", b"< >", b"<4865 % a comment\n6c6c6f>",
    b"<48zz>", b"<4865", b"<", b"", b"<c3a9c3a8> 1 0 R", b"<FEFF00e9>", b"<" + b"ab" * 70_000 + b">rest",
    b"<" + b"ab" * 70_000, b"<48>>",
])
def test_the_fast_hex_string_reader_reads_what_pyhanko_reads(data):
    """Same object, same error, same position after it, as pyHanko's own byte-by-byte reader."""
    from pyhanko.pdf_utils import generic

    from socle_desktop.export.verify import _fast_hex_strings

    _fast_hex_strings()
    fast = generic.read_hex_string_from_stream
    original = fast.socle_original
    assert fast is not original

    def outcome(reader):
        stream = BytesIO(b"12345" + data)
        stream.seek(5)
        try:
            value = reader(stream)
        except Exception as error:
            return type(error), str(error), stream.tell()
        return type(value), value, getattr(value, "original_bytes", None), stream.tell()

    assert outcome(fast) == outcome(original)


def test_a_signature_read_with_the_fast_reader_is_the_same(demo_export):
    from pyhanko.pdf_utils import generic

    from socle_desktop.export.verify import _fast_hex_strings

    _fast_hex_strings()
    pdf = demo_export.pdf_path.read_bytes()
    fast = _pdf_signature(pdf).pkcs7_content
    generic.read_hex_string_from_stream, saved = generic.read_hex_string_from_stream.socle_original, \
        generic.read_hex_string_from_stream
    try:
        slow = _pdf_signature(pdf).pkcs7_content
    finally:
        generic.read_hex_string_from_stream = saved
    assert fast == slow and len(fast) > 1000


def test_the_signing_certificate_attribute_is_matched_as_pyhanko_matches_it(signed, other_identity):
    from asn1crypto import x509
    from pyhanko.sign.general import check_ess_certid
    from pyhanko.sign.validation.generic_cms import get_signing_cert_attr

    from socle_desktop.export.verify import _ess_matches

    signed_data = cms.ContentInfo.load(signed[0])["content"]
    certid = get_signing_cert_attr(signed_data["signer_infos"][0]["signed_attrs"].untag())["certs"][0]
    own = signed_data["certificates"][0].chosen
    other = x509.Certificate.load(other_identity.certificate_der())
    assert _ess_matches(own, certid) and check_ess_certid(own, certid)
    assert not _ess_matches(other, certid) and not check_ess_certid(other, certid)


@pytest.mark.parametrize("other", [
    {"country_name": "FR", "common_name": "Marie Martin"},  # same values, other string types
    {"country_name": "FR", "common_name": "Marie Martine"},
    {"common_name": "Marie Martin", "country_name": "FR"},  # same values, other order
])
def test_names_compared_by_values_never_match_what_asn1crypto_tells_apart(other):
    from asn1crypto import x509

    from socle_desktop.export.verify import _name_values

    name = x509.Name.build({"country_name": "FR", "common_name": "Marie Martin"})
    candidate = x509.Name.build(other, use_printable=True)
    if _name_values(name.dump()) == _name_values(candidate.dump()):
        assert name == candidate
    assert name.dump() != candidate.dump()
