"""Reading what families said: the consolidated view, readiness, one person's answers, the
printable summary, the CSV export and the audit log. Every view and export is audited."""
from __future__ import annotations

import re
from datetime import date

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from bot.domain.consolidation import consolidate, flag_views
from bot.domain.readiness import ITEMS, meeting_readiness, person_readiness
from bot.domain.summary import summary_of
from bot.domain.timeline import timeline
from bot.domain import export
from bot.store import audit
from bot.store.db import unit_of_work
from bot.domain.clock import utcnow
from bot.store.records import meeting_record
from bot.use_cases.flags import NoSuchFlag, mark_handled
from bot.web import auth
from bot.web.pages import render, see_other



async def overview(request: Request) -> Response:
    """The consolidated view: urgent flags first, then everything people said, topic by topic."""
    with unit_of_work() as session:
        who = auth.current(request, session)
        meeting = auth.meeting_or_404(session, who, request.path_params["meeting_id"])
        record = meeting_record(session, meeting)
        audit.record(session, who.id, audit.VIEWED, "consolidated view", meeting.id)
        return render(request, "consolidated.html", meeting=record, view=consolidate(record),
                      readiness=meeting_readiness(record, date.today()), section="overview")


async def readiness(request: Request) -> Response:
    with unit_of_work() as session:
        who = auth.current(request, session)
        meeting = auth.meeting_or_404(session, who, request.path_params["meeting_id"])
        record = meeting_record(session, meeting)
        audit.record(session, who.id, audit.VIEWED, "readiness", meeting.id)
        return render(request, "readiness.html", meeting=record, readiness=meeting_readiness(record, date.today()),
                      items=ITEMS, section="readiness")


async def person(request: Request) -> Response:
    """Everything one participant said, and when, with their readiness checklist."""
    with unit_of_work() as session:
        who = auth.current(request, session)
        meeting = auth.meeting_or_404(session, who, request.path_params["meeting_id"])
        record = meeting_record(session, meeting)
        found = record.person(request.path_params["participant_id"])
        if found is None:
            raise HTTPException(404, "There is no such participant in this meeting.")
        audit.record(session, who.id, audit.VIEWED, "one participant's answers", meeting.id, found.id)
        flags = [f for f in flag_views(record) if f.participant_id == found.id]
        return render(request, "person.html", meeting=record, person=found, entries=timeline(found),
                      checks=person_readiness(found, record, date.today()), flags=flags, section="people")


async def printable(request: Request) -> Response:
    """A summary for the case record, laid out for printing."""
    with unit_of_work() as session:
        who = auth.current(request, session)
        meeting = auth.meeting_or_404(session, who, request.path_params["meeting_id"])
        record = meeting_record(session, meeting)
        audit.record(session, who.id, audit.EXPORTED, "printable summary", meeting.id)
        summaries = [(p, summary_of(p)) for p in record.people]  # as each person saw it in the chat
        return render(request, "print.html", meeting=record, view=consolidate(record), summaries=summaries,
                      readiness=meeting_readiness(record, date.today()), printed_at=utcnow())


async def export_csv(request: Request) -> Response:
    with unit_of_work() as session:
        who = auth.current(request, session)
        meeting = auth.meeting_or_404(session, who, request.path_params["meeting_id"])
        audit.record(session, who.id, audit.EXPORTED, "CSV export", meeting.id)
        text = export.as_csv(meeting_record(session, meeting))
        filename = re.sub(r"[^A-Za-z0-9]+", "-", meeting.title).strip("-")[:60] or "meeting"
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}-{meeting.id}.csv"'})


async def audit_log(request: Request) -> Response:
    with unit_of_work() as session:
        who = auth.current(request, session)
        meeting = auth.meeting_or_404(session, who, request.path_params["meeting_id"])
        names = {p.id: p.display_name for p in meeting.participants}
        entries = [(e, e.coordinator.name, names.get(e.participant_id)) for e in audit.for_meeting(session, meeting.id)]
        return render(request, "audit.html", meeting=meeting_record(session, meeting), entries=entries,
                      section="audit")


async def flag_handled(request: Request) -> Response:
    """Mark a flag of this coordinator's meeting handled, with what they did (the use case audits it)."""
    form = await auth.checked_form(request)
    with unit_of_work() as session:
        who = auth.current(request, session)
        meeting = auth.meeting_or_404(session, who, request.path_params["meeting_id"])
    try:
        mark_handled(request.path_params["flag_id"], who.id, str(form.get("note") or ""), meeting_id=meeting.id)
    except NoSuchFlag:
        raise HTTPException(404, "There is no such flag in this meeting.") from None
    return see_other(f"/meetings/{meeting.id}#flags")
