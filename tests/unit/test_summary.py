import pytest

from bot.domain.summary import agrees, summary_lines, summary_text


def test_summary_lists_answers_in_words_grouped_by_topic():
    text = summary_text(summary_lines(
        {"purpose_check": "understood", "venue_choice": "library", "venue_avoid": "school", "good_times": "any"},
        invitees=["Sue (sister)"],
    ))
    assert text.index("What the meeting is for") < text.index("Where it happens") < text.index("Who to invite")
    assert "Place: Library" in text
    assert "Places to avoid: The children's school" in text  # not "Not at: Not the children's school"
    assert "People to invite: Sue (sister)" in text
    assert "What the meeting is for: The family makes the plan, with help" in text  # not the label twice


def test_own_words_appear_as_typed():
    text = summary_text(summary_lines({"agenda_items": "help with school runs"}, invitees=[]))
    assert "help with school runs" in text


def test_nothing_said_gives_an_empty_summary():
    assert summary_text(summary_lines({}, invitees=[])) == ""


@pytest.mark.parametrize("text, agreed", [
    ("ok good. everything correct now, you can give to Amira", True), ("is all right. please send it", True),
    ("yes, send my answers to the coordinator", True), ("its not right", False),
    ("send it but change the times", False), ("u missed dean", False), ("hmm", False),
])
def test_agreeing_to_the_summary_in_ones_own_words(text, agreed):
    assert agrees(text) is agreed


def test_any_answer_to_any_question_can_be_confirmed_in_words():
    """An answer saved while another question was asked, or changed after ("no wait, only the
    coordinator"), is confirmed with its label: a sharing choice crashed the chat once (KeyError)."""
    from bot.domain.preparation import QUESTIONS_BY_SLOT
    from bot.domain.summary import noted_words
    for slot, question in QUESTIONS_BY_SLOT.items():
        for value in [*question.choices, "yes", "my own words"]:
            assert ": " in noted_words(slot, value)
    assert noted_words("share_taking_part", "coordinator") == "Who sees 'How you'd like to take part': Only the coordinator"


def test_the_chat_and_the_page_read_one_persons_summary_the_same_way():
    """One function for both, so "Nan" is never "Nan (nan)" on the page and the sharing choice shows on both."""
    from bot.domain.summary import person_summary
    lines = person_summary({"worries": ("school", "coordinator"), "share_worries": ("coordinator", "coordinator")},
                           [("Nan", "nan"), ("Linda", "mum"), ("Jo", None)], "young_person")
    said = {line.label: line.answer for line in lines}
    assert "Nan, Linda (mum), Jo" in said.values()
    assert any(answer.startswith("school (") for answer in said.values())
