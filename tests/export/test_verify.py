"""verify_bundle: a valid bundle passes; any changed byte, removed or added file, swapped
signature or unsafe zip is rejected, with a French report."""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile

import pytest

from socle_desktop.export import export_dossier
from socle_desktop.export.bundle import build_tag_files
from socle_desktop.export.demo import DEMO_DEVIS_NAME, demo_dossier, demo_piece_bytes
from socle_desktop.export.signing import sign_detached
from socle_desktop.export.verify import Limits, verify_bundle


def failed(report) -> list[str]:
    return [label for label, ok, _ in report.checks if not ok]


def rebag(members: dict[str, bytes], identity, signing_time, *, info_changes=None) -> dict[str, bytes]:
    """What a forger with a signing key would do: recompute every manifest and sign again."""
    payload = {name[5:]: data for name, data in members.items() if name.startswith("data/")}
    info = [tuple(line.split(": ", 1)) for line in members["bag-info.txt"].decode().splitlines()
            if not line.startswith("Payload-Oxum")]
    info = [(label, (info_changes or {}).get(label, value)) for label, value in info]
    tags = build_tag_files(payload, info)
    tags["tagmanifest-sha256.txt.p7s"] = sign_detached(tags["tagmanifest-sha256.txt"], identity,
                                                       signing_time=signing_time)
    return {**tags, **{f"data/{name}": data for name, data in payload.items()}}


def test_a_fresh_bundle_passes_every_check(demo_export):
    report = verify_bundle(demo_export.bundle_path)
    assert report.ok, report.text()
    assert report.dossier_id == demo_dossier().id and report.draft is False
    assert report.sha256 == hashlib.sha256(demo_export.bundle_path.read_bytes()).hexdigest()
    assert report.fingerprint == demo_export.fingerprint
    assert report.self_signed and report.signer == "Marie Exemple"
    assert len(report.checks) >= 10
    text = report.text()
    assert "Résultat : paquet intègre et cohérent — mais c'est un EXEMPLE FICTIF" in text and "ÉCHEC" not in text
    assert report.example and "EXEMPLE FICTIF : paquet de démonstration" in text


def test_a_real_export_is_not_called_an_example(tmp_path, identity, signing_time):
    real = export_dossier(demo_dossier(), out_dir=tmp_path, identity=identity, piece_bytes=demo_piece_bytes,
                          signing_time=signing_time)
    report = verify_bundle(real.bundle_path)
    assert report.ok and not report.example
    assert report.text().endswith("Résultat : paquet intègre et cohérent.\n")


def test_the_rebuilt_zip_of_an_untouched_bag_passes(demo_bundle, rezip):
    assert verify_bundle(rezip(demo_bundle, lambda members: members)).ok


@pytest.mark.parametrize("member", ["data/dossier.json", "data/dossier.pdf", f"data/pieces/{DEMO_DEVIS_NAME}",
                                    "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt",
                                    "tagmanifest-sha256.txt.p7s", "bagit.txt", "data/socle-dossier-v1.schema.json"])
def test_one_changed_byte_anywhere_is_rejected(demo_bundle, rezip, member):
    def flip(members):
        data = bytearray(members[member])
        data[len(data) // 2] ^= 0x01
        members[member] = bytes(data)
        return members

    report = verify_bundle(rezip(demo_bundle, flip))
    assert not report.ok
    assert "REJETÉ" in report.text()


@pytest.mark.parametrize("member", ["data/dossier.json", "data/dossier.pdf", f"data/pieces/{DEMO_DEVIS_NAME}",
                                    "tagmanifest-sha256.txt.p7s", "bag-info.txt"])
def test_a_removed_file_is_rejected(demo_bundle, rezip, member):
    def remove(members):
        del members[member]
        return members

    assert not verify_bundle(rezip(demo_bundle, remove)).ok


@pytest.mark.parametrize("member", ["data/pieces/ajout.pdf", "data/extra.txt", "manifest-md5.txt", "fetch.txt"])
def test_an_added_file_is_rejected(demo_bundle, rezip, member):
    def add(members):
        members[member] = b"ajout"
        return members

    assert not verify_bundle(rezip(demo_bundle, add)).ok


def test_a_signature_from_another_bundle_is_rejected(demo_bundle, rezip, tmp_path, identity, signing_time,
                                                     bag_members):
    dossier = demo_dossier()
    dossier.projet.intitule += " (variante)"
    other = export_dossier(dossier, out_dir=tmp_path / "autre", identity=identity, piece_bytes=demo_piece_bytes,
                           signing_time=signing_time)
    foreign = bag_members(other.bundle_path)

    def swap(name):
        def change(members):
            members[name] = foreign[name]
            return members
        return change

    for name in ("tagmanifest-sha256.txt.p7s", "data/dossier.pdf"):
        report = verify_bundle(rezip(demo_bundle, swap(name), name=f"swap-{name[-3:]}.zip"))
        assert not report.ok, name


def test_a_bag_re_signed_by_someone_else_is_rejected(demo_bundle, rezip, other_identity, signing_time):
    """A forger re-signs the manifests with their key: the PDF's signer no longer matches."""
    report = verify_bundle(rezip(demo_bundle, lambda m: rebag(m, other_identity, signing_time, info_changes={
        "Socle-Signataire-Empreinte-SHA256": other_identity.fingerprint_sha256})))
    assert not report.ok
    assert failed(report) == ["Signature du PDF (PAdES)", "Signataire lié au dossier (SIREN et représentant)"]


def test_a_wrong_fingerprint_in_bag_info_is_rejected(demo_bundle, rezip, identity, signing_time):
    report = verify_bundle(rezip(demo_bundle, lambda m: rebag(m, identity, signing_time, info_changes={
        "Socle-Signataire-Empreinte-SHA256": "0" * 64})))
    assert failed(report) == ["Empreinte du signataire dans bag-info.txt"]


def test_changed_figures_are_caught_by_a_fresh_computation(demo_bundle, rezip, identity, signing_time):
    """Even re-signed by the right key, a calcul that the rules do not give is refused."""

    def inflate(members):
        data = json.loads(members["data/dossier.json"])
        data["calcul"]["total"]["subvention_centimes"] += 100_000
        members["data/dossier.json"] = json.dumps(data, ensure_ascii=False, indent=2).encode()
        return rebag(members, identity, signing_time)

    report = verify_bundle(rezip(demo_bundle, inflate))
    assert "Montants (calcul) identiques à un nouveau calcul" in failed(report)
    assert "PDF, dossier.json et bag-info.txt décrivent le même dossier" in failed(report)


def test_rules_this_version_does_not_ship_are_a_finding_in_french(demo_bundle, rezip, identity, signing_time):
    """The finding says the rules are unknown in its own words (verify words its findings, the
    RulesError carries a code)."""

    def other_edition(members):
        data = json.loads(members["data/dossier.json"])
        data["regles"] = "snee-2099"
        members["data/dossier.json"] = json.dumps(data, ensure_ascii=False, indent=2).encode()
        return rebag(members, identity, signing_time)

    report = verify_bundle(rezip(demo_bundle, other_edition))
    (message,) = [message for label, ok, message in report.checks
                  if label == "Montants (calcul) identiques à un nouveau calcul" and not ok]
    assert message == "règles « snee-2099 » inconnues de cette version de l'application."


def test_a_json_that_breaks_the_schema_is_rejected(demo_bundle, rezip, identity, signing_time):
    def break_schema(members):
        data = json.loads(members["data/dossier.json"])
        data["lignes"][0]["quantite"] = "quatre"
        members["data/dossier.json"] = json.dumps(data).encode()
        return rebag(members, identity, signing_time)

    report = verify_bundle(rezip(demo_bundle, break_schema))
    assert "dossier.json conforme au schéma" in failed(report)


def test_a_json_about_another_dossier_is_rejected(demo_bundle, rezip, identity, signing_time):
    def other_id(members):
        data = json.loads(members["data/dossier.json"])
        data["id"] = "00000000-0000-4000-8000-000000000000"
        members["data/dossier.json"] = json.dumps(data, ensure_ascii=False).encode()
        return rebag(members, identity, signing_time)

    report = verify_bundle(rezip(demo_bundle, other_id))
    # The Keywords and what the PDF prints (« Dossier n° … ») both name the genuine dossier.
    assert failed(report) == ["PDF, dossier.json et bag-info.txt décrivent le même dossier",
                              "Le PDF affiche les montants, la collectivité, le SIRET et les écoles de dossier.json"]


def test_a_draft_marked_final_is_rejected(tmp_path, identity, signing_time, rezip):
    dossier = demo_dossier()
    dossier.lignes[0].quantite = 0  # an error finding, the signer still the dossier's
    draft = export_dossier(dossier, out_dir=tmp_path, identity=identity, piece_bytes=demo_piece_bytes,
                           signing_time=signing_time)
    report = verify_bundle(draft.bundle_path)
    assert report.ok and report.draft and "BROUILLON" in report.text()
    forged = verify_bundle(rezip(draft.bundle_path, lambda m: rebag(m, identity, signing_time, info_changes={
        "Socle-Brouillon": "non"})))
    assert failed(forged) == ["PDF, dossier.json et bag-info.txt décrivent le même dossier"]


# --- zip safety ------------------------------------------------------------------------------


def write_zip(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, data)
    return path


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil.txt", "paquet/../../evil.txt", "C:/evil.txt",
                                  "paquet\\..\\evil.txt", "paquet//data/x"])
def test_path_traversal_is_refused_before_extraction(tmp_path, name):
    bundle = write_zip(tmp_path / "piege.zip", [(name, b"x")])
    report = verify_bundle(bundle)
    assert not report.ok and failed(report) == ["Archive zip sûre"]
    assert not (tmp_path.parent / "evil.txt").exists()


def test_symlinks_are_refused(tmp_path):
    info = zipfile.ZipInfo("paquet/data/lien")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    report = verify_bundle(write_zip(tmp_path / "lien.zip", [(info, "/etc/passwd")]))
    assert failed(report) == ["Archive zip sûre"] and "lien symbolique" in report.text()


def test_zip_bombs_and_oversized_bundles_are_refused(tmp_path, demo_bundle):
    bomb = write_zip(tmp_path / "bombe.zip", [("paquet/data/zeros", b"\0" * (8 * 1024 * 1024))])
    assert "bombe zip" in verify_bundle(bomb).text()
    assert "limite" in verify_bundle(demo_bundle, limits=Limits(max_total_bytes=1000)).text()
    assert "limite" in verify_bundle(demo_bundle, limits=Limits(max_members=3)).text()


def test_not_a_zip_and_missing_file(tmp_path):
    junk = tmp_path / "faux.zip"
    junk.write_bytes(b"PK\x03\x04 pas vraiment")
    assert "pas une archive zip" in verify_bundle(junk).text()
    assert not verify_bundle(tmp_path / "absent.zip").ok


def test_two_bags_in_one_zip_are_refused(tmp_path):
    bundle = write_zip(tmp_path / "deux.zip", [("a/bagit.txt", b"x"), ("b/bagit.txt", b"x")])
    assert failed(verify_bundle(bundle)) == ["Un seul paquet dans l'archive"]


@pytest.mark.parametrize("ceiling", ["equipement", "ressources"])
def test_a_dossier_over_a_ceiling_passes(tmp_path, identity, signing_time, ceiling):
    """The PDF marks a volet whose subsidy a ceiling changed with « * » in its financing plan:
    verify reads that plan as drawn, or every such dossier is rejected."""
    dossier = demo_dossier()
    for ligne in dossier.lignes:
        if ligne.volet == ceiling:
            ligne.prix_unitaire_ht_centimes = 30_000_000  # far over either ceiling
    exported = export_dossier(dossier, out_dir=tmp_path, identity=identity, piece_bytes=demo_piece_bytes,
                              signing_time=signing_time)
    report = verify_bundle(exported.bundle_path)
    assert report.ok, report.text()
    result = json.loads(zipfile.ZipFile(exported.bundle_path).read(
        next(name for name in zipfile.ZipFile(exported.bundle_path).namelist() if name.endswith("dossier.json"))))
    assert result["calcul"]["volets"][ceiling]["subvention_centimes"] < \
        result["calcul"]["volets"][ceiling]["assiette_centimes"] // 2  # the ceiling did change it


def test_a_readers_code_that_reaches_a_front_end_reads_as_in_the_report():
    """verify's findings and the catalogue say a reader's code in the same words (report_words)."""
    from socle_desktop.catalogue.errors import error_text
    from socle_desktop.export.bag_layout import ManifestError

    assert error_text(ManifestError("manifest_line_malformed", line=3)) == "ligne 3 mal formée"
    assert error_text(ManifestError("manifest_not_utf8")) == "manifeste illisible (pas de l'UTF-8)"


def test_the_readers_codes_reach_the_report_in_french(tmp_path):
    from socle_desktop.export.bag_layout import ManifestError, parse_manifest
    from socle_desktop.export.verify import worded

    report = verify_bundle(write_zip(tmp_path / "piege.zip", [("../evil.txt", b"x")]))
    assert "« ../evil.txt » : chemin avec « .. » ou composant vide" in report.text(), report.text()
    with pytest.raises(ManifestError) as caught:
        parse_manifest(b"0" * 64 + b"  data/a\n" + b"0" * 64 + b"  data/a\n")
    assert worded(caught.value) == "ligne 2 : un fichier listé deux fois"
    with pytest.raises(ManifestError) as caught:
        parse_manifest(b"pas un manifeste\n")
    assert worded(caught.value) == "ligne 1 mal formée"
