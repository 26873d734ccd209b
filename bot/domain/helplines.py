"""Which helpline fits a disclosure, from bot/domain/helplines.yml (a deployment may override entries
with HELPLINES_FILE). Young people always get Childline in the safe reply itself; this adds the one
service that fits what they said, if any. Adults get the fitting one, else the NSPCC Helpline."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml

DEFAULTS = Path(__file__).with_name("helplines.yml")


@lru_cache(maxsize=1)
def _table() -> dict:
    table = yaml.safe_load(DEFAULTS.read_text())
    override = os.environ.get("HELPLINES_FILE")
    if override:
        theirs = yaml.safe_load(Path(override).read_text()) or {}
        for section in ("services", "young_person", "adult"):
            table[section] = {**table.get(section, {}), **(theirs.get(section) or {})}
    return table


def helpline_for(category: str, young: bool) -> str | None:
    """The words naming the service that fits `category`, or None (a young person with nothing more fitting
    than Childline)."""
    table = _table()
    section = table["young_person" if young else "adult"]
    service = section.get(category) or (None if young else section.get("default"))
    return table["services"][service] if service else None
