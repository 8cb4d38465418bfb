"""A campaign's content refused by the domain (issue 9): a code and the value, worded by the
catalogue with the French the user read when the domain built the sentence."""

from __future__ import annotations

import pytest

from socle_desktop.catalogue.errors import error_text
from socle_desktop.domain.campaign import Campaign, CampaignDataError, address_problem, parse_deadline


@pytest.mark.parametrize(("text", "code", "said"), [
    ("2021-13-01T00:00:00+01:00", "deadline_unreadable",
     "date limite « 2021-13-01T00:00:00+01:00 » illisible : une date ISO 8601 avec décalage horaire est "
     "attendue (par exemple 2021-03-31T23:59:00+02:00)."),
    ("x" * 50, "deadline_unreadable",
     f"date limite « {'x' * 40} » illisible : une date ISO 8601 avec décalage horaire est "
     "attendue (par exemple 2021-03-31T23:59:00+02:00)."),
    ("2021-03-31T23:59:00", "deadline_without_offset",
     "date limite « 2021-03-31T23:59:00 » sans décalage horaire (ajoutez par exemple +02:00)."),
])
def test_a_deadline_is_refused_as_before(text, code, said):
    with pytest.raises(CampaignDataError) as refused:
        parse_deadline(text)
    assert refused.value.code == code and error_text(refused.value) == said


@pytest.mark.parametrize(("url", "code", "said"), [
    ("https://depot.invalid:99999/", "address_invalid",
     "adresse de dépôt invalide : « https://depot.invalid:99999/ »."),
    ("http://depot.invalid/", "address_not_https",
     "adresse de dépôt refusée : « http://depot.invalid/ » (une adresse https:// est exigée)."),
    ("https://moi:secret@depot.invalid/", "address_with_credentials",
     "adresse de dépôt refusée : elle ne doit pas contenir d'identifiant ni de mot de passe."),
])
def test_an_address_is_refused_as_before(url, code, said):
    assert address_problem(url) == code
    data = {"id": "c", "titre": "t", "regles": "snee-2021", "depot": {"adresse": url},
            "date_limite": "2027-01-15T23:59:00+01:00", "contact": {}, "perimetre": {"academies": []}}
    with pytest.raises(CampaignDataError) as refused:
        Campaign.from_json(data)
    assert refused.value.code == code and error_text(refused.value) == said
    assert address_problem("https://depot.invalid/files/") is None
