from datetime import datetime

from bot.domain.consolidation import consolidate
from bot.domain.records import Asked, Flag, MeetingRecord, Person, Said, Sent, Suggested

JOINED = datetime(2026, 11, 1, 9, 0)


def said(key, value, topic="x", visibility="coordinator", when=None):
    return Said(topic, key, value, visibility, when)


def meeting(*people, flags=()):
    return MeetingRecord(1, "Smith family", "family group conference", None, "Amira",
                         (("Jo Patel", "social_worker"),), tuple(people), tuple(flags))


SAM = Person(1, "Sam", "parent", JOINED, said=(
    said("venue_choice", "library"), said("venue_avoid", "school"), said("venue_safe", "no"),
    said("good_times", "weekday_evening"), said("interpreter", "Polish"), said("childcare", "yes"),
    said("wants_advocate", "no"), said("agenda_items", "Getting the kids to school on time"),
    said("ground_rules", "no_shouting"), said("safety_worry", "yes"), said("split_meeting", "yes"),
    said("not_invite", "Uncle Bob", visibility="private"),
), suggested=(Suggested("Sue", "sister"),), asked=(Asked("What is a zorb order?"),))
PAT = Person(2, "Pat", "wider_family", JOINED, said=(
    said("venue_choice", "Library"), said("venue_avoid", "none"), said("good_times", "tuesday evenings"),
    said("access_needs", "wheelchair"), said("info_format", "fine"), said("travel_help", "yes"),
    said("ground_rules", "no_shouting"),
), suggested=(Suggested("SUE", "aunt"),))
KIM = Person(3, "Kim", "friend")


def test_urgent_flags_come_first_and_name_who_they_are_about():
    flags = (Flag(1, "self_harm", datetime(2026, 11, 2), 1, handled_at=datetime(2026, 11, 3), handled_by="Amira"),
             Flag(2, "domestic_abuse", datetime(2026, 11, 1), 2),
             Flag(3, "neglect", datetime(2026, 11, 4), 9))
    view = consolidate(meeting(SAM, PAT, flags=flags))
    assert [f.id for f in view.flags] == [3, 2, 1]
    assert [f.id for f in view.urgent_flags] == [3, 2]
    assert view.flags[1].who == "Pat" and view.flags[1].category == "domestic abuse"
    assert "deleted" in view.flags[0].who


def test_venue_choices_are_counted_whatever_the_case_with_places_not_wanted():
    view = consolidate(meeting(SAM, PAT, KIM))
    assert [(c.words, c.who) for c in view.venues] == [("Library", ("Sam", "Pat"))]
    assert [(c.words, c.who) for c in view.places_not_wanted] == [("Not the children's school", ("Sam",))]


def test_access_and_safety_needs_are_listed_with_who_said_them():
    words = [(m.who, m.words) for m in consolidate(meeting(SAM, PAT)).access_and_safety]
    assert ("Pat", "Access: wheelchair") in words
    assert ("Sam", "Worried about safety at the meeting; would like separate meetings") in words
    assert any(who == "Sam" and "feel safe" in text for who, text in words)


def test_times_show_the_overlap_and_who_has_not_said():
    view = consolidate(meeting(SAM, PAT, KIM))
    assert view.times.everyone_can[0].label == "Tuesday evening"
    assert view.times.not_known == ("Kim",)


def test_the_invite_list_merges_the_same_person_and_keeps_requests_apart():
    view = consolidate(meeting(SAM, PAT))
    [sue] = view.invitees
    assert sue.suggested_by == ("Sam", "Pat") and sue.relationships == ("sister", "aunt")
    [request] = view.private_requests
    assert (request.asked_by, request.about, request.visibility) == ("Sam", "Uncle Bob", "private")


def test_needs_list_only_what_someone_needs():
    needs = [(n.kind, n.who, n.detail) for n in consolidate(meeting(SAM, PAT)).needs]
    assert needs == [("Interpreter or language", "Sam", "Polish"), ("Access", "Pat", "wheelchair"),
                     ("Childcare", "Sam", ""), ("Help with travel", "Pat", "")]


def test_agenda_ground_rules_and_open_questions_are_gathered():
    view = consolidate(meeting(SAM, PAT))
    assert [(m.who, m.words) for m in view.agenda] == [("Sam", "Getting the kids to school on time")]
    assert [(c.words, c.who) for c in view.ground_rules] == [("No shouting", ("Sam", "Pat"))]
    assert [(q.who, q.words) for q in view.questions] == [("Sam", "What is a zorb order?")]


def test_people_who_have_not_joined_are_listed():
    assert consolidate(meeting(SAM, KIM)).not_joined == ("Kim",)


def test_young_peoples_own_answers_keep_their_sharing_choice():
    jo = Person(4, "Jo", "young_person", JOINED, said=(
        said("taking_part", "part", topic="taking_part", visibility="everyone"),
        said("share_taking_part", "everyone", topic="taking_part"),
        said("worries", "Being moved away from my school", topic="views", visibility="coordinator"),
        said("hopes", "To see my dad more", topic="views", visibility="professionals"),
        said("venue_choice", "library", topic="venue"),
    ), sent=(Sent("text", "I want to stay with mum", "everyone"), Sent("photo", None, "coordinator")))
    [views] = consolidate(meeting(jo)).young_people
    assert [(what, m.words, m.label) for what, m in views.said] == [
        ("How you'd like to take part", "Come to part of it", "Everyone at the meeting, family too"),
        ("What worries you", "Being moved away from my school", "Coordinator only"),
        ("What you hope for", "To see my dad more", "Coordinator, may tell the professionals")]
    assert [(m.words, m.visibility) for m in views.sent] == [
        ("I want to stay with mum", "everyone"), ("A photo was sent in the chat", "coordinator")]


def test_a_family_audience_sees_only_what_was_shared_with_everyone():
    jo = Person(4, "Jo", "young_person", JOINED, said=(
        said("worries", "secret", topic="views"), said("hopes", "shared", topic="views", visibility="everyone"),
        said("going_well", "for the professionals", topic="views", visibility="professionals"),
        said("interpreter", "Polish")))
    view = consolidate(meeting(SAM, jo), audience="family")
    assert [m.words for _, m in view.young_people[0].said] == ["shared"]
    assert view.needs == () and view.private_requests == () and view.flags == ()


def test_a_persons_timeline_has_everything_they_said_oldest_first_with_who_may_see_it():
    from bot.domain.timeline import timeline

    jo = Person(4, "Jo", "young_person", JOINED, said=(
        said("venue_choice", "library", when=datetime(2026, 11, 2)),
        said("worries", "Moving school", topic="views", visibility="everyone", when=datetime(2026, 11, 3))),
        suggested=(Suggested("Sue", "sister", when=datetime(2026, 11, 1)),
                   Suggested("Bob", wanted=False, when=datetime(2026, 11, 4))),
        asked=(Asked("What is a PLO?", datetime(2026, 11, 5)),))
    entries = [(e.what, e.words, e.label) for e in timeline(jo)]
    assert entries == [("Would like invited", "Sue, sister", "Coordinator only"),
                       ("Place", "Library", "Coordinator only"),
                       ("What worries you", "Moving school", "Everyone at the meeting, family too"),
                       ("Rather not invite", "Bob", "Private: coordinator only"),
                       ("Asked (for the coordinator to answer)", "What is a PLO?", "Coordinator only")]
    assert [e.words for e in timeline(jo, "family")] == ["Moving school"]


def test_complaints_about_professionals_are_shown_apart_from_flags():
    ann = Person(4, "Ann", "parent", JOINED, said=(said("concern_about_professional", "I feel judged by her"),))
    view = consolidate(meeting(SAM, ann))
    assert [(c.who, c.words) for c in view.concerns] == [("Ann", "I feel judged by her")]
    assert view.flags == ()


def test_the_support_map_says_who_could_help_with_what_and_who_they_would_bring():
    pat = Person(2, "Pat", "wider_family", JOINED, said=(
        said("help_offered", "school_runs", topic="help"), said("invitees_times", "weekend", topic="invite"),
    ), suggested=(Suggested("Ray", "cousin"), Suggested("Bob", "", wanted=False)))
    view = consolidate(meeting(SAM, pat, KIM))
    first, second = view.support_map
    assert (first.who, first.role, [m.words for m in first.offers]) == ("Pat", "family member", ["School runs"])
    assert first.would_invite == ("Ray",) and first.invitees_times.words == "Weekends"  # Bob is not wanted
    assert (second.who, second.offers, second.would_invite, second.invitees_times) == ("Sam", (), ("Sue",), None)
    assert "Kim" not in [row.who for row in view.support_map]  # nothing offered, no one named
    # kept for the coordinator: none of it reaches a family audience
    assert consolidate(meeting(SAM, pat), audience="family").support_map == ()


def test_what_adults_said_is_going_well_and_hope_for_is_gathered_apart_from_young_peoples_views():
    sam = Person(1, "Sam", "parent", JOINED, said=(said("going_well", "Kids settled at school", topic="views"),
                                                   said("hopes", "Dinner together", topic="views")))
    tia = Person(4, "Tia", "young_person", JOINED, said=(said("going_well", "My friends", topic="views"),))
    view = consolidate(meeting(sam, tia))
    assert [(m.who, m.words) for m in view.strengths] == [("Sam", "Kids settled at school")]
    assert [(m.who, m.words) for m in view.hopes] == [("Sam", "Dinner together")]
    assert [m.words for _, m in view.young_people[0].said] == ["My friends"]


def test_first_ideas_for_the_plan_are_gathered_for_the_coordinator():
    sam = Person(1, "Sam", "parent", JOINED, said=(said("plan_ideas", "Nan does the school run", topic="plan"),
                                                   said("plan_writer", "help", topic="plan")))
    pat = Person(2, "Pat", "wider_family", JOINED, said=(said("plan_ideas", "none", topic="plan"),))
    view = consolidate(meeting(sam, pat))
    assert [(m.who, m.words) for m in view.plan_ideas] == [("Sam", "Nan does the school run")]
    assert [(m.who, m.words) for m in view.plan_writers] == [("Sam", "We'd like help with it")]


def test_check_ins_after_the_meeting_are_shown_to_the_coordinator_only_newest_first_with_those_to_look_at_marked():
    sam = Person(1, "Sam", "parent", JOINED, said=(
        said("check_in_plan_working", "partly", "after", "private", datetime(2026, 12, 31, 11)),
        said("check_in_plan_gaps", "Her dad hasn't done the school runs", "after", "private", datetime(2026, 12, 31, 11)),
        said("before_review_plan_working", "working", "after", "private", datetime(2027, 3, 4, 12)),
        said("before_review_plan_gaps", "none", "after", "private", datetime(2027, 3, 4, 12))))
    pat = Person(2, "Pat", "friend", JOINED, said=(
        said("check_in_plan_working", "working", "after", "private", datetime(2026, 12, 31, 10)),))
    view = consolidate(meeting(sam, pat))
    assert [(r.who, r.kind, r.working.words, r.gaps.words if r.gaps else None, r.needs_a_look) for r in view.check_ins] == [
        ("Sam", "before_review", "Yes, it's working", "Everyone is doing their part", False),
        ("Sam", "check_in", "Partly", "Her dad hasn't done the school runs", True),
        ("Pat", "check_in", "Yes, it's working", None, False)]
    assert consolidate(meeting(sam, pat), audience="family").check_ins == ()


def test_each_section_that_lists_one_questions_answers_is_named_by_that_question():
    from dataclasses import fields

    from bot.domain.consolidation import Consolidated
    from bot.domain.preparation import QUESTIONS_BY_SLOT, VENUE_CHOICE

    sections = [q.on_page.name for q in QUESTIONS_BY_SLOT.values() if q.on_page]
    assert len(sections) == len(set(sections))  # one question per section
    assert set(sections) <= {f.name for f in fields(Consolidated)}
    assert VENUE_CHOICE.on_page.name == "venues" and VENUE_CHOICE.on_page.counted
