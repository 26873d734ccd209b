"""The helpline that fits a disclosure (bot/domain/helplines.py, numbers in bot/domain/helplines.yml)."""
import re

import pytest

from bot.domain import helplines
from bot.domain.safeguarding import CATEGORIES


@pytest.fixture(autouse=True)
def fresh_table():
    helplines._table.cache_clear()
    yield
    helplines._table.cache_clear()


def test_adults_get_the_fitting_service_or_the_nspcc_helpline():
    assert "0808 2000 247" in helplines.helpline_for("domestic_violence", young=False)
    assert "0808 800 5000" in helplines.helpline_for("physical_abuse", young=False)


def test_young_people_get_a_service_only_when_one_fits_better_than_childline():
    assert helplines.helpline_for("physical_abuse", young=True) is None  # Childline is in the reply itself
    assert "116 000" in helplines.helpline_for("homeless", young=True)
    assert "ceop.police.uk" in helplines.helpline_for("online_abuse", young=True)


def test_every_kind_of_concern_names_only_services_that_exist_each_with_a_number_or_address():
    table = helplines._table()
    for section in ("young_person", "adult"):
        for category, service in table[section].items():
            assert category in CATEGORIES or category == "default", category
            assert re.search(r"\d{3}|\.uk", table["services"][service]), service


def test_a_deployment_can_override_one_service(tmp_path, monkeypatch):
    own = tmp_path / "helplines.yml"
    own.write_text('services:\n  nspcc: "Our local children\'s services: 0300 000 0000."\n')
    monkeypatch.setenv("HELPLINES_FILE", str(own))
    assert helplines.helpline_for("neglect", young=False) == "Our local children's services: 0300 000 0000."
    assert "116 123" in helplines.helpline_for("suicidal", young=False)  # the rest stay


def test_every_phone_number_the_assistant_says_is_one_of_the_checked_ones():
    """Numbers said in replies (domain.yml, FAQ answers) are only 999, Childline or a number in
    helplines.yml, each checked against ../shared/helplines.md; none is made up in a reply."""
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[2]
    number = re.compile(r"\b0\d{2,4}(?: ?\d{3,4}){1,2}\b|\b116 ?\d{3}\b")
    checked = {re.sub(r"\D", "", n) for text in helplines._table()["services"].values() for n in number.findall(text)}
    checked.add("08001111")  # Childline, in the young people's safety replies
    said = []
    for path in [root / "domain.yml", *sorted((root / "data" / "nlu").glob("*.yml"))]:
        for variations in ((yaml.safe_load(path.read_text()) or {}).get("responses") or {}).values():
            said += [n for v in variations for n in number.findall(v.get("text", ""))]
    assert said, "no numbers found: the pattern is wrong"
    assert {re.sub(r"\D", "", n) for n in said} <= checked
