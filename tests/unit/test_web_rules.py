"""The web page's small rules, without a server: reading set-up forms."""
from starlette.datastructures import FormData

from bot.web.forms import read_meeting_form, read_participant_form


def test_a_meeting_date_can_be_typed_the_british_way_or_left_to_be_agreed():
    typed = read_meeting_form(FormData({"title": "Smith", "kind": "family meeting", "date": "3/12/2026", "time": "9.30"}))
    assert typed.errors == {} and typed.scheduled_at.isoformat() == "2026-12-03T09:30:00"
    undecided = read_meeting_form(FormData({"title": "Smith", "kind": "family meeting"}))
    assert undecided.errors == {} and undecided.scheduled_at is None


def test_a_date_without_a_time_or_a_time_of_25_oclock_is_explained():
    form = read_meeting_form(FormData({"title": "Smith", "kind": "family meeting", "date": "2026-12-03", "time": "25:00"}))
    assert "time" in form.errors and "date" not in form.errors


def test_professionals_need_a_known_role_and_empty_rows_are_ignored():
    form = read_meeting_form(FormData({"title": "Smith", "kind": "family meeting",
                                       "professional_name_0": "Jo  Patel", "professional_role_0": "social_worker",
                                       "professional_name_1": "", "professional_role_1": "teacher",
                                       "professional_name_2": "Mr Evans", "professional_role_2": ""}))
    assert form.professionals == [("Jo Patel", "social_worker"), ("Mr Evans", "")]
    assert form.errors == {"professionals": "Please choose a role for Mr Evans."}


def test_a_participant_needs_a_name_and_a_known_role():
    assert read_participant_form(FormData({"name": "Sam", "role": "young_person"})).errors == {}
    assert set(read_participant_form(FormData({"name": " ", "role": "boss"})).errors) == {"name", "role"}
