"""Typing a button's words is pressing it (both front ends: bot.telegram.relay.typed_button)."""
import pytest

from bot.domain.preparation import TOPIC_TITLES, topics_for
from bot.chat.replies import Button
from bot.telegram.relay import typed_button

SECTIONS = [Button("Who is coming", "/a"), Button("When, and what would help", "/b"),
            Button("Carry on with the questions", "/c"), Button("Yes, send it", "/affirm")]


@pytest.mark.parametrize("typed, payload", [
    ("When, and what would help", "/b"), ("when and what would help", "/b"), ("carry on with the questions", "/c"),
    ("Yes send it please", "/affirm"), ("yes, send it. thanks", "/affirm"), ("WHO IS COMING", "/a"),
])
def test_a_buttons_words_with_nothing_more_than_thanks_press_it(typed, payload):
    assert typed_button(typed, SECTIONS).payload == payload


@pytest.mark.parametrize("typed", [
    "who is coming from the school?", "yes", "carry on", "yes send it but change the times first", "", "!!",
])
def test_anything_more_or_less_is_typed_text(typed):
    assert typed_button(typed, SECTIONS) is None


PARTS = [Button(TOPIC_TITLES[t], f'/change_answer{{"topic":"{t}"}}') for t in topics_for("parent")]


@pytest.mark.parametrize("typed, topic", [
    ("the bit about where", "venue"), ("can i change the times", "timing"), ("the people from work", "attendees"),
    ("i want to add my aunt to the invites", "invite"), ("the safety one", "safety"), ("food", "timing"),
    ("who makes the plan", "purpose"), ("the reports bit", "reports"), ("what we talk about", "agenda"),
])
def test_the_part_to_change_can_be_named_in_ones_own_words(typed, topic):
    assert typed_button(typed, PARTS).payload == f'/change_answer{{"topic":"{topic}"}}'


@pytest.mark.parametrize("typed", ["nothing", "idk", "ok", "the other one"])
def test_words_that_name_no_part_press_nothing(typed):
    assert typed_button(typed, PARTS) is None


def test_own_words_press_only_the_parts_to_change_not_other_buttons():
    assert typed_button("the bit about where", SECTIONS) is None
