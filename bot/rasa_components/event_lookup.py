"""Rasa finds an event's class from its name (`Event.resolve_by_type`) by walking every subclass of
Event and asking `inspect.isabstract` of each, for every event it reads back; each turn it reads the
whole conversation back from the tracker store. `make bench`'s profile put that walk at about 6% of
Rasa's time a message. Here the names are looked up in a dict, made by the same walk once and again
whenever a name is missing from it (a class imported later); a name Rasa does not know still gets
Rasa's own answer (its default, or its error).

Installed when the Rasa server loads our channel, as action_results.py is
(tests/integration/test_action_results.py checks both).
"""
from __future__ import annotations

from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

_rasas_own_lookup = Event.resolve_by_type
_classes: dict[str, type[Event]] = {}


def _resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    if type_name not in _classes:
        # reversed, so that the first class of a name wins, as in Rasa's walk
        _classes.update({cls.type_name: cls for cls in reversed(all_subclasses(Event))})
    found = _classes.get(type_name)
    return found if found is not None else _rasas_own_lookup(type_name, default)


def install() -> None:
    Event.resolve_by_type = staticmethod(_resolve_by_type)


install()
