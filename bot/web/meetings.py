"""Setting up meetings: the list, create and edit, participants with their invite links and QR codes."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from bot.domain.clock import utcnow
from bot.domain.invite_codes import code_state
from bot.domain.people import PARTICIPANT_ROLES, PROFESSIONAL_ROLES
from bot.domain.records import MeetingDetails, MeetingRecord
from bot.use_cases import invite_codes
from bot.use_cases.meeting_setup import change_meeting, invite_list, meeting_details, my_meetings, set_up_meeting
from bot.use_cases.reading import check_owner
from bot.web import auth
from bot.web.auth import Who, meeting_page
from bot.web.forms import (
    MEETING_KINDS,
    MeetingForm,
    ParticipantForm,
    meeting_form_from,
    read_meeting_form,
    read_participant_form,
)
from bot.web.invite_links import deep_link, qr_data_uri
from bot.web.pages import render, see_other


async def meetings_list(request: Request) -> Response:
    return render(request, "meetings.html", meetings=my_meetings(auth.current(request).id))


async def new_meeting_page(request: Request) -> Response:
    auth.current(request)
    return _meeting_form(request, MeetingForm(), None)


async def create_meeting(request: Request) -> Response:
    form = await auth.checked_form(request)
    who = auth.current(request)
    entered = read_meeting_form(form)
    if entered.errors:
        return _meeting_form(request, entered, None, 400)
    meeting_id = set_up_meeting(who.id, _details(entered))
    return see_other(f"/meetings/{meeting_id}/participants")


@meeting_page
async def edit_meeting_page(request: Request, who: Who, meeting_id: int) -> Response:
    meeting = meeting_details(who.id, meeting_id)
    return _meeting_form(request, meeting_form_from(meeting), meeting)


@meeting_page
async def update_meeting(request: Request, who: Who, meeting_id: int) -> Response:
    form = await auth.checked_form(request)
    entered = read_meeting_form(form)
    if entered.errors:
        return _meeting_form(request, entered, meeting_details(who.id, meeting_id), 400)
    change_meeting(who.id, meeting_id, _details(entered))
    return see_other(f"/meetings/{meeting_id}")


def _details(entered: MeetingForm) -> MeetingDetails:
    return MeetingDetails(entered.title, entered.kind, entered.scheduled_at, tuple(entered.professionals),
                          entered.place or None, entered.review_on)


def _meeting_form(request: Request, form: MeetingForm, meeting: MeetingRecord | None,
                  status_code: int = 200) -> Response:
    return render(request, "meeting_form.html", status_code, form=form, meeting=meeting, kinds=MEETING_KINDS,
                  roles=PROFESSIONAL_ROLES)


@meeting_page
async def participants_page(request: Request, who: Who, meeting_id: int) -> Response:
    return _participants(request, who, meeting_id, ParticipantForm())


@meeting_page
async def add_participant(request: Request, who: Who, meeting_id: int) -> Response:
    form = await auth.checked_form(request)
    entered = read_participant_form(form)
    if entered.errors:
        return _participants(request, who, meeting_id, entered, 400)
    check_owner(who.id, meeting_id)
    added = invite_codes.add_participant(meeting_id, entered.name, entered.role, by=who.id)
    return see_other(f"/meetings/{meeting_id}/participants#participant-{added.participant_id}")


@meeting_page
async def revoke_code(request: Request, who: Who, meeting_id: int) -> Response:
    return await _change_code(request, who, meeting_id, invite_codes.revoke_code)


@meeting_page
async def new_code(request: Request, who: Who, meeting_id: int) -> Response:
    return await _change_code(request, who, meeting_id, invite_codes.new_code)


async def _change_code(request: Request, who: Who, meeting_id: int, change) -> Response:
    """A participant not in this meeting is invite_codes.NoSuchParticipant: a 404 (meeting_page)."""
    await auth.checked_form(request)
    check_owner(who.id, meeting_id)
    participant_id = request.path_params["participant_id"]
    change(participant_id, meeting_id=meeting_id, by=who.id)
    return see_other(f"/meetings/{meeting_id}/participants#participant-{participant_id}")


def _participants(request: Request, who: Who, meeting_id: int, form: ParticipantForm,
                  status_code: int = 200) -> Response:
    meeting, codes = invite_list(who.id, meeting_id, audited=status_code == 200)
    people = []
    for code in codes:
        state = code_state(code.revoked_at, code.expires_at, code.in_use, utcnow())
        link = deep_link(code.code) if state in ("not used yet", "in use") else None
        people.append({"participant": code, "state": state, "link": link,
                       "qr": qr_data_uri(link) if link and state == "not used yet" else None})
    return render(request, "participants.html", status_code, meeting=meeting, people=people, form=form,
                  roles=PARTICIPANT_ROLES, section="participants")
