from datetime import date, datetime

from bot.domain.readiness import AMBER, GREEN, RED, meeting_readiness, person_readiness
from bot.domain.records import MeetingRecord, Person, Said, Suggested

MEETING_DAY = datetime(2026, 12, 10, 10, 0)
EARLY = datetime(2026, 11, 20, 9, 30)


def said(key, value, topic="x", when=EARLY):
    return Said(topic, key, value, "coordinator", when)


def meeting(*people, scheduled_at=MEETING_DAY, professionals=(("Jo Patel", "social_worker"),)):
    return MeetingRecord(1, "Smith family", "family group conference", scheduled_at, "Amira",
                         professionals, tuple(people))


READY = Person(1, "Sam", "parent", EARLY, datetime(2026, 11, 21, 12, 0), said=(
    said("purpose_check", "understood"), said("has_reports", "yes"), said("professional_concern", "fine"),
    said("safety_worry", "no"), said("venue_choice", "library"), said("good_times", "weekend"),
    said("agenda_items", "School runs"), said("invite_person", "Sue"), said("going_well", "Kids settled at school"),
    said("hopes", "Dinner together again"), said("plan_ideas", "Nan has them after school"),
), suggested=(Suggested("Sue", "sister"),))


def statuses(readiness):
    return {c.item.key: c.status for c in readiness.checks}


def test_someone_who_answered_everything_and_confirmed_is_ready():
    readiness = person_readiness(READY, meeting(READY), date(2026, 11, 22))
    assert readiness.status == GREEN
    assert "taking_part" not in statuses(readiness)


def test_each_item_is_traced_to_what_was_said():
    check = person_readiness(READY, meeting(READY), date(2026, 11, 22)).check("purpose")
    assert check.evidence == 'Said "Knows what the meeting is for" (What the meeting is for, 20 Nov 2026 09:30)'
    assert person_readiness(READY, meeting(READY), date(2026, 11, 22)).check("invited").evidence == "Named: Sue (sister)"


def test_someone_who_has_not_joined_is_red_everywhere():
    kim = Person(2, "Kim", "friend")
    readiness = person_readiness(kim, meeting(kim), date(2026, 11, 22))
    assert set(statuses(readiness).values()) == {RED} and not readiness.joined
    assert readiness.check("venue").evidence == "Has not joined yet"


def test_needing_the_purpose_explained_again_is_amber():
    sam = Person(1, "Sam", "parent", EARLY, said=(said("purpose_check", "needs_more_explanation"),))
    assert statuses(person_readiness(sam, meeting(sam), date(2026, 11, 22)))["purpose"] == AMBER


def test_no_reports_is_amber_before_the_deadline_and_red_after_it():
    sam = Person(1, "Sam", "parent", EARLY, said=(said("has_reports", "no"),))
    before = person_readiness(sam, meeting(sam), date(2026, 12, 1)).check("reports")
    after = person_readiness(sam, meeting(sam), date(2026, 12, 8)).check("reports")
    assert before.status == AMBER and "send them by 07 Dec 2026" in before.evidence
    assert after.status == RED and "last day to send them was 07 Dec 2026" in after.evidence


def test_reports_had_less_than_three_days_before_are_amber():
    sam = Person(1, "Sam", "parent", EARLY, said=(said("has_reports", "yes", when=datetime(2026, 12, 9, 8, 0)),))
    assert statuses(person_readiness(sam, meeting(sam), date(2026, 12, 9)))["reports"] == AMBER


def test_a_safety_worry_needs_follow_up():
    sam = Person(1, "Sam", "parent", EARLY, said=(said("safety_worry", "yes"), said("split_meeting", "yes")))
    check = person_readiness(sam, meeting(sam), date(2026, 11, 22)).check("feels_safe")
    assert check.status == AMBER and "(Separate meetings, " in check.evidence  # the question, by its label


def test_knowing_the_safety_arrangements_rests_on_being_told_them_not_on_having_no_worry():
    # the safety question lists what the coordinator can arrange, so any answer means they were told
    for worry in ("yes", "no", "not_sure"):
        sam = Person(1, "Sam", "parent", EARLY, said=(said("safety_worry", worry),))
        check = person_readiness(sam, meeting(sam), date(2026, 11, 22)).check("safety")
        assert check.status == GREEN and check.evidence.startswith("Told what can be arranged")
    unasked = Person(1, "Sam", "parent", EARLY, said=(said("venue_choice", "library"),))
    assert person_readiness(unasked, meeting(unasked), date(2026, 11, 22)).check("safety").status == RED


def test_wider_family_and_friends_are_not_checked_for_reports_or_for_what_is_going_well():
    kim = Person(2, "Kim", "friend", EARLY, said=(said("help_offered", "school_runs"),))
    keys = statuses(person_readiness(kim, meeting(kim), date(2026, 11, 22)))
    assert "reports" not in keys and "going_well" not in keys and "safety" in keys


def test_no_roster_means_they_could_not_know_who_attends():
    sam = Person(1, "Sam", "parent", EARLY, said=(said("professional_concern", "fine"),))
    check = person_readiness(sam, meeting(sam, professionals=()), date(2026, 11, 22)).check("attendees")
    assert check.status == AMBER


def test_skipped_choices_and_inviting_no_one_need_follow_up():
    sam = Person(1, "Sam", "parent", EARLY, said=(said("venue_choice", "skipped"), said("invite_person", "none"),
                                                   said("agenda_items", "no")))
    found = statuses(person_readiness(sam, meeting(sam), date(2026, 11, 22)))
    assert (found["venue"], found["invited"], found["agenda"], found["time"]) == (AMBER, AMBER, AMBER, RED)
    assert found["confirmed"] == AMBER  # answered things but has not agreed the summary


def test_a_young_persons_way_of_taking_part_is_checked_only_for_young_people():
    jo = Person(3, "Jo", "young_person", EARLY, said=(said("taking_part", "send_views", topic="taking_part"),))
    alex = Person(4, "Alex", "young_person", EARLY)
    assert statuses(person_readiness(jo, meeting(jo), date(2026, 11, 22)))["taking_part"] == GREEN
    assert statuses(person_readiness(alex, meeting(alex), date(2026, 11, 22)))["taking_part"] == RED


def test_the_meeting_is_as_ready_as_its_least_ready_person_with_counts_per_item():
    kim = Person(2, "Kim", "friend")
    readiness = meeting_readiness(meeting(READY, kim), date(2026, 11, 22))
    assert readiness.status == RED
    assert [p.name for p in readiness.ready] == ["Sam"]
    assert readiness.counts("purpose") == {GREEN: 1, AMBER: 0, RED: 1}
    assert readiness.reports_due == date(2026, 12, 7)


def test_a_meeting_to_be_agreed_has_no_reports_deadline_yet():
    sam = Person(1, "Sam", "parent", EARLY, said=(said("has_reports", "no"),))
    readiness = meeting_readiness(meeting(sam, scheduled_at=None), date(2026, 11, 22))
    assert readiness.reports_due is None
    assert readiness.people[0].check("reports").status == AMBER


def test_a_young_person_is_not_marked_not_yet_for_what_their_chat_never_asks():
    jo = Person(3, "Jo", "young_person", EARLY, said=(
        said("taking_part", "part", topic="taking_part"), said("worries", "Moving school", topic="views"),
        said("venue_avoid", "school")))
    readiness = person_readiness(jo, meeting(jo), date(2026, 11, 22))
    reports = readiness.check("reports")
    assert reports.status == AMBER and reports.evidence.startswith("The assistant does not ask a young person this")
    assert readiness.check("agenda").status == GREEN  # their worries are their agenda
    assert readiness.check("venue").status == GREEN  # "not at school" is a choice about where


def test_a_family_audience_gets_no_readiness_traced_to_coordinator_only_answers():
    readiness = person_readiness(READY, meeting(READY), date(2026, 11, 22), audience="family")
    assert readiness.check("purpose").evidence == "Not answered yet"


def test_an_adults_agenda_is_what_they_want_to_talk_about_and_their_hopes_are_their_own_item():
    sam = Person(1, "Sam", "parent", EARLY, said=(said("going_well", "School is better"), said("hopes", "Less stress")))
    checks = statuses(person_readiness(sam, meeting(sam), date(2026, 11, 22)))
    assert checks["going_well"] == GREEN and checks["agenda"] == RED  # not asked what to talk about yet
    jo = Person(2, "Jo", "young_person", EARLY, said=(said("worries", "Moving school"),))
    assert statuses(person_readiness(jo, meeting(jo), date(2026, 11, 22)))["agenda"] == GREEN


def test_each_checklist_item_is_traced_to_the_questions_that_say_they_count_for_it():
    from bot.domain.preparation import QUESTIONS_BY_SLOT
    from bot.domain.readiness import ITEMS_BY_KEY

    for question in QUESTIONS_BY_SLOT.values():
        assert question.readiness <= ITEMS_BY_KEY.keys(), question.slot
        for key in question.readiness:
            assert question.slot in ITEMS_BY_KEY[key].answers
    assert ITEMS_BY_KEY["venue"].answers == ("venue_choice", "venue_avoid")
