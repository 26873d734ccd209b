"""What the coordinator page will read: bodies up to `MAX_BODY_BYTES`, ids that fit the database.

- `BodySizeLimit` counts a request body as it arrives, so a body sent without a length (chunked)
  is cut off at the limit too, not read into memory first; over it the answer is the 413 page.
- `{name:id}` in a route matches a number of at most 18 digits (ids are 64-bit), so an absurd id
  is "page not found" rather than a database error.
"""
from __future__ import annotations

from starlette.convertors import IntegerConvertor, register_url_convertor
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 64 * 1024  # the largest form, a meeting with many professionals, is about 5 kB
TOO_LARGE = "That form was too large to send. Please shorten what you typed and try again."
UNREADABLE = ("Sorry, we couldn't read what was sent. Please go back, reload the page and try again. "
              "Nothing has been changed.")


class BodySizeLimit:
    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise HTTPException(413, TOO_LARGE)  # answered by the page's HTTPException handler
            return message

        await self.app(scope, limited_receive, send)


def declared_length(headers) -> int | None:
    """The Content-Length a request gave (None if none); 400 when it is not a number."""
    value = headers.get("content-length")
    if value is None:
        return None
    if not value.strip().isdigit():
        raise HTTPException(400, UNREADABLE)
    return int(value)


class IdConvertor(IntegerConvertor):
    regex = "[0-9]{1,18}"


register_url_convertor("id", IdConvertor())
