"""What a person does in the chat (bot/use_cases/chat.py), on a fake unit of work. The Rasa actions
call these; the SQLAlchemy unit of work runs them in tests/integration/test_actions.py."""
from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.join_attempts import MAX_FAILED_CODES
from bot.domain.network import Person as Named
from bot.domain.preparation import VENUE_CHOICE, WORRIES
from bot.domain.records import InviteCode, MeetingRecord
from bot.use_cases import chat
from fakes.fake_unit_of_work import FakeUnitOfWork

NOW = datetime(2026, 12, 3, 18, 0)
MEETING = MeetingRecord(3, "Family meeting for Sam", "family group conference", None, "Amira Khan",
                        professionals=(("Jo", "social worker"),))
SAM = InviteCode(11, 3, "Sam", "young_person", "SAMCODE1", NOW + timedelta(days=30))
LINDA = InviteCode(12, 3, "Linda", "parent", "LINDA123", NOW + timedelta(days=30))


def fake() -> FakeUnitOfWork:
    return FakeUnitOfWork(NOW, participants=[SAM, LINDA], meetings=[MEETING])


def joined(conversation: str = "chat-1", code: str = "samcode1") -> FakeUnitOfWork:
    work = fake()
    assert chat.join_meeting(conversation, code, None, NOW, uow=work).chat is not None
    return work


def test_joining_with_a_code_links_the_chat_and_gives_the_person_and_their_meeting():
    work = fake()
    result = chat.join_meeting("chat-1", " sam-code1 ", 555, NOW, uow=work)
    assert (result.chat.person.name, result.chat.person.role) == ("Sam", "young_person")
    assert result.chat.meeting.coordinator_name == "Amira Khan" and not result.same_person
    assert chat.has_joined("chat-1", uow=work)
    again = chat.join_meeting("chat-1", "SAMCODE1", 555, NOW, uow=work)
    assert again.same_person


def test_a_code_that_does_not_work_is_counted_and_too_many_stop_even_a_good_one():
    work = fake()
    for _ in range(MAX_FAILED_CODES):
        assert chat.join_meeting("chat-1", "WRONG999", None, NOW, uow=work).problem == "unknown"
    result = chat.join_meeting("chat-1", "SAMCODE1", None, NOW, uow=work)
    assert result == chat.Joined(None, chat.TOO_MANY_TRIES) and not chat.has_joined("chat-1", uow=work)


def test_a_code_another_chat_joined_with_is_taken():
    work = joined("chat-1")
    assert chat.join_meeting("chat-2", "SAMCODE1", None, NOW, uow=work).problem == "taken"


def test_before_joining_nothing_is_saved_and_the_caller_is_told():
    work = fake()
    assert not chat.save_answer("chat-1", VENUE_CHOICE.topic, VENUE_CHOICE.slot, "library", "coordinator", uow=work)
    assert not chat.leave_question("chat-1", "what is a s47?", uow=work)
    assert not chat.name_people("chat-1", [Named("Linda", "mum", False)], uow=work)
    assert not chat.confirm_answers("chat-1", NOW, uow=work)
    assert chat.my_summary("chat-1", uow=work) is None and chat.linked_chat("chat-1", uow=work) is None
    assert chat.my_answers("chat-1", uow=work) is None
    assert work.chats.people == {}


def test_answers_people_and_questions_are_kept_for_the_person_of_the_chat():
    work = joined()
    assert chat.save_answer("chat-1", VENUE_CHOICE.topic, VENUE_CHOICE.slot, "library", "coordinator", uow=work)
    assert chat.save_answer("chat-1", VENUE_CHOICE.topic, VENUE_CHOICE.slot, "family_centre", "coordinator", uow=work)  # replaced
    chat.add_to_answer("chat-1", "attendees", "concern_about_professional", "jo never listens", uow=work)
    chat.add_to_answer("chat-1", "attendees", "concern_about_professional", "jo never listens", uow=work)
    chat.name_people("chat-1", [Named("Nan", "nan", False), Named("Ray", "cousin", True)], uow=work)
    chat.name_people("chat-1", [Named("ray", "", False)], wanted=False, uow=work)  # changed their mind
    chat.leave_question("chat-1", "what is a s47?", uow=work)
    person = chat.linked_chat("chat-1", uow=work).person
    assert chat.my_answers("chat-1", uow=work) == person
    assert person.answer(VENUE_CHOICE.slot).value == "family_centre"
    assert person.answer("concern_about_professional").value == "jo never listens"
    assert [(s.name, s.relationship, s.wanted, s.anonymous) for s in person.suggested] == [
        ("Nan", "nan", True, False), ("ray", "cousin", False, True)]
    assert [a.text for a in person.asked] == ["what is a s47?"]


def test_a_young_persons_sharing_choice_changes_who_sees_that_answer():
    work = joined()
    chat.save_answer("chat-1", WORRIES.topic, WORRIES.slot, "school", "coordinator", uow=work)
    assert chat.share_answer("chat-1", WORRIES.slot, "everyone", uow=work)
    assert chat.linked_chat("chat-1", uow=work).person.answer(WORRIES.slot).visibility == "everyone"


def test_the_summary_reads_back_the_answers_and_the_people_wanted_there():
    work = joined(code="LINDA123")
    chat.save_answer("chat-1", VENUE_CHOICE.topic, VENUE_CHOICE.slot, "library", "coordinator", uow=work)
    chat.name_people("chat-1", [Named("Linda", "mum", False), Named("Craig", "step dad", False)], uow=work)
    chat.name_people("chat-1", [Named("Craig", "", False)], wanted=False, uow=work)
    answers = {line.label: line.answer for line in chat.my_summary("chat-1", uow=work)}
    assert answers == {VENUE_CHOICE.label: "Library", "People to invite": "Linda (mum)"}


def test_agreeing_the_summary_confirms_it_and_forgetting_unlinks_the_chat():
    work = joined()
    assert chat.confirm_answers("chat-1", NOW, uow=work)
    assert chat.linked_chat("chat-1", uow=work).person.confirmed_at == NOW
    chat.forget_me("chat-1", uow=work)
    assert not chat.has_joined("chat-1", uow=work) and work.chats.people == {}


def test_a_flag_names_the_person_and_told_again_counts_on_the_same_flag():
    work = joined()
    first = chat.raise_flag("chat-1", "physical_abuse", NOW, uow=work)
    assert first.chat.person.name == "Sam" and first.flag.participant_id == 11
    again = chat.raise_flag("chat-1", "physical_abuse", NOW + timedelta(minutes=2), uow=work)
    assert again.flag.id == first.flag.id and again.flag.said_again == 1


def test_a_flag_from_a_chat_that_has_not_joined_has_no_person():
    raised = chat.raise_flag("stranger", "suicide", NOW, uow=fake())
    assert raised.chat is None and raised.flag.participant_id is None
