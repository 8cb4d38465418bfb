"""Hostile bundles: whatever a bundle holds, `verify` answers with a French report and exit 1
(2 for what is not a file at all), never a traceback and never an unexpected-error exit.

Many cases are re-signed with the right key (`rebag`): they get past the checksums and the CMS
signature, so the checks after them (JSON parsing, PDF coverage, bag-info) are what is tested.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import struct
import zipfile
from pathlib import Path

import pytest

from socle_desktop.cli import main
from socle_desktop.export.bundle import build_tag_files
from socle_desktop.export.demo import DEMO_DEVIS_NAME
from socle_desktop.export.signing import sign_detached
from socle_desktop.export.verify import Limits, verify_bundle


def failed(report) -> list[str]:
    return [label for label, ok, _ in report.checks if not ok]


def rebag(members: dict[str, bytes], identity, signing_time) -> dict[str, bytes]:
    """What a forger holding the key would do: recompute every manifest and sign again.

    bag-info.txt is kept line for line (duplicates and folded lines included); only its
    Payload-Oxum is recomputed.
    """
    payload = {name[5:]: data for name, data in members.items() if name.startswith("data/")}
    tags = build_tag_files(payload, [])
    oxum = tags["bag-info.txt"].decode()
    kept = [line for line in members["bag-info.txt"].decode().splitlines(keepends=True)
            if not line.startswith("Payload-Oxum")]
    tags["bag-info.txt"] = ("".join(kept) + oxum).encode()
    tags["tagmanifest-sha256.txt"] = "".join(
        f"{hashlib.sha256(tags[name]).hexdigest()}  {name}\n"
        for name in ("bag-info.txt", "bagit.txt", "manifest-sha256.txt")).encode()
    tags["tagmanifest-sha256.txt.p7s"] = sign_detached(tags["tagmanifest-sha256.txt"], identity,
                                                       signing_time=signing_time)
    return {**tags, **{f"data/{name}": data for name, data in payload.items()}}


def members_of(bundle) -> tuple[str, dict[str, bytes]]:
    with zipfile.ZipFile(bundle) as archive:
        infos = archive.infolist()
        return infos[0].filename.split("/", 1)[0], {info.filename: archive.read(info) for info in infos}


def write_zip(path, entries, **options):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, **options) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return path


def cli_verify(path, capsys) -> tuple[int, str, str]:
    code = main(["verify", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def assert_rejected_in_french(path, capsys) -> str:
    code, out, err = cli_verify(path, capsys)
    assert code == 1, out + err
    assert "Traceback" not in err and "erreur inattendue" not in err
    assert "Résultat : paquet REJETÉ" in out
    return out


# --- the zip itself ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["..\\..\\x", "paquet/data/..\\..\\x", "paquet/data/a:b", "paquet/data/con.txt",
                                  "paquet/data/fin. ", "paquet/data/" + "a" * 300])
def test_names_unsafe_on_some_system_are_refused_before_extraction(tmp_path, capsys, name):
    bundle = write_zip(tmp_path / "nom.zip", [(name, b"x")])
    out = assert_rejected_in_french(bundle, capsys)
    assert "[ÉCHEC] Archive zip sûre" in out


def test_a_duplicated_member_name_is_refused(tmp_path, demo_bundle, capsys):
    root, members = members_of(demo_bundle)
    with pytest.warns(UserWarning):  # zipfile itself warns about the duplicate
        bundle = write_zip(tmp_path / "double.zip", [*members.items(), (f"{root}/data/dossier.json", b"{}")])
    assert "figure deux fois" in assert_rejected_in_french(bundle, capsys)


@pytest.mark.parametrize("order", ["file-first", "folder-first"])
def test_a_name_that_is_both_a_file_and_a_folder_is_refused(tmp_path, demo_bundle, capsys, order):
    root, members = members_of(demo_bundle)
    extra = [(f"{root}/data/x", b"1"), (f"{root}/data/x/y", b"2")]
    if order == "folder-first":
        extra.reverse()
    bundle = write_zip(tmp_path / "conflit.zip", [*members.items(), *extra])
    assert "à la fois un fichier et un dossier" in assert_rejected_in_french(bundle, capsys)


def test_an_added_empty_folder_is_refused_but_folder_entries_of_a_rezipped_bag_are_not(tmp_path, demo_bundle):
    root, members = members_of(demo_bundle)
    folders = [f"{root}/", f"{root}/data/", f"{root}/data/pieces/"]
    rezipped = write_zip(tmp_path / "zip-r.zip", [*((name, b"") for name in folders), *members.items()])
    assert verify_bundle(rezipped).ok  # what `zip -r` of the extracted bag gives
    added = write_zip(tmp_path / "vide.zip", [*members.items(), (f"{root}/data/VALIDE-PAR-L-ETAT/", b"")])
    report = verify_bundle(added)
    assert failed(report) == ["Archive zip sûre"] and "dossier vide" in report.text()


def test_a_central_directory_too_big_for_the_member_limit_is_refused(tmp_path, demo_bundle):
    """The count in the end record may lie: zipfile follows the directory's size instead."""
    names = [(f"paquet/data/{'n' * 100}{index}", b"") for index in range(100)]
    bundle = write_zip(tmp_path / "repertoire.zip", names)
    data = bytearray(bundle.read_bytes())
    struct.pack_into("<HH", data, data.rfind(b"PK\x05\x06") + 8, 1, 1)  # « one member »
    bundle.write_bytes(bytes(data))
    report = verify_bundle(bundle, limits=Limits(max_members=1))
    assert failed(report) == ["Archive zip sûre"] and "éléments annoncés" in report.text(), report.text()
    assert verify_bundle(demo_bundle, limits=Limits(max_members=10)).ok  # a real bundle fits its count


@pytest.mark.parametrize("zip64", [False, True])
def test_an_end_record_announcing_millions_of_members_is_refused_before_listing_them(tmp_path, zip64):
    bundle = write_zip(tmp_path / "annonce.zip", [("paquet/bagit.txt", b"x")])
    data = bytearray(bundle.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    if zip64:
        struct.pack_into("<HH", data, end + 8, 0xFFFF, 0xFFFF)
        record = struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, 5_000_000, 5_000_000,
                             struct.unpack_from("<I", data, end + 12)[0], struct.unpack_from("<I", data, end + 16)[0])
        locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, end, 1)
        data = data[:end] + record + locator + data[end:]
    else:
        struct.pack_into("<HH", data, end + 8, 60_000, 60_000)
    bundle.write_bytes(bytes(data))
    report = verify_bundle(bundle)
    assert failed(report) == ["Archive zip sûre"] and "éléments annoncés" in report.text(), report.text()
    counted = "5\u202f000\u202f000" if zip64 else "60\u202f000"  # French counts (issue 16)
    assert f"{counted} éléments annoncés, au-delà de la limite de 5\u202f000" in report.text(), report.text()


def test_a_member_that_inflates_beyond_its_declared_size_is_refused(tmp_path, capsys):
    bundle = write_zip(tmp_path / "menteur.zip", [("paquet/data/zeros", b"\0" * 5_000_000)])
    data = bytearray(bundle.read_bytes())
    struct.pack_into("<I", data, 22, 10)  # local header: uncompressed size
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 10)  # central directory: uncompressed size
    bundle.write_bytes(bytes(data))
    assert "Archive zip sûre" in assert_rejected_in_french(bundle, capsys)


def test_a_zip64_copy_of_a_valid_bundle_is_accepted(tmp_path, demo_bundle):
    _, members = members_of(demo_bundle)
    bundle = tmp_path / "zip64.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            with archive.open(name, "w", force_zip64=True) as handle:
                handle.write(data)
    report = verify_bundle(bundle)
    assert report.ok, report.text()


@pytest.mark.parametrize("cut", ["half", "end"])
def test_a_truncated_bundle_is_not_judged_and_a_new_copy_is_asked_for(tmp_path, demo_bundle, capsys, cut):
    """A transfer cut short proves nothing either way: exit 2, as the reception register's « non jugé »."""
    raw = demo_bundle.read_bytes()
    bundle = tmp_path / "coupe.zip"
    bundle.write_bytes({"half": raw[: len(raw) // 2], "end": raw[:-10]}[cut])
    code, out, err = cli_verify(bundle, capsys)
    assert (code, out) == (2, "") and err.count("\n") == 1 and "Traceback" not in err
    assert "tronquée ou endommagée" in err and "pas été jugé" in err and "nouvelle copie" in err
    assert verify_bundle(bundle).exit_code == 2


def test_a_member_damaged_on_the_way_is_not_judged_and_not_said_both_safe_and_unsafe(tmp_path, demo_bundle, capsys):
    """A byte of the PDF changed on a bad stick: the zip's directory is sound, the member's CRC is
    not. It said « [OK] Archive zip sûre » then « [ÉCHEC] Archive zip sûre », and the reception
    register filed the commune's dossier « rejeté » for a damaged copy; it is « non jugé — à
    renvoyer », as a copy cut short is."""
    from socle_desktop.reception.batch import UNCHECKED, status_of

    raw = bytearray(demo_bundle.read_bytes())
    with zipfile.ZipFile(demo_bundle) as archive:
        member = next(info for info in archive.infolist() if info.filename.endswith("data/dossier.pdf"))
    name_length, extra_length = struct.unpack_from("<HH", raw, member.header_offset + 26)
    start = member.header_offset + 30 + name_length + extra_length
    raw[start + member.compress_size // 2] ^= 0xFF
    bundle = tmp_path / "abime.zip"
    bundle.write_bytes(bytes(raw))
    report = verify_bundle(bundle)
    text = report.text()
    assert [label for label, _, _ in report.checks].count("Archive zip sûre") == 1, text
    assert "« data/dossier.pdf » est endommagé" in text and "vérification arrêtée" in text, text
    assert report.exit_code == 2 and status_of(report) == UNCHECKED
    code, out, err = cli_verify(bundle, capsys)
    assert (code, out) == (2, "") and err.count("\n") == 1 and "Traceback" not in err
    assert "dossier.pdf" in err and "pas été jugé" in err and "nouvelle copie" in err


# What `zipfile` writes for no member (and Windows for a « compressed folder » of nothing): the
# end record alone, 22 bytes; offsets computed back from it fell before the file's start.
EMPTY_ZIP = b"PK\x05\x06" + bytes(18)


def test_an_offset_before_the_start_of_the_file_reads_nothing():
    """Offsets computed back from the end of a short file fall before its start."""
    import io

    from socle_desktop.export.verify import _read_at

    assert _read_at(io.BytesIO(EMPTY_ZIP), -20, 20) == b""
    assert _read_at(io.BytesIO(EMPTY_ZIP), 0, 4) == b"PK\x05\x06"


@pytest.mark.parametrize("content, why", [(b"", "c'est un fichier vide"),
                                          (b"%PDF-1.7\n%%EOF\n", "ce n'est pas une archive zip"),
                                          (b"Bonjour\n", "ce n'est pas une archive zip"),
                                          (EMPTY_ZIP, "c'est une archive zip vide")])
def test_a_file_that_is_not_a_zip_at_all_is_not_judged(tmp_path, capsys, content, why):
    """DESIGN §7: exit 2 for « not a bundle / unreadable input », 1 only for a bundle that fails."""
    path = tmp_path / "paquet.zip"
    path.write_bytes(content)
    code, out, err = cli_verify(path, capsys)
    assert (code, out) == (2, "") and err.count("\n") == 1 and "Traceback" not in err
    assert f"n'est pas un paquet de dépôt ({why})" in err


def test_a_folder_is_not_a_bundle(tmp_path, capsys):
    folder = tmp_path / "paquet.zip"
    folder.mkdir()
    code, _, err = cli_verify(folder, capsys)
    assert code == 2 and "est un dossier" in err and "Traceback" not in err


def test_a_huge_file_is_refused_without_being_read(tmp_path):
    bundle = tmp_path / "enorme.zip"
    with bundle.open("wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse: takes no room
    report = verify_bundle(bundle)
    assert failed(report) == ["Lecture du paquet"] and "au-delà de la limite" in report.text()


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_not_a_bundle(capsys):
    """Reading /dev/zero would never end: it is refused as not an ordinary file."""
    assert "pas un fichier ordinaire" in verify_bundle("/dev/zero").text()
    code, _, err = cli_verify("/dev/zero", capsys)
    assert code == 2 and "pas un fichier ordinaire" in err


def test_verify_writes_nothing_so_a_full_temporary_folder_does_not_matter(demo_bundle, tmp_path, monkeypatch):
    """Members are hashed as they stream out of the zip: nothing is extracted (a 1.4 MB bundle
    used to cost 1 GB of temporary disk), so a full disk cannot stop the check."""
    import errno
    import pathlib
    import tempfile

    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pathlib.Path, "write_bytes", full)
    empty = tmp_path / "tmp"
    empty.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(empty))
    report = verify_bundle(demo_bundle)
    assert report.ok and not report.unchecked, report.text()
    assert list(empty.iterdir()) == []


def test_an_unreadable_file_is_exit_2(tmp_path, capsys, monkeypatch):
    import pathlib

    bundle = tmp_path / "ferme.zip"
    bundle.write_bytes(b"PK")
    real_open = pathlib.Path.open

    def refuse(self, *args, **kwargs):
        if self == bundle:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", refuse)
    code, _, err = cli_verify(bundle, capsys)
    assert code == 2 and "paquet illisible" in err and "droits insuffisants" in err


# --- re-signed with the right key: the later checks must hold ---------------------------------


def resigned(rezip, bundle, identity, signing_time, change, name="resigne.zip"):
    def apply(members):
        return rebag(change(members), identity, signing_time)

    return rezip(bundle, apply, name=name)


@pytest.mark.parametrize("value", [b"NaN", b"Infinity", b"-Infinity", b"9" * 400, b"9" * 5000])
def test_non_numbers_and_giant_integers_in_dossier_json_are_refused(demo_bundle, rezip, identity, signing_time,
                                                                    capsys, value):
    def poison(members):
        members["data/dossier.json"] = re.sub(rb'"nb_eleves": \d+', b'"nb_eleves": ' + value,
                                              members["data/dossier.json"], count=1)
        return members

    bundle = resigned(rezip, demo_bundle, identity, signing_time, poison)
    report = verify_bundle(bundle)
    assert "dossier.json conforme au schéma" in failed(report), report.text()
    if value == b"NaN":
        assert "JSON illisible (valeur « NaN » : ce n'est pas un nombre JSON)" in report.text(), report.text()
    assert_rejected_in_french(bundle, capsys)


def test_a_rules_edition_that_is_a_path_is_not_followed(demo_bundle, rezip, identity, signing_time, tmp_path):
    """`regles` names shipped rules; a path would make verify read a .toml elsewhere on disk."""
    (tmp_path / "regles-pieges.toml").write_text("x = 1\n")
    edition = "../" * 30 + str(tmp_path / "regles-pieges").lstrip("/")

    def point_elsewhere(members):
        data = json.loads(members["data/dossier.json"])
        data["regles"] = edition
        members["data/dossier.json"] = json.dumps(data, ensure_ascii=False).encode()
        return members

    report = verify_bundle(resigned(rezip, demo_bundle, identity, signing_time, point_elsewhere))
    assert "Montants (calcul) identiques à un nouveau calcul" in failed(report)
    assert "invalide : un nom comme snee-2021 est attendu" in report.text()


@pytest.mark.parametrize("outside", ["data/../../../../etc/hostname", "/etc/hostname"])
def test_a_signed_manifest_pointing_outside_the_bag_is_refused(demo_bundle, rezip, identity, signing_time,
                                                               outside):
    def point_outside(members):
        members = rebag(members, identity, signing_time)
        members["manifest-sha256.txt"] += f"{'0' * 64}  {outside}\n".encode()
        members["tagmanifest-sha256.txt"] = "".join(
            f"{hashlib.sha256(members[name]).hexdigest()}  {name}\n"
            for name in ("bag-info.txt", "bagit.txt", "manifest-sha256.txt")).encode()
        members["tagmanifest-sha256.txt.p7s"] = sign_detached(members["tagmanifest-sha256.txt"], identity,
                                                              signing_time=signing_time)
        return members

    report = verify_bundle(rezip(demo_bundle, point_outside))
    assert failed(report) == ["Sommes de contrôle BagIt (manifeste SHA-256)"], report.text()
    assert "chemin dangereux" in report.text()


def test_a_deeply_nested_dossier_json_is_refused(demo_bundle, rezip, identity, signing_time, capsys):
    def nest(members):
        data = json.loads(members["data/dossier.json"])
        deep = b"[" * 100_000 + b"]" * 100_000
        members["data/dossier.json"] = json.dumps(data).encode()[:-1] + b', "x": ' + deep + b"}"
        return members

    report = verify_bundle(resigned(rezip, demo_bundle, identity, signing_time, nest))
    assert "dossier.json conforme au schéma" in failed(report)


def test_an_incremental_update_after_the_pdf_signature_is_refused(demo_bundle, rezip, identity, signing_time,
                                                                  capsys):
    """Content appended after the signature is not covered by it: the bundle is rejected."""
    from io import BytesIO

    from pyhanko.pdf_utils.generic import NameObject, TextStringObject
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    def append(members):
        writer = IncrementalPdfFileWriter(BytesIO(members["data/dossier.pdf"]))
        writer.document_meta.title = "Titre changé après la signature"
        info = writer.trailer["/Info"]
        info[NameObject("/Title")] = TextStringObject("Titre changé après la signature")
        writer.update_container(info)
        output = BytesIO()
        writer.write(output)
        members["data/dossier.pdf"] = output.getvalue()
        return members

    bundle = resigned(rezip, demo_bundle, identity, signing_time, append)
    report = verify_bundle(bundle)
    assert failed(report) == ["Signature du PDF (PAdES)"], report.text()
    assert "ne couvre pas tout le fichier" in report.text()
    assert_rejected_in_french(bundle, capsys)


def test_raw_bytes_appended_after_the_pdf_signature_are_refused(demo_bundle, rezip, identity, signing_time):
    def append(members):
        members["data/dossier.pdf"] += b"\n% ajout\n"
        return members

    report = verify_bundle(resigned(rezip, demo_bundle, identity, signing_time, append))
    assert "Signature du PDF (PAdES)" in failed(report)


def test_a_cms_whose_certificate_does_not_match_the_key_is_refused(demo_bundle, rezip, identity, other_identity,
                                                                   signing_time, capsys):
    """Signed with one key, but carrying the (expected) certificate of another."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign import signers
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    certificate = asn1_x509.Certificate.load(identity.certificate_der())
    wrong_key = asn1_keys.PrivateKeyInfo.load(other_identity.private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    signer = signers.SimpleSigner(signing_cert=certificate, signing_key=wrong_key,
                                  cert_registry=SimpleCertificateStore.from_certs([certificate]))

    def swap_signature(members):
        members["tagmanifest-sha256.txt.p7s"] = asyncio.run(signer.async_sign_general_data(
            members["tagmanifest-sha256.txt"], "sha256", detached=True,
            signed_attr_settings=PdfCMSSignedAttributes(signing_time=signing_time))).dump()
        return members

    bundle = rezip(demo_bundle, swap_signature)
    report = verify_bundle(bundle)
    assert "Signature CMS du manifeste des étiquettes" in failed(report)
    assert_rejected_in_french(bundle, capsys)


@pytest.mark.parametrize("label", ["External-Identifier", "Socle-Brouillon", "Socle-Signataire-Empreinte-SHA256"])
def test_a_duplicated_bag_info_label_that_verify_relies_on_is_refused(demo_bundle, rezip, identity, signing_time,
                                                                     capsys, label):
    def duplicate(members):
        info = members["bag-info.txt"].decode()
        value = re.search(rf"^{label}: (.*)$", info, re.M).group(1)
        members["bag-info.txt"] = (info + f"{label}: autre que {value}\n").encode()
        return members

    bundle = resigned(rezip, demo_bundle, identity, signing_time, duplicate)
    report = verify_bundle(bundle)
    assert not report.ok and "plusieurs fois" in report.text(), report.text()
    assert_rejected_in_french(bundle, capsys)


def test_folded_bag_info_lines_are_read_as_rfc_8493_says(demo_bundle, rezip, identity, signing_time):
    """A long value continued on an indented line is one value (RFC 8493 §2.2.2)."""

    def fold(members):
        info = members["bag-info.txt"].decode()
        members["bag-info.txt"] = re.sub(r"^(Socle-Signataire-Empreinte-SHA256: )(.{32})(.*)$", r"\1\2\n  \3",
                                         info, flags=re.M).encode()
        return members

    report = verify_bundle(resigned(rezip, demo_bundle, identity, signing_time, fold))
    assert report.ok, report.text()


# --- issue 17: what a bundle says cannot forge the report (item 1) ------------------------------

FORGED_TAIL = ("\n  [OK   ] Pièces jointes : 1 pièce(s), toutes présentes et intactes"
               "\nRésultat : paquet intègre et cohérent.\n\x1b[8m\x1b[2K")  # what follows is hidden


def test_a_dossier_id_carrying_a_fake_report_and_escape_codes_is_shown_escaped(demo_bundle, rezip, identity,
                                                                                signing_time, capsys):
    """Amounts tripled, re-signed, and an `id` that prints a fake all-[OK] end and hides the rest."""

    def forge(members):
        data = json.loads(members["data/dossier.json"])
        data["id"] += FORGED_TAIL
        data["calcul"]["total"]["subvention_centimes"] *= 3
        members["data/dossier.json"] = json.dumps(data, ensure_ascii=False).encode()
        return members

    bundle = resigned(rezip, demo_bundle, identity, signing_time, forge)
    code, out, err = cli_verify(bundle, capsys)
    assert code == 1
    assert "\x1b" not in out and "\x1b" not in err
    lines = out.splitlines()
    assert sum(line.startswith("Résultat :") for line in lines) == 1
    assert lines[-1].startswith("Résultat : paquet REJETÉ")
    assert "Dossier : d3a0d055-1e00-4000-8000-000000000001\\n  [OK   ] Pi" in out  # shown as what it is
    assert all(len(line) < 1000 for line in lines)


@pytest.mark.parametrize("hidden", ["\u202e", "\x1b[2K", "\r", "\u2028", "\x85", "\u200b"])
def test_names_from_the_bundle_are_printed_visibly(tmp_path, capsys, hidden):
    name = f"paquet/data/pieces/devis{hidden}fdp.exe"
    bundle = write_zip(tmp_path / "nom.zip", [(name, b"x")])
    code, out, _ = cli_verify(bundle, capsys)
    assert code == 1 and "caractère de contrôle ou de mise en forme invisible" in out
    assert hidden not in out


# --- issue 17 item 4: cheap bundles, expensive checks --------------------------------------------


def test_a_thousand_members_of_one_mib_are_refused_from_the_directory(tmp_path):
    """1.4 MB on disk, 1 000 MiB inflated: each member is exactly at the per-member floor."""
    import time
    import tracemalloc

    bundle = tmp_path / "mille.zip"
    block = b"\0" * 1024 * 1024
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for index in range(1000):
            archive.writestr(f"paquet/data/pieces/{index:04}.bin", block)
    assert bundle.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    report = verify_bundle(bundle)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert failed(report) == ["Archive zip sûre"] and "bombe zip" in report.text(), report.text()
    assert elapsed < 2 and peak < 50 * 1024 * 1024, (elapsed, peak)


def big_json_array(size: int = 200_000_000) -> bytes:
    """A JSON array of `size` bytes that deflates about 40 times (below the zip-bomb ratio)."""
    import os

    block = 4096
    parts = [b"["]
    for _ in range(size // block):
        parts.append(b'"' + os.urandom(50).hex().encode() + b'",' + b"0," * ((block - 104) // 2))
    parts.append(b"0]")
    return b"".join(parts)


def measured(function):
    import time
    import tracemalloc

    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = function()
        elapsed = time.perf_counter() - started
        return result, elapsed, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture(scope="module")
def swollen_json():
    return big_json_array()


@pytest.mark.parametrize("limits", [Limits(), Limits(max_total_ratio=1000)], ids=["default", "ratio-lifted"])
def test_a_huge_json_is_not_read_when_the_cms_signature_fails(demo_bundle, rezip, swollen_json, limits):
    """3.4 MB holding a 200 MB JSON array, under a signature that does not hold (the issue's case):
    refused by the overall ratio; and, ratio limit lifted, with the 200 MB as a piece (within the
    pieces' limit), the chain stops at the CMS signature before reading it."""

    def swell(members):
        target = "data/dossier.json" if limits == Limits() else f"data/pieces/{DEMO_DEVIS_NAME}"
        members[target] = swollen_json
        members["tagmanifest-sha256.txt"] += b"\n"
        return members

    bundle = rezip(demo_bundle, swell)
    assert bundle.stat().st_size < 5_000_000
    report, elapsed, peak = measured(lambda: verify_bundle(bundle, limits=limits))
    expected = "Archive zip sûre" if limits == Limits() else "Signature CMS du manifeste des étiquettes"
    assert failed(report) == [expected], report.text()
    assert limits == Limits() or "vérification arrêtée" in report.text()
    assert elapsed < 2 and peak < 50 * 1024 * 1024, (elapsed, peak)


def test_a_huge_json_is_refused_before_it_is_read_even_if_signed(demo_bundle, rezip, identity, signing_time,
                                                                 swollen_json):
    def swell(members):
        members["data/dossier.json"] = swollen_json
        return members

    bundle = resigned(rezip, demo_bundle, identity, signing_time, swell)
    report, elapsed, peak = measured(lambda: verify_bundle(bundle, limits=Limits(max_total_ratio=1000)))
    assert failed(report) == ["Archive zip sûre"], report.text()
    assert "dossier.json » : 199" in report.text() and "au-delà de la limite" in report.text()
    assert elapsed < 2 and peak < 50 * 1024 * 1024, (elapsed, peak)


def test_a_broken_payload_checksum_stops_before_the_pdf_and_json_checks(demo_bundle, rezip):
    def flip(members):
        members["data/dossier.json"] = members["data/dossier.json"].replace(b"Saint-Exemple", b"Saint-Exempla", 1)
        return members

    report = verify_bundle(rezip(demo_bundle, flip))
    assert failed(report) == ["Sommes de contrôle BagIt (manifeste SHA-256)"]
    assert not any(label.startswith(("Signature du PDF", "dossier.json")) for label, _, _ in report.checks)
    assert "Résultat : paquet REJETÉ" in report.text()


# --- issue 17 item 5: exit 0 only for what may be instructed --------------------------------------


def test_the_fictional_example_exits_4_and_a_draft_too(demo_bundle, tmp_path, identity, signing_time, capsys):
    from socle_desktop.export import export_dossier
    from socle_desktop.export.demo import demo_dossier, demo_piece_bytes

    code, out, _ = cli_verify(demo_bundle, capsys)
    assert code == 4 and "EXEMPLE FICTIF" in out
    dossier = demo_dossier()
    dossier.lignes[0].quantite = 0  # an error finding: a draft (the signer still the dossier's)
    draft = export_dossier(dossier, out_dir=tmp_path / "b", identity=identity, piece_bytes=demo_piece_bytes,
                           signing_time=signing_time)
    code, out, _ = cli_verify(draft.bundle_path, capsys)
    assert code == 4 and "BROUILLON" in out
    real = export_dossier(demo_dossier(), out_dir=tmp_path / "r", identity=identity, piece_bytes=demo_piece_bytes,
                          signing_time=signing_time)
    code, out, _ = cli_verify(real.bundle_path, capsys)
    assert code == 0, out
    # A bundle with no attachment at all (no délibération, no devis) may not be filed (issue 11).
    bare = demo_dossier()
    bare.pieces = []
    bare = export_dossier(bare, out_dir=tmp_path / "n", identity=identity, piece_bytes=demo_piece_bytes,
                          signing_time=signing_time)
    code, out, _ = cli_verify(bare.bundle_path, capsys)
    assert code == 4 and "BROUILLON" in out and "aucune pièce jointe" in out and "une pièce, présente" not in out


def test_an_undeclared_file_in_the_payload_is_a_failure_even_when_signed(demo_bundle, rezip, identity,
                                                                        signing_time, capsys):
    def add(members):
        members["data/VALIDE-PAR-L-ETAT.txt"] = b"oui"
        return members

    bundle = resigned(rezip, demo_bundle, identity, signing_time, add)
    out = assert_rejected_in_french(bundle, capsys)
    assert "hors du format" in out and "VALIDE-PAR-L-ETAT.txt" in out


def test_duplicate_keys_in_dossier_json_are_a_failure(demo_bundle, rezip, identity, signing_time, capsys):
    def duplicate(members):
        text = members["data/dossier.json"]
        members["data/dossier.json"] = text.replace(b'"id": ', b'"id": "autre", "id": ', 1)
        return members

    bundle = resigned(rezip, demo_bundle, identity, signing_time, duplicate)
    report = verify_bundle(bundle)
    assert "dossier.json conforme au schéma" in failed(report) and "figure deux fois" in report.text()
    assert_rejected_in_french(bundle, capsys)


@pytest.mark.parametrize("where", ["before", "after", "between"])
def test_bytes_outside_the_members_are_a_failure(demo_bundle, tmp_path, capsys, where):
    raw = demo_bundle.read_bytes()
    if where == "before":
        changed = b"MZ" + b"\0" * 510 + raw
    elif where == "after":
        changed = raw + b"contenu ajout\xe9 apr\xe8s la fin"
    else:  # hidden bytes after the first member; every offset after them moved to match
        with zipfile.ZipFile(demo_bundle) as archive:
            infos = archive.infolist()
            gap_at, directory = infos[1].header_offset, archive.start_dir
        gap = b"cach\xe9" * 10
        data = bytearray(raw[:gap_at] + gap + raw[gap_at:])
        position = directory + len(gap)
        while data[position:position + 4] == b"PK\x01\x02":
            offset = struct.unpack_from("<I", data, position + 42)[0]
            if offset >= gap_at:
                struct.pack_into("<I", data, position + 42, offset + len(gap))
            lengths = struct.unpack_from("<HHH", data, position + 28)
            position += 46 + sum(lengths)
        struct.pack_into("<I", data, position + 16, directory + len(gap))  # end record: where the directory is
        changed = bytes(data)
    bundle = tmp_path / f"{where}.zip"
    bundle.write_bytes(changed)
    out = assert_rejected_in_french(bundle, capsys)
    assert "[ÉCHEC] Archive zip sûre" in out and "données" in out


# --- issue 17 item 6: the libraries' English stays in the log ----------------------------------


def test_a_page_changed_in_an_incremental_update_gives_french_only(demo_bundle, rezip, identity, signing_time,
                                                                   tmp_path):
    """pyHanko's diff analysis logs an English traceback: it goes to erreurs.log, not the terminal."""
    import subprocess
    import sys
    from io import BytesIO

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    def change_page(members):
        writer = IncrementalPdfFileWriter(BytesIO(members["data/dossier.pdf"]))
        page = writer.root["/Pages"]["/Kids"][0].get_object()
        page[generic.NameObject("/Contents")] = writer.add_object(
            generic.StreamObject(stream_data=b"BT /F1 30 Tf 100 100 Td (FAUX) Tj ET"))
        writer.update_container(page)
        output = BytesIO()
        writer.write(output)
        members["data/dossier.pdf"] = output.getvalue()
        return members

    bundle = resigned(rezip, demo_bundle, identity, signing_time, change_page)
    data = tmp_path / "donnees"
    done = subprocess.run([sys.executable, "-m", "socle_desktop", "--data-dir", str(data), "verify", str(bundle)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr == ""
    assert "[ÉCHEC] Signature du PDF (PAdES) : " in done.stdout and "Traceback" not in done.stdout
    log = (data / "journaux" / "erreurs.log").read_text()
    assert "SuspiciousModification" in log and "Traceback" in log


# --- issue 17 item 3: what the PDF shows is what dossier.json says --------------------------------


def _genuine(members):
    from socle_desktop.domain.compute import compute
    from socle_desktop.domain.dossier_json import dossier_from_dict
    from socle_desktop.resources import load_rules

    dossier = dossier_from_dict(json.loads(members["data/dossier.json"]))
    return dossier, compute(dossier, load_rules(dossier.regles))


def _resigned_pdf(members, dossier, result, identity, signing_time, example=True) -> bytes:
    """The PDF re-rendered from (dossier, result) with the genuine Keywords, signed by the same identity."""
    from socle_desktop.export.pdf import SignerBlock, render_pdf_with_layout
    from socle_desktop.export.signing import sign_pdf
    from socle_desktop.resources import load_rules

    rendered = render_pdf_with_layout(
        dossier, result, load_rules(dossier.regles), signing_time=signing_time,
        signer=SignerBlock.from_identity(identity), quality=dossier.collectivite.representant.qualite,
        json_sha256=hashlib.sha256(members["data/dossier.json"]).hexdigest(), example=example)
    return sign_pdf(rendered.data, identity, signing_time=signing_time, page=rendered.signature_page,
                    box=rendered.signature_box, quality=dossier.collectivite.representant.qualite,
                    location=dossier.collectivite.commune)


@pytest.mark.parametrize("tamper", ["subvention", "prix", "raison_sociale", "siret", "ecole",
                                    "montant_certifie", "aucun"])
def test_a_pdf_showing_other_figures_or_names_than_dossier_json_is_refused(demo_bundle, rezip, identity,
                                                                           signing_time, monkeypatch, tamper):
    """Re-rendered and re-signed with the same identity: both signatures hold, the Keywords are
    the genuine ones; only what a person reads differs."""
    import copy

    from socle_desktop.domain.money import format_euros
    from socle_desktop.export import pdf

    def change(members):
        dossier, result = _genuine(members)
        shown = copy.deepcopy(dossier)
        if tamper in ("subvention", "prix"):
            target = (result.total.subvention if tamper == "subvention"
                      else dossier.lignes[0].prix_unitaire_ht_centimes)
            monkeypatch.setattr(pdf, "format_euros", lambda value, **kw: format_euros(
                value * 3 if value == target else value, **kw))
        elif tamper == "raison_sociale":
            shown.collectivite.raison_sociale = "Commune de Saint-Autre"
        elif tamper == "siret":
            shown.collectivite.siret = "21450999900025"
        elif tamper == "ecole":
            shown.ecoles[0].nom = "École fantôme"
        elif tamper == "montant_certifie":  # only the signature page's « sollicite la subvention de … »
            genuine_section = pdf._signature_section

            def forged_section(context, layout):
                with monkeypatch.context() as inside:
                    inside.setattr(pdf, "format_euros", lambda value, **kw: format_euros(
                        value * 3 if value == result.total.subvention else value, **kw))
                    return genuine_section(context, layout)

            monkeypatch.setattr(pdf, "_signature_section", forged_section)
        members["data/dossier.pdf"] = _resigned_pdf(members, shown, result, identity, signing_time)
        return members

    report = verify_bundle(resigned(rezip, demo_bundle, identity, signing_time, change))
    label = "Le PDF affiche les montants, la collectivité, le SIRET et les écoles de dossier.json"
    if tamper == "aucun":  # the same rendering passes: the check is not blind
        assert report.ok, report.text()
        return
    assert failed(report) == [label], report.text()
    assert "PDF, dossier.json et bag-info.txt décrivent le même dossier" not in failed(report)


def test_tall_rows_are_not_split_across_pages_so_an_honest_bundle_verifies(tmp_path, identity, signing_time):
    """A school's row cut at a page end put the rest of its name after the repeated column
    titles, and verify refused the honest bundle (a reviewer's 12 schools of 250-character
    names). Rows now move whole to the next page; a heading taller than what is left of a
    page (a name written out as escapes) splits as a paragraph instead of failing the export."""
    import copy

    from socle_desktop.export import export_dossier
    from socle_desktop.export.demo import demo_dossier, demo_piece_bytes

    dossier = demo_dossier()
    model = dossier.ecoles[0]
    dossier.ecoles = []
    for index in range(12):
        ecole = copy.deepcopy(model)
        ecole.id = f"ecole-{index}"
        ecole.nom = (f"École élémentaire numéro {index} " + "de la vallée du Haut-Exemple " * 10)[:250]
        dossier.ecoles.append(ecole)
    dossier.ecoles[0].nom = "\u202e" * 250  # its heading on the Équipement page: 1 500 characters drawn
    for ligne in dossier.lignes:
        if ligne.ecole:
            ligne.ecole = "ecole-0"
    result = export_dossier(dossier, out_dir=tmp_path, identity=identity, piece_bytes=demo_piece_bytes,
                            signing_time=signing_time, example=True)
    report = verify_bundle(result.bundle_path)
    assert report.ok, report.text()


def test_names_the_pdf_draws_differently_still_match(tmp_path, identity, signing_time):
    """Right-to-left names (reordered for drawing), scripts the font lacks (drawn as �), words
    too long for their cell (cut anywhere) and markup characters are not false alarms."""
    from socle_desktop.export import export_dossier
    from socle_desktop.export.demo import demo_dossier, demo_piece_bytes

    dossier = demo_dossier()
    dossier.ecoles[0].nom = "مدرسة النور — École <b>&amp; « Les Tilleuls »"
    dossier.ecoles[1].nom = "学校 Saint-Exupéry " + "Trèslongnomsansespace" * 8
    dossier.lignes[0].libelle = "Écran « interactif » 75\u202f″ — " + "x" * 250
    dossier.collectivite.raison_sociale = "Commune d'Œuvre\u202e-sur-Mer\u200b"  # printed as escapes
    result = export_dossier(dossier, out_dir=tmp_path, identity=identity, piece_bytes=demo_piece_bytes,
                            signing_time=signing_time, example=True)
    report = verify_bundle(result.bundle_path)
    assert report.ok, report.text()


def test_an_unreadable_cms_signature_is_said_in_one_french_sentence_the_detail_in_the_log(
        demo_bundle, rezip, capsys, caplog):
    """The report printed the library's English (« ValueError : Unable to parse … »)."""
    import logging

    garbage = b"\x30\x82\xff\xff" + b"not DER at all" * 8  # a SEQUENCE header claiming 65 535 bytes

    def spoil(members):
        members["tagmanifest-sha256.txt.p7s"] = garbage
        return members

    bundle = rezip(demo_bundle, spoil)
    with caplog.at_level(logging.WARNING, logger="socle_desktop.export.verify"):
        report = verify_bundle(bundle)
    (detail,) = [detail for label, ok, detail in report.checks
                 if label == "Signature CMS du manifeste des étiquettes" and not ok]
    assert detail == ("illisible : le fichier de signature est endommagé ou n'est pas une signature CMS que "
                      "cette application sait lire")
    assert any(record.exc_info for record in caplog.records), "the technical detail belongs in the log"
    out = assert_rejected_in_french(bundle, capsys)
    assert "Error" not in out and "parse" not in out


def test_sizes_and_counts_agree_in_number():
    """« 1 fichiers, 1 octets » was what a one-file zip read."""
    from socle_desktop.export.verify import _octets

    assert (_octets(0), _octets(1), _octets(2), _octets(1_048_576)) == \
        ("0 octet", "1 octet", "2 octets", "1\u202f048\u202f576 octets")
