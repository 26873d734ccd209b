"""Setting up meetings: the list, create and edit, participants with their invite links and QR codes."""
from __future__ import annotations


from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from bot.domain.people import PARTICIPANT_ROLES, PROFESSIONAL_ROLES
from bot.store import accounts, audit, repository
from bot.store.db import unit_of_work
from bot.domain.clock import utcnow
from bot.domain.invite_codes import has_expired
from bot.store.models import Participant
from bot.store.records import urgent_flag_counts
from bot.use_cases import invite_codes
from bot.web import auth
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
    with unit_of_work() as session:
        who = auth.current(request, session)
        meetings = accounts.meetings_of(session, who.id)
        urgent = urgent_flag_counts(session, [m.id for m in meetings])
        return render(request, "meetings.html", meetings=meetings, urgent=urgent)


async def new_meeting_page(request: Request) -> Response:
    with unit_of_work() as session:
        auth.current(request, session)
    return _meeting_form(request, MeetingForm(), None)


async def create_meeting(request: Request) -> Response:
    form = await auth.checked_form(request)
    with unit_of_work() as session:
        who = auth.current(request, session)
        entered = read_meeting_form(form)
        if entered.errors:
            return _meeting_form(request, entered, None, 400)
        meeting = repository.create_meeting(session, entered.title, who.name, kind=entered.kind,
                                            scheduled_at=entered.scheduled_at, professionals=entered.professionals)
        meeting.coordinator_id, meeting.place, meeting.review_on = who.id, entered.place or None, entered.review_on
        audit.record(session, who.id, audit.CHANGED, "meeting created", meeting.id)
        return see_other(f"/meetings/{meeting.id}/participants")


async def edit_meeting_page(request: Request) -> Response:
    with unit_of_work() as session:
        who = auth.current(request, session)
        meeting = auth.meeting_or_404(session, who, request.path_params["meeting_id"])
        return _meeting_form(request, meeting_form_from(meeting), meeting)


async def update_meeting(request: Request) -> Response:
    form = await auth.checked_form(request)
    with unit_of_work() as session:
        who = auth.current(request, session)
        meeting = auth.meeting_or_404(session, who, request.path_params["meeting_id"])
        entered = read_meeting_form(form)
        if entered.errors:
            return _meeting_form(request, entered, meeting, 400)
        repository.update_meeting(session, meeting, entered.title, entered.kind, entered.scheduled_at,
                                  entered.professionals, place=entered.place or None, review_on=entered.review_on)
        audit.record(session, who.id, audit.CHANGED, "meeting details", meeting.id)
        return see_other(f"/meetings/{meeting.id}")


def _meeting_form(request: Request, form: MeetingForm, meeting, status_code: int = 200) -> Response:
    return render(request, "meeting_form.html", status_code, form=form, meeting=meeting, kinds=MEETING_KINDS,
                  roles=PROFESSIONAL_ROLES)


async def participants_page(request: Request) -> Response:
    with unit_of_work() as session:
        who = auth.current(request, session)
        meeting = auth.meeting_or_404(session, who, request.path_params["meeting_id"])
        audit.record(session, who.id, audit.VIEWED, "participants and invite links", meeting.id)
        return _participants(request, meeting, ParticipantForm())


async def add_participant(request: Request) -> Response:
    form = await auth.checked_form(request)
    with unit_of_work(read_only=True) as session:
        who = auth.current(request, session)
        meeting = auth.meeting_or_404(session, who, request.path_params["meeting_id"])
        entered = read_participant_form(form)
        if entered.errors:
            return _participants(request, meeting, entered, 400)
        meeting_id = meeting.id
    added = invite_codes.add_participant(meeting_id, entered.name, entered.role, by=who.id)
    return see_other(f"/meetings/{meeting_id}/participants#participant-{added.participant_id}")


async def revoke_code(request: Request) -> Response:
    return await _change_code(request, invite_codes.revoke_code)


async def new_code(request: Request) -> Response:
    return await _change_code(request, invite_codes.new_code)


async def _change_code(request: Request, change) -> Response:
    await auth.checked_form(request)
    with unit_of_work(read_only=True) as session:
        who = auth.current(request, session)
        meeting = auth.meeting_or_404(session, who, request.path_params["meeting_id"])
        participant_id = _participant_or_404(meeting, request.path_params["participant_id"]).id
        meeting_id = meeting.id
    change(participant_id, meeting_id=meeting_id, by=who.id)
    return see_other(f"/meetings/{meeting_id}/participants#participant-{participant_id}")


def _participant_or_404(meeting, participant_id: int) -> Participant:
    participant = next((p for p in meeting.participants if p.id == participant_id), None)
    if participant is None:
        raise HTTPException(404, "There is no such participant in this meeting.")
    return participant


def code_state(participant: Participant) -> str:
    if participant.code_revoked_at:
        return "revoked"
    if has_expired(participant.code_expires_at, utcnow()):
        return "expired"
    return "in use" if participant.conversation_id else "not used yet"


def _participants(request: Request, meeting, form: ParticipantForm, status_code: int = 200) -> Response:
    people = []
    for participant in sorted(meeting.participants, key=lambda p: p.id):
        state = code_state(participant)
        link = deep_link(participant.invite_code) if state in ("not used yet", "in use") else None
        people.append({"participant": participant, "state": state, "link": link,
                       "qr": qr_data_uri(link) if link and state == "not used yet" else None})
    return render(request, "participants.html", status_code, meeting=meeting, people=people, form=form,
                  roles=PARTICIPANT_ROLES, section="participants")
