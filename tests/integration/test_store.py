import json

from bot.domain import export
from bot.store import repository
from bot.store.records import meeting_record
from bot.store.db import unit_of_work


def make_meeting(session):
    meeting = repository.create_meeting(session, "Smith family", "Amira", professionals=[("Jo", "social_worker")])
    return meeting, repository.add_participant(session, meeting, "Sam", "parent")


def test_a_participant_joins_with_their_code_in_any_case_or_spacing(database):
    with unit_of_work() as session:
        _, sam = make_meeting(session)
        code = sam.invite_code
    with unit_of_work() as session:
        result = repository.join_meeting(session, "tg-1", f" {code[:5].lower()} {code[5:]} ", telegram_user_id=1)
        assert result.participant.display_name == "Sam"
        assert result.participant.telegram_user_id == 1


def test_joining_twice_from_the_same_chat_is_harmless(database):
    with unit_of_work() as session:
        _, sam = make_meeting(session)
        code = sam.invite_code
    for _ in range(2):
        with unit_of_work() as session:
            assert repository.join_meeting(session, "tg-1", code).participant is not None


def test_a_code_used_by_another_chat_is_refused(database):
    with unit_of_work() as session:
        _, sam = make_meeting(session)
        code = sam.invite_code
    with unit_of_work() as session:
        repository.join_meeting(session, "tg-1", code)
    with unit_of_work() as session:
        result = repository.join_meeting(session, "tg-2", code)
        assert result.participant is None and result.problem == "taken"


def test_an_unknown_code_is_refused(database):
    with unit_of_work() as session:
        assert repository.join_meeting(session, "tg-1", "NOTACODE").problem == "unknown"


def test_answering_again_replaces_the_earlier_answer(database):
    with unit_of_work() as session:
        _, sam = make_meeting(session)
        repository.save_preference(session, sam, "venue", "venue_choice", "library")
        repository.save_preference(session, sam, "venue", "venue_choice", "community_centre")
    with unit_of_work() as session:
        sam = repository.find_meeting(session, "Smith family").participants[0]
        assert [(p.key, p.value) for p in sam.preferences] == [("venue_choice", "community_centre")]


def test_naming_the_same_person_twice_keeps_one_invitee(database):
    with unit_of_work() as session:
        _, sam = make_meeting(session)
        repository.add_invitee(session, sam, "Sue", "sister")
        repository.add_invitee(session, sam, "sue", "")
        assert [(i.name, i.relationship_to) for i in sam.invitees] == [("Sue", "sister")]


def test_someone_named_as_not_wanted_after_being_invited_is_not_wanted_any_more(database):
    with unit_of_work() as session:
        _, sam = make_meeting(session)
        repository.add_invitee(session, sam, "Jordan", "cousin")
        repository.add_invitee(session, sam, "Jordan", "", wanted=False)  # "wait no, i DON'T want Jordan there"
        assert [(i.name, i.relationship_to, i.wanted) for i in sam.invitees] == [("Jordan", "cousin", False)]


def test_a_failed_unit_of_work_writes_nothing(database):
    try:
        with unit_of_work() as session:
            make_meeting(session)
            raise RuntimeError("crash half way")
    except RuntimeError:
        pass
    with unit_of_work() as session:
        assert repository.find_meeting(session, "Smith family") is None


def test_export_shows_answers_in_words_with_who_may_see_them(database):
    with unit_of_work() as session:
        meeting, sam = make_meeting(session)
        repository.save_preference(session, sam, "venue", "venue_choice", "library")
        repository.save_preference(session, sam, "invite", "not_invite", "Uncle Bob", visibility="private")
        repository.add_invitee(session, sam, "Sue", "sister")
        repository.save_open_question(session, sam, "What does zorb mean?")
    with unit_of_work() as session:
        meeting = repository.find_meeting(session, "Smith family")
        csv_text = export.as_csv(meeting_record(session, meeting))
        data = json.loads(export.as_json(meeting_record(session, meeting)))
    assert "Sam,parent,venue,venue_choice,library,Library,coordinator" in csv_text
    assert "Uncle Bob" in csv_text and ",private," in csv_text
    assert data["meeting"]["date"] == "to be agreed"
    assert {row["key"] for row in data["answers"]} == {"venue_choice", "not_invite", "invitee", "open_question"}


def test_button_keys_are_short_stable_and_resolve_to_their_payload(database):
    payload = '/inform{"choice":"place_of_worship"}'
    with unit_of_work() as session:
        key = repository.button_key(session, payload)
    with unit_of_work() as session:
        assert repository.button_key(session, payload) == key
        assert repository.button_payload(session, key) == payload
    assert len(key) <= 16


def test_csv_export_never_lets_a_spreadsheet_run_an_answer_as_a_formula(database):
    with unit_of_work() as session:
        meeting, sam = make_meeting(session)
        repository.save_preference(session, sam, "agenda", "agenda_items", "=HYPERLINK(\"http://x\")")
    with unit_of_work() as session:
        csv_text = export.as_csv(meeting_record(session, repository.find_meeting(session, "Smith family")))
    assert "'=HYPERLINK" in csv_text and ",=HYPERLINK" not in csv_text


def test_a_concern_raised_twice_keeps_both_and_the_same_one_once(database):
    with unit_of_work() as session:
        _, sam = make_meeting(session)
        session.flush()
        repository.add_to_preference(session, sam, "attendees", "concern_about_professional", "she talks down to me")
        session.flush()
        repository.add_to_preference(session, sam, "attendees", "concern_about_professional", "he never calls back")
        session.flush()
        repository.add_to_preference(session, sam, "attendees", "concern_about_professional", "he never calls back")
    with unit_of_work() as session:
        sam = repository.find_meeting(session, "Smith family").participants[0]
        assert [p.value for p in sam.preferences] == ["she talks down to me\nhe never calls back"]
