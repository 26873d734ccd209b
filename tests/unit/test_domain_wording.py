"""What people read lives in domain.yml; these check it covers every role and every question."""
import re

import yaml

from bot.domain.preparation import CHECK_IN_QUESTIONS, QUESTIONS, QUESTIONS_BY_SLOT, YOUNG_PERSON_QUESTIONS
from bot.store.db import PROJECT_ROOT

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
RESPONSES = DOMAIN["responses"]


def roles_worded_for(name: str) -> set:
    return {c["value"] for v in RESPONSES[name] for c in v.get("condition", []) if c["name"] == "role"}


def test_parents_friends_and_young_people_are_welcomed_in_their_own_words():
    assert {"parent", "friend", "young_person"} <= roles_worded_for("utter_welcome")
    assert any("condition" not in variation for variation in RESPONSES["utter_welcome"])  # wider family


def test_every_question_has_wording_and_the_form_asks_for_every_slot():
    required = set(DOMAIN["forms"]["preparation_form"]["required_slots"])
    check_ins = {q.slot for questions in CHECK_IN_QUESTIONS.values() for q in questions}
    assert set(QUESTIONS_BY_SLOT) - check_ins == required
    assert set(DOMAIN["forms"]["check_in_form"]["required_slots"]) == check_ins
    for slot in QUESTIONS_BY_SLOT:
        assert f"utter_ask_{slot}" in RESPONSES or f"action_ask_{slot}" in DOMAIN["actions"], slot


def test_the_answers_slots_and_questions_are_in_the_order_of_the_question_catalogue():
    """A reader of domain.yml meets the questions in the order the catalogue (and the chat) has them."""
    answers = [slot for slot in DOMAIN["slots"] if slot in QUESTIONS_BY_SLOT]
    asked = [name[len("utter_ask_"):] for name in RESPONSES if name[len("utter_ask_"):] in QUESTIONS_BY_SLOT]
    assert answers == asked == list(QUESTIONS_BY_SLOT)


def test_questions_young_people_share_with_adults_are_reworded_for_them():
    shared = {q.slot for q in YOUNG_PERSON_QUESTIONS} & {q.slot for q in QUESTIONS}
    for slot in shared - {"purpose_check", "invite_more"}:  # these two read well for every age
        assert "young_person" in roles_worded_for(f"utter_ask_{slot}"), slot


def test_every_button_choice_is_one_the_question_understands():
    for slot, question in QUESTIONS_BY_SLOT.items():
        for variation in RESPONSES.get(f"utter_ask_{slot}", []):
            for button in variation.get("buttons", []):
                choice = re.search(r'"choice":"(\w+)"', button["payload"])
                if choice:
                    assert choice.group(1) in question.choices, (slot, choice.group(1))


def test_no_two_conditional_variations_of_a_response_can_match_at_once():
    """Rasa picks at random among the variations whose conditions hold: a re-ask ("Who is it?") must
    not lose to the young person's wording of the question."""
    import itertools
    responses = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())["responses"]
    for name, variants in responses.items():
        conditions = [{c["name"]: c["value"] for c in v["condition"]} for v in variants if v.get("condition")]
        for a, b in itertools.combinations(conditions, 2):
            assert any(slot in b and b[slot] != value for slot, value in a.items()), (name, a, b)


def test_the_privacy_words_say_what_really_happens_for_every_role():
    """Issue 14: the coordinator reads each answer at once (not 'when you agree'), answers are kept the
    configured number of days after the meeting (not 'deleted after the meeting'), and Telegram carries
    the messages; the young person's version says all three too."""
    variations = RESPONSES["utter_privacy"]
    assert roles_worded_for("utter_privacy") == {"young_person"}
    assert len(variations) == 2
    for variation in variations:
        text = variation["text"]
        assert re.search(r"can read (your|each) answers? (straight away|as soon as)", text), text
        assert "deleted {keep_days} days after the meeting" in text
        assert "Telegram carries these messages" in text
        assert "/forget" in text
        assert not re.search(r"nobody else|no one else|when you agree", text, re.I), text


def test_every_question_says_how_its_answer_is_read_back_and_only_its_own_choices_are_reworded():
    for slot, question in QUESTIONS_BY_SLOT.items():
        assert question.label, slot
        assert set(question.read_back) <= set(question.choices) | {"no", "none", "understood", "needs_more_explanation"}, slot
