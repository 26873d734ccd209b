"""Our additions to rasa-sdk's action server, attached through its plugin hook (rasa_sdk_plugins/).

- Only Rasa may call actions: a call without the token Rasa sends (`?token=`, from action_endpoint's
  `token`) equal to MEETING_PREP_ACTION_TOKEN is answered 401, and with no token set every call is,
  so a forged tracker (any sender id, any slots) never reaches an action.
- A request that is not an action call (not JSON, not an object, no action name, no tracker with a
  sender id, or a tracker whose parts have the wrong types) is answered 400 before any action runs.
- A body over Sanic's REQUEST_MAX_SIZE (the SANIC_REQUEST_MAX_SIZE environment variable, which
  bot/cli/supervisor.py sets to 4 MB) is answered 413 by Sanic itself, without reading the rest.
- Any error is answered with its status and the kind of error only. rasa-sdk's own handler puts the
  whole request, the conversation, in its 500 reply, and Rasa writes that reply into its log
  ("body='...'"): every message of the conversation would be logged whenever an action failed.
  Logs here name the kind of error and where it happened, never its message (which can quote input).
"""
from __future__ import annotations

import hmac
import logging
import os
import traceback

import pluggy
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)
hookimpl = pluggy.HookimplMarker("rasa_sdk")

# Parts of the tracker Rasa sends, and the type each must have when present.
_TRACKER_PARTS = {"slots": dict, "latest_message": dict, "events": list, "active_loop": dict,
                  "paused": bool, "followup_action": (str, type(None)), "latest_action_name": (str, type(None))}


TOKEN_VARIABLE = "MEETING_PREP_ACTION_TOKEN"
GUARDED_PATHS = ("/webhook", "/actions")  # all but /health


@hookimpl
def attach_sanic_app_extensions(app: Sanic) -> None:
    app.register_middleware(refuse_calls_not_from_rasa, "request")
    app.register_middleware(refuse_malformed_action_calls, "request")
    app.error_handler.add(Exception, answer_error)  # replaces rasa-sdk's handler, which echoes the body


def problem_with(action_call: object) -> str | None:
    """What makes a decoded request body not an action call; None when it is one."""
    if not isinstance(action_call, dict):
        return "The body must be a JSON object."
    if not isinstance(action_call.get("next_action"), str) or not action_call["next_action"]:
        return "No action to run (next_action)."
    tracker = action_call.get("tracker")
    if not isinstance(tracker, dict) or not isinstance(tracker.get("sender_id"), str):
        return "No tracker with a sender_id."
    for part, kind in _TRACKER_PARTS.items():
        if part in tracker and not isinstance(tracker[part], kind):
            return f"The tracker's {part} has the wrong type."
    if "domain" in action_call and not isinstance(action_call["domain"], dict):
        return "The domain has the wrong type."
    return None


async def refuse_calls_not_from_rasa(request: Request) -> HTTPResponse | None:
    if request.path not in GUARDED_PATHS:
        return None
    expected = os.environ.get(TOKEN_VARIABLE, "")
    given = request.args.get("token", "")
    if expected and hmac.compare_digest(given.encode(), expected.encode()):
        return None
    logger.warning("Refused a call without the right token%s", "" if expected else f" ({TOKEN_VARIABLE} is not set)")
    return _error(401, "Only the Rasa server may call actions.", None)


async def refuse_malformed_action_calls(request: Request) -> HTTPResponse | None:
    if request.path != "/webhook" or request.method != "POST":
        return None
    if request.headers.get("Content-Encoding") == "deflate":
        return None  # rasa-sdk decompresses these itself; an error there is answered by answer_error
    if request.stream is not None and request.stream.request_body:
        return None  # the body was not read to its end: Sanic is answering an error (413), not a call
    try:
        action_call = request.json
    except SanicException:
        action_call = None
    problem = problem_with(action_call)
    if problem is None:
        return None
    logger.warning("Refused a request that is not an action call: %s", problem)
    return _error(400, problem, action_call)


async def answer_error(request: Request, exception: Exception) -> HTTPResponse:
    if isinstance(exception, SanicException):
        status = getattr(exception, "status_code", None) or 500
        logger.warning("Action server answered %d (%s)", status, type(exception).__name__)
        return _error(status, type(exception).__name__, None)
    where = "; ".join(f"{frame.name} ({frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})"
                      for frame in traceback.extract_tb(exception.__traceback__))
    logger.error("An action failed with %s at %s", type(exception).__name__, where)
    return _error(500, type(exception).__name__, None)


def _error(status: int, error: str, action_call: object) -> HTTPResponse:
    # Rasa reads a 400 as "the action rejected this" and expects the action's name with it.
    name = action_call.get("next_action") if isinstance(action_call, dict) else None
    return response.json({"error": error, "action_name": name if isinstance(name, str) else None}, status=status)
