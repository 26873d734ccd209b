"""Understanding in the middle of a conversation, through the real Rasa and action servers: at most
one fallback reply, answers checked against their question, answers given before their question,
questions about being a bot, and complaints that are not disclosures. Written by the developers (the
persona scripts in tests/conversations are the blind evaluation)."""
from __future__ import annotations

import pytest

from conversations.driver import RestChannel, Script, play, transcript

JOIN_TO_VENUE = [  # a parent who reaches the venue question by tapping buttons
    "join", {"press": "The family"}, {"press": "Nothing right now"}, {"press": "Not sure yet"}, {"press": "No, not yet"}, {"press": "No thanks"}, {"press": "English"},
    {"press": "They are all fine"},
]


async def _play(stack, script: Script):
    channel = RestChannel(stack.ports.rasa)
    try:
        result = await play(channel, script)
    finally:
        await channel.close()
    assert result.passed, "\n".join(result.problems) + "\n\n" + transcript(result)
    return result


async def test_a_short_reply_after_a_disclosure_gets_one_calm_answer(stack):
    await _play(stack, Script("after_disclosure", "parent", turns=[
        "join",
        {"say": "my partner hits me and I'm scared for the kids", "expect": {"safeguarding": True}},
        {"say": "ok", "expect": {"says": ["utter_after_disclosure"], "fallback": False}},
        {"say": "thanks", "expect": {"safeguarding": False, "fallback": False}},
    ], flags=1))


async def test_a_reply_that_means_nothing_here_gets_one_fallback_before_joining(stack):
    result = await _play(stack, Script("not_joined", "parent", turns=[
        {"say": "ok"}, {"say": "hmm"}, {"say": "qwhjk"},
    ]))
    assert all(turn.fallback_count() <= 1 for turn in result.turns)


async def test_times_given_while_asked_about_the_venue_are_kept_and_the_venue_asked_again(stack):
    await _play(stack, Script("times_early", "parent", turns=JOIN_TO_VENUE + [
        {"say": "I can't do Tuesdays, I've got dialysis", "expect": {"mentions": ["tuesday"], "asks": "venue_choice"}},
        {"say": "the library would be good", "expect": {"asks": "venue_avoid"}},
    ], saved=[{"key": "bad_times", "contains": "tuesday"}, {"key": "venue_choice", "value": "library"}],
        not_saved=[{"key": "venue_choice", "contains": "tuesday"}]))


async def test_a_yes_or_no_question_answered_otherwise_is_asked_once_more_and_the_words_kept(stack):
    await _play(stack, Script("yes_or_no", "parent", turns=JOIN_TO_VENUE + [
        {"press": "Community centre"}, {"press": "Nowhere in particular"},
        {"say": "the bus stops right outside", "expect": {"mentions": ["yes or no"], "asks": "venue_safe"}},
        {"say": "yes", "expect": {"asks": "access_needs"}},
    ], saved=[{"key": "venue_safe", "value": "yes"}, {"key": "note", "contains": "bus stops"}]))


@pytest.mark.parametrize("text, reply", [
    ("are you a real person?", ["automated", "not a person"]),
    ("is this a court case", ["court"]),
    ("will there be food", ["food"]),
])
async def test_questions_get_their_own_answer_and_the_question_comes_back(stack, text, reply):
    await _play(stack, Script(f"question_{reply[0]}", "parent", turns=[
        "join", {"say": text, "expect": {"mentions": [reply], "asks": "purpose_check"}},
    ]))


async def test_a_complaint_about_a_professional_is_noted_not_flagged(stack):
    await _play(stack, Script("complaint", "parent", turns=[
        "join",
        {"say": "the social worker talks down to me every time, I feel judged", "expect": {"safeguarding": False,
                                                                                          "asks": "purpose_check"}},
    ], saved=[{"key": "concern_about_professional", "contains": "judged"}], flags=0))


async def test_after_a_message_the_questions_could_not_use_the_next_answer_is_still_taken(stack):
    """Rasa stops going back to a form that turned a message down; the fallback starts it afresh."""
    await _play(stack, Script("after_fallback", "parent", turns=JOIN_TO_VENUE[:5] + [
        {"say": "zxqv plimf", "expect": {"asks": "wants_advocate"}},
        {"say": "no", "expect": {"asks": "info_format", "fallback": False}},
        {"say": "english is fine", "expect": {"asks": "professional_concern", "fallback": False}},
    ], saved=[{"key": "wants_advocate", "value": "no"}, {"key": "info_format", "value": "fine"}]))


async def test_a_question_typed_while_a_choice_is_asked_is_answered_and_the_choice_asked_again(stack):
    await _play(stack, Script("question_at_a_choice", "parent", turns=JOIN_TO_VENUE[:5] + [
        {"say": "r u a bot", "expect": {"mentions": ["automated"], "asks": "wants_advocate"}},
        {"say": "hmm", "expect": {"asks": "wants_advocate", "fallback": False}},
        {"say": "nah", "expect": {"asks": "info_format"}},
    ], saved=[{"key": "wants_advocate", "value": "no"}], not_saved=[{"key": "note", "contains": "hmm"}]))


async def test_a_person_said_in_passing_is_kept_even_when_the_model_cannot_place_the_message(stack):
    await _play(stack, Script("person_in_passing", "parent", turns=JOIN_TO_VENUE[:5] + [
        {"say": "n my gran 2", "expect": {"mentions": ["gran"], "asks": "wants_advocate", "fallback": False}},
        {"say": "no", "expect": {"asks": "info_format"}},
    ], saved=[{"key": "invitee", "value": "Gran"}, {"key": "wants_advocate", "value": "no"}]))


async def test_a_parent_who_says_they_dont_need_a_meeting_is_heard_then_asked_again(stack):
    await _play(stack, Script("reluctant", "parent", turns=[
        "join",
        {"say": "i dont need a meeting, my kids are fine. this is rediculous",
         "expect": {"says": ["utter_purpose_feelings", "utter_purpose_simpler"], "safeguarding": False}},
        {"say": "the family then", "expect": {"says": ["utter_purpose_right"]}},
    ], saved=[{"key": "purpose_check", "value": "understood"}]))


async def test_a_young_person_asking_who_sees_an_answer_is_told_before_choosing(stack):
    await _play(stack, Script("who_sees", "young_person", turns=[
        "join", {"press": "OK, got it"}, {"press": "The family"}, {"say": "yeah there fine"},
        {"say": "ill come i guess", "expect": {"asks": "share_taking_part"}},
        {"say": "wait does that mean my mum can see what i say here?",
         "expect": {"says": ["utter_privacy"], "asks": "share_taking_part"}},
        {"say": "not my mum. just the social worker n that", "expect": {"says": ["utter_shared_with_professionals"]}},
    ], saved=[{"key": "share_taking_part", "value": "professionals"}]))
