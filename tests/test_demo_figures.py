"""The demo brief: troop counts, a casualty share, an aid package in dollars and a refugee count,
each shown in the API with its unit and what it counts; its taxonomy figures are checked as
before, and its open figures say plainly why they are not confirmed."""

from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from claims.models import Claim, Document

BRIEF = "https://demo.factcheck.invalid/briefs/troops-aid-refugees"


@pytest.mark.django_db(transaction=True)
def test_the_demo_brief_shows_every_figure_with_its_unit_and_what_it_counts():
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    brief = Document.objects.get(url=BRIEF)
    rows = APIClient().get("/api/claims/", {"document": brief.pk}).json()["results"]
    assert [
        (r["quote"], r["metric"], r["unit_kind"], r["unit"], r["counted"], r["place"]) for r in rows
    ] == [
        ("About 2,500 US troops", "troops_deployed", "count", "troops", "troops, US", "Iraq"),
        ("some 900", "troops_deployed", "count", "troops deployed", "troops deployed", "Syria"),
        (
            "Nearly 40%",
            "~casualties [percent]",
            "percent",
            "percent",
            "casualties",
            "Iraq and Syria",
        ),
        ("$250 million", "~security aid [USD]", "currency", "USD", "security aid", "Iraq"),
        (
            "more than 250,000 Syrian refugees",
            "displaced",
            "count",
            "refugees",
            "refugees, Syrian",
            "Iraq",
        ),
    ]
    by_quote = {r["quote"]: r for r in rows}
    # The taxonomy's figures are checked as before: Reuters, AP and the seed report 2,500 and 900.
    assert by_quote["About 2,500 US troops"]["status"] == Claim.Status.SUPPORTED
    assert by_quote["some 900"]["status"] == Claim.Status.SUPPORTED
    # Nothing else in the demo speaks of these: unverified, and the page says why.
    for quote in ("Nearly 40%", "$250 million", "more than 250,000 Syrian refugees"):
        assert by_quote[quote]["status"] == Claim.Status.UNVERIFIED
        assert by_quote[quote]["explanation"].startswith("Unverified: ")
    # Only the open figures are kept apart from the taxonomy's filters.
    only_open = APIClient().get("/api/claims/", {"document": brief.pk, "unit_kind": "currency"})
    assert [r["quote"] for r in only_open.json()["results"]] == ["$250 million"]
