"""Rasa checks every answer from the action server against a JSON schema, and its way of doing it
(`jsonschema.validate`) first checks the schema itself against JSON Schema's own and builds a new
validator: every time. `make bench`'s profile put that at about a sixth of Rasa's CPU per message
(a form turn calls the action server two or three times). Here the schema is checked once and its
validator kept; an answer it finds wrong still goes to Rasa's own check, so the error is Rasa's.

Installed when the Rasa server loads our channel (signed_channel.py imports this module, and every
message comes through that channel); the behaviour is Rasa's, only cheaper
(tests/integration/test_action_results.py).
"""
from __future__ import annotations

from typing import Any

from jsonschema import validators
from rasa.core.actions.action import RemoteAction

_SCHEMA = RemoteAction.action_response_format_spec()
_CHECKER = validators.validator_for(_SCHEMA)
_CHECKER.check_schema(_SCHEMA)  # once, where Rasa does it for every answer
_VALIDATOR = _CHECKER(_SCHEMA)
_rasas_own_check = RemoteAction._validate_action_result


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """True for a valid answer; a wrong one gets Rasa's own check and its ValidationError."""
    return True if _VALIDATOR.is_valid(result) else _rasas_own_check(self, result)


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result


install()
