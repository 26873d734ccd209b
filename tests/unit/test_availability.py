from bot.domain.availability import ALL_SLOTS, CHOICE_SLOTS, WEEKDAYS, availability, overlap, read_times, slot_label


def days_of(slots):
    return {day for day, _ in slots}


def test_a_choice_code_means_its_slots():
    assert availability("weekday_evening", None) == {(d, "evening") for d in WEEKDAYS}
    assert availability("any", "none") == ALL_SLOTS


def test_days_and_parts_named_together_go_together():
    assert read_times("monday or tuesday mornings").works == {("monday", "morning"), ("tuesday", "morning")}


def test_a_day_after_a_part_starts_a_new_pair():
    assert read_times("Tuesday afternoon and Thursday evening").works == {
        ("tuesday", "afternoon"), ("thursday", "evening")}


def test_not_fridays_alone_means_every_other_day_works():
    slots = availability("not fridays", None)
    assert "friday" not in days_of(slots)
    assert days_of(slots) == {"monday", "tuesday", "wednesday", "thursday", "saturday", "sunday"}


def test_a_but_not_clause_takes_times_away():
    assert days_of(availability("weekdays but not fridays", None)) == {"monday", "tuesday", "wednesday", "thursday"}


def test_bad_times_take_slots_away_from_good_times():
    assert availability("weekday_daytime", "Wednesdays") == CHOICE_SLOTS["weekday_daytime"] - {
        ("wednesday", "morning"), ("wednesday", "afternoon")}


def test_flexible_bad_times_take_nothing_away():
    assert availability("weekend", "None, I'm flexible") == CHOICE_SLOTS["weekend"]


def test_only_bad_times_known_means_every_other_time_works():
    assert availability("skipped", "mondays") == ALL_SLOTS - {("monday", p) for _, p in ALL_SLOTS}


def test_skipped_or_unreadable_times_are_not_known_rather_than_guessed():
    assert availability("skipped", None) is None
    assert availability("when my shifts allow", "no") is None
    assert not read_times("when my shifts allow").understood


def test_after_school_without_a_day_means_weekdays():
    assert read_times("after school").works == CHOICE_SLOTS["after_school"]


def test_overlap_puts_slots_most_people_can_make_first():
    result = overlap([
        ("Sam", availability("weekday_evening", "not fridays")),
        ("Pat", availability("any", None)),
        ("Jo", availability("tuesday or thursday evenings", None)),
        ("Kim", None),
    ])
    assert [s.label for s in result.best[:2]] == ["Tuesday evening", "Thursday evening"]
    assert [s.label for s in result.everyone_can] == ["Tuesday evening", "Thursday evening"]
    assert result.best[2].cannot_come == ("Jo",)
    assert result.not_known == ("Kim",) and result.known == ("Sam", "Pat", "Jo")


def test_overlap_with_no_one_known_has_no_best_slots():
    result = overlap([("Kim", None)])
    assert result.best == () and result.everyone_can == ()


def test_slot_labels_read_naturally():
    assert slot_label(("monday", "after_school")) == "Monday after school"
    assert slot_label(("saturday", "after_school")) == "Saturday late afternoon"
