"""The référentiel's on-disk index answers exactly as the parsed table, and is only a cache."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from socle_desktop import referentiel, referentiel_index
from socle_desktop.domain.referentiel import Referentiel
from socle_desktop.resources import resource_path

ROOT = Path(__file__).resolve().parents[1]
TABLE_BYTES = resource_path(*referentiel.TABLE_FILE).read_bytes()
ACADEMIES = json.loads(resource_path(*referentiel.ACADEMIES_FILE).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def parsed() -> Referentiel:
    return Referentiel.from_tables(json.loads(gzip.decompress(TABLE_BYTES)), ACADEMIES)


@pytest.fixture(scope="module")
def indexed(tmp_path_factory) -> Referentiel:
    folder = tmp_path_factory.mktemp("cache")
    assert referentiel_index.write_index(folder, TABLE_BYTES, json.loads(gzip.decompress(TABLE_BYTES)))
    found = referentiel_index.open_index(folder, TABLE_BYTES, ACADEMIES)
    assert found is not None
    return found


def test_every_commune_and_groupement_reads_the_same_from_the_index(parsed, indexed):
    assert [c.code_insee for c in indexed.communes()] == [c.code_insee for c in parsed.communes()]
    for commune in parsed.communes():
        assert indexed.commune(commune.code_insee) == commune
        assert indexed.epcis_of_commune(commune.code_insee) == parsed.epcis_of_commune(commune.code_insee)
        if commune.actuelle and commune.siren:
            assert indexed.collectivite_by_siren(commune.siren) == parsed.collectivite_by_siren(commune.siren)
    for epci in parsed.epcis():
        found = indexed.epci(epci.siren)
        assert found == epci and found.membres == epci.membres
        assert indexed.collectivite_by_siren(epci.siren) == epci
    assert indexed.counts() == parsed.counts()
    assert indexed.source == parsed.source
    assert indexed.commune("99999") is None and indexed.epci("") is None
    assert indexed.collectivite_by_siren("123456789") is None and indexed.epcis_of_commune("99999") == ()


def _fresh_process(cache: Path, code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "SOCLE_CACHE_DIR": str(cache)})
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


LOOKUP = ("from socle_desktop import referentiel as r\n"
          "ref = r.get()\n"
          "print(type(ref._communes._rows).__name__, r.commune('43157').nom)\n")


def test_the_first_use_builds_the_index_and_the_next_one_reads_it(tmp_path):
    cache = tmp_path / "cache"
    assert _fresh_process(cache, LOOKUP) == "dict Le Puy-en-Velay"  # parsed, then indexed
    assert [p.name for p in cache.iterdir()] == [referentiel_index.index_name(TABLE_BYTES)]
    assert _fresh_process(cache, LOOKUP) == "_Table Le Puy-en-Velay"


@pytest.mark.parametrize("damage", ["garbage", "other table"])
def test_an_index_that_is_not_this_tables_is_built_again(tmp_path, damage):
    cache = tmp_path / "cache"
    cache.mkdir()
    name = cache / referentiel_index.index_name(TABLE_BYTES)
    if damage == "garbage":
        name.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    else:  # an index built from other bytes, under this table's name
        other = json.loads(gzip.decompress(TABLE_BYTES))
        other["communes"] = [row for row in other["communes"] if row[0] != "43157"]
        assert referentiel_index.write_index(cache, b"other bytes", other)
        os.replace(cache / referentiel_index.index_name(b"other bytes"), name)
    assert _fresh_process(cache, LOOKUP) == "dict Le Puy-en-Velay"
    assert _fresh_process(cache, LOOKUP) == "_Table Le Puy-en-Velay"


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path):
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("x")
    assert not referentiel_index.write_index(blocker / "cache", TABLE_BYTES, json.loads(gzip.decompress(TABLE_BYTES)))
    assert _fresh_process(blocker / "cache", LOOKUP) == "dict Le Puy-en-Velay"
    assert _fresh_process(blocker / "cache", LOOKUP) == "dict Le Puy-en-Velay"
    assert list(tmp_path.iterdir()) == [blocker]
