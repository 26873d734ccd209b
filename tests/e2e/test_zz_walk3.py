"""Temporary Telegram walk (excluded from git): fixed messages typed in my own words, replies printed."""
import asyncio
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fakes.fake_bot_api import FakeBotApi, user  # noqa: E402
from running_bot import running_bot  # noqa: E402
from tests_support import new_participant  # noqa: E402
from bot.store.db import unit_of_work  # noqa: E402
from bot.store.models import Participant, SafeguardingFlag  # noqa: E402

pytestmark = pytest.mark.stack
MESSAGES = ["hiya, its us lot isnt it, the family", "not seen any reports no",
            "im her best mate from school days. will anyone know what i put on here? dont want drama",
            "nah not bothered", "normal english is fine", "yeah let them come",
            "the community centre by the co-op", "not the school", "yeah should be ok",
            "no", "i can give her mum a lift if that helps", "weekends best, i work mon to fri",
            "couple of hours", "she needs someone to look after the baby", "no", "no",
            "her sister Kerry should come", "thats everyone", "no", "no",
            "no i can do it", "i can have the kids at mine on the day and do the school runs that week"]


async def settle(api, chat_id, before, quiet=2.5, limit=40.0):
    seen, waited, still = before, 0.0, 0.0
    while waited < limit:
        await asyncio.sleep(0.25); waited += 0.25
        now = len(api.sent_messages(chat_id))
        still = 0.0 if now != seen else still + 0.25
        seen = now
        if still >= quiet and now > before:
            break
    return api.sent_messages(chat_id)[before:]


async def test_walk(stack):
    out = []
    code, pid = new_participant("friend")
    jade = user(7003, "Tasha")
    with FakeBotApi() as api:
        async with running_bot(api, f"http://127.0.0.1:{stack.ports.rasa}"):
            count = 0
            for text in [f"/start {code}"] + MESSAGES:
                api.send_text(jade, text)
                new = await settle(api, jade["id"], count)
                count += len(new)
                out.append(f"> {text}")
                for m in new:
                    markup = m.get("reply_markup")
                    buttons = [b["text"] for row in markup.get("inline_keyboard", []) for b in row] if isinstance(markup, dict) else None
                    out.append(f"   < {m.get('text')}" + (f"   {buttons}" if buttons else ""))
    with unit_of_work() as session:
        p = session.get(Participant, pid)
        out.append("SAVED: " + repr(sorted((x.key, x.value) for x in p.preferences)))
        flags = session.query(SafeguardingFlag).all()
        out.append("FLAGS: " + repr([(f.category, [(n.channel, n.recipient, n.status) for n in f.notifications]) for f in flags]))
    Path("/tmp/walk3_out.txt").write_text("\n".join(out))
