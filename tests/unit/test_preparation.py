import pytest

from bot.domain.preparation import (
    NOT_SURE,
    QUESTIONS,
    describe,
    looks_like_question,
    questions_to_ask,
    read_answer,
    slots_of_topic,
)


def test_questions_start_with_the_purpose_and_end_with_safety():
    slots = questions_to_ask({})
    assert slots[0] == "purpose_check"
    assert slots[-1] == "safety_worry"


def test_follow_up_questions_are_asked_only_when_they_apply():
    assert "reports_understood" not in questions_to_ask({"has_reports": "no"})
    assert "reports_understood" in questions_to_ask({"has_reports": "yes"})
    assert "split_meeting" in questions_to_ask({"safety_worry": "yes"})
    assert "professional_not_wanted" in questions_to_ask({"professional_concern": "someone"})
    assert "professional_not_wanted" not in questions_to_ask({"professional_concern": "fine"})


def test_answered_questions_are_not_asked_again():
    remaining = questions_to_ask({"purpose_check": "family", "going_well": "the kids are settled at school",
                                  "hopes": "nothing", "has_reports": "no"})
    assert remaining[0] == "wants_advocate"


def test_a_question_is_not_taken_as_an_answer():
    assert read_answer("venue_choice", "ask_meaning", None, "what's a section 20?") is None
    assert read_answer("venue_choice", "faq", None, "can my nan come") is None
    assert read_answer("venue_choice", "nlu_fallback", None, "hmm what?") is None
    assert read_answer("venue_choice", "help", None, "help") is None


def test_a_button_choice_is_kept_as_its_code():
    assert read_answer("venue_choice", "inform", "library", '/inform{"choice":"library"}').value == "library"


def test_a_button_choice_wins_even_if_the_intent_looks_like_a_question():
    assert read_answer("venue_choice", "faq", "library", '/inform{"choice":"library"}').value == "library"


def test_yes_no_and_not_sure_become_plain_values():
    assert read_answer("has_reports", "affirm", None, "yeah i have").value == "yes"
    assert read_answer("has_reports", "deny", None, "nope").value == "no"
    assert read_answer("has_reports", "not_sure", None, "dunno").value == "not_sure"
    assert read_answer("has_reports", "skip", None, "skip").value == "skipped"


def test_typing_a_choice_counts_as_that_choice():
    assert read_answer("venue_choice", "inform", None, "Library").value == "library"
    assert read_answer("good_times", "inform", None, "weekends").value == "weekend"


def test_own_words_are_kept_as_typed_but_tidied():
    answer = read_answer("venue_choice", "inform", None, "  the   scout hut on   Mill Lane ")
    assert answer.value == "the scout hut on Mill Lane"


def test_very_long_answers_are_cut_to_a_safe_length():
    assert len(read_answer("agenda_items", "inform", None, "x" * 20000).value) == 1000


def test_an_unknown_choice_code_from_a_forged_button_is_not_trusted():
    answer = read_answer("venue_choice", "inform", "drop_tables", "/inform")
    assert answer is None


def test_every_topic_has_questions_and_every_choice_has_words():
    for question in QUESTIONS:
        assert slots_of_topic(question.topic, min(question.roles) if question.roles else None)
        for code in question.choices:
            assert describe(question.slot, code) != code


def test_a_typed_yes_or_no_to_a_yes_no_question_counts_as_yes_or_no():
    assert read_answer("has_reports", "inform", None, "yeah got them last week").value == "yes"
    assert read_answer("childcare", "inform", None, "nah im ok").value == "no"


def test_an_answer_in_own_words_is_kept_even_if_it_sounds_like_yes():
    assert read_answer("food_needs", "affirm", None, "halal please").value == "halal please"
    # "no" to an open question with a "nothing" choice is that choice (was kept as the word "no")
    assert read_answer("access_needs", "deny", None, "no").value == "none"


def test_not_sure_and_not_yet_are_read_as_such():
    assert read_answer("has_reports", "inform", None, "not sure tbh").value == "not_sure"
    assert read_answer("has_reports", "inform", None, "not yet no").value == "no"


def test_a_short_answer_the_model_mistakes_for_a_question_is_still_an_answer():
    assert read_answer("not_invite", "faq", None, "my ex").value == "my ex"
    assert read_answer("food_needs", "out_of_scope", None, "pizza").value == "pizza"
    assert read_answer("venue_choice", "nlu_fallback", None, "the hall by the park").value == "the hall by the park"


def test_question_wording_is_recognised():
    assert looks_like_question("can my nan come")
    assert looks_like_question("section 20??")
    assert looks_like_question("whats PLO")
    assert looks_like_question("i dont know what safeguarding means")
    assert not looks_like_question("my ex")
    assert not looks_like_question("monday or tuesday mornings")


def test_wider_family_and_friends_are_asked_what_help_they_could_offer_and_parents_are_not():
    from bot.domain.preparation import questions_to_ask
    assert "help_offered" in questions_to_ask({}, "friend") and "help_offered" in questions_to_ask({}, "wider_family")
    assert "help_offered" not in questions_to_ask({}, "parent")


def test_parents_start_with_what_is_going_well_and_the_network_skips_reports_and_rights():
    parent = questions_to_ask({"purpose_check": "family"}, "parent")
    assert parent[:3] == ["going_well", "hopes", "has_reports"]
    for role in ("friend", "wider_family"):
        asked = questions_to_ask({}, role)
        assert not {"has_reports", "reports_understood", "wants_advocate", "going_well", "hopes"} & set(asked)
        assert "info_format" in asked and "help_offered" in asked


def test_anyone_who_invites_someone_is_asked_when_those_people_could_come():
    for role in ("parent", "friend", "young_person"):
        assert "invitees_times" in questions_to_ask({"invite_person": "Sue", "invite_more": "no"}, role)
        assert "invitees_times" not in questions_to_ask({"invite_person": "none"}, role)
    order = questions_to_ask({"invite_person": "Sue"}, "parent")
    assert order.index("invite_more") < order.index("invitees_times") < order.index("trusted_professional")


def test_an_unsure_reply_that_says_more_is_kept_in_its_words_where_words_are_the_answer():
    assert read_answer("invitees_times", "not_sure", None, "dunno, after school probs").value == "dunno, after school probs"
    assert read_answer("invitees_times", "not_sure", None, "not sure, ill ask them").value == NOT_SURE
    assert read_answer("has_reports", "not_sure", None, "dunno, maybe").value == NOT_SURE


def test_a_young_person_is_shown_who_is_coming_and_asked_about_feeling_safe_a_break_and_private_family_time():
    first = questions_to_ask({}, "young_person")
    assert first[:4] == ["yp_privacy_ok", "purpose_check", "professional_concern", "taking_part"]
    coming = questions_to_ask({"taking_part": "part", "share_taking_part": "coordinator"}, "young_person")
    for slot in ("views_told_by", "family_time_join", "safety_worry", "break_signal", "support_person",
                 "trusted_professional"):
        assert slot in coming, slot
    assert coming.index("hopes") < coming.index("safety_worry") < coming.index("break_signal")
    # not coming: no break signal, nobody to sit beside, no private family time; their views still told
    away = questions_to_ask({"taking_part": "send_views"}, "young_person")
    assert "views_told_by" in away and not {"family_time_join", "break_signal", "support_person"} & set(away)
    assert "split_meeting" not in questions_to_ask({"safety_worry": "yes"}, "young_person")


@pytest.mark.parametrize("slot, text, value", [
    ("break_signal", "put my hand up", "card"), ("break_signal", "just walk out lol", "leave"),
    ("views_told_by", "my nan", "my nan"), ("views_told_by", "ill do it myself", "me"),
    ("family_time_join", "yeah", "yes"), ("family_time_join", "some of it", "part"),
])
def test_a_young_persons_own_words_for_the_new_questions(slot, text, value):
    assert read_answer(slot, "inform", None, text).value == value


def test_getting_ready_for_private_family_time_comes_after_the_agenda_for_every_adult():
    for role in ("parent", "wider_family", "friend"):
        order = questions_to_ask({}, role)
        assert order.index("ground_rules") < order.index("plan_ideas") < order.index("plan_writer") < order.index("safety_worry")
    assert "plan_ideas" not in questions_to_ask({}, "young_person")  # asked whether they want to be in it instead


@pytest.mark.parametrize("text, value", [
    ("me", "me"), ("i can do it", "me"), ("im no good at writing", "help"), ("my sister is good at that", "my sister is good at that"),
])
def test_who_writes_the_plan_in_their_own_words(text, value):
    assert read_answer("plan_writer", "inform", None, text).value == value


def test_a_second_choice_named_is_kept_in_the_words_beside_the_first():
    from bot.domain.preparation import says_more
    assert says_more("good_times", "after_school", "after school or saturdays")  # seen in a walk: saturdays lost
    assert not says_more("good_times", "after_school", "after school pls")


@pytest.mark.parametrize("text, value", [
    ("yes", "working"), ("its going ok", "working"), ("fine", "working"),
    ("sort of", "partly"), ("kinda", "partly"), ("yes mostly", "partly"),
    ("no", "not_working"), ("not ok", "not_working"), ("its a mess tbh", "not_working"),
    # told in a sentence: every word kept for the coordinator, not folded into a yes
    ("sort of. nan has the kids tuesdays like we said but my ex hasnt done any of the school runs",
     "sort of. nan has the kids tuesdays like we said but my ex hasnt done any of the school runs"),
])
def test_is_the_plan_working_is_read_from_short_replies_and_kept_in_words_when_more_is_said(text, value):
    for kind in ("check_in", "before_review"):
        assert read_answer(f"{kind}_plan_working", intent="inform", choice=None, text=text).value == value


@pytest.mark.parametrize("text, value", [
    ("not my mum. just the social worker n that", "professionals"),  # "not" and "just" only lean
    ("nah keep it private", "coordinator"), ("just my nan", "everyone"), ("only the coordinator", "coordinator"),
    ("wait does that mean my mum can see what i say here?", None),  # a question, to answer first
])
def test_who_may_see_an_answer_is_read_from_who_is_named(text, value):
    answer = read_answer("share_taking_part", intent="privacy", choice=None, text=text)
    assert (answer.value if answer else None) == value


@pytest.mark.parametrize("text", ["only if my ex turns up", "depends if his dad comes"])
def test_a_worry_that_depends_on_someone_is_a_yes_with_the_words_kept(text):
    from bot.domain.preparation import says_more
    assert read_answer("safety_worry", intent="inform", choice=None, text=text).value == "yes"
    assert says_more("safety_worry", "yes", text)


def test_a_ground_rule_of_the_familys_own_is_kept_in_their_words_not_matched_by_meaning():
    # the sentence encoder found "no judging people" closest to "No shouting"
    answer = read_answer("ground_rules", intent="inform", choice=None, text="no judging people", meaning="no_shouting")
    assert answer.value == "no judging people"
    assert read_answer("ground_rules", intent="inform", choice=None, text="no shouting").value == "no_shouting"
