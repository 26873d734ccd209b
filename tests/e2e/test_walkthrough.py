"""A parent walks through all ten topics with buttons and typed answers, asking questions mid-way."""
from __future__ import annotations

import pytest

from bot.store.db import unit_of_work
from bot.store.models import Participant
from tests_support import PARENT_WALK, Chat, new_participant, walk

pytestmark = pytest.mark.stack

async def test_a_parent_walks_through_every_topic_and_everything_is_saved(stack):
    code, participant_id = new_participant("parent")
    chat = Chat(stack, f"walk-{code}")
    await walk(chat, code, PARENT_WALK)
    await chat.rasa.close()

    with unit_of_work() as session:
        sam = session.get(Participant, participant_id)
        answers = {p.key: (p.value, p.visibility) for p in sam.preferences}
        invitees = [(i.name, i.relationship_to) for i in sam.invitees if i.wanted]
        not_wanted = [(i.name, i.relationship_to) for i in sam.invitees if not i.wanted]
        confirmed = sam.confirmed_at is not None
        questions = [q.text for q in sam.questions]
    assert answers["purpose_check"][0] == "understood"
    assert answers["going_well"][0] == "the kids are doing better at school"
    assert answers["hopes"][0] == "less arguing at home"
    assert answers["has_reports"][0] == "yes"
    assert answers["reports_understood"][0] == "partly"
    assert answers["wants_advocate"][0] == "yes"
    assert answers["venue_choice"][0] == "community_centre"
    assert answers["venue_choice_note"][0] == "the community centre near my mum's"  # the words beside it
    assert answers["venue_avoid"][0] == "school"
    assert answers["access_needs"][0] == "my dad uses a wheelchair"
    assert answers["good_times"][0] == "weekday_daytime"
    assert answers["good_times_note"][0] == "monday or tuesday mornings"
    assert answers["stay_length"][0] == "half_day"
    assert answers["childcare"][0] == "yes"
    assert answers["food_needs"][0] == "halal please"
    assert answers["not_invite"] == ("my ex", "private")
    assert answers["invitees_times"][0] == "same"
    assert answers["info_sharing"][0] == "close_family"
    assert answers["safety_worry"][0] == "no"
    assert answers["plan_ideas"][0] == "nan could do the school run on mondays"  # an idea, not a time
    assert answers["plan_writer"][0] == "me"
    assert invitees == [("Nan", "nan"), ("Sue", "sister"), ("Pat", "neighbour")]
    assert not_wanted == [("Ex", "ex")]  # "my ex", kept privately by name as well
    assert confirmed
    assert questions == []  # both mid-way questions were answered, none left for the coordinator
