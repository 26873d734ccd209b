from bot.domain.summary import summary_lines, summary_text


def test_summary_lists_answers_in_words_grouped_by_topic():
    text = summary_text(summary_lines(
        {"purpose_check": "understood", "venue_choice": "library", "venue_avoid": "school", "good_times": "any"},
        invitees=["Sue (sister)"],
    ))
    assert text.index("What the meeting is for") < text.index("Where it happens") < text.index("Who to invite")
    assert "Place: Library" in text
    assert "Places to avoid: The children's school" in text  # not "Not at: Not the children's school"
    assert "People to invite: Sue (sister)" in text
    assert "Knows what the meeting is for" in text


def test_own_words_appear_as_typed():
    text = summary_text(summary_lines({"agenda_items": "help with school runs"}, invitees=[]))
    assert "help with school runs" in text


def test_nothing_said_gives_an_empty_summary():
    assert summary_text(summary_lines({}, invitees=[])) == ""
