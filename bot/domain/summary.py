"""The plain-words summary of everything one person told the assistant."""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.preparation import CHECK_IN_QUESTIONS, QUESTIONS_BY_SLOT, TOPIC_TITLES, describe, questions_for
from bot.domain.reminders import CHECK_IN

# How each saved answer is introduced in the summary.
LABELS = {
    "purpose_check": "What the meeting is for", "has_reports": "Got the reports", "reports_understood":
    "Understood the reports", "wants_advocate": "Would like an advocate", "info_format": "Information in",
    "professional_concern": "The professionals coming", "professional_not_wanted": "Rather they did not come (kept private)",
    "venue_choice": "Place", "venue_avoid": "Places to avoid", "venue_safe": "Everyone can feel safe there",
    "access_needs": "Access needs", "travel_help": "Help with travel", "good_times": "Good times",
    "bad_times": "Times that don't work", "stay_length": "Can stay for", "childcare": "Needs childcare",
    "food_needs": "Food", "interpreter": "Interpreter", "invite_person": "People to invite",
    "invitees_times": "When they could come", "invite_more": "Anyone else to invite",
    "trusted_professional": "A professional you trust", "not_invite": "Rather not invite (kept private)",
    "send_invites": "Send invitations yourself", "help_offered": "Help you could offer", "agenda_items": "Want to talk about",
    "plan_ideas": "First ideas for the plan", "plan_writer": "Who writes the plan down",
    "info_sharing": "Private information shared with", "ground_rules": "Ground rules",
    "safety_worry": "Worried about safety", "split_meeting": "Separate meetings",
    "yp_privacy_ok": "Who sees what you say", "taking_part": "How you'd like to take part",
    "send_views_how": "Sending your views as", "views_told_by": "Who tells the meeting what you think",
    "family_time_join": "Be there in private family time", "break_signal": "How you'll ask for a break",
    "support_person": "Who you'd like next to you", "going_well": "What's going well", "worries": "What worries you",
    "hopes": "What you hope for",
}
CHECK_IN_WORDS = {CHECK_IN: "three weeks after the meeting"}  # else: before the review
for _kind, (_working, _gaps) in CHECK_IN_QUESTIONS.items():
    LABELS[_working.slot] = f"Is the plan working ({CHECK_IN_WORDS.get(_kind, 'before the review')})"
    LABELS[_gaps.slot] = f"Anyone not doing their part ({CHECK_IN_WORDS.get(_kind, 'before the review')})"
# Choices worded for a button ("Not the children's school") that read twice over after their label.
SUMMARY_WORDS = {("venue_avoid", "school"): "The children's school", ("venue_avoid", "council"): "The council offices",
                 # read back to the person: "What the meeting is for: Knows what the meeting is for" said it twice
                 ("purpose_check", "understood"): "The family makes the plan, with help",
                 ("purpose_check", "needs_more_explanation"): "The coordinator will go through it with you",
                 ("yp_privacy_ok", "ok"): "Explained to you",
                 ("not_invite", "no"): "No one", ("not_invite", "none"): "No one"}
SHARED_WORDS = {"coordinator": "only the coordinator sees this",
                "professionals": "the coordinator may tell the professionals",
                "everyone": "everyone at the meeting can hear this, your family too"}


@dataclass(frozen=True)
class Line:
    topic: str
    label: str
    answer: str


def summary_lines(saved: dict[str, str], invitees: list[str], role: str | None = None,
                  shared: dict[str, str] | None = None) -> list[Line]:
    """One line per answered question, in the order they were asked; people to invite listed together.

    `shared` maps an answer to a young person's choice of who may see it, shown beside the answer.
    """
    lines = []
    for question in questions_for(role):
        if question.slot == "invite_person" and invitees:
            lines.append(Line(question.topic, LABELS[question.slot], ", ".join(invitees)))
        elif question.slot in saved and question.slot not in ("invite_more", "invite_person") and not question.shares:
            answer = _in_words(question.slot, saved[question.slot])
            if shared and question.slot in shared:
                answer += f" ({SHARED_WORDS.get(shared[question.slot], SHARED_WORDS['coordinator'])})"
            lines.append(Line(question.topic, LABELS[question.slot], answer))
    return lines


def invitee_words(name: str, relationship: str | None) -> str:
    """ "Linda (mum)", but "Nan", not "Nan (nan)"."""
    return f"{name} ({relationship})" if relationship and relationship.lower() != name.lower() else name


def person_summary(answers: dict[str, tuple[str, str]], invitees: list[tuple[str, str | None]],
                   role: str | None) -> list[Line]:
    """What one person said, as they see it at the end of the chat and the coordinator sees it on the
    page. `answers` maps a question's slot to (answer, who may see it); `invitees` are the people they
    want invited, (name, relationship). A young person's choice of who may see an answer is shown beside it."""
    saved = {slot: value for slot, (value, _) in answers.items()}
    shared = {slot: visibility for slot, (_, visibility) in answers.items() if f"share_{slot}" in saved}
    return summary_lines(saved, [invitee_words(name, relationship) for name, relationship in invitees], role, shared)


def summary_text(lines: list[Line]) -> str:
    parts, topic = [], None
    for line in lines:
        if line.topic != topic:
            topic = line.topic
            parts.append(f"\n{TOPIC_TITLES[topic]}")
        parts.append(f"• {line.label}: {line.answer}")
    return "\n".join(parts).strip()


def noted_words(slot: str, value: str) -> str:
    """How an answer given before its question, or changed after it, is confirmed: "Times that don't
    work: not Tuesdays", "Who sees 'How you'd like to take part': Only the coordinator"."""
    shared = QUESTIONS_BY_SLOT[slot].shares
    label = f"Who sees '{LABELS[shared]}'" if shared else LABELS[slot]
    return f"{label}: {_in_words(slot, value)}"


def _in_words(slot: str, value: str) -> str:
    return SUMMARY_WORDS.get((slot, value)) or describe(slot, value)


# Agreeing to "Is that right?" in one's own words, a question or two later: "ok good. everything correct
# now, you can give to Amira", "is all right. please send it". Any word against it and it is not agreed.
_AGREES = re.compile(r"\b(?:send|sent|correct|right|good|fine|ok|okay|yes|yeah|yep|perfect|spot on|give)\b", re.I)
_AGAINST = re.compile(r"\b(?:not|no|nope|wrong|change|but|except|missed|miss|didn'?t|isn'?t|wait|hold on|don'?t|dont)\b",
                      re.I)


def agrees(text: str) -> bool:
    return bool(_AGREES.search(text or "")) and not _AGAINST.search(text or "")
