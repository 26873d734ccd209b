"""Everything participants of one meeting told the assistant, as rows for CSV or a dict for JSON: the
coordinator's export (web page and `meeting-prep export`). Read from the meeting's plain record, the
same one the page shows, so what the page shows the export holds, contributions included."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime

from bot.domain.preparation import NOT_INVITE
from bot.domain.records import MeetingRecord
from bot.domain.safeguarding import category_words
from bot.domain.visibility import PRIVATE

CSV_COLUMNS = ["participant", "role", "topic", "key", "value", "in_words", "visibility", "when"]


def meeting_rows(record: MeetingRecord) -> list[dict[str, str]]:
    """Safeguarding flags first (not yet handled, then newest first), then each participant's answers,
    people to invite, questions and what they sent for the meeting."""
    rows = []
    flags = sorted(record.flags, key=lambda f: (f.handled_at is not None, -f.created_at.timestamp()))
    for f in flags:
        who = record.person(f.participant_id)
        rows.append({"participant": who.name if who else "unknown", "role": who.role if who else "",
                     "topic": "safeguarding", "key": "urgent_flag", "value": f.category,
                     "in_words": f"URGENT: {category_words(f.category)}" + (f", handled by {f.handled_by}" if f.handled_at else ""),
                     "visibility": PRIVATE, "when": _when(f.created_at)})
    for person in record.people:
        base = {"participant": person.name, "role": person.role}
        for s in person.said:
            rows.append({**base, "topic": s.topic, "key": s.key, "value": s.value, "in_words": s.words,
                         "visibility": s.visibility, "when": _when(s.when)})
        for i in person.suggested:
            rows.append({**base, "topic": "invite", "key": "invitee" if i.wanted else NOT_INVITE.slot, "value": i.name,
                         "in_words": ", ".join(filter(None, [i.name, i.relationship, "anonymous" if i.anonymous else ""])),
                         "visibility": "coordinator" if i.wanted else PRIVATE, "when": _when(i.when)})
        for q in person.asked:
            rows.append({**base, "topic": "question", "key": "open_question", "value": q.text, "in_words": q.text,
                         "visibility": "coordinator", "when": _when(q.when)})
        for c in person.sent:
            rows.append({**base, "topic": "contribution", "key": c.kind, "value": c.text or "",
                         "in_words": c.text or f"a {c.kind.replace('_', ' ')} (see the page)",
                         "visibility": c.visibility, "when": _when(c.when)})
    return rows


def _when(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else ""


# A cell starting with one of these is run as a formula by spreadsheets; answers are typed by anyone
# with an invite link, so such cells start with an apostrophe instead.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_csv(record: MeetingRecord) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows({k: "'" + v if v.startswith(FORMULA_STARTS) else v for k, v in row.items()}
                     for row in meeting_rows(record))
    return out.getvalue()


def as_json(record: MeetingRecord) -> str:
    return json.dumps({
        "meeting": {"id": record.id, "title": record.title, "kind": record.kind,
                    "date": record.scheduled_at.isoformat() if record.scheduled_at else "to be agreed",
                    "coordinator": record.coordinator_name},
        "participants": [{"name": p.name, "role": p.role, "joined": p.joined_at is not None,
                          "confirmed": p.confirmed_at is not None} for p in record.people],
        "answers": meeting_rows(record),
    }, indent=2)
