"""Signing identities: PKCS#12 files, the local identity, their French errors."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from export_worded import raises_worded

from socle_desktop.catalogue.errors import error_text
from socle_desktop.catalogue.export_errors import local_identity_line, signer_line
from socle_desktop.domain.model import Collectivite, Representant
from socle_desktop.export.identity import (
    IdentityError,
    create_local_identity,
    identity_to_pkcs12,
    load_local_identity,
    load_pkcs12,
    local_identity_path,
    self_signed_identity,
)

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)


def collectivite() -> Collectivite:
    return Collectivite(raison_sociale="Commune d'Œuf-en-Ternois", siret="21439999000016",
                        representant=Representant("Zoé Lœwy", "Maire"))


def test_pkcs12_round_trip_keeps_the_fingerprint(tmp_path, identity):
    path = tmp_path / "certificat.p12"
    path.write_bytes(identity_to_pkcs12(identity, "mot de passe sûr"))
    loaded = load_pkcs12(path, "mot de passe sûr")
    assert loaded.fingerprint_sha256 == identity.fingerprint_sha256
    assert loaded.fingerprint_sha256 == identity.certificate.fingerprint(hashes.SHA256()).hex()
    assert loaded.subject_name == identity.subject_name


def test_wrong_password_is_a_french_error(tmp_path, identity):
    path = tmp_path / "certificat.p12"
    path.write_bytes(identity_to_pkcs12(identity, "bon mot de passe"))
    with raises_worded(IdentityError, "mot de passe incorrect"):
        load_pkcs12(path, "mauvais")


def test_file_without_private_key_is_refused(tmp_path, identity):
    path = tmp_path / "sans-cle.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"x", None, None, [identity.certificate], serialization.BestAvailableEncryption(b"secret")))
    with raises_worded(IdentityError, "ne contient pas de clé privée"):
        load_pkcs12(path, "secret")


def test_missing_and_garbage_files(tmp_path):
    with raises_worded(IdentityError, "introuvable"):
        load_pkcs12(tmp_path / "absent.p12", "x")
    garbage = tmp_path / "faux.p12"
    garbage.write_bytes(b"ceci n'est pas un certificat")
    with raises_worded(IdentityError, "n'est pas un fichier PKCS#12") as refused:
        load_pkcs12(garbage, "x")
    assert "mot de passe" not in error_text(refused.value)  # a wrong password is not what to look for


def test_a_pem_certificate_is_told_apart_from_a_wrong_password(tmp_path, identity):
    pem = tmp_path / "certificat.p12"
    pem.write_bytes(identity.certificate.public_bytes(serialization.Encoding.PEM))
    with raises_worded(IdentityError, "format PEM, pas un fichier PKCS#12"):
        load_pkcs12(pem, "x")


def test_expired_certificate_cannot_sign():
    old = self_signed_identity(common_name="Ancien", organization="Commune", now=NOW - dt.timedelta(days=800),
                               validity_days=365)
    with raises_worded(IdentityError, "a expiré le"):
        old.check_valid_at(NOW)
    future = self_signed_identity(common_name="Futur", organization="Commune", now=NOW + dt.timedelta(days=10))
    with raises_worded(IdentityError, "qu'à partir du"):
        future.check_valid_at(NOW)


def test_local_identity_is_encrypted_at_rest_and_reloads(tmp_path):
    path = local_identity_path(tmp_path)
    created = create_local_identity(collectivite(), "une phrase de passe", path)
    assert path.exists() and path.parent.name == "identites"
    assert created.self_signed and created.kind == "locale"
    assert "Zoé Lœwy" in created.subject_name
    raw = path.read_bytes()
    # The key is not readable without the passphrase.
    with pytest.raises(ValueError):
        pkcs12.load_pkcs12(raw, None)
    assert b"PRIVATE KEY" not in raw
    loaded = load_local_identity(path, "une phrase de passe")
    assert loaded.fingerprint_sha256 == created.fingerprint_sha256
    with raises_worded(IdentityError, "phrase de passe de l'identité locale incorrecte"):
        load_local_identity(path, "pas la bonne phrase")


def test_local_identity_is_never_overwritten_and_needs_a_real_passphrase(tmp_path):
    path = local_identity_path(tmp_path)
    with raises_worded(IdentityError, "au moins 8"):
        create_local_identity(collectivite(), "court", path)
    assert not path.exists()
    create_local_identity(collectivite(), "une phrase de passe", path)
    before = path.read_bytes()
    with raises_worded(IdentityError, "existe déjà"):
        create_local_identity(collectivite(), "une autre phrase", path)
    assert path.read_bytes() == before


# --- issue 10: identities bound to a collectivité and a signer ----------------------------------


def test_a_local_identity_names_the_signer_the_quality_and_the_siren(tmp_path):
    from cryptography.x509.oid import NameOID

    from socle_desktop.export.identity import list_local_identities, matching_local_identity, new_local_identity_path

    c = collectivite()
    path = new_local_identity_path(tmp_path, c)
    created = create_local_identity(c, "une phrase de passe", path)
    subject = created.certificate.subject
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Zoé Lœwy"
    assert subject.get_attributes_for_oid(NameOID.TITLE)[0].value == "Maire"
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_IDENTIFIER)[0].value == "NTRFR-214399990"
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "Commune d'Œuf-en-Ternois"
    (entry,) = list_local_identities(tmp_path)  # listed without the passphrase, from its .pem
    assert entry.facts.fingerprint == created.fingerprint_sha256
    assert matching_local_identity([entry], c) == entry
    c.representant.nom = "Jean Autre"  # a new mayor: the old identity is not theirs
    assert matching_local_identity([entry], c) is None


def test_an_identity_gives_its_siren_the_french_way_as_verify_and_the_pdf_do(tmp_path):
    """« (SIREN 214 399 990) », not « (SIREN 214399990) », on the export page (the unlocked identity
    and the list of identities), after « Signé par » and on the signature block of the PDF, whose
    table above it says « SIREN 214 399 990 », as verify and the binding do."""
    import shutil
    import subprocess

    from socle_desktop.export.identity import list_local_identities, new_local_identity_path
    from socle_desktop.export.signing import stamp_pdf

    path = new_local_identity_path(tmp_path, collectivite())
    created = create_local_identity(collectivite(), "une phrase de passe", path)
    assert "(SIREN 214 399 990)" in signer_line(created.facts, created.subject_name)
    [listed] = list_local_identities(tmp_path)  # the export page's list of identities, before unlocking
    assert "(SIREN 214 399 990)" in local_identity_line(listed), local_identity_line(listed)
    stamp = stamp_pdf(created, signing_time=dt.datetime(2026, 12, 4, 6, 35, tzinfo=dt.UTC),
                      quality="Maire", size=(480, 90))
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler) absent")
    (tmp_path / "tampon.pdf").write_bytes(stamp)
    text = subprocess.run(["pdftotext", str(tmp_path / "tampon.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "SIREN 214 399 990" in text, text


def test_long_names_are_never_cut_silently():
    long_name = "Marie-Christine " + "de La Rochefoucauld-Montmorency " * 2
    with raises_worded(IdentityError, r"un certificat X\.509 en admet 64 au plus, et il n.est pas coupé"):
        self_signed_identity(common_name=long_name, organization="Commune")
    raison = "Communauté de communes du Pays de Saint-Exemple-sur-Loire et des Monts du Forez réunis"
    identity = self_signed_identity(common_name="Jean Autre", organization=raison, siren="214399990")
    assert identity.facts.organization.endswith("…") and len(identity.facts.organization) <= 64
    (note,) = identity.notes  # said to the user when the identity is made
    worded = error_text(note)
    assert f"la raison sociale compte {len(raison)} caractères" in worded and "SIREN" in worded


def test_a_64_character_name_with_accents_is_within_bounds(tmp_path):
    """X.509 bounds count characters (RFC 5280 ub-common-name = 64), not UTF-8 bytes: a signer
    named in 64 characters, some accented, gets a certificate holding the whole name (it made
    « erreur inattendue (ValueError: Attribute's length … 65) » instead)."""
    name = "Marie-Christine Élisabeth de La Tour d'Auvergne-Lauraguais-Montm"
    assert len(name) == 64 and len(name.encode("utf-8")) > 64
    c = Collectivite(raison_sociale="Commune de Brioude", siret="21430040200010",
                     representant=Representant(name, "Maire"))
    created = create_local_identity(c, "une phrase de passe", tmp_path / "long.p12")
    assert created.facts.common_name == name
    reloaded = load_local_identity(tmp_path / "long.p12", "une phrase de passe")
    assert reloaded.facts.common_name == name and reloaded.fingerprint_sha256 == created.fingerprint_sha256
    with raises_worded(IdentityError, "compte 65 caractères"):
        self_signed_identity(common_name=name + "o", organization="Commune")


LONG_NAME_IDENTITY = """
import sys
from pathlib import Path
from socle_desktop.domain.model import Collectivite, Representant
from socle_desktop.export.identity import create_local_identity, load_local_identity
c = Collectivite(raison_sociale="Commune de Brioude", siret="21430040200010",
                 representant=Representant(sys.argv[2], "Maire"))
create_local_identity(c, "une phrase de passe", Path(sys.argv[1]))
print(load_local_identity(Path(sys.argv[1]), "une phrase de passe").facts.common_name == sys.argv[2])
"""


def test_a_64_character_name_with_accents_leaves_no_python_warning_on_screen(tmp_path):
    """cryptography warns about such a name (it counts UTF-8 bytes); the application silences it
    (a Python warning is no French message). Run as the application runs, outside pytest, which
    resets warning filters for each test."""
    name = "Marie-Christine Élisabeth de La Tour d'Auvergne-Lauraguais-Montm"
    done = subprocess.run([sys.executable, "-c", LONG_NAME_IDENTITY, str(tmp_path / "long.p12"), name],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "True", done.stderr
    assert done.stderr == ""


def test_an_identity_needs_the_collectivite_siret_and_its_representative(tmp_path):
    c = collectivite()
    c.siret = ""
    with raises_worded(IdentityError, "SIRET"):
        create_local_identity(c, "une phrase de passe", tmp_path / "x.p12")
    c = collectivite()
    c.representant.nom = " "
    with raises_worded(IdentityError, "nom du représentant"):
        create_local_identity(c, "une phrase de passe", tmp_path / "x.p12")
    assert not list(tmp_path.iterdir())


def test_the_p12_mac_costs_as_much_as_the_key_encryption(identity):
    """Issue 17, item 14: cryptography writes the MAC with 2 048 rounds; a guess must cost the
    same whether it is checked against the MAC or the key."""
    from asn1crypto import pkcs12 as asn1_pkcs12

    from socle_desktop.export.identity import PKCS12_WORK_FACTOR, pkcs12_mac_iterations

    data = identity_to_pkcs12(identity, "phrase très sûre")
    assert pkcs12_mac_iterations(data) == PKCS12_WORK_FACTOR == 200_000
    bags = asn1_pkcs12.Pfx.load(data).authenticated_safe
    kdf_rounds = {info["content"]["encrypted_content_info"]["content_encryption_algorithm"]["parameters"]
                  ["key_derivation_func"]["parameters"]["iteration_count"].native
                  for info in bags if info["content_type"].native == "encrypted_data"}
    assert kdf_rounds == {PKCS12_WORK_FACTOR}
    assert pkcs12.load_pkcs12(data, "phrase très sûre".encode()).key is not None  # readers accept it


def test_the_short_verification_code():
    from socle_desktop.export.binding import short_code

    assert short_code("00" * 32) == "AAAA-AAAA-AAAA-AAAA"
    assert short_code("ff" * 10 + "00" * 22) == "7777-7777-7777-7777"  # 80 bits, base32


@pytest.mark.parametrize(("field", "value", "named"), [
    ("raison_sociale", "Commune de Retournac \u202egnilliw\u202c \x07\x1b[31m", "la raison sociale"),
    ("nom", "Zoé\x00 Lœwy", "le nom du signataire"),
    ("qualite", "Maire\u200f", "la qualité du signataire"),
])
def test_no_certificate_is_made_with_hidden_characters_in_its_subject(tmp_path, field, value, named):
    # A reviewer's pdfsig showed the organisation « Retournac willing » reversed by a U+202E.
    target = collectivite()
    if field == "raison_sociale":
        target.raison_sociale = value
    else:
        setattr(target.representant, field, value)
    path = local_identity_path(tmp_path)
    with pytest.raises(IdentityError) as refused:
        create_local_identity(target, "une phrase de passe", path)
    message = error_text(refused.value)
    assert refused.value.code == "name_hidden_characters"
    assert message.startswith(f"{named} contient des caractères de contrôle ou d'inversion du sens d'écriture (U+")
    assert message.endswith("retirez-les (page Collectivité).") and "\n" not in message
    assert not path.exists() and not path.with_suffix(".pem").exists()


def test_a_certificates_text_is_made_visible_by_the_one_helper_of_untrusted_text():
    """binding.py kept its own copy of domain/text.visible, which let private-use and unassigned
    code points through (shown as nothing, or as a glyph a font invents) and wrote a newline as
    « \\u000a » where every other report writes « \\n »."""
    import datetime as dt

    from socle_desktop.domain.model import Collectivite, Representant
    from socle_desktop.domain.text import visible
    from socle_desktop.export.binding import CertificateFacts, binding_mismatches
    from socle_desktop.export.document_words import mismatch_text

    name = "Marie\ue000 Exemple\n\u0378Maire"
    facts = CertificateFacts("00" * 32, name, "", "Commune", "", "", "", "", dt.datetime(2026, 1, 1),
                             dt.datetime(2027, 1, 1), True)
    collectivite = Collectivite(siret="", representant=Representant(nom="Jean Autre"))
    (signer,) = [mismatch_text(m) for m in binding_mismatches(facts, collectivite) if m.code == "SIGNATAIRE"]
    assert visible(name, 120) in signer
    assert "\ue000" not in signer and "\u0378" not in signer and "\\n" in signer


def test_a_certificate_file_in_an_unsupported_algorithm_is_said_in_french(tmp_path, monkeypatch):
    """cryptography's English reason (« … is not supported by this backend ») reached the user."""
    from cryptography.exceptions import UnsupportedAlgorithm

    from socle_desktop.export import identity as identities

    def refuse(data, password, backend=None):
        raise UnsupportedAlgorithm("RC2-40-CBC is not supported by this backend.")

    monkeypatch.setattr(identities.pkcs12, "load_pkcs12", refuse)
    path = tmp_path / "ancien.p12"
    path.write_bytes(b"0")
    with pytest.raises(identities.IdentityError) as refused:
        identities.load_pkcs12(path, "secret")
    assert "not supported" not in error_text(refused.value)
    assert "algorithme que ce programme ne prend pas en charge" in error_text(refused.value)


def test_the_visible_signature_keeps_the_siren_of_a_long_collectivite_name(tmp_path):
    """The box shortens a line too long with « … », never the SIREN: a syndicat's long name and
    its president's long quality used to push « (SIREN … » off the box."""
    import shutil
    import subprocess

    from socle_desktop.export.pdf import SIGNATURE_FIELD_SIZE
    from socle_desktop.export.signing import stamp_pdf

    when = dt.datetime(2026, 12, 4, 7, 0, tzinfo=dt.UTC)
    name = "Syndicat intercommunal à vocation scolaire du Haut-Allier et des communes voisines réunies"
    identity = self_signed_identity(common_name="Jean-Baptiste Delacroix-Montagnac", organization=name,
                                    title="Président du syndicat intercommunal", now=when, siren="200085728")
    stamp = stamp_pdf(identity, signing_time=when, quality="Président", size=SIGNATURE_FIELD_SIZE)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler) absent")
    (tmp_path / "tampon.pdf").write_bytes(stamp)
    text = subprocess.run(["pdftotext", "-raw", str(tmp_path / "tampon.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "(SIREN 200 085 728)" in text and "Qualité : Président du syndicat intercommunal" in text, text


def test_an_unusable_trust_list_is_one_french_sentence(tmp_path):
    from socle_desktop.export.binding import TrustListError, load_trust_list

    with raises_worded(TrustListError, "^liste de confiance introuvable : .*absente.txt$"):
        load_trust_list(tmp_path / "absente.txt")
    with raises_worded(TrustListError, "est un dossier : indiquez le fichier de la liste de confiance.$"):
        load_trust_list(tmp_path)
    bad = tmp_path / "liste.txt"
    bad.write_text("# commentaire\npas une empreinte\n", encoding="utf-8")
    with raises_worded(TrustListError, r"^liste de confiance liste\.txt, ligne 2 : une empreinte SHA-256 "
                                       r"\(64 chiffres hexadécimaux\) est attendue\.$"):
        load_trust_list(bad)
    empty = tmp_path / "vide.txt"
    empty.write_text("# rien\n", encoding="utf-8")
    with raises_worded(TrustListError, r"^liste de confiance vide\.txt vide : aucun certificat ni empreinte\.$"):
        load_trust_list(empty)
