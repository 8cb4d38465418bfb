"""A realistic synthetic campaign: thousands of signed bundles as a reception point receives them.

    python3 benchmarks/reception_campaign.py --count 6870 [--cache DIR] [--seed 2021] [--workers 2]

Writes DIR/campagne-<count>-<seed>/recus/*.zip once (re-running with the same arguments reuses
it: generation is slow, about a second of CPU per bundle) and a manifest.json of what was made.
The default cache is ~/.cache/socle-desktop-bench (outside the repository: never commit it).

What the campaign holds, from the référentiel (Etalab's découpage administratif, shipped):
- collectivités: real communes (their SIREN, a valid SIRET) and, for about one dossier in six,
  a real EPCI whose schools lie in several of its member communes; the mix of schools per
  dossier follows the national open data (6 870 conventions, 12 670 schools: 1.8 on average);
- schools with UAI of the commune's département (valid check letter), 1 to 14 classes, pupils;
- lines as a town hall writes them: a projector or interactive screen and a teacher laptop per
  class, sometimes a mobile class set, network, an ENT subscription, training; one attachment
  (the demo quote: the same bytes in every bundle, honest for a benchmark of verification);
- every bundle signed (PAdES PDF rendered for this dossier + CMS over the tag manifest) by its
  collectivité's own identity (mayor or president, SIREN), all on ONE test key made for the run;
- about 3 % of dossiers sent twice (a corrected, newer version: the older is superseded),
  1 % damaged (cut in transfer), 1 % forged (dossier.json edited after signing).
The total number of files is --count.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import multiprocessing
import os
import random
import sys
import time
import uuid
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from socle_desktop import referentiel  # noqa: E402
from socle_desktop.domain.identifiers import uai_check_letter  # noqa: E402
from socle_desktop.domain.model import (  # noqa: E402
    Collectivite,
    Contact,
    Dossier,
    Ecole,
    Ligne,
    Piece,
    Projet,
    Representant,
)

SIGNING_TIME = dt.datetime(2021, 4, 9, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
DEFAULT_CACHE = Path.home() / ".cache" / "socle-desktop-bench"
SHARE_SUPERSEDED, SHARE_DAMAGED, SHARE_FORGED = 0.03, 0.01, 0.01
SHARE_EPCI = 0.16

FIRST_NAMES = ("Marie", "Jean", "Sylvie", "Pierre", "Nathalie", "Philippe", "Isabelle", "Michel", "Catherine",
               "Alain", "Christine", "Patrick", "Sophie", "Daniel", "Françoise", "Bernard", "Valérie", "Éric")
LAST_NAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
              "Simon", "Laurent", "Lefèbvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier")
SCHOOL_NAMES = ("Jules Ferry", "Jean Jaurès", "Victor Hugo", "Jacques Prévert", "Louis Pasteur", "Marie Curie",
                "Jean Moulin", "Les Tilleuls", "Le Bourg", "Saint-Exupéry", "Paul Bert", "Les Écureuils",
                "Jean de La Fontaine", "Anne Frank", "Les Marronniers", "Du Centre", "Les Peupliers")
SCHOOL_KINDS = ("École élémentaire", "École primaire", "École primaire publique", "Groupe scolaire")


def _places():
    """Current communes (with SIREN) and EPCI with at least two current member communes."""
    ref = referentiel.get()
    communes = sorted((c for c in ref.communes() if c.actuelle and c.siren), key=lambda c: c.code_insee)
    epcis = sorted((e for e in ref.epcis() if len(e.membres) >= 2), key=lambda e: e.siren)
    return communes, epcis


def _siret(siren: str) -> str:
    from stdnum.fr import siret

    for nic in range(10, 100_000):
        candidate = f"{siren}{nic:05d}"
        if siret.is_valid(candidate):
            return candidate
    raise ValueError(siren)


def _uai(rng: random.Random, departement: str) -> str:
    prefix = {"2A": "620", "2B": "720"}.get(departement, departement.zfill(3))
    digits = prefix + f"{rng.randrange(10_000):04d}"
    return digits + uai_check_letter(digits)


def _schools_count(rng: random.Random, epci: bool) -> int:
    if epci:
        return rng.choice((2, 2, 2, 3, 3, 4, 4, 5, 8, 12))
    return rng.choices((1, 2, 3, 4), weights=(70, 20, 7, 3))[0]


def make_dossier(index: int, seed: int, communes, epcis, piece: Piece | list[Piece]) -> Dossier:
    rng = random.Random(seed * 1_000_003 + index)
    epci = rng.random() < SHARE_EPCI
    if epci:
        grouping = epcis[rng.randrange(len(epcis))]
        member_codes = sorted(grouping.membres)
        seat = referentiel.commune(member_codes[0])
        raison_sociale, siren, kind = grouping.nom, grouping.siren, "epci"
        school_communes = [referentiel.commune(code) for code in member_codes]
        school_communes = [c for c in school_communes if c is not None] or [seat]
    else:
        seat = communes[rng.randrange(len(communes))]
        article = "d'" if seat.nom[:1] in "AEIOUYÉÈÎÂ" else "de "
        raison_sociale, siren, kind = f"Commune {article}{seat.nom}", seat.siren, "commune"
        school_communes = [seat]
    mayor = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    ecoles, lignes, uais = [], [], set()
    for number in range(_schools_count(rng, epci)):
        commune = school_communes[number % len(school_communes)]
        classes = rng.choices(range(1, 15), weights=(12, 14, 14, 12, 10, 9, 7, 6, 5, 4, 3, 2, 1, 1))[0]
        uai = _uai(rng, seat.departement)
        while uai in uais:  # two schools of one dossier never share a UAI (UAI_DOUBLON: a draft)
            uai = _uai(rng, seat.departement)
        uais.add(uai)
        ecole = Ecole(nom=f"{rng.choice(SCHOOL_KINDS)} {rng.choice(SCHOOL_NAMES)}", uai=uai,
                      code_insee=commune.code_insee, commune=commune.nom, nb_classes=classes,
                      nb_eleves=classes * rng.randrange(18, 27))
        ecoles.append(ecole)
        projector = rng.choice((("videoprojecteur", "Vidéoprojecteur interactif fixé au mur", 95_000),
                                ("ecran_interactif", "Écran numérique interactif 75 pouces", 310_000)))
        lignes += [
            Ligne(volet="equipement", categorie=projector[0], ecole=ecole.id, libelle=projector[1],
                  quantite=classes, prix_unitaire_ht_centimes=projector[2] + rng.randrange(0, 20_000, 100)),
            Ligne(volet="equipement", categorie="ordinateur_enseignant", ecole=ecole.id,
                  libelle="Ordinateur portable enseignant 14 pouces", quantite=classes,
                  prix_unitaire_ht_centimes=62_000 + rng.randrange(0, 15_000, 100)),
        ]
        # A small school below the call's 3 500 € minimum of equipment takes a mobile class set
        # (as town halls did: a dossier with an ineligible school is a draft, never sent).
        if rng.random() < 0.4 or classes * (projector[2] + 62_000) < 360_000:
            lignes.append(Ligne(volet="equipement", categorie="classe_mobile", ecole=ecole.id,
                                libelle="Classe mobile : 16 tablettes et valise de recharge", quantite=1,
                                prix_unitaire_ht_centimes=540_000 + rng.randrange(0, 80_000, 100)))
        if rng.random() < 0.5:
            lignes.append(Ligne(volet="equipement", categorie="reseau", ecole=ecole.id,
                                libelle="Bornes wifi et commutateur", quantite=rng.randrange(1, 4),
                                prix_unitaire_ht_centimes=48_000))
    pupils = sum(ecole.nb_eleves for ecole in ecoles)
    lignes += [
        Ligne(volet="ressources", categorie="ent", libelle="Abonnement ENT premier degré (2 ans)",
              quantite=pupils, prix_unitaire_ht_centimes=rng.choice((300, 450, 600))),
        Ligne(volet="accompagnement", categorie="formation", libelle="Prise en main des équipements (demi-journée)",
              quantite=len(ecoles), prix_unitaire_ht_centimes=45_000),
    ]
    collectivite = Collectivite(
        type=kind, raison_sociale=raison_sociale, siret=_siret(siren), code_insee=seat.code_insee,
        adresse="1 place de la Mairie", code_postal="", commune=seat.nom,
        representant=Representant(nom=mayor, qualite="Président" if epci else "Maire"),
        contact=Contact(nom=mayor, courriel="mairie@example.org", telephone="04 71 00 00 00"),
    )
    return Dossier(
        id=str(uuid.UUID(int=random.Random(seed * 7 + index).getrandbits(128), version=4)),
        collectivite=collectivite, ecoles=ecoles, lignes=lignes,
        projet=Projet(intitule=f"Socle numérique des écoles — {raison_sociale}",
                      description="Équiper chaque classe d'un dispositif de projection et d'un ordinateur "
                                  "pour l'enseignant ; ENT pour toutes les écoles.",
                      autres={"objectifs": "Projeter, travailler en groupes, partager avec les familles."}),
        # The demo's devis and délibération: a complete dossier holds both (rules' [[completude]]);
        # the devis covers this dossier's schools (the demo's names the demo's own school).
        pieces=[dataclasses.replace(p, ecoles=tuple(ecole.id for ecole in ecoles) if p.type == "devis" else p.ecoles)
                for p in (piece if isinstance(piece, list) else [piece])],
    )


# --- the worker processes ------------------------------------------------------------------------

_STATE: dict = {}


def _init(seed: int, p12: bytes, passphrase: str) -> None:
    import tempfile

    from socle_desktop.export.demo import demo_dossier, demo_piece_bytes
    from socle_desktop.export.identity import load_pkcs12

    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "identite.p12"
        path.write_bytes(p12)
        _STATE["identity"] = load_pkcs12(path, passphrase)
    _STATE["piece"] = demo_dossier().pieces
    _STATE["piece_bytes"] = demo_piece_bytes
    _STATE["places"] = _places()
    _STATE["seed"] = seed


def _make_one(job: tuple[int, str, int]) -> str:
    """job = (index, target file, version): version 2 is a corrected, newer sending."""
    from socle_desktop.export import export_dossier

    index, target, version = job
    communes, epcis = _STATE["places"]
    dossier = make_dossier(index, _STATE["seed"], communes, epcis, _STATE["piece"])
    when = SIGNING_TIME + dt.timedelta(minutes=index)
    if version == 2:  # the collectivité corrects its dossier and sends it again, two days later
        dossier.lignes[0].quantite += 1
        when += dt.timedelta(days=2)
    out = Path(target).parent / f".tmp-{index}-{version}"
    result = export_dossier(dossier, out_dir=out, identity=_identity_of(dossier), piece_bytes=_STATE["piece_bytes"],
                            signing_time=when)
    os.replace(result.bundle_path, target)
    result.pdf_path.unlink()
    out.rmdir()
    return target


def _identity_of(dossier):
    """The collectivité's own identity (its mayor or president, its SIREN: issue 10), on the run's
    one key: a certificate is cheap, an RSA key is not."""
    from socle_desktop.export.binding import siren_of_siret
    from socle_desktop.export.identity import self_signed_identity

    c = dossier.collectivite
    return self_signed_identity(common_name=c.representant.nom, organization=c.raison_sociale,
                                title=c.representant.qualite, siren=siren_of_siret(c.siret), now=SIGNING_TIME,
                                validity_days=3650, key=_STATE["identity"].private_key)


def _damage(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])


def _forge(path: Path) -> None:
    """Raise the amount asked in dossier.json, leave manifests and signatures as they were."""
    forged = path.with_suffix(".forge")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(forged, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("/data/dossier.json"):
                data = data.replace(b'"subvention_centimes": ', b'"subvention_centimes": 1', 1)
            out.writestr(info, data)
    os.replace(forged, path)


def plan(count: int, seed: int) -> list[tuple[int, str, int]]:
    """(dossier index, file name, version) for `count` files, with the campaign's shares."""
    rng = random.Random(seed)
    superseded = int(count * SHARE_SUPERSEDED)
    dossiers = count - superseded
    jobs = [(index, f"{index:05d}-v1.zip", 1) for index in range(dossiers)]
    jobs += [(index, f"{index:05d}-v2.zip", 2) for index in sorted(rng.sample(range(dossiers), superseded))]
    return jobs


def generate(count: int, cache: Path, seed: int = 2021, workers: int | None = None) -> Path:
    from socle_desktop.export.identity import identity_to_pkcs12, self_signed_identity

    folder = cache / f"campagne-{count}-{seed}"
    manifest_path = folder / "manifest.json"
    if manifest_path.is_file():
        return folder
    received = folder / "recus"
    received.mkdir(parents=True, exist_ok=True)
    identity = self_signed_identity(common_name="Identité de test du banc d'essai", organization="socle-desktop",
                                    title="Test", now=SIGNING_TIME, validity_days=3650)
    passphrase = "banc-d-essai"
    jobs = [(index, str(received / name), version) for index, name, version in plan(count, seed)]
    todo = [job for job in jobs if not Path(job[1]).is_file()]
    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers or os.cpu_count() or 1, initializer=_init,
                      initargs=(seed, identity_to_pkcs12(identity, passphrase), passphrase)) as pool:
        for done, _ in enumerate(pool.imap_unordered(_make_one, todo, chunksize=4), 1):
            if done % 100 == 0 or done == len(todo):
                print(f"\r{done}/{len(todo)} paquets signés ({time.perf_counter() - started:.0f} s)", end="",
                      file=sys.stderr, flush=True)
    print(file=sys.stderr)
    rng = random.Random(seed + 1)
    v1 = [job for job in jobs if job[2] == 1]
    bad = rng.sample(v1, int(count * SHARE_DAMAGED) + int(count * SHARE_FORGED))
    damaged, forged = bad[: int(count * SHARE_DAMAGED)], bad[int(count * SHARE_DAMAGED):]
    for job in damaged:
        _damage(Path(job[1]))
    for job in forged:
        _forge(Path(job[1]))
    files = sorted(received.glob("*.zip"))
    manifest = {
        "count": len(files), "seed": seed, "bytes": sum(path.stat().st_size for path in files),
        "dossiers": len(v1), "second_versions": len(jobs) - len(v1), "damaged": len(damaged), "forged": len(forged),
        "damaged_files": sorted(Path(job[1]).name for job in damaged),
        "forged_files": sorted(Path(job[1]).name for job in forged),
        "generation_seconds": round(time.perf_counter() - started, 1),
    }
    manifest_path.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=6870)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--workers", type=int)
    args = parser.parse_args()
    folder = generate(args.count, args.cache, args.seed, args.workers)
    print(folder)
    print((folder / "manifest.json").read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
