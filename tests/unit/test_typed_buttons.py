"""Typing a button's words is pressing it (both front ends: bot.telegram.relay.typed_button)."""
import pytest

from bot.replies import Button
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
