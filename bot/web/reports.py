"""Reading what families said: the consolidated view, readiness, one person's answers, the
printable summary, the CSV export and the audit log. Every view and export is audited (by the use
cases in bot/use_cases/reading.py)."""
from __future__ import annotations

import re
from datetime import date

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from bot.domain import export
from bot.domain.clock import utcnow
from bot.domain.consolidation import consolidate, flag_views
from bot.domain.readiness import ITEMS, meeting_readiness, person_readiness
from bot.domain.summary import summary_of
from bot.domain.timeline import timeline
from bot.use_cases.flags import NoSuchFlag, mark_handled
from bot.use_cases.reading import (check_owner, export_meeting, read_audit_log, read_meeting,
                                   read_person)
from bot.web.auth import Who, checked_form, meeting_page
from bot.web.pages import render, see_other


@meeting_page
async def overview(request: Request, who: Who, meeting_id: int) -> Response:
    """The consolidated view: urgent flags first, then everything people said, topic by topic."""
    record = read_meeting(who.id, meeting_id, "consolidated view")
    return render(request, "consolidated.html", meeting=record, view=consolidate(record),
                  readiness=meeting_readiness(record, date.today()), section="overview")


@meeting_page
async def readiness(request: Request, who: Who, meeting_id: int) -> Response:
    record = read_meeting(who.id, meeting_id, "readiness")
    return render(request, "readiness.html", meeting=record, readiness=meeting_readiness(record, date.today()),
                  items=ITEMS, section="readiness")


@meeting_page
async def person(request: Request, who: Who, meeting_id: int) -> Response:
    """Everything one participant said, and when, with their readiness checklist."""
    record, found = read_person(who.id, meeting_id, request.path_params["participant_id"])
    flags = [f for f in flag_views(record) if f.participant_id == found.id]
    return render(request, "person.html", meeting=record, person=found, entries=timeline(found),
                  checks=person_readiness(found, record, date.today()), flags=flags, section="people")


@meeting_page
async def printable(request: Request, who: Who, meeting_id: int) -> Response:
    """A summary for the case record, laid out for printing."""
    record = export_meeting(who.id, meeting_id, "printable summary")
    summaries = [(p, summary_of(p)) for p in record.people]  # as each person saw it in the chat
    return render(request, "print.html", meeting=record, view=consolidate(record), summaries=summaries,
                  readiness=meeting_readiness(record, date.today()), printed_at=utcnow())


@meeting_page
async def export_csv(request: Request, who: Who, meeting_id: int) -> Response:
    record = export_meeting(who.id, meeting_id, "CSV export")
    filename = re.sub(r"[^A-Za-z0-9]+", "-", record.title).strip("-")[:60] or "meeting"
    return Response(export.as_csv(record), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}-{record.id}.csv"'})


@meeting_page
async def audit_log(request: Request, who: Who, meeting_id: int) -> Response:
    record, entries = read_audit_log(who.id, meeting_id)
    return render(request, "audit.html", meeting=record, entries=entries, section="audit")


@meeting_page
async def flag_handled(request: Request, who: Who, meeting_id: int) -> Response:
    """Mark a flag of this coordinator's meeting handled, with what they did (the use case audits it)."""
    form = await checked_form(request)
    check_owner(who.id, meeting_id)
    try:
        mark_handled(request.path_params["flag_id"], who.id, str(form.get("note") or ""), meeting_id=meeting_id)
    except NoSuchFlag:
        raise HTTPException(404, "There is no such flag in this meeting.") from None
    return see_other(f"/meetings/{meeting_id}#flags")
