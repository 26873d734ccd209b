"""The layers' import rules (docs/architecture.md), read from the source of bot/ and actions/ with ast,
so nothing is imported and the test runs without Rasa or a database.

Where today's code already breaks a rule, the module is listed below as a known offender. The lists
are a ratchet: a new offender fails, and so does a listed module that no longer breaks the rule, so
whoever fixes one also takes it off its list and the lists only shrink.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE_PACKAGES = ("bot", "actions")

# What runs a process or is called from outside: no lower layer may import these.
ENTRY_POINTS = ("actions", "bot.web", "bot.telegram", "bot.chat", "bot.cli", "bot.alerts", "bot.rasa_components")
# Frameworks and I/O: the domain is pure rules, so it needs none of them.
FRAMEWORKS = ("rasa", "rasa_sdk", "sanic", "sqlalchemy", "alembic", "psycopg", "telegram", "starlette", "uvicorn",
              "jinja2", "multipart", "python_multipart", "itsdangerous", "flask", "fastapi", "httpx", "aiosmtplib")
ORM_MODELS = "bot.store.models"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(source: str, module: str, is_package: bool) -> set[str]:
    """Every module the source imports, as absolute names. `from a import b` gives both `a` and
    `a.b`, since b may be a submodule (`from bot.store import models`)."""
    package = module if is_package else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: `from . import x`, `from ..store import models`
                parts = package.split(".")
                base = parts[:len(parts) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module
            names.add(origin)
            names.update(f"{origin}.{alias.name}" for alias in node.names)
    return names


def is_in(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def source_modules() -> dict[str, set[str]]:
    modules = {}
    for package in SOURCE_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            modules[module_name(path)] = imported_names(path.read_text(), module_name(path),
                                                        path.name == "__init__.py")
    return modules


MODULES = source_modules()
# Every part of bot/ but the domain (packages and loose modules), found on disk so new ones count too.
NOT_DOMAIN = tuple(sorted({f"bot.{path.stem}" for path in (ROOT / "bot").iterdir()
                           if path.name not in ("domain", "__init__.py", "__pycache__")
                           and (path.suffix == ".py" or (path / "__init__.py").exists())}))


@dataclass(frozen=True)
class Rule:
    name: str
    importers: tuple[str, ...]   # the modules the rule applies to
    forbidden: tuple[str, ...]   # what they may not import
    known_offenders: frozenset[str] = frozenset()
    exempt: tuple[str, ...] = ()  # importers the rule leaves out
    allowed: tuple[str, ...] = ()  # names under `forbidden` that may be imported all the same

    def applies_to(self, module: str) -> bool:
        return is_in(module, self.importers) and not is_in(module, self.exempt)

    def _allowed(self, name: str, names: set[str]) -> bool:
        """An allowed name, or the module an allowed name was imported from (`from a import b` gives `a` too)."""
        return is_in(name, self.allowed) or any(other.startswith(name + ".") and is_in(other, self.allowed)
                                                 for other in names)

    def offences(self) -> dict[str, list[str]]:
        """Each module breaking the rule, with what it imports against it."""
        found = {}
        for module, names in MODULES.items():
            bad = sorted(name for name in names if is_in(name, self.forbidden) and not self._allowed(name, names))
            if self.applies_to(module) and bad:
                found[module] = bad
        return found


# What an entry point may take from the store: where the data is and how to set it up, never the data itself.
STORE_CONFIGURATION = ("bot.store.db.data_dir", "bot.store.db.database_url", "bot.store.db.PROJECT_ROOT",
                       "bot.store.migrate", "bot.store.keys", "bot.store.signing",
                       "bot.store.rasa_tracker.tracker_store_endpoint")

RULES = [
    Rule("the domain imports no other layer, entry point or framework", importers=("bot.domain",),
         forbidden=NOT_DOMAIN + ("actions",) + FRAMEWORKS),
    Rule("only bot/store imports the ORM models", importers=SOURCE_PACKAGES, exempt=("bot.store",),
         forbidden=(ORM_MODELS,)),
    # Rasa's components run inside Rasa, with their own tracker and lock stores (SQLAlchemy 1.4, .venv-rasa).
    Rule("entry points reach the data only through use cases", importers=ENTRY_POINTS,
         exempt=("bot.rasa_components",), forbidden=("bot.store", "sqlalchemy"), allowed=STORE_CONFIGURATION),
    Rule("use cases import no entry point", importers=("bot.use_cases",), forbidden=ENTRY_POINTS),
    Rule("the store imports no use case or entry point", importers=("bot.store",),
         forbidden=("bot.use_cases",) + ENTRY_POINTS),
]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_import_rule(rule: Rule) -> None:
    # A rule that covers no module checks nothing (a package renamed, say): that is a failure too.
    assert any(rule.applies_to(module) for module in MODULES), f"No module is under {rule.importers}"
    offences = rule.offences()
    new = {module: names for module, names in offences.items() if module not in rule.known_offenders}
    fixed = sorted(rule.known_offenders - offences.keys())
    assert not new, f"Against the rule '{rule.name}' (docs/architecture.md): {new}"
    assert not fixed, (f"{fixed} no longer break the rule '{rule.name}': well done, "
                       "now take them off its list of known offenders in this file")


def test_imports_are_read_as_absolute_names() -> None:
    source = ("import bot.store.db\nfrom bot.store import models\n"
              "from . import relay\nfrom ..store.models import Meeting\n")
    names = imported_names(source, "bot.telegram.app", is_package=False)
    assert {"bot.store.db", "bot.store.models", "bot.telegram.relay", "bot.store.models.Meeting"} <= names
    assert is_in("bot.store.models.Meeting", (ORM_MODELS,))
    assert not is_in("bot.store.modelsmith", (ORM_MODELS,)) and not is_in("bot.telegram", ("telegram",))


def test_an_entry_point_may_read_where_the_data_is_but_not_open_it():
    rule = next(r for r in RULES if r.name == "entry points reach the data only through use cases")
    config = imported_names("from bot.store.db import data_dir, database_url\n", "bot.web.config", False)
    opening = imported_names("from bot.store.db import data_dir, unit_of_work\n", "bot.web.config", False)
    assert not [n for n in config if is_in(n, rule.forbidden) and not rule._allowed(n, config)]
    assert [n for n in opening if is_in(n, rule.forbidden) and not rule._allowed(n, opening)] == [
        "bot.store.db.unit_of_work"]


# Entry points that may use another's code, and why.
CROSSINGS = {
    "bot.cli": ("bot.chat", "bot.telegram"),  # `meeting-prep run|serve` runs the chat front ends
    "bot.telegram": ("bot.chat",),  # what every chat front end shares
    "bot.chat.local": ("bot.telegram.relay",),  # the local chat passes messages on as the Telegram one does
    "bot.alerts.settings": ("bot.web.config.web_port",),  # alerts link to the page, on its port
}


def test_an_entry_point_uses_no_other_entry_point_unless_it_says_why():
    crossings = {}
    for module, names in MODULES.items():
        own = next((entry for entry in ENTRY_POINTS if is_in(module, (entry,))), None)
        if own is None:
            continue
        allowed = tuple(name for importer, names_allowed in CROSSINGS.items() if is_in(module, (importer,))
                        for name in names_allowed)
        others = {name for name in names if is_in(name, ENTRY_POINTS) and not is_in(name, (own,))}
        bad = sorted(name for name in others if not is_in(name, allowed)
                     and not any(other.startswith(name + ".") and is_in(other, allowed) for other in others))
        if bad:
            crossings[module] = bad
    assert not crossings, f"entry points using each other (docs/architecture.md): {crossings}"
