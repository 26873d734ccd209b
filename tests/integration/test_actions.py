"""Custom actions run against hand-built trackers (as rasa-sdk's own tests do) and a real database."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
import yaml
from sqlalchemy import event
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.forget import ActionForget
from actions.join import ActionJoinMeeting
from actions.preparation_form import ValidatePreparationForm
from actions.questions import (ActionAnswerUnknown, ActionExplainPrivacy, ActionExplainTerm, ActionNoteConcern,
                               ActionWhoAttends)
from actions.safeguarding import ActionSafeguardingResponse
from actions.summary import ActionChangeAnswer, ActionConfirmSummary, ActionShowSummary
from bot.domain.preparation import VENUE_CHOICE
from bot.store import repository
from bot.store.db import PROJECT_ROOT, engine_for, unit_of_work
from bot.store.models import Participant, Professional
from bot.use_cases import chat

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
SENDER = "tg-42"


@pytest.fixture
def participant(database):
    with unit_of_work() as session:
        meeting = repository.create_meeting(session, "Smith family", "Amira",
                                            professionals=[("Jo Patel", "social_worker")])
        sam = repository.add_participant(session, meeting, "Sam", "parent")
        repository.join_meeting(session, SENDER, sam.invite_code)
        return sam.id


def tracker(text="", intent="inform", entities=(), slots=None, sender=SENDER, active_loop=None, metadata=None):
    message = {"text": text, "intent": {"name": intent, "confidence": 0.99},
               "entities": [{"entity": e, "value": v} for e, v in entities], "metadata": metadata or {}}
    return Tracker(sender, slots or {}, message, [{"event": "user", **message}], False, None,
                   active_loop or {}, "action_listen")


def saved(participant_id: int) -> dict[str, str]:
    with unit_of_work() as session:
        return {p.key: p.value for p in session.get(Participant, participant_id).preferences}


async def run(action, t):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, DOMAIN)
    return dispatcher.messages, events


def slot_events(events) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


async def test_joining_sets_the_role_and_welcomes_by_name(database):
    with unit_of_work() as session:
        meeting = repository.create_meeting(session, "Smith family", "Amira")
        code = repository.add_participant(session, meeting, "Pat", "wider_family").invite_code
    messages, events = await run(ActionJoinMeeting(), tracker(
        intent="join_meeting", entities=[("invite_code", code)], metadata={"telegram_user_id": 7}))
    assert slot_events(events)["role"] == "wider_family"
    assert slot_events(events)["joined"] is True
    assert slot_events(events)["participant_name"] == "Pat"
    assert slot_events(events)["meeting_when"] == "a date you can help choose"
    assert messages == []  # the welcome is the utter_welcome response, worded for the role


async def test_a_bad_code_is_answered_and_nothing_is_joined(database):
    messages, events = await run(ActionJoinMeeting(), tracker(intent="join_meeting", entities=[("invite_code", "X")]))
    assert messages[0]["response"] == "utter_invite_code_unknown"
    assert slot_events(events)["joined"] is False


async def test_a_button_answer_is_saved_for_the_right_participant(participant):
    t = tracker('/inform{"choice":"library"}', entities=[("choice", "library")],
                slots={"requested_slot": "venue_choice"})
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["venue_choice"] == "library"
    assert saved(participant)["venue_choice"] == "library"


async def test_a_question_during_the_form_fills_nothing(participant):
    t = tracker("what's a section 20?", intent="ask_meaning", slots={"requested_slot": "venue_choice"})
    _, events = await run(ValidatePreparationForm(), t)
    assert "venue_choice" not in slot_events(events)
    assert saved(participant) == {}


async def test_the_form_coming_back_after_a_disclosure_does_not_say_the_purpose_answer_again(participant):
    """Rasa validates answers already given when the questions start again ("carry on"): nothing is said."""
    t = tracker("carry on", intent="continue_preparation",
                slots={"purpose_check": "family", "requested_slot": None}, active_loop={"name": "preparation_form"})
    t.slots_to_validate = lambda: {"purpose_check": "family"}
    messages, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["purpose_check"] == "family" and messages == []


async def test_a_reply_that_names_another_questions_subject_answers_it_too(participant):
    """ "Arabic to read, and an interpreter please" answers how information comes AND the interpreter question."""
    t = tracker("Arabic is better for me to read. And interpreter in the meeting please, Arabic",
                slots={"requested_slot": "info_format"})
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["info_format"] == "other_language"
    assert "arabic" in slot_events(events)["interpreter"].lower()


async def test_hmm_does_not_use_up_the_one_re_ask(participant):
    """After "hmm" was asked again, an aside that is neither yes nor no is still asked about, not kept."""
    t = tracker("lol sorry typin one handed wiv the baby on me", intent="nlu_fallback",
                slots={"requested_slot": "has_reports", "clarify": "again"})
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["has_reports"] is None
    assert slot_events(events)["clarify"] == "yes_or_no"


async def test_an_unsure_guess_gives_way_to_words_that_name_a_choice(participant):
    """ "sum of it" to "do the reports make sense?" is Partly, though the model half-guessed "see my answers"."""
    t = tracker("sum of it, loads of big words", intent="show_summary",
                slots={"requested_slot": "reports_understood", "has_reports": "yes"})
    t.latest_message["intent"]["confidence"] = 0.31
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["reports_understood"] == "partly"

    t = tracker("show me all of it", intent="show_summary",
                slots={"requested_slot": "reports_understood", "has_reports": "yes"})
    _, events = await run(ValidatePreparationForm(), t)  # sure (0.99): asks to see the answers
    assert "reports_understood" not in slot_events(events)


async def test_a_wrong_purpose_answer_is_explained_more_simply_then_accepted(participant):
    t = tracker('/inform{"choice":"social_worker"}', entities=[("choice", "social_worker")],
                slots={"requested_slot": "purpose_check"})
    messages, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["purpose_check"] is None
    assert messages[0]["response"] == "utter_purpose_simpler"

    t = tracker("/not_sure", intent="not_sure", slots={"requested_slot": "purpose_check", "purpose_attempts": 1})
    messages, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["purpose_check"] == "not_sure"
    assert saved(participant)["purpose_check"] == "needs_more_explanation"


async def test_a_parent_who_says_they_dont_need_a_meeting_is_heard_before_it_is_explained_again(participant):
    t = tracker("i dont need a meeting, my kids are fine. this is rediculous", intent="deny",
                slots={"requested_slot": "purpose_check"})
    messages, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["purpose_check"] is None
    assert [m["response"] for m in messages] == ["utter_purpose_feelings", "utter_purpose_simpler"]


async def test_people_to_invite_are_added_one_at_a_time(participant):
    t = tracker("Sue, my sister", slots={"requested_slot": "invite_person"})
    messages, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["invite_person"] == "Sue"
    t = tracker("/affirm", intent="affirm", slots={"requested_slot": "invite_more", "invite_person": "Sue"})
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["invite_person"] is None  # ask for the next person
    with unit_of_work() as session:
        assert [(i.name, i.relationship_to) for i in session.get(Participant, participant).invitees] == [
            ("Sue", "sister")]


async def test_answers_from_a_chat_that_has_not_joined_are_not_saved(participant):
    t = tracker("library", slots={"requested_slot": "venue_choice"}, sender="tg-stranger")
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events).get("requested_slot") is None
    assert saved(participant) == {}


async def test_the_summary_reads_back_answers_and_confirming_records_consent(participant):
    with unit_of_work() as session:
        sam = session.get(Participant, participant)
        repository.save_preference(session, sam, "venue", "venue_choice", "library")
    messages, _ = await run(ActionShowSummary(), tracker())
    assert messages[0]["response"] == "utter_summary" and "Place: Library" in messages[0]["summary"]
    assert messages[1]["response"] == "utter_ask_confirm_summary"
    await run(ActionConfirmSummary(), tracker(intent="affirm"))
    with unit_of_work() as session:
        assert session.get(Participant, participant).confirmed_at is not None


async def test_changing_a_topic_forgets_its_answers_so_they_are_asked_again(participant):
    t = tracker('/change_answer{"topic":"venue"}', intent="change_answer", entities=[("topic", "venue")])
    _, events = await run(ActionChangeAnswer(), t)
    assert set(slot_events(events)) == {"requested_slot", "venue_choice", "venue_avoid", "venue_safe",
                                        "access_needs", "travel_help"}
    assert all(value is None for value in slot_events(events).values())


async def test_changing_without_a_topic_offers_short_topic_buttons(participant):
    messages, _ = await run(ActionChangeAnswer(), tracker("i want to change something", intent="change_answer"))
    payloads = [b["payload"] for m in messages for b in m.get("buttons", [])]
    assert '/change_answer{"topic":"venue"}' in payloads
    assert all(len(p.encode()) <= 64 for p in payloads)


async def test_who_attends_lists_the_roster_with_roles_explained(participant):
    messages, _ = await run(ActionWhoAttends(), tracker("who is coming", intent="ask_who_attends"))
    texts = " ".join(m.get("text") or "" for m in messages)
    assert "Jo Patel" in texts and "Social worker" in texts


async def test_a_question_not_understood_is_saved_for_the_coordinator(participant):
    await run(ActionAnswerUnknown(), tracker("can I get help with the cost of a taxi?", intent="nlu_fallback"))
    with unit_of_work() as session:
        assert [q.text for q in session.get(Participant, participant).questions] == [
            "can I get help with the cost of a taxi?"]


async def test_a_question_not_understood_that_asks_what_a_word_means_gets_the_meaning(participant):
    messages, _ = await run(ActionAnswerUnknown(), tracker("I am not understand what is FGC", intent="nlu_fallback"))
    assert messages[0]["text"].startswith("Family group conference: ")


async def test_a_disclosure_raises_one_flag_stops_the_questions_and_says_who_will_be_told(participant):
    t = tracker("my stepdad hits me", intent="disclose_harm", active_loop={"name": "preparation_form"})
    messages, events = await run(ActionSafeguardingResponse(), t)
    await run(ActionSafeguardingResponse(), t)  # Rasa retrying the action makes no second flag
    assert {"event": "active_loop", "name": None} in [
        {"event": e["event"], "name": e.get("name")} for e in events if e["event"] == "active_loop"]
    assert messages[0]["response"] == "utter_safeguarding_adult" and messages[0]["who"] == "Amira"
    assert slot_events(events)["disclosed"] is True  # "who will find out?" is then answered about the disclosure
    with unit_of_work() as session:
        flags = repository.safeguarding_flags(session)
        assert [(f.category, f.participant_id) for f in flags] == [("physical_abuse", participant)]


async def test_who_sees_what_is_answered_about_the_disclosure_once_there_was_one(participant):
    messages, _ = await run(ActionExplainPrivacy(), tracker("will my mum find out", intent="privacy"))
    assert messages[0]["response"] == "utter_privacy" and messages[0]["keep_days"] == 90  # RETENTION_DAYS
    messages, _ = await run(ActionExplainPrivacy(), tracker("will my mum find out", intent="privacy",
                                                            slots={"disclosed": True}))
    assert messages[0]["response"] == "utter_privacy_after_disclosure"


async def test_will_they_find_out_just_after_a_private_answer_is_answered_about_that_answer(participant):
    slots = {"role": "young_person", "requested_slot": "venue_avoid", "yp_privacy_ok": "ok", "purpose_check": "understood",
             "taking_part": "all", "share_taking_part": "coordinator", "wants_advocate": "no", "going_well": "nothing",
             "share_going_well": "coordinator", "worries": "nothing", "share_worries": "coordinator",
             "hopes": "nothing", "share_hopes": "coordinator", "invite_person": "Nan", "invite_more": "no",
             "not_invite": "not my dad tho"}
    messages, _ = await run(ActionExplainPrivacy(), tracker("wait will my dad find out i said that", intent="privacy",
                                                            slots=slots, active_loop={"name": "preparation_form"}))
    assert [m["response"] for m in messages] == ["utter_privacy_that_answer"]


async def test_who_sees_what_asked_at_the_first_question_then_asks_it_again_in_a_few_words(participant):
    _, events = await run(ActionExplainPrivacy(), tracker(
        "so can my mum see wat i write", intent="privacy", slots={"role": "young_person", "requested_slot": "yp_privacy_ok"},
        active_loop={"name": "preparation_form"}))
    assert slot_events(events) == {"clarify": "again"}  # utter_ask_yp_privacy_ok is then "Is that OK?"


async def test_a_young_person_gets_the_young_persons_safe_reply(database, monkeypatch):
    with unit_of_work() as session:
        meeting = repository.create_meeting(session, "Smith family", "Amira")
        jo = repository.add_participant(session, meeting, "Jo", "young_person")
        repository.join_meeting(session, "tg-77", jo.invite_code)
    messages, _ = await run(ActionSafeguardingResponse(), tracker("i want to kms", intent="disclose_harm",
                                                                   sender="tg-77"))
    assert messages[0]["response"] == "utter_safeguarding_young_person" and messages[0]["out_of_hours"] == ""
    with unit_of_work() as session:  # alerts queued with the flag (this meeting's coordinator has no account)
        assert [n.recipient for n in repository.safeguarding_flags(session)[0].notifications] == ["duty"]

    monkeypatch.setenv("OUT_OF_HOURS_NUMBER", "0300 123 4567")
    messages, _ = await run(ActionSafeguardingResponse(), tracker("he hits me", intent="disclose_harm", sender="tg-77"))
    assert messages[0]["out_of_hours"] == " Evenings and weekends, children's services can be reached on 0300 123 4567."


async def test_forgetting_deletes_answers_but_keeps_the_safeguarding_flag(participant):
    with unit_of_work() as session:
        sam = session.get(Participant, participant)
        repository.save_preference(session, sam, "venue", "venue_choice", "library")
        repository.add_invitee(session, sam, "Sue", "sister")
    await run(ActionSafeguardingResponse(), tracker("he beats me", intent="disclose_harm"))
    messages, events = await run(ActionForget(), tracker("/affirm", intent="affirm"))
    with unit_of_work() as session:
        sam = session.get(Participant, participant)
        assert (sam.preferences, sam.invitees, sam.conversation_id) == ([], [], None)
        assert len(repository.safeguarding_flags(session)) == 1
    assert [m.get("response") for m in messages][:2] == ["utter_forgotten", "utter_forgotten_flag_kept"]
    assert {"forget_conversation": True} in [m.get("custom") for m in messages]
    assert {"event": "restart"} in [{"event": e["event"]} for e in events]


async def test_the_summary_mid_way_does_not_ask_to_send_it_yet(participant):
    with unit_of_work() as session:
        repository.save_preference(session, session.get(Participant, participant), "venue", "venue_choice", "library")
    messages, _ = await run(ActionShowSummary(), tracker(active_loop={"name": "preparation_form"}))
    assert [m["response"] for m in messages] == ["utter_summary"]


async def test_words_only_the_classifier_took_for_harm_get_a_gentle_check_and_a_flag_to_review(participant):
    messages, events = await run(ActionSafeguardingResponse(), tracker("my uncle takes me fishing",
                                                                        intent="disclose_harm"))
    assert [m["response"] for m in messages] == ["utter_safety_check"]
    with unit_of_work() as session:
        assert [f.category for f in repository.safeguarding_flags(session)] == ["possible_concern"]


async def test_harm_words_only_the_classifier_saw_get_the_full_reply_only_when_it_is_very_sure(participant):
    def seen(confidence):
        t = tracker("I went home and had a little cry", intent="disclose_harm")
        t.latest_message["disclosure_likelihood"] = confidence
        return t
    messages, _ = await run(ActionSafeguardingResponse(), seen(0.55))
    assert [m["response"] for m in messages] == ["utter_safety_check"]
    messages, _ = await run(ActionSafeguardingResponse(), seen(0.95))
    assert messages[0]["response"] == "utter_safeguarding_adult"


async def test_saying_yes_to_the_gentle_check_gets_the_full_safe_reply(participant):
    messages, _ = await run(ActionSafeguardingResponse(), tracker("/disclose_harm", intent="disclose_harm"))
    assert messages[0]["response"] == "utter_safeguarding_adult"
    with unit_of_work() as session:
        assert [f.category for f in repository.safeguarding_flags(session)] == ["confirmed_by_person"]


async def test_a_code_typed_in_a_sentence_joins_even_when_rasa_found_no_code(database):
    with unit_of_work() as session:
        meeting = repository.create_meeting(session, "Smith family", "Amira")
        participant = repository.add_participant(session, meeting, "Pat", "parent")
        participant.invite_code = "HKMNPQRSTU"  # no digit: Rasa's regex does not see it as a code
    messages, events = await run(ActionJoinMeeting(), tracker(
        text="my code from the letter is hkmnpqrstu", intent="join_meeting"))
    assert slot_events(events)["joined"] is True
    assert messages == []


def after_gentle_check(text: str, intent: str) -> Tracker:
    """A reply typed straight after the gentle check, with the reports question open."""
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": [], "metadata": {}}
    events = [{"event": "bot", "text": "Can I check I understood?", "metadata": {"utter_action": "utter_safety_check"}},
              {"event": "action", "name": "action_listen"}, {"event": "user", **message}]
    return Tracker(SENDER, {"requested_slot": "has_reports"}, message, events, False, None,
                   {"name": "preparation_form"}, "action_listen")


async def test_a_typed_no_after_the_gentle_check_answers_it_not_the_open_question(participant):
    messages, events = await run(ValidatePreparationForm(), after_gentle_check("nah im fine", "deny"))
    assert [m["response"] for m in messages] == ["utter_safety_check_ok"]
    assert slot_events(events).get("has_reports") is None and slot_events(events)["clarify"] == "again"
    assert saved(participant) == {}


async def test_a_no_im_fine_that_says_more_after_the_gentle_check_answers_it_not_a_choice(participant):
    """ "no im fine he just nags about homework" after the check, with the professionals question open:
    "fine" is not "They are all fine"; the question comes again as it was."""
    t = after_gentle_check("no im fine he just nags about homework", "inform")
    t.slots["requested_slot"] = "professional_concern"
    messages, events = await run(ValidatePreparationForm(), t)
    assert [m["response"] for m in messages] == ["utter_safety_check_ok"]
    assert slot_events(events).get("professional_concern") is None and slot_events(events)["clarify"] == "again"


async def test_a_typed_yes_after_the_gentle_check_gets_the_full_safe_reply_and_a_flag(participant):
    messages, events = await run(ValidatePreparationForm(), after_gentle_check("yes", "affirm"))
    assert messages[0]["response"] == "utter_safeguarding_adult"
    assert "utter_safeguarding_carry_on" not in [m["response"] for m in messages]  # the question comes back
    assert slot_events(events)["disclosed"] is True
    with unit_of_work() as session:
        assert [f.category for f in repository.safeguarding_flags(session)] == ["confirmed_by_person"]
    assert saved(participant) == {}


async def test_an_answer_that_says_more_after_the_gentle_check_answers_the_open_question(participant):
    _, events = await run(ValidatePreparationForm(), after_gentle_check("yh got em", "affirm"))
    assert slot_events(events)["has_reports"] == "yes"


async def test_the_roster_is_not_shown_twice_when_a_question_about_it_just_showed_it(participant):
    from actions.questions import ActionAskProfessionalConcern
    message = {"text": "who is Jo Patel?", "intent": {"name": "ask_who_attends", "confidence": 0.9}, "entities": []}
    shown = [{"event": "user", **message}, {"event": "bot", "text": "These people...", "metadata": {"utter_action": "utter_roster_intro"}}]
    messages, _ = await run(ActionAskProfessionalConcern(), Tracker(SENDER, {}, message, shown, False, None, {}, "action_listen"))
    assert [m.get("response") for m in messages] == ["utter_ask_professional_concern"]
    messages, _ = await run(ActionAskProfessionalConcern(), Tracker(SENDER, {}, message, shown[:1], False, None, {}, "action_listen"))
    assert [m.get("response") for m in messages][0] == "utter_roster_intro"


async def test_a_message_only_the_classifier_flagged_that_answers_the_question_keeps_the_answer_unasked(participant):
    t = tracker("so the family sorts out the plan and people like me chip in", intent="disclose_harm",
                slots={"requested_slot": "purpose_check"}, active_loop={"name": "preparation_form"})
    messages, events = await run(ActionSafeguardingResponse(), t)
    assert messages == []  # no "is someone hurting you?" about an answer with no word of harm in it
    with unit_of_work() as session:
        assert [f.category for f in repository.safeguarding_flags(session)] == ["possible_concern"]
    assert {"event": "followup", "name": "preparation_form"} in [
        {"event": e["event"], "name": e.get("name")} for e in events]
    t = tracker("my uncle takes me fishing", intent="disclose_harm",
                slots={"requested_slot": "purpose_check"}, active_loop={"name": "preparation_form"})
    _, events = await run(ActionSafeguardingResponse(), t)
    assert {"event": "followup", "name": "action_listen"} in [{"event": e["event"], "name": e.get("name")} for e in events]


async def test_good_and_bad_times_in_one_reply_answer_both_questions(participant):
    t = tracker("mornings are best, i work lates. not tuesdays tho", slots={"requested_slot": "good_times"})
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["good_times"] == "weekday_daytime"
    assert "tuesdays" in slot_events(events)["bad_times"]


async def test_a_shared_chat_joined_by_someone_else_starts_from_their_own_answers(participant):
    """Sam answered on this phone; Kai joins on it: none of Sam's answers is read back or saved as Kai's."""
    with unit_of_work() as session:
        sam = session.get(Participant, participant)
        repository.save_preference(session, sam, "venue", "venue_choice", "library")
        kai_code = repository.add_participant(session, sam.meeting, "Kai", "young_person").invite_code
    t = tracker(intent="join_meeting", entities=[("invite_code", kai_code)],
                slots={"venue_choice": "library", "has_reports": "yes"})
    _, events = await run(ActionJoinMeeting(), t)
    assert slot_events(events)["venue_choice"] is None and slot_events(events)["has_reports"] is None
    assert slot_events(events)["participant_name"] == "Kai"
    _, events = await run(ActionJoinMeeting(), tracker(intent="join_meeting", entities=[("invite_code", kai_code)]))
    assert "venue_choice" not in slot_events(events)  # joining again as the same person keeps where they were


async def test_a_question_that_asks_for_something_keeps_it_for_the_coordinator(participant):
    t = tracker("is there halal food there?", intent="faq", slots={"requested_slot": "venue_choice"})
    _, events = await run(ValidatePreparationForm(), t)
    assert "halal" in slot_events(events)["food_needs"] and "venue_choice" not in slot_events(events)
    t = tracker("my husband Piotr he can come also?", intent="faq", slots={"requested_slot": "venue_avoid"})
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["invite_person"].startswith("Piotr")
    t = tracker("my brother he can come also?", intent="inform", slots={"requested_slot": "wants_advocate"})
    messages, events = await run(ValidatePreparationForm(), t)
    assert [m["response"] for m in messages] == ["utter_faq/bring_someone", "utter_invite_person_added"]
    assert messages[1]["name"] == "your brother"
    t = tracker("will my dad be there?", intent="faq", slots={"requested_slot": "venue_avoid"})
    _, events = await run(ValidatePreparationForm(), t)
    assert "invite_person" not in slot_events(events)  # only asks


async def test_a_message_not_understood_just_after_a_disclosure_gets_the_calm_reply(participant):
    said = {"event": "user", "text": "he hit me", "intent": {"name": "disclose_harm"}}
    events = [said, {"event": "action", "name": "action_safeguarding_response"},
              {"event": "user", "text": "ok"}, {"event": "action", "name": "utter_after_disclosure"}]
    message = {"text": "i feel a bit weird now", "intent": {"name": "nlu_fallback", "confidence": 0.3}}
    t = Tracker(SENDER, {}, message, [*events, {"event": "user", **message}], False, None, {}, "action_listen")
    messages, _ = await run(ActionAnswerUnknown(), t)
    assert [m["response"] for m in messages] == ["utter_after_disclosure"]
    later = [*events, *[{"event": "user", "text": "hi"}, {"event": "action", "name": "utter_greet"}] * 3]
    t = Tracker(SENDER, {}, message, [*later, {"event": "user", **message}], False, None, {}, "action_listen")
    messages, _ = await run(ActionAnswerUnknown(), t)
    assert [m["response"] for m in messages] != ["utter_after_disclosure"]


async def test_who_will_find_out_asked_just_after_a_disclosure_gets_the_honest_answer_even_when_only_guessed(participant):
    said = {"event": "user", "text": "he hit me", "intent": {"name": "disclose_harm"}}
    events = [said, {"event": "action", "name": "action_safeguarding_response"}]
    ranking = [{"name": "nlu_fallback", "confidence": 0.3}, {"name": "privacy", "confidence": 0.43},
               {"name": "faq", "confidence": 0.38}]
    message = {"text": "will my mum find out", "intent": ranking[0], "intent_ranking": ranking}
    t = Tracker(SENDER, {}, message, [*events, {"event": "user", **message}], False, None, {}, "action_listen")
    messages, _ = await run(ActionAnswerUnknown(), t)
    assert [m["response"] for m in messages] == ["utter_privacy_after_disclosure"]
    message = {"text": "ok then", "intent": ranking[0], "intent_ranking": ranking}  # no question: the calm reply
    t = Tracker(SENDER, {}, message, [*events, {"event": "user", **message}], False, None, {}, "action_listen")
    messages, _ = await run(ActionAnswerUnknown(), t)
    assert [m["response"] for m in messages] == ["utter_after_disclosure"]


async def test_no_im_ok_pressed_after_the_gentle_check_came_with_the_next_question_answers_the_check(participant):
    """The check was asked and the form went on to the reports question; the check's "No, I'm OK" button
    answers the check, and the reports question comes again."""
    message = {"text": "/continue_preparation", "intent": {"name": "continue_preparation", "confidence": 1.0},
               "entities": [], "metadata": {}}
    events = [{"event": "user", "text": "i do kickboxing n got a bruise"},
              {"event": "bot", "text": "Can I check I understood?", "metadata": {"utter_action": "utter_safety_check"}},
              {"event": "bot", "text": "Next, reports.", "metadata": {"utter_action": "utter_ask_has_reports"}},
              {"event": "action", "name": "action_listen"}, {"event": "user", **message}]
    t = Tracker(SENDER, {"requested_slot": "has_reports"}, message, events, False, None,
                {"name": "preparation_form"}, "action_listen")
    messages, events = await run(ValidatePreparationForm(), t)
    assert [m["response"] for m in messages] == ["utter_safety_check_ok"]
    assert slot_events(events).get("has_reports") is None and slot_events(events)["clarify"] == "again"


async def test_a_person_named_with_of_course_is_not_a_yes_to_the_open_question(participant):
    t = tracker("And the children's grandad, my Ted, of course. He dotes on them.", slots={"requested_slot": "wants_advocate"})
    _, events = await run(ValidatePreparationForm(), t)
    assert "wants_advocate" not in slot_events(events) and slot_events(events)["invite_person"].startswith("Ted")


async def test_a_question_not_understood_that_names_a_professional_says_who_they_are(participant):
    messages, _ = await run(ActionAnswerUnknown(), tracker("who is Jo Patel?", intent="nlu_fallback"))
    assert messages[0]["text"].startswith("Jo Patel. Social worker")


async def test_a_question_asking_for_what_the_open_question_offers_answers_it(participant):
    t = tracker("will they pay my bus fare im skint", intent="faq", slots={"requested_slot": "travel_help"})
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["travel_help"] == "yes"


async def test_a_professional_not_wanted_said_in_passing_is_a_request_not_a_family_member(participant):
    t = tracker("Jo Patel no need to come, she always blame my son for everything", slots={"requested_slot": "venue_choice"})
    messages, events = await run(ValidatePreparationForm(), t)
    found = slot_events(events)
    assert (found.get("professional_concern"), found.get("professional_not_wanted")) == ("someone", "Jo Patel")
    assert "invite_person" not in found and "not_invite" not in found and "venue_choice" not in found


async def test_a_complaint_at_the_professionals_question_is_also_a_request_and_the_list_is_not_shown_again(participant):
    t = tracker("im ok with the teacher but not that jo woman, she never listens", intent="complain_about_professional",
                slots={"requested_slot": "professional_concern"})
    _, events = await run(ValidatePreparationForm(), t)
    assert (slot_events(events)["professional_concern"], slot_events(events)["professional_not_wanted"]) == ("someone", "Jo Patel")
    from actions.questions import ActionAskProfessionalConcern
    shown = [{"event": "bot", "text": "These people...", "metadata": {"utter_action": "utter_roster_intro"}},
             {"event": "user", "text": "hmm"}]
    messages, _ = await run(ActionAskProfessionalConcern(), Tracker(SENDER, {}, {"text": "hmm"}, shown, False, None, {}, "action_listen"))
    assert [m.get("response") for m in messages] == ["utter_ask_professional_concern"]


async def test_wdym_to_an_open_question_asks_it_again_plainly_and_is_not_kept_as_a_question(participant):
    t = tracker("wdym", intent="nlu_fallback", slots={"requested_slot": "going_well"}, active_loop={"name": "preparation_form"})
    messages, _ = await run(ActionAnswerUnknown(), t)
    assert [m["response"] for m in messages] == ["utter_say_it_plainly", "utter_ask_going_well"]
    with unit_of_work() as session:
        assert session.get(Participant, participant).questions == []


@pytest.mark.parametrize("asked, plainly", [("share_worries", "utter_sharing_explained"),
                                            ("purpose_check", "utter_purpose_simpler")])
async def test_wdym_to_a_question_with_its_own_plain_words_gets_them(participant, asked, plainly):
    t = tracker("wdym who can see it", intent="nlu_fallback", slots={"requested_slot": asked},
                active_loop={"name": "preparation_form"})
    messages, _ = await run(ActionAnswerUnknown(), t)
    assert [m["response"] for m in messages] == [plainly, f"utter_ask_{asked}"]


async def test_a_complaint_that_asks_nothing_at_the_professionals_question_is_not_an_answer(participant):
    """The complaint rule notes it; the question comes again."""
    t = tracker("mr evans isnt my fave tbh, he was well rude to me at pick up once", intent="complain_about_professional",
                slots={"requested_slot": "professional_concern"})
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events).get("professional_concern") is None


async def test_a_reply_naming_a_choice_outweighs_a_guess_at_another_intent(participant):
    """Seen walking the Telegram front end: the summary was shown, and the question asked again."""
    t = tracker("got them yesterday but havent read it all", intent="show_summary",
                slots={"requested_slot": "has_reports", "purpose_check": "understood"})
    t.latest_message["intent"]["confidence"] = 0.56
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["has_reports"] == "yes"


@pytest.mark.parametrize("text, place", [
    # seen walking the Telegram front end: the place to avoid was kept and "where?" asked again
    ("my sisters house on kings road would be best, not the school tho", "my sisters house on kings road would be best"),
    ("my mums house on fern road. not the school", "my mums house on fern road."),
    ("can't do Tuesdays. i've got dialysis", None),  # about times: kept there, and "where?" comes again
    ("anywhere except the council offices, i've had enough of that place", None),  # a reason, not a place
])
async def test_a_place_to_meet_and_one_to_avoid_in_one_message_are_both_kept(participant, text, place):
    t = tracker(text, slots={"requested_slot": "venue_choice", "purpose_check": "understood"})
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events).get("venue_choice") == place
    if place:
        assert slot_events(events)["venue_avoid"] == "school"


async def test_who_is_not_wanted_and_why_is_the_answer_even_when_it_reads_as_a_complaint(participant):
    """Seen walking the Telegram front end: "the teacher like i said", asked who they would rather
    didn't come, got the complaint reply and the same question again."""
    t = tracker("the teacher like i said", intent="complain_about_professional",
                slots={"requested_slot": "professional_not_wanted", "professional_concern": "someone"})
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["professional_not_wanted"] == "the teacher like i said"


async def test_saying_a_listed_professional_need_not_come_names_them(participant):
    """Seen walking the Telegram front end: it was "Thanks, I've added Doesnt." and then "who?"."""
    t = tracker("the social worker doesnt need to be there, shes nothing to do with it", intent="faq",
                slots={"requested_slot": "professional_concern"})
    _, events = await run(ValidatePreparationForm(), t)
    found = slot_events(events)
    assert (found["professional_concern"], found["professional_not_wanted"]) == ("someone", "Jo Patel")
    assert "invite_person" not in found


async def test_a_request_worded_as_a_complaint_is_a_request_even_when_it_reads_like_a_question(participant):
    t = tracker("To tell you the truth I would sooner Jo Patel was not there at all, after the way she spoke to me.",
                intent="complain_about_professional", slots={"requested_slot": "professional_concern"})
    _, events = await run(ValidatePreparationForm(), t)
    assert (slot_events(events)["professional_concern"], slot_events(events)["professional_not_wanted"]) == ("someone", "Jo Patel")


async def test_a_choice_named_later_replaces_an_answer_typed_in_words(participant):
    t = tracker("the community centre then", slots={"requested_slot": "venue_avoid", "venue_choice": "somewhere near the school"})
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["venue_choice"] == "community_centre" and "venue_avoid" not in slot_events(events)
    t = tracker("the library then", slots={"requested_slot": "venue_avoid", "venue_choice": "family_centre"})
    _, events = await run(ValidatePreparationForm(), t)
    assert "venue_choice" not in slot_events(events)  # a choice already made stays until they change it


async def test_a_need_said_in_words_answers_its_own_yes_or_no_question(participant):
    t = tracker("i could do with a lift tbh, no car", slots={"requested_slot": "travel_help"})
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["travel_help"] == "yes"


async def test_a_correction_while_asked_the_next_question_changes_the_answer_before(participant):
    t = tracker("wait no only part of it, i got football after",
                slots={"requested_slot": "share_taking_part", "role": "young_person", "yp_privacy_ok": "ok",
                       "purpose_check": "family", "taking_part": "all"})
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events).get("taking_part") == "part"
    assert slot_events(events).get("share_taking_part") is None


async def test_someone_not_wanted_said_after_a_disclosure_is_kept(participant):
    t = tracker("and i dont want my uncle at the meeting", slots={"joined": True})
    messages, events = await run(ActionAnswerUnknown(), t)
    assert "uncle" in slot_events(events).get("not_invite")
    assert "uncle" in saved(participant)["not_invite"]
    assert [m.get("response") for m in messages] == ["utter_noted"]


async def test_someone_not_wanted_while_asked_yes_or_no_is_not_a_no(participant):
    t = tracker("and i don't want Denise there. that's the kids' gran on their mum's side",
                slots={"requested_slot": "has_reports"})
    _, events = await run(ValidatePreparationForm(), t)
    assert "has_reports" not in slot_events(events) and "Denise" in slot_events(events)["not_invite"]


async def test_an_answer_and_someone_to_invite_in_one_message_are_both_kept(participant):
    t = tracker("they're all fine. and put my mate Lee down too, he's like an uncle to them",
                slots={"requested_slot": "professional_concern"})
    messages, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["professional_concern"] == "fine"
    assert any("Lee" in str(m.get("name")) for m in messages)


async def test_when_the_flag_cannot_be_recorded_the_person_still_gets_the_safety_words_and_the_truth(participant, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database is gone")
    monkeypatch.setattr(repository, "raise_safeguarding_flag", broken)
    messages, _ = await run(ActionSafeguardingResponse(), tracker("my mums boyfriend hits me", intent="disclose_harm"))
    assert [m.get("response") for m in messages] == ["utter_safeguarding_not_recorded"]


async def test_carrying_on_after_the_summary_adds_nobody_and_says_nobody_was_added(participant):
    """The form checks filled answers again as it starts again: "Carry on with the questions" once
    added "Carry", and "Thanks, I've added Jordan" came again."""
    first = tracker("my mate Jordan", slots={"requested_slot": "invite_person"})
    await run(ValidatePreparationForm(), first)
    slots = {"invite_person": "Jordan", "invite_more": "no"}
    again = tracker("Carry on with the questions", intent="continue_preparation", slots=slots)
    again.events += [{"event": "slot", "name": name, "value": value} for name, value in slots.items()]
    messages, _ = await run(ValidatePreparationForm(), again)
    assert not [m for m in messages if m.get("response") == "utter_invite_person_added"]
    with unit_of_work() as session:
        assert [i.name for i in session.get(Participant, participant).invitees] == ["Jordan"]


async def test_someone_not_wanted_said_at_the_trusted_professional_question_is_private_not_trusted(participant):
    t = tracker("His mother's new boyfriend. I don't want him anywhere near it.",
                slots={"requested_slot": "trusted_professional"})
    _, events = await run(ValidatePreparationForm(), t)
    found = slot_events(events)
    assert "trusted_professional" not in found and "boyfriend" in found["not_invite"]


async def test_an_offer_of_a_lift_while_asked_about_help_getting_there_is_kept_as_an_offer(participant):
    t = tracker("i can give her mum a lift if that helps", slots={"requested_slot": "travel_help", "role": "friend"})
    _, events = await run(ValidatePreparationForm(), t)
    found = slot_events(events)
    assert "travel_help" not in found and found["help_offered"] == "i can give her mum a lift if that helps"


def not_wanted(participant_id: int) -> list[tuple[str, str]]:
    with unit_of_work() as session:
        return [(i.name, i.relationship_to) for i in session.get(Participant, participant_id).invitees if not i.wanted]


async def test_someone_not_wanted_is_kept_in_their_words_and_by_name(participant):
    t = tracker("and i don't want Denise there. that's the kids' gran on their mum's side",
                slots={"requested_slot": "has_reports"})
    await run(ValidatePreparationForm(), t)
    assert "kids' gran" in saved(participant)["not_invite"]
    assert not_wanted(participant) == [("Denise", "gran")]


async def test_no_to_the_not_invite_question_records_nobody(participant):
    t = tracker("no", intent="deny", slots={"requested_slot": "not_invite"})
    await run(ValidatePreparationForm(), t)
    assert saved(participant)["not_invite"] == "none" and not_wanted(participant) == []


@pytest.mark.parametrize("text, intent", [("and my sister Becks n her fella Dave", "inform"),
                                          ("yes and my sister Becks n her fella Dave", "affirm")])
async def test_two_people_named_at_anyone_else_are_both_added_and_thanked_for_once(participant, text, intent):
    t = tracker(text, intent=intent, slots={"requested_slot": "invite_more"})
    messages, _ = await run(ValidatePreparationForm(), t)
    assert [m.get("name") for m in messages if m.get("response") == "utter_invite_person_added"] == ["Becks", "Dave"]
    with unit_of_work() as session:
        names = [i.name for i in session.get(Participant, participant).invitees if i.wanted]
    assert names == ["Becks", "Dave"]


async def test_times_that_dont_work_said_with_the_place_are_kept_too(participant):
    t = tracker("the family centre, but i cant do mondays or fridays cos of work",
                slots={"requested_slot": "venue_choice"})
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["venue_choice"] == "family_centre"
    assert "mondays or fridays" in slot_events(events)["bad_times"]


async def test_a_part_named_in_words_is_changed_straight_away(participant):
    """ "can i change the times" names the part: its answers are asked again without a list to choose from."""
    messages, events = await run(ActionChangeAnswer(), tracker("can i change the times", intent="change_answer"))
    assert messages[0]["response"] == "utter_changing_topic"
    assert {"good_times", "bad_times"} <= set(slot_events(events))
    assert events[-1]["event"] == "followup" and events[-1]["name"] == "preparation_form"  # no dead end


async def test_a_second_complaint_just_after_the_first_is_added_to_the_note_in_a_few_words(participant):
    first = tracker("the social worker has already made her mind up about me", intent="complain_about_professional")
    messages, _ = await run(ActionNoteConcern(), first)
    assert messages[0]["response"] == "utter_concern_noted"
    again = tracker("she never even listens", intent="complain_about_professional")
    again.events[:0] = [{"event": "user", "text": "the social worker..."},
                        {"event": "action", "name": "action_note_concern"}]
    messages, _ = await run(ActionNoteConcern(), again)
    assert messages[0]["response"] == "utter_concern_noted_again"
    assert "listens" in saved(participant)["concern_about_professional"]


async def test_closing_the_list_and_naming_someone_not_wanted_does_both(participant):
    """ "Those are all. ... Gary ... should not be invited" ends "anyone else?" and keeps Gary, without "Those are all"."""
    t = tracker("Those are all. I must be clear that Gary, Callum's father, should not be invited under any circumstances.",
                slots={"requested_slot": "invite_more", "invite_person": "Agnieszka"})
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["invite_more"] == "no"
    assert saved(participant)["not_invite"].startswith("I must be clear that Gary")


async def test_no_more_but_not_darren_keeps_darren_without_the_but(participant):
    t = tracker("no more. but i dont want Darren there, he is boyfriend of my sister before, he make trouble",
                slots={"requested_slot": "invite_more", "invite_person": "Halina"})
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["invite_more"] == "no"
    assert saved(participant)["not_invite"] == "i dont want Darren there, he is boyfriend of my sister before, he make trouble"


async def test_a_complaint_typed_as_what_to_talk_about_is_that_answer_and_noted_quietly(participant):
    text = "Who Callum lives with during the week, and the points in the report that I believe are wrong."
    t = tracker(text, intent="complain_about_professional", slots={"requested_slot": "agenda_items"},
                active_loop={"name": "preparation_form"})
    messages, _ = await run(ActionNoteConcern(), t)
    assert messages == []  # the question's own "thanks" follows
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["agenda_items"] == text
    assert saved(participant)["concern_about_professional"] == text


async def test_wait_no_its_the_other_professional_changes_who_is_not_wanted(participant):
    """Jo was named as not wanted; "wait no its mr hughes i dont want. jo can come", typed at the next
    question, changes that to Mr Hughes, and the next question is asked again rather than answered."""
    with unit_of_work() as session:
        meeting = session.get(Participant, participant).meeting
        meeting.professionals.append(Professional(name="Mr Hughes", role="teacher"))
    t = tracker("wait no its mr hughes i dont want. jo can come",
                slots={"requested_slot": "venue_choice", "professional_concern": "someone",
                       "professional_not_wanted": "Jo Patel", "purpose_check": "understood", "has_reports": "yes",
                       "reports_understood": "yes", "wants_advocate": "no", "info_format": "fine"})
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["professional_not_wanted"] == "Mr Hughes"
    assert "venue_choice" not in slot_events(events) and "venue_choice_note" not in saved(participant)


@pytest.mark.parametrize("slot, text, value", [
    ("has_reports", "no nothings come thru yet. wats a report anyway like is this a court thing", "no"),
    ("venue_choice", "the library please. is it near a bus stop?", "library"),
])
async def test_an_answer_beside_a_question_is_kept(participant, slot, text, value):
    """The question gets its answer (a rule, before the form); the answer in the other sentence is kept."""
    answered = {"purpose_check": "understood", "has_reports": "yes", "reports_understood": "yes",
                "wants_advocate": "no", "info_format": "fine", "professional_concern": "fine"}
    slots = {k: v for k, v in list(answered.items())[:list(answered).index(slot)]} if slot in answered else answered
    t = tracker(text, intent="faq", slots={**slots, "requested_slot": slot})
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)[slot] == value


@pytest.mark.parametrize("text, response, term", [
    ("what mean half a day? like 4 hour?", None, None),  # in the glossary now: its meaning, as text
    ("what does zorbly mean", "utter_term_unknown_saved", "zorbly"),
    ("explain pls i dont get any of it honestly", "utter_question_saved", None),  # no word to quote back
])
async def test_a_word_asked_about_is_explained_or_named_never_the_whole_message(participant, text, response, term):
    messages, _ = await run(ActionExplainTerm(), tracker(text, intent="ask_meaning"))
    assert messages[0].get("response") == response and messages[0].get("term") == term


def _guessed_disclosure(text: str, **slots) -> Tracker:
    """A message only the classifier took for a disclosure, and not surely (0.6): no pattern, no "sure"."""
    t = tracker(text, intent="disclose_harm", slots=slots, active_loop={"name": "preparation_form"})
    t.latest_message["disclosure_likelihood"] = 0.6
    return t


async def test_an_offer_of_help_only_guessed_to_be_a_disclosure_is_taken_quietly_and_still_flagged(participant):
    t = _guessed_disclosure("i said before, school run. and kids can stay by me on weekend, friday to sunday",
                            role="wider_family", requested_slot="help_offered")
    messages, events = await run(ActionSafeguardingResponse(), t)
    assert messages == [] and events[-1] == {"event": "followup", "timestamp": None, "name": "preparation_form"}
    with unit_of_work() as session:
        assert [f.category for f in repository.safeguarding_flags(session)] == ["possible_concern"]


async def test_a_young_persons_worry_only_guessed_to_be_a_disclosure_still_gets_the_gentle_check(participant):
    t = _guessed_disclosure("i dont like it when he comes round", role="young_person", requested_slot="worries")
    messages, _ = await run(ActionSafeguardingResponse(), t)
    assert [m["response"] for m in messages] == ["utter_safety_check"]


async def test_agreeing_to_the_summary_after_a_question_in_between_sends_it(participant):
    """ "Is that right?", then "who will read this?", then "is all right. please send it"."""
    t = tracker("is all right. please send it", intent="nlu_fallback")
    t.events[:0] = [{"event": "user", "text": "show me"}, {"event": "action", "name": "action_show_summary"},
                    {"event": "bot", "text": "Is that right?", "metadata": {"utter_action": "utter_ask_confirm_summary"}},
                    {"event": "user", "text": "who will read this?"}, {"event": "action", "name": "action_explain_privacy"}]
    messages, _ = await run(ActionAnswerUnknown(), t)
    assert [m["response"] for m in messages] == ["utter_summary_confirmed"]
    with unit_of_work() as session:
        assert session.get(Participant, participant).confirmed_at is not None


async def test_a_message_not_understood_naming_someone_already_invited_still_gets_a_reply(participant):
    """At the summary: "Reverend is not a separate person, and Paul is the vicar, not my son" names Paul,
    invited already. Saying nothing would look like a failed action to the front end, which sends the
    message again, and the conversation waits behind it."""
    with unit_of_work() as session:
        repository.add_invitee(session, session.get(Participant, participant), "Paul", "son")
    text = "The list of people to invite is wrong. Reverend is not a separate person, and Paul is the vicar, not my son."
    messages, _ = await run(ActionAnswerUnknown(), tracker(text, intent="nlu_fallback", slots={"joined": True}))
    assert messages


async def test_ok_while_changing_an_answer_does_not_send_the_summary(participant):
    t = tracker("ok", intent="nlu_fallback")
    t.events[:0] = [{"event": "user", "text": "show me"}, {"event": "action", "name": "action_show_summary"},
                    {"event": "bot", "text": "Is that right?", "metadata": {"utter_action": "utter_ask_confirm_summary"}},
                    {"event": "user", "text": "i want to change who's invited"},
                    {"event": "action", "name": "action_change_answer"}]
    messages, _ = await run(ActionAnswerUnknown(), t)
    assert "utter_summary_confirmed" not in [m.get("response") for m in messages]


async def test_a_worry_that_got_the_safety_check_is_kept_with_the_reply_to_it(participant):
    """ "everyone arguing at home i guess. and that people will think i'm making things up" got "are you
    safe?"; "no nothing like that. just normal arguing about money" must not replace the worry."""
    t = tracker("no nothing like that. just normal arguing about money and stuff",
                slots={"role": "young_person", "requested_slot": "worries"}, active_loop={"name": "preparation_form"})
    t.events[:0] = [{"event": "user", "text": "everyone arguing at home i guess. and that people will think i'm making things up"},
                    {"event": "bot", "text": "Can I check I understood?", "metadata": {"utter_action": "utter_safety_check"}}]
    value = ValidatePreparationForm()._extract_answer("worries", t, CollectingDispatcher())["worries"]
    assert "making things up" in value and "money" in value


@pytest.mark.parametrize("text, intent, answered", [
    ("nope nothing yet. is this going to court?", "faq", True),
    ("nope nothing yet.", "faq", False),  # no question beside it
    # seen walking the Telegram front end: to "would you like an advocate?", not sure, and no question
    # about the meeting that the intent classifier heard: it got "not a done deal"
    ("nope nothing yet. dunno what they do really", "deny", False),
])
async def test_a_question_beside_an_answer_is_answered_when_the_selector_is_sure(participant, text, intent, answered):
    t = tracker(text, intent=intent, slots={"requested_slot": "has_reports", "purpose_check": "understood"})
    t.latest_message["response_selector"] = {"faq": {"ranking": [
        {"intent_response_key": "faq/court", "confidence": 0.9}, {"intent_response_key": "faq/stages", "confidence": 0.05}]}}
    messages, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["has_reports"] == "no"
    assert ("utter_faq/court" in [m.get("response") for m in messages]) is answered


async def test_a_word_asked_about_beside_an_answer_is_explained(participant):
    t = tracker("i think the family make plan? but what mean 'wider family'? i am the uncle", intent="inform",
                slots={"requested_slot": "purpose_check"})
    messages, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["purpose_check"] == "family"
    assert any((m.get("text") or "").startswith("Network:") for m in messages)


@pytest.mark.parametrize("text, said", [
    # seen walking the Telegram front end: it got what the meeting is for
    ("whats mr evans got to do with it?", "Mr Evans. Teacher: shares how the child is getting on at school"),
    ("who's jo patel", "Jo Patel. Social worker:"),
    ("can jo patel give me a lift?", None),  # about something else: the answer selector's answer
])
async def test_a_question_about_someone_on_the_list_says_who_they_are(database, text, said):
    from actions.questions import ActionAnswerQuestion
    with unit_of_work() as session:
        meeting = repository.create_meeting(session, "Smith family", "Amira",
                                            professionals=[("Jo Patel", "social_worker"), ("Mr Evans", "teacher")])
        sam = repository.add_participant(session, meeting, "Sam", "parent")
        repository.join_meeting(session, SENDER, sam.invite_code)
    t = tracker(text, intent="faq")
    t.latest_message["response_selector"] = {"faq": {"response": {"intent_response_key": "faq/cost_travel"}}}
    messages, _ = await run(ActionAnswerQuestion(), t)
    if said:
        assert [m["text"] for m in messages] == [m["text"] for m in messages if m["text"].startswith(said)] != []
    else:
        assert [m.get("response") for m in messages] == ["utter_faq/cost_travel"]


async def test_what_is_told_beside_a_question_is_kept_and_the_question_answered(participant):
    """Seen walking the local chat: the food question was answered and the Tuesdays were lost."""
    from actions.questions import ActionAnswerQuestion
    t = tracker("is there food at the meeting? i cant do tuesdays btw i have dialysis", intent="faq",
                slots={"joined": True, "requested_slot": "hopes"}, active_loop={"name": "preparation_form"})
    t.latest_message["response_selector"] = {"faq": {"response": {"intent_response_key": "faq/food"}}}
    messages, events = await run(ActionAnswerQuestion(), t)
    assert messages[0].get("response") == "utter_faq/food"
    assert slot_events(events)["bad_times"] == saved(participant)["bad_times"] == "i cant do tuesdays btw i have dialysis"
    assert "hopes" not in slot_events(events)


async def test_a_question_alone_keeps_nothing(participant):
    from actions.questions import ActionAnswerQuestion
    t = tracker("can i bring my nan? is there parking?", intent="faq", slots={"joined": True})
    t.latest_message["response_selector"] = {"faq": {"response": {"intent_response_key": "faq/access"}}}
    _, events = await run(ActionAnswerQuestion(), t)
    assert events == [] and saved(participant) == {}


async def test_times_told_while_asked_about_help_getting_in_are_kept_as_times_not_as_that_answer(participant):
    """Seen walking the Telegram front end: the times were saved as access needs."""
    t = tracker("weekdays after 3 when the kids are back. not mondays i work",
                slots={"requested_slot": "access_needs", "purpose_check": "understood"})
    _, events = await run(ValidatePreparationForm(), t)
    found = slot_events(events)
    assert found.get("access_needs") is None
    assert "mondays" in found["bad_times"] and "weekdays" in found["good_times"]


@pytest.mark.parametrize("text, kept", [
    ("weekends would be best for them, my sister works mon to fri", "weekends would be best for them, my sister works mon to fri"),
    ("same as me", "same"),
    ("Weekends", "weekend"),
])
async def test_when_the_people_invited_could_come_is_kept_as_that_not_as_ones_own_times(participant, text, kept):
    t = tracker(text, slots={"requested_slot": "invitees_times", "role": "parent", "invite_person": "Sue",
                             "good_times": "weekday_daytime"})
    _, events = await run(ValidatePreparationForm(), t)
    found = slot_events(events)
    assert found["invitees_times"] == kept and "good_times" not in found and "bad_times" not in found


@pytest.mark.parametrize("text, kept", [
    ("School runs", "school_runs"),
    ("i can do the school run on mondays and have them over saturdays", "i can do the school run on mondays and have them over saturdays"),
])
async def test_help_offered_by_a_button_or_in_ones_own_words(participant, text, kept):
    t = tracker(text, slots={"requested_slot": "help_offered", "role": "friend"})
    _, events = await run(ValidatePreparationForm(), t)
    assert slot_events(events)["help_offered"] == kept


async def test_a_parents_good_news_only_guessed_to_be_a_disclosure_is_their_answer_with_no_alert(participant):
    """What is going well and what they hope for go whole to the coordinator's page; a guess raises no flag."""
    for slot, text in (("going_well", "the twins sleepin in there own room now"), ("hopes", "more time 2gether")):
        t = _guessed_disclosure(text, role="parent", requested_slot=slot)
        messages, events = await run(ActionSafeguardingResponse(), t)
        assert messages == [] and events[-1] == {"event": "followup", "timestamp": None, "name": "preparation_form"}
    with unit_of_work() as session:
        assert repository.safeguarding_flags(session) == []


async def test_a_hope_with_a_word_of_harm_in_it_still_gets_the_gentle_check_and_a_flag(participant):
    t = _guessed_disclosure("for him to stop shouting at the kids", role="parent", requested_slot="hopes")
    messages, _ = await run(ActionSafeguardingResponse(), t)
    assert [m["response"] for m in messages] == ["utter_safety_check"]
    with unit_of_work() as session:
        assert [f.category for f in repository.safeguarding_flags(session)] == ["possible_concern"]


@pytest.mark.parametrize("text, visibility, reply", [
    ("the social worker can know but not my mum", "professionals", "utter_shared_with_professionals"),
    ("my family too", "everyone", "utter_shared_with_everyone"),
    ("just amira", "coordinator", "utter_shared_with_coordinator"),
])
async def test_a_young_persons_sharing_choice_sets_who_may_see_that_answer(participant, text, visibility, reply):
    with unit_of_work() as session:
        jo = session.get(Participant, participant)
        jo.role = "young_person"
        repository.save_preference(session, jo, "views", "worries", "moving school")
    t = tracker(text, slots={"requested_slot": "share_worries", "role": "young_person", "worries": "moving school"})
    messages, _ = await run(ValidatePreparationForm(), t)
    assert reply in [m["response"] for m in messages]
    with unit_of_work() as session:
        worries = next(p for p in session.get(Participant, participant).preferences if p.key == "worries")
        assert worries.visibility == visibility


async def test_a_parents_going_well_answer_only_guessed_to_be_a_disclosure_is_kept_as_the_answer_without_an_alert(participant):
    """Read whole on the page under "What is going well": no check and no flag on top of it."""
    t = _guessed_disclosure("the little ones sleep at mine again most nights", role="parent", requested_slot="going_well")
    messages, events = await run(ActionSafeguardingResponse(), t)
    assert messages == [] and events[-1] == {"event": "followup", "timestamp": None, "name": "preparation_form"}
    with unit_of_work() as session:
        assert repository.safeguarding_flags(session) == []


async def test_after_a_disclosure_a_plea_for_secrecy_gets_the_honest_answer_and_the_calm_reply_is_not_said_twice(participant):
    from actions.questions import ActionAfterDisclosure
    said = {"event": "user", "text": "he threw me into the wardrobe", "intent": {"name": "disclose_harm"}}
    events = [said, {"event": "action", "name": "action_safeguarding_response"}]

    async def reply(text: str, before: list[dict]) -> list[str]:
        message = {"text": text, "intent": {"name": "deny", "confidence": 0.9}}
        t = Tracker(SENDER, {}, message, [*before, {"event": "user", **message}], False, None, {}, "action_listen")
        messages, _ = await run(ActionAfterDisclosure(), t)
        return [m["response"] for m in messages]

    assert await reply("pls dont tell him", events) == ["utter_privacy_after_disclosure"]
    assert await reply("ok", events) == ["utter_after_disclosure"]
    calm = [{"event": "user", "text": "ok"},
            {"event": "bot", "text": "I'm here.", "metadata": {"utter_action": "utter_after_disclosure"}}]
    assert await reply("ok", [*events, *calm]) == ["utter_after_disclosure_again"]


async def test_a_plea_to_keep_it_secret_typed_after_the_gentle_check_is_taken_as_yes_not_safe(participant):
    from actions.safeguarding import ActionSafeguardingResponse
    check = [{"event": "user", "text": "ngl i wont be around anyway"},
             {"event": "bot", "text": "Can I check I understood?", "metadata": {"utter_action": "utter_safety_check"}}]
    message = {"text": "pls dont tell my mum", "intent": {"name": "faq", "confidence": 0.4}}
    t = Tracker(SENDER, {}, message, [*check, {"event": "user", **message}], False, None, {}, "action_listen")
    _, events = await run(ActionAnswerUnknown(), t)
    assert events[-1] == {"event": "followup", "name": "action_safeguarding_response", "timestamp": None}
    messages, events = await run(ActionSafeguardingResponse(), t)
    assert messages[0]["response"] != "utter_safety_check" and {"event": "slot", "name": "disclosed", "value": True,
                                                                  "timestamp": None} in events


async def test_a_plea_to_keep_it_secret_with_nothing_told_before_gets_who_sees_what(participant):
    message = {"text": "pls dont tell my mum", "intent": {"name": "faq", "confidence": 0.4}}
    t = Tracker(SENDER, {}, message, [{"event": "user", **message}], False, None, {}, "action_listen")
    _, events = await run(ActionAnswerUnknown(), t)
    assert events[-1] == {"event": "followup", "name": "action_explain_privacy", "timestamp": None}


def test_the_forms_read_and_check_every_question_of_the_catalogue_and_nothing_else():
    from actions.check_in import ValidateCheckInForm
    from bot.domain.preparation import INVITE_PERSON, QUESTIONS_BY_SLOT

    for form in (ValidatePreparationForm(), ValidateCheckInForm()):
        for slot in QUESTIONS_BY_SLOT:
            assert callable(getattr(form, f"extract_{slot}")) and callable(getattr(form, f"validate_{slot}"))
        # a question with rules of its own keeps its own method
        assert getattr(form, f"validate_{INVITE_PERSON.slot}").__func__ is ValidatePreparationForm.validate_invite_person
        for name in ("extract_no_such_question", "validate_requested_slot", "tidy_" + INVITE_PERSON.slot):
            assert not hasattr(form, name)


@contextmanager
def participant_queries():
    """The statements that read the participants table inside the block."""
    engine, queries = engine_for(None), []

    def seen(conn, cursor, statement, *_):
        if statement.lstrip().upper().startswith("SELECT") and "FROM participants" in statement:
            queries.append(statement)
    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield queries
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def test_saving_an_answer_reads_the_person_once_and_the_answer_is_theirs(participant):
    """The unit of work keeps the row it found for the chat, so the write does not load it again
    (the session alone holds rows weakly)."""
    with participant_queries() as queries:
        assert chat.save_answer(SENDER, VENUE_CHOICE.topic, VENUE_CHOICE.slot, "library", "coordinator")
    assert len(queries) == 1
    assert chat.my_answers(SENDER).answer(VENUE_CHOICE.slot).value == "library"
    assert chat.my_answers("tg-nobody") is None


async def test_a_turn_of_the_questions_reads_whether_the_chat_joined_once(participant):
    """rasa-sdk asks the form for its slots three times a turn; the database is asked once."""
    t = tracker("what's a section 20?", intent="ask_meaning", slots={"requested_slot": VENUE_CHOICE.slot})
    with participant_queries() as queries:
        await run(ValidatePreparationForm(), t)
    assert len(queries) == 1
