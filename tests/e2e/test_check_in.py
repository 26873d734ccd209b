"""Check-ins after the meeting, through Rasa: the front end starts one (as bot/telegram/reminders.py
does), the person answers in their own words, and the coordinator's view has it."""
from __future__ import annotations

from datetime import date

import pytest
from tests_support import Chat, answers_of, new_participant

from bot.domain.consolidation import consolidate
from bot.store import records
from bot.store.db import unit_of_work
from bot.store.models import Participant, SafeguardingFlag
from bot.telegram.relay import check_in_message

pytestmark = pytest.mark.stack


def check_ins_seen_by_the_coordinator(participant_id: int):
    with unit_of_work() as session:
        meeting = session.get(Participant, participant_id).meeting
        return consolidate(records.meeting_record(session, meeting)).check_ins


async def test_three_weeks_on_a_parent_says_in_their_own_words_how_the_plan_is_going(stack):
    code, participant_id = new_participant()
    chat = Chat(stack, f"test-{code}")
    await chat.say(f'/join_meeting{{"invite_code":"{code}"}}')

    reply = await chat.say(check_in_message("check_in"))
    assert "three weeks since the family meeting" in reply and "Is the plan working?" in reply
    reply = await chat.say("mostly but her dad hasnt done the school runs he said he would")
    assert "anyone not doing their part" in reply.lower()
    reply = await chat.say("wat does review mean")  # a question on the way is answered, and the question comes back
    assert "review" in reply.lower() and "anyone not doing their part" in reply.lower()
    reply = await chat.say("her dad, like i said. and the social worker never rang back")
    assert "Amira will read this" in reply

    saved = answers_of(participant_id)
    assert saved["check_in_plan_working"] == "mostly but her dad hasnt done the school runs he said he would"
    assert saved["check_in_plan_gaps"] == "her dad, like i said. and the social worker never rang back"
    [row] = check_ins_seen_by_the_coordinator(participant_id)
    assert row.who == "Sam" and row.kind == "check_in" and row.needs_a_look and row.working.private
    await chat.rasa.close()


async def test_before_the_review_a_young_person_taps_their_answers(stack):
    code, participant_id = new_participant("young_person")
    with unit_of_work() as session:
        session.get(Participant, participant_id).meeting.review_on = date(2027, 3, 11)
    chat = Chat(stack, f"test-{code}")
    await chat.say(f'/join_meeting{{"invite_code":"{code}"}}')

    reply = await chat.say(check_in_message("before_review"))
    assert "review meeting is on Thursday 11 March" in reply
    reply = await chat.press("Yes, it's working")
    assert "anyone not doing their part" in reply.lower()
    reply = await chat.press("Everyone is doing their part")
    assert "will read this" in reply
    saved = answers_of(participant_id)
    assert (saved["before_review_plan_working"], saved["before_review_plan_gaps"]) == ("working", "none")
    [row] = check_ins_seen_by_the_coordinator(participant_id)
    assert row.kind == "before_review" and not row.needs_a_look
    reply = await chat.say("ok")  # the check-in is over: a short goodbye, no loop, no summary read back
    assert reply == "OK. Take care. I'm here if you want to ask or tell me anything."
    await chat.rasa.close()


async def test_a_check_in_answer_that_tells_of_risk_gets_the_safe_reply_a_flag_and_is_kept_as_the_answer(stack):
    code, participant_id = new_participant("wider_family")
    chat = Chat(stack, f"test-{code}")
    await chat.say(f'/join_meeting{{"invite_code":"{code}"}}')
    await chat.say(check_in_message("check_in"))
    await chat.say("not really to be honest")
    reply = await chat.say("my brother said hed stop drinking and he hasnt, and he hit her again last week")
    assert "999" in reply and "I am letting Amira know now" in reply
    assert "carry on" not in reply  # that would start the preparation questions again
    said = "my brother said hed stop drinking and he hasnt, and he hit her again last week"
    assert answers_of(participant_id)["check_in_plan_gaps"] == said
    with unit_of_work() as session:
        assert [f.category for f in session.query(SafeguardingFlag).filter_by(participant_id=participant_id)] != []
    [row] = check_ins_seen_by_the_coordinator(participant_id)
    assert row.needs_a_look and row.gaps.words == said
    await chat.rasa.close()
