"""A young person's path, private questions, sharing choices; and a disclosure at any point."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text

from bot.cli import main as cli
from bot.domain import export
from bot.store import repository
from bot.store.records import meeting_record
from bot.store.db import unit_of_work
from bot.store.models import Participant
from bot.store.rasa_tracker import tracker_database_url
from tests_support import Chat, new_participant, walk

pytestmark = pytest.mark.stack

YOUNG_PERSON_WALK = [
    ("join", "who sees what you tell me"),
    ("press:OK, got it", "who makes the plan"),
    ("will my mum see this?", "who makes the plan"),
    ("press:The family", "is it ok with you that they come"),  # after who is coming and why
    ("press:Yes, that's OK", "how would you like to take part"),
    ("press:Send my views", "who can see this answer"),
    ("press:My family too", "how would you like to do it"),
    ("press:A drawing", "who should tell everyone what you think"),
    ("my nan", "advocate"),
    ("do i have to go", "advocate"),
    ("press:Yes please", "going well"),
    ("football and my mates", "who can see"),
    ("press:My family too", "worries"),
    ("moving away from my school", "who can see"),
    ("press:Only the coordinator", "hope"),
    ("to stay living with my nan", "who can see"),
    ("press:Only the coordinator", "feeling safe"),
    ("press:No", "grown-up you trust"),
    ("mr khan my form tutor", "who would you like to be at the meeting"),
    ("my nan", "anyone else"),
    ("press:That's everyone", "when could the people you want there come"),
    ("dunno, after school probs", "don't want there"),
    ("press:No", "don't want the meeting to be"),
    ("press:Not at my school", "when is good for you"),
    ("press:After school", "is that right"),
    ("press:Yes, send it", "passed it to the coordinator"),
]


async def test_a_young_person_chooses_how_to_take_part_and_who_sees_each_answer(stack):
    code, participant_id = new_participant("young_person")
    chat = Chat(stack, f"yp-{code}")
    await walk(chat, code, YOUNG_PERSON_WALK)
    await chat.rasa.close()

    with unit_of_work() as session:
        jo = session.get(Participant, participant_id)
        saved = {p.key: (p.value, p.visibility) for p in jo.preferences}
        rows = json.loads(export.as_json(meeting_record(session, jo.meeting)))["answers"]
    assert saved["taking_part"] == ("send_views", "everyone")
    assert saved["going_well"] == ("football and my mates", "everyone")
    assert saved["worries"] == ("moving away from my school", "coordinator")
    assert saved["hopes"] == ("to stay living with my nan", "coordinator")
    assert saved["venue_avoid"][0] == "school"
    assert saved["invitees_times"][0] == "dunno, after school probs"  # her words, not her own times
    assert saved["professional_concern"][0] == "fine" and saved["views_told_by"][0] == "my nan"
    assert saved["safety_worry"][0] == "no" and "mr khan" in saved["trusted_professional"][0].lower()
    exported = {row["key"]: row["visibility"] for row in rows}
    assert exported["worries"] == "coordinator" and exported["going_well"] == "everyone"


async def test_my_stepdad_hits_me_mid_way_gets_the_safe_reply_and_a_flag(stack, capsys):
    code, participant_id = new_participant("young_person")
    chat = Chat(stack, f"sg-{code}")
    await chat.say(f'/join_meeting{{"invite_code":"{code}"}}')
    await chat.press("OK, got it")

    reply = await chat.say("my stepdad hits me")
    assert "not your fault" in reply and "0800 1111" in reply and "999" in reply
    assert "Amira" in reply  # says plainly who will be told

    reply = await chat.say("carry on")
    assert "who makes the plan" in reply.lower()  # the conversation continues gently
    await chat.rasa.close()

    cli.main(["flags"])
    assert "URGENT, not yet handled: physical abuse - Sam (young_person)" in capsys.readouterr().out


async def test_ordinary_worries_do_not_trigger_the_safe_reply(stack):
    code, _ = new_participant("parent")
    chat = Chat(stack, f"worry-{code}")
    await chat.say(f'/join_meeting{{"invite_code":"{code}"}}')
    for message in ["I'm scared about the meeting", "what does neglect mean?", "can my dad come?"]:
        reply = await chat.say(message)
        assert "0800 1111" not in reply and "call 999" not in reply, message
    await chat.rasa.close()
    with unit_of_work() as session:
        assert repository.safeguarding_flags(session) == [] or all(
            f.conversation_id != f"worry-{code}" for f in repository.safeguarding_flags(session))


async def test_forget_deletes_the_answers_after_confirming(stack):
    code, participant_id = new_participant("parent")
    chat = Chat(stack, f"forget-{code}")
    await chat.say(f'/join_meeting{{"invite_code":"{code}"}}')
    await chat.press("The family")
    reply = await chat.say("/forget")
    assert "delete everything" in reply
    assert conversation_events(f"forget-{code}") > 0
    reply = await chat.press("Yes, delete it")
    assert "deleted your answers" in reply
    assert conversation_events(f"forget-{code}") == 0  # deleted by Rasa's channel before it said so
    await chat.rasa.close()
    with unit_of_work() as session:
        assert session.get(Participant, participant_id).preferences == []


def conversation_events(sender: str) -> int:
    """Events of one conversation in Rasa's tracker store."""
    engine = create_engine(tracker_database_url())
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar()
    finally:
        engine.dispose()
