"""Everything participants of one meeting told the assistant, as rows for CSV or a dict for JSON."""
from __future__ import annotations

import csv
import io
import json

from sqlalchemy.orm import object_session

from bot.domain.preparation import QUESTIONS_BY_SLOT, describe
from bot.domain.safeguarding import category_words
from bot.domain.visibility import PRIVATE
from bot.store import repository
from bot.store.models import Meeting

CSV_COLUMNS = ["participant", "role", "topic", "key", "value", "in_words", "visibility", "when"]


def meeting_rows(meeting: Meeting) -> list[dict[str, str]]:
    """Urgent safeguarding flags first, then each participant's answers."""
    session = object_session(meeting)
    names = {p.id: (p.display_name, p.role) for p in meeting.participants}
    rows = [
        {"participant": names.get(f.participant_id, ("unknown", ""))[0], "role": names.get(f.participant_id, ("", ""))[1],
         "topic": "safeguarding", "key": "urgent_flag", "value": f.category,
         "in_words": f"URGENT: {category_words(f.category)}" + (f", handled by {f.handled_by}" if f.handled_at else ""),
         "visibility": PRIVATE, "when": f.created_at.isoformat(timespec="seconds")}
        for f in repository.safeguarding_flags(session, meeting.id)
    ]
    for participant in meeting.participants:
        base = {"participant": participant.display_name, "role": participant.role}
        for p in sorted(participant.preferences, key=lambda p: p.updated_at):
            words = describe(p.key, p.value) if p.key in QUESTIONS_BY_SLOT else p.value
            rows.append({**base, "topic": p.topic, "key": p.key, "value": p.value, "in_words": words,
                         "visibility": p.visibility, "when": p.updated_at.isoformat(timespec="seconds")})
        for i in participant.invitees:
            rows.append({**base, "topic": "invite", "key": "invitee" if i.wanted else "not_invite",
                         "value": i.name, "in_words": ", ".join(filter(None, [i.name, i.relationship_to,
                                                                               "anonymous" if i.anonymous else ""])),
                         "visibility": "coordinator" if i.wanted else "private",
                         "when": i.created_at.isoformat(timespec="seconds")})
        for q in participant.questions:
            rows.append({**base, "topic": "question", "key": "open_question", "value": q.text, "in_words": q.text,
                         "visibility": "coordinator", "when": q.created_at.isoformat(timespec="seconds")})
    return rows


# A cell starting with one of these is run as a formula by spreadsheets; answers are typed by anyone
# with an invite link, so such cells start with an apostrophe instead.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_csv(meeting: Meeting) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows({k: "'" + v if v.startswith(FORMULA_STARTS) else v for k, v in row.items()}
                     for row in meeting_rows(meeting))
    return out.getvalue()


def as_json(meeting: Meeting) -> str:
    return json.dumps({
        "meeting": {"id": meeting.id, "title": meeting.title, "kind": meeting.kind,
                    "date": meeting.scheduled_at.isoformat() if meeting.scheduled_at else "to be agreed",
                    "coordinator": meeting.coordinator_name},
        "participants": [
            {"name": p.display_name, "role": p.role, "joined": p.joined_at is not None,
             "confirmed": p.confirmed_at is not None}
            for p in meeting.participants
        ],
        "answers": meeting_rows(meeting),
    }, indent=2)
