"""Odd and hostile answers through the actions into the database (SQLite and PostgreSQL) and
through the Telegram app: nothing crashes, SQL-looking text is stored verbatim, markup stays text."""
import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import inspect

from actions.join import ActionJoinMeeting
from actions.preparation_form import ValidatePreparationForm
from actions.questions import ActionAnswerUnknown
from bot.domain.network import MAX_NAME_LENGTH
from bot.domain.preparation import MAX_ANSWER_LENGTH
from bot.store import repository
from bot.store.db import engine_for, unit_of_work
from bot.store.models import Participant
from fakes.fake_bot_api import user
from running_bot import running_bot

SENDER = "tg-42"
SQL = "Robert'); DROP TABLE participants;--"
MARKUP = "<b>Sue</b> <script>alert(1)</script> *bold* _it_ [link](http://example.com)"


@pytest.fixture
def participant(database):
    with unit_of_work() as session:
        meeting = repository.create_meeting(session, "Smith family", "Amira")
        sam = repository.add_participant(session, meeting, "Sam", "parent")
        repository.join_meeting(session, SENDER, sam.invite_code)
        return sam.id


def tracker(text, slot=None, intent="inform"):
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": [], "metadata": {}}
    slots = {"requested_slot": slot} if slot else {}
    return Tracker(SENDER, slots, message, [{"event": "user", **message}], False, None, {}, "action_listen")


async def answer(slot: str, text: str) -> dict:
    """Run the form's extraction and validation of `slot` on a typed message, as Rasa would."""
    form, dispatcher = ValidatePreparationForm(), CollectingDispatcher()
    extracted = await getattr(form, f"extract_{slot}")(dispatcher, tracker(text, slot), {})
    if slot not in extracted:
        return {}
    return await getattr(form, f"validate_{slot}")(extracted[slot], dispatcher, tracker(text, slot), {})


def saved(participant_id: int) -> dict[str, str]:
    with unit_of_work() as session:
        return {p.key: p.value for p in session.get(Participant, participant_id).preferences}


@pytest.mark.parametrize("text, stored", [
    ("x" * 10_000, "x" * MAX_ANSWER_LENGTH),
    ("👍", "👍"),
    ("أريد أن تأتي جدتي", "أريد أن تأتي جدتي"),
    ("My nan Zoë (جدتي) and 奶奶", "My nan Zoë (جدتي) and 奶奶"),
    ("contact\x00 with\u200b dad", "contact with dad"),
    (SQL, SQL),
    ("' OR '1'='1", "' OR '1'='1"),
    (MARKUP, MARKUP),
])
async def test_odd_answers_are_stored_as_read_without_crashing(participant, text, stored):
    await answer("agenda_items", text)
    assert saved(participant)["agenda_items"] == stored


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u200b", "\x00"])
async def test_an_empty_or_invisible_message_is_not_taken_as_an_answer(participant, text):
    assert await answer("agenda_items", text) == {}
    assert saved(participant) == {}


async def test_a_sql_looking_answer_leaves_every_table_in_place(participant):
    await answer("agenda_items", SQL)
    with unit_of_work() as session:
        session.add(Participant(meeting_id=1, display_name=SQL, role="parent", invite_code="SQLTEST234"))
    with engine_for().connect() as connection:
        assert {"participants", "preferences", "meetings"} <= set(inspect(connection).get_table_names())
    with unit_of_work() as session:
        assert repository.find_meeting(session, "1").participants[-1].display_name == SQL


@pytest.mark.parametrize("text", ["Z" * 10_000, "Zoë my sister", "محمد my brother", SQL, "<b>Sue</b>"])
async def test_any_name_to_invite_is_stored_short_enough(participant, text):
    await answer("invite_person", text)
    with unit_of_work() as session:
        names = [i.name for i in session.get(Participant, participant).invitees]
    assert len(names) == 1 and 0 < len(names[0]) <= MAX_NAME_LENGTH


async def test_a_long_question_with_control_characters_is_kept_for_the_coordinator(participant):
    await ActionAnswerUnknown().run(CollectingDispatcher(), tracker("what about\x00 " + "q" * 10_000 + "?",
                                                                    intent="nlu_fallback"), {})
    with unit_of_work() as session:
        [question] = session.get(Participant, participant).questions
    assert question.text.startswith("what about q") and len(question.text) <= 500


async def test_a_real_telegram_user_id_over_32_bits_is_stored(database):
    big_id = 7_123_456_789
    with unit_of_work() as session:
        meeting = repository.create_meeting(session, "Smith family", "Amira")
        code = repository.add_participant(session, meeting, "<b>Sam</b>", "parent").invite_code
    message = {"text": "", "intent": {"name": "join_meeting"}, "entities": [{"entity": "invite_code", "value": code}],
               "metadata": {"telegram_user_id": big_id}}
    join = Tracker(f"tg-{big_id}", {}, message, [], False, None, {}, "action_listen")
    events = await ActionJoinMeeting().run(CollectingDispatcher(), join, {})
    assert {"event": "slot", "name": "participant_name", "value": "<b>Sam</b>"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]
    with unit_of_work() as session:
        assert repository.participant_for_conversation(session, f"tg-{big_id}").telegram_user_id == big_id


async def test_markup_in_answers_and_names_reaches_telegram_as_plain_text(database, api, fake_rasa):
    fake_rasa.reply_to(MARKUP, {"text": f"Thanks, {MARKUP}. I've noted that."})
    async with running_bot(api, fake_rasa.url):
        api.send_text(user(1001, "<b>Sam</b>"), MARKUP)
        [sent] = await api.wait_for("sendMessage")
    assert fake_rasa.messages() == [MARKUP]
    assert sent["text"] == f"Thanks, {MARKUP}. I've noted that."
    assert "parse_mode" not in sent and "entities" not in sent


async def test_a_reply_too_long_for_one_telegram_message_arrives_in_several_with_the_buttons_on_the_last(
        database, api, fake_rasa):
    summary = "\n".join(f"• Answer {n}: " + " ".join(["words"] * 40) for n in range(60))
    fake_rasa.reply_to("summary", {"text": summary, "buttons": [{"title": "Looks right", "payload": "/affirm"}]})
    async with running_bot(api, fake_rasa.url):
        api.send_text(user(1001, "Sam"), "summary")
        sent = await api.wait_for("sendMessage", count=4)
        await asyncio.sleep(0.3)
    sent = api.calls_to("sendMessage")
    assert len(summary) > 3 * 4096 and len(sent) == 4
    assert all(len(message["text"]) <= 4096 for message in sent)
    assert [("reply_markup" in message) for message in sent] == [False, False, False, True]
    assert "\n".join(message["text"] for message in sent) == summary
