"""verify's fast path for the schema: the compiled validator (jsonschema-rs) may say « holds »
only where jsonschema, which judges everything else and words the failures, says so too.

Every place of a real dossier.json (one element of each list) gets every kind of value a
hostile bundle could carry — other types, booleans for numbers, floats, integers past 64 bits,
strings past the bounds or with a trailing line break (Python's `$` accepts it), lone
surrogates, containers — each key is removed and an unknown one added: verify's verdict must
be jsonschema's, case by case."""

from __future__ import annotations

import json

import jsonschema
import pytest

from socle_desktop.domain.compute import compute
from socle_desktop.domain.dossier_json import dossier_to_dict
from socle_desktop.export.demo import demo_dossier
from socle_desktop.export.verify import _schema_holds, _schema_problem
from socle_desktop.resources import dossier_schema, load_rules

HOSTILE = [None, True, 0, 1, 1.0, 1.5, 2**63, 2**64, -(2**63) - 1, 100_000_000_001, -1_000_001, "", "x",
           "\n", "x" * 251, "x" * 301, "é" * 251, "\ud800", "a" * 64 + "\n", "A" * 64, "CODE\n", "20", [], {},
           ["x"], {"x": 1}]


def _dossier_json() -> dict:
    """The demo's dossier.json, one school, one line and one piece long (each list's element
    is all the schema looks at; jsonschema takes a fifth of the time on it)."""
    dossier = demo_dossier()
    dossier.ecoles, dossier.pieces = dossier.ecoles[:1], dossier.pieces[:1]
    dossier.lignes = [ligne for ligne in dossier.lignes if ligne.ecole == dossier.ecoles[0].id][:1]
    data = dossier_to_dict(dossier)
    data["calcul"] = compute(dossier, load_rules(dossier.regles)).to_dict()
    return json.loads(json.dumps(data))


def _places(value, path=()):
    """Every place in `value`, lists visited through their first element only."""
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _places(child, (*path, key))
    elif isinstance(value, list) and value:
        yield from _places(value[0], (*path, 0))


def _at(data, path):
    for part in path:
        data = data[part]
    return data


_MISSING = object()


def _variants():
    """`data` changed in place, one way at a time (each change undone before the next)."""
    data = _dossier_json()
    seen = set()
    for path in list(_places(data)):
        # One place per schema location: the three volets, every school's figures… look alike.
        shape = tuple("*" if isinstance(part, int) or part in ("equipement", "ressources", "accompagnement")
                      or str(part).startswith(("ecole", "e-", "d3a0")) else part for part in path)
        if shape in seen:
            continue
        seen.add(shape)
        if path:
            parent, last = _at(data, path[:-1]), path[-1]
            original = parent[last]
            for value in HOSTILE:
                parent[last] = value
                yield data
            if isinstance(last, str):
                del parent[last]
                yield data
            parent[last] = original
        if isinstance(_at(data, path), dict):
            _at(data, path)["inconnu"] = 1
            yield data
            del _at(data, path)["inconnu"]
    yield data


def test_the_fast_path_gives_jsonschemas_verdict_on_every_variant():
    reference = jsonschema.Draft202012Validator(dossier_schema())
    fast = invalid = count = 0
    for data in _variants():
        count += 1
        valid = reference.is_valid(data)
        holds = _schema_holds(data)
        assert not (holds and not valid), json.dumps(data, ensure_ascii=True)[:300]
        assert (holds or _schema_problem(data) is None) == valid  # verify's verdict, either way
        fast += holds
        invalid += not valid
    assert count > 1000 and fast > 50 and invalid > 500, (count, fast, invalid)  # both ways, many times


@pytest.mark.parametrize("value", [2**64 + 1, 10**400, "\udfff", float("1e308")])
def test_values_the_compiled_validator_cannot_take_go_to_jsonschema(value):
    data = _dossier_json()
    data["lignes"][0]["quantite"] = value
    assert _schema_holds(data) is False
    assert _schema_problem(data)  # and jsonschema refuses them, saying where
