"""The preparation questions, in order, and how an answer to each is read and kept.

Pure logic: no Rasa, no database. The wording people see lives in domain.yml (utter_ask_<slot>),
so it can be edited without touching code; this module decides what is asked, when, and what a
reply means.
"""
from __future__ import annotations

import difflib
import re
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Callable, Mapping

from bot.domain.network import means_nobody
from bot.domain.reminders import CHECK_IN, CHECK_INS
from bot.domain.text import sentences, visible_text

YES, NO, NOT_SURE, SKIPPED = "yes", "no", "not_sure", "skipped"
ANSWER_WORDS = {YES: "Yes", NO: "No", NOT_SURE: "Not sure", SKIPPED: "Skipped"}
# What is saved for the understanding check, rather than the button pressed.
UNDERSTOOD, NEEDS_MORE_EXPLANATION = "understood", "needs_more_explanation"
CHECK_WORDS = {UNDERSTOOD: "Knows what the meeting is for", NEEDS_MORE_EXPLANATION: "Would like it explained again"}

# Intents that mean "this is not an answer": the form steps aside, answers, then asks again.
NOT_AN_ANSWER = frozenset(
    {"help", "change_answer", "show_summary", "greet", "goodbye", "thanks", "join_meeting", "continue_preparation",
     "disclose_harm", "privacy", "forget", "complain_about_professional"}
)
# Intents of questions. Short answers ("my ex", "pizza") can look like them to the model, so a
# message counts as a question only if it is also worded like one.
QUESTION_INTENTS = frozenset({"ask_meaning", "faq", "ask_who_attends", "out_of_scope", "nlu_fallback"})
QUESTION_WORDS = frozenset({
    "what", "whats", "what's", "wat", "wot", "why", "how", "when", "where", "who", "whos", "who's", "which",
    "can", "could", "will", "would", "do", "does", "did", "is", "are", "am", "should", "shall", "may",
    "explain", "tell", "define", "meaning",
})
# Why an answer is asked again (the slot `clarify` picks the short re-ask in domain.yml).
YES_OR_NO, WHO, WHAT, AGAIN = "yes_or_no", "who", "what", "again"  # AGAIN: the question as it was
# Intents the model may give an answer worded politely or loosely ("fine thanks", "weekends, cheers").
SOFT_INTENTS = frozenset({"thanks", "greet", "goodbye", "affirm", "deny", "inform", "continue_preparation",
                          "not_sure", None})
INTENT_ANSWERS = {"affirm": YES, "deny": NO, "not_sure": NOT_SURE, "skip": SKIPPED}
SHORT_REPLY = 4  # words
MAX_ANSWER_LENGTH = 1000

Answers = Mapping[str, str | None]


@dataclass(frozen=True)
class PageSection:
    """Where the coordinator's page lists a question's answers: a field of bot.domain.consolidation.Consolidated."""
    name: str
    counted: bool = False  # answers counted by choice ("Library: 2"), else each listed with who said it
    adults_only: bool = False  # young people's views have their own section


@dataclass(frozen=True)
class Question:
    slot: str
    topic: str
    choices: dict[str, str] = field(default_factory=dict)  # stored code -> words shown to people
    private: bool = False  # shown to the coordinator only, never to other family members
    yes_no: bool = False
    asked_if: Callable[[Answers], bool] = lambda answers: True
    shares: str | None = None  # a young person's choice of who may see their answer to this slot
    # What to ask when a bare "yes" answers an open question ("is there anyone...?" "yes" -> "who?").
    follow_up: str | None = None
    # Choices far enough apart in meaning to be matched to a reply by meaning when no word names one
    # (bot/rasa_components/choices_by_meaning.py); not places or times, where people's own words matter.
    by_meaning: bool = False
    # The response that says what the question means, for "wdym?" (otherwise a general "sorry, I didn't
    # say that very well").
    plainly: str = "utter_say_it_plainly"
    # A question worded for yes or no but answered by its choices ("Are you happy for them to come?"):
    # the choice a yes means and the one a no means.
    yes_means: str | None = None
    no_means: str | None = None
    roles: frozenset[str] | None = None  # asked only of these roles (None: of every adult)
    not_for: frozenset[str] = frozenset()  # never asked of these roles
    # Answered in one's own words; the buttons are only the commonest answers ("School runs").
    own_words: bool = False
    # The answer "it's fine" gives, where a "no" in front of it is only a way of starting ("no I think
    # it's fine" to "could everyone feel safe there?" is a yes)
    fine_means: str | None = None
    # How the answer is introduced when it is read back (the summary, the page, "noted: ...").
    label: str = ""
    # Choices worded for a button ("Not the children's school") that read twice over after the label:
    # the words to read back instead.
    read_back: dict[str, str] = field(default_factory=dict)
    # What the coordinator arranges when the answer asks for it (the page's "Needs to arrange"); for a
    # yes/no question only a yes asks. Answers in `not_a_need` ("English is fine") ask for nothing.
    need: str | None = None
    not_a_need: frozenset[str] = frozenset()
    # An open question that takes whatever is on someone's mind: anything told while it is asked is its answer.
    open_to_anything: bool = False
    # Questions its answers tell of, for something else: times told when asked when the people invited
    # could come are their times; days told with help offered are when they can help.
    tells_of: frozenset[str] = frozenset()
    # The items of the readiness checklist its answer counts for (bot/domain/readiness.py: "venue", "agenda" ...).
    readiness: frozenset[str] = frozenset()
    # The section of the coordinator's page that lists its answers as they are; questions read together
    # with others (times, needs, safety) are placed by bot/domain/consolidation.py by name.
    on_page: PageSection | None = None
    # A reply said after these answers, so the person knows what happens next; under None, after any
    # real answer typed in their own words.
    said_after: dict[str | None, str] = field(default_factory=dict)


def _said_yes(slot: str) -> Callable[[Answers], bool]:
    return lambda answers: answers.get(slot) == YES


# Wider family and friends: the guidance's reports (given to parents and young people) and the rights
# and advocacy questions are not theirs; what help they could offer is.
NETWORK_ROLES = frozenset({"wider_family", "friend"})


def _invited_someone(answers: Answers) -> bool:
    return answers.get("invite_person") not in (None, "none", SKIPPED)


# Strengths first ("preparation meetings start with a focus on what is going well", Table 1), and a
# hopeful picture of what would be different (Table 3). Asked of parents and carers and, on their own
# path, of young people.
GOING_WELL = Question("going_well", "views", {"nothing": "Nothing right now"}, not_for=NETWORK_ROLES,
                      label="What's going well", open_to_anything=True,
                      readiness=frozenset({"going_well", "agenda"}),
                      on_page=PageSection("strengths", adults_only=True))
HOPES = Question("hopes", "views", {"nothing": "Not sure yet"}, not_for=NETWORK_ROLES, label="What you hope for", open_to_anything=True,
                 readiness=frozenset({"going_well", "agenda"}),
                 on_page=PageSection("hopes", adults_only=True))
# "Meet ... at a time ... that ensures that their network can attend" (Table 1): asked of anyone who
# invited someone.
INVITEES_TIMES = Question("invitees_times", "invite", {"same": "The same times as me", "weekday_evening": "Evenings",
                                                       "weekend": "Weekends"},
                          follow_up=WHAT, asked_if=_invited_someone, own_words=True, label="When they could come", tells_of=frozenset({"good_times", "bad_times"}))

PURPOSE_CHECK = Question("purpose_check", "purpose", {"family": "Our family and the people who care about us",
                                                      "social_worker": "The social worker"}, by_meaning=True,
                         plainly="utter_purpose_simpler", label="What the meeting is for",
                         read_back={"understood": "The family makes the plan, with help", "needs_more_explanation": "The coordinator will go through it with you"},
                         readiness=frozenset({"purpose"}))
HAS_REPORTS = Question("has_reports", "reports", yes_no=True, not_for=NETWORK_ROLES, label="Got the reports",
                       said_after={"no": "utter_reports_missing", "not_sure": "utter_reports_missing"},
                       readiness=frozenset({"reports"}))
REPORTS_UNDERSTOOD = Question("reports_understood", "reports", {"partly": "Some of it"}, yes_no=True, asked_if=_said_yes("has_reports"),
                              not_for=NETWORK_ROLES, label="Understood the reports",
                              said_after={"no": "utter_reports_explained", "partly": "utter_reports_explained"})
WANTS_ADVOCATE = Question("wants_advocate", "reports", yes_no=True, not_for=NETWORK_ROLES,
                          label="Would like an advocate", need="Advocate",
                          said_after={"yes": "utter_advocate_noted"})
INFO_FORMAT = Question("info_format", "reports", {"fine": "English, as it is, is fine", "other_language": "Another language",
                                                  "easy_read": "Easy read", "audio": "Spoken, not written"},
                                                  label="Information in", need="Information in another format", not_a_need=frozenset({"fine"}))
PROFESSIONAL_CONCERN = Question("professional_concern", "attendees", {"fine": "They are all fine", "someone": "I'd rather someone didn't come"},
                                by_meaning=True, yes_means="fine", no_means="someone", label="The professionals coming",
                                readiness=frozenset({"attendees"}))
PROFESSIONAL_NOT_WANTED = Question("professional_not_wanted", "attendees", private=True, follow_up=WHO,
                                   asked_if=lambda answers: answers.get("professional_concern") == "someone",
                                   label="Rather they did not come (kept private)", open_to_anything=True,
                                   said_after={None: "utter_professional_request_noted"})
VENUE_CHOICE = Question("venue_choice", "venue", {"community_centre": "Community centre", "family_centre": "Family centre",
                                                  "library": "Library", "place_of_worship": "Place of worship",
                                                  "neutral": "Somewhere neutral", "home": "Our home"}, label="Place",
                        readiness=frozenset({"venue"}),
                        on_page=PageSection("venues", counted=True))
VENUE_AVOID = Question("venue_avoid", "venue", {"none": "Nowhere in particular", "school": "Not the children's school",
                                                "council": "Not the council offices"}, no_means="none", label="Places to avoid",
                                                read_back={"school": "The children's school", "council": "The council offices"},
                       readiness=frozenset({"venue"}),
                       on_page=PageSection("places_not_wanted", counted=True))
VENUE_SAFE = Question("venue_safe", "venue", yes_no=True, fine_means=YES, label="Everyone can feel safe there",
                      said_after={"no": "utter_venue_safety_noted"})
ACCESS_NEEDS = Question("access_needs", "venue", {"none": "No, nothing"}, follow_up=WHAT, label="Access needs", need="Access")
TRAVEL_HELP = Question("travel_help", "venue", yes_no=True, label="Help with travel", need="Help with travel")
GOOD_TIMES = Question("good_times", "timing", {"weekday_daytime": "Weekdays, in the day", "weekday_evening": "Weekday evenings",
                                               "weekend": "Weekends", "after_school": "After school", "any": "Any time"},
                                               label="Good times",
                      readiness=frozenset({"time"}))
BAD_TIMES = Question("bad_times", "timing", {"none": "None, I'm flexible"}, follow_up=WHAT,
                     label="Times that don't work",
                     readiness=frozenset({"time"}))
STAY_LENGTH = Question("stay_length", "timing", {"up_to_2h": "Up to 2 hours", "half_day": "Half a day", "all_day": "All day"},
                       label="Can stay for",
                       on_page=PageSection("stay_length", counted=True))
CHILDCARE = Question("childcare", "timing", yes_no=True, label="Needs childcare", need="Childcare")
FOOD_NEEDS = Question("food_needs", "timing", {"none": "No, nothing special"}, follow_up=WHAT, label="Food", need="Food")
INTERPRETER = Question("interpreter", "timing", {"none": "No, English is fine"}, follow_up=WHAT, label="Interpreter", need="Interpreter or language")
INVITE_PERSON = Question("invite_person", "invite", {"none": "No one for now"}, follow_up=WHO, label="People to invite",
                         readiness=frozenset({"invited"}))
INVITE_MORE = Question("invite_more", "invite", {YES: "Add someone else", NO: "That's everyone"}, yes_no=True,
                       asked_if=_invited_someone, label="Anyone else to invite")
TRUSTED_PROFESSIONAL = Question("trusted_professional", "invite", {"none": "No one in particular"}, follow_up=WHO,
                                label="A professional you trust")
NOT_INVITE = Question("not_invite", "invite", {"none": "No"}, private=True, follow_up=WHO, label="Rather not invite (kept private)",
                      read_back={"no": "No one", "none": "No one"},
                      said_after={None: "utter_kept_private"})
# The family may send the invitations (Table 1); a friend of the family is not asked to
SEND_INVITES = Question("send_invites", "invite", {NO: "No, the coordinator can"}, yes_no=True, not_for=frozenset({"friend"}),
                        label="Send invitations yourself")
# The guidance's "network able to attend" and "shared responsibility": what wider family and friends
# could do to help ("school runs, a bed for a night, someone to talk to").
HELP_OFFERED = Question("help_offered", "help", {"school_runs": "School runs", "children_stay": "Having the children to stay",
                                                 "lifts": "Lifts", "talk": "Someone to talk to", "none": "Not sure yet"},
                        follow_up=WHAT, roles=NETWORK_ROLES, own_words=True, label="Help you could offer", tells_of=frozenset({"good_times", "bad_times"}))
AGENDA_ITEMS = Question("agenda_items", "agenda", follow_up=WHAT, label="Want to talk about", open_to_anything=True,
                        readiness=frozenset({"agenda"}),
                        on_page=PageSection("agenda"))
# The family agrees what private information is shared (Table 1); wider family and friends hear it
INFO_SHARING = Question("info_sharing", "agenda", {"everyone": "Everyone at the meeting", "close_family": "Only close family",
                                                   "talk_first": "I'd like to talk to the coordinator first"}, by_meaning=True,
                        not_for=NETWORK_ROLES, label="Private information shared with",
                        on_page=PageSection("info_sharing"))
# Rules are the family's own: not matched by meaning ("no judging" became "No shouting"), so one
# that names no button is kept in their words.
GROUND_RULES = Question("ground_rules", "agenda", {"one_at_a_time": "One person talks at a time", "no_shouting": "No shouting",
                                                   "breaks": "Breaks when we need them"}, label="Ground rules",
                        on_page=PageSection("ground_rules", counted=True))
# Getting ready for private family time (Table 3: "the plan ... has key points suggested by family
# members"; "families have had time without professionals ... to produce key points"): what the plan
# must cover and who writes it are told first; the family's first ideas are kept.
PLAN_IDEAS = Question("plan_ideas", "plan", {"none": "No ideas yet"}, follow_up=WHAT, label="First ideas for the plan", open_to_anything=True,
                      readiness=frozenset({"plan"}),
                      on_page=PageSection("plan_ideas"))
PLAN_WRITER = Question("plan_writer", "plan", {"me": "I could", "someone": "Someone else in the family",
                                               "help": "We'd like help with it"}, by_meaning=True,
                                               label="Who writes the plan down",
                       readiness=frozenset({"plan"}),
                       on_page=PageSection("plan_writers"))
SAFETY_WORRY = Question("safety_worry", "safety", yes_no=True, label="Worried about safety",
                        said_after={"yes": "utter_safety_worry"},
                        readiness=frozenset({"safety", "feels_safe"}))
SPLIT_MEETING = Question("split_meeting", "safety", yes_no=True, asked_if=_said_yes("safety_worry"),
                         label="Separate meetings",
                         said_after={"yes": "utter_split_meeting_noted"})
QUESTIONS: tuple[Question, ...] = (
    PURPOSE_CHECK,
    GOING_WELL,
    HOPES,
    HAS_REPORTS,
    REPORTS_UNDERSTOOD,
    WANTS_ADVOCATE,
    INFO_FORMAT,
    PROFESSIONAL_CONCERN,
    PROFESSIONAL_NOT_WANTED,
    VENUE_CHOICE,
    VENUE_AVOID,
    VENUE_SAFE,
    ACCESS_NEEDS,
    TRAVEL_HELP,
    GOOD_TIMES,
    BAD_TIMES,
    STAY_LENGTH,
    CHILDCARE,
    FOOD_NEEDS,
    INTERPRETER,
    INVITE_PERSON,
    INVITE_MORE,
    INVITEES_TIMES,
    TRUSTED_PROFESSIONAL,
    NOT_INVITE,
    SEND_INVITES,
    HELP_OFFERED,
    AGENDA_ITEMS,
    INFO_SHARING,
    GROUND_RULES,
    PLAN_IDEAS,
    PLAN_WRITER,
    SAFETY_WORRY,
    SPLIT_MEETING,
)


# Who may see an answer: a young person chooses, for each of their own answers.
# Each says what the coordinator will do with the answer (bot/domain/visibility.py).
SHARE_CHOICES = {"coordinator": "Only the coordinator", "professionals": "The professionals too",
                 "everyone": "My family too, everyone at the meeting"}


def _shared(question: Question) -> tuple[Question, Question]:
    """A young person's question, and after it the question of who may see their answer."""
    slot = question.slot
    answered = lambda answers: answers.get(slot) not in (None, SKIPPED, NOT_SURE, "none")  # noqa: E731
    return question, Question(f"share_{slot}", question.topic, SHARE_CHOICES, asked_if=answered, shares=slot,
                              by_meaning=True, plainly="utter_sharing_explained", label=f"Who sees '{question.label}'")




def _coming(answers: Answers) -> bool:
    return answers.get("taking_part") in ("all", "part")


# Young people (10-17) get their own path: privacy first; who is coming and why (the coordinator's
# list); how they want to take part, who tells the meeting their views and whether they want to be in
# private family time; their views ("three houses": going well, worries, hopes), each with a sharing
# choice; feeling safe, a break signal and who they want next to them; a grown-up they trust; who to
# invite (Tables 1-3 of the guidance: "children and young people feel prepared", "reduced anxiety about
# attending", "a trusting relationship with a consistent professional").
YP_PRIVACY_OK = Question("yp_privacy_ok", "privacy", {"ok": "OK, got it"}, label="Who sees what you say",
                         read_back={"ok": "Explained to you"})
SEND_VIEWS_HOW = Question("send_views_how", "taking_part", {"message": "A written message", "drawing": "A drawing or photo",
                                                            "voice": "A voice note or video"},
                          asked_if=lambda answers: answers.get("taking_part") in ("send_views", "not_taking_part", "advocate"),
                          label="Sending your views as",
                          said_after={"message": "utter_views_in_writing"})
VIEWS_TOLD_BY = Question("views_told_by", "taking_part", {"me": "Me", "advocate": "My advocate", "coordinator": "The coordinator",
                                                          "someone": "Someone else I choose"},
                         asked_if=lambda answers: answers.get("taking_part") not in (None, "not_taking_part"),
                         label="Who tells the meeting what you think")
FAMILY_TIME_JOIN = Question("family_time_join", "taking_part", {"part": "For some of it"}, yes_no=True, asked_if=_coming,
                            label="Be there in private family time")
BREAK_SIGNAL = Question("break_signal", "safety", {"card": "Hold up a card", "word": "Say a code word",
                                                        "leave": "Just get up and go out", "advocate": "Tell my advocate"},
                        asked_if=_coming, own_words=True, label="How you'll ask for a break")
SUPPORT_PERSON = Question("support_person", "safety", {"none": "No one in particular"}, follow_up=WHO, asked_if=_coming,
                          label="Who you'd like next to you")
TAKING_PART = Question("taking_part", "taking_part", {"all": "Come to all of it", "part": "Come to part of it",
                                                      "advocate": "Someone speaks for me", "send_views": "Send my views",
                                                      "not_taking_part": "Not take part"}, by_meaning=True,
                       label="How you'd like to take part",
                       readiness=frozenset({"taking_part"}))
WORRIES = Question("worries", "views", {"nothing": "Nothing right now"}, label="What worries you", open_to_anything=True,
                   readiness=frozenset({"agenda"}))
YOUNG_PERSON_QUESTIONS: tuple[Question, ...] = (
    YP_PRIVACY_OK,
    PURPOSE_CHECK,
    PROFESSIONAL_CONCERN,
    PROFESSIONAL_NOT_WANTED,
    *_shared(TAKING_PART),
    SEND_VIEWS_HOW,
    VIEWS_TOLD_BY,
    FAMILY_TIME_JOIN,
    WANTS_ADVOCATE,
    *_shared(GOING_WELL),
    *_shared(WORRIES),
    *_shared(HOPES),
    SAFETY_WORRY,
    BREAK_SIGNAL,
    SUPPORT_PERSON,
    TRUSTED_PROFESSIONAL,
    INVITE_PERSON,
    INVITE_MORE,
    INVITEES_TIMES,
    NOT_INVITE,
    VENUE_AVOID,
    GOOD_TIMES,
)


def _check_in(kind: str) -> tuple[Question, ...]:
    when = "three weeks after the meeting" if kind == CHECK_IN else "before the review"
    return (
        Question(f"{kind}_plan_working", "after", {"working": "Yes, it's working", "partly": "Partly",
                                                   "not_working": "No, not really"},
                 private=True, own_words=True, by_meaning=True, yes_means="working", no_means="not_working",
                 label=f"Is the plan working ({when})"),
        Question(f"{kind}_plan_gaps", "after", {"none": "Everyone is doing their part"}, private=True, follow_up=WHAT,
                 own_words=True, label=f"Anyone not doing their part ({when})"),
    )


# After the meeting, everyone who joined is asked "is the plan working? is anyone not doing their
# part?" (the guidance: the plan is reviewed, and the family holds to it), at each check-in
# (bot/domain/reminders.py). Each check-in's answers are kept apart, for the coordinator only.
CHECK_IN_QUESTIONS: dict[str, tuple[Question, ...]] = {kind: _check_in(kind) for kind in CHECK_INS}
QUESTIONS_BY_SLOT = {question.slot: question for question in
                     QUESTIONS + YOUNG_PERSON_QUESTIONS + sum(CHECK_IN_QUESTIONS.values(), ())}
# Questions a complaint about a professional answers: "the points in the report that I believe are
# wrong" is something to talk about, a young person's worry may be their social worker, and "the
# social worker never came back to us" is who is not doing their part of the plan.
COMPLAINT_ANSWERS = frozenset({"agenda_items", "worries"} | {q.slot for q in sum(CHECK_IN_QUESTIONS.values(), ())})
TOPIC_TITLES = {
    "purpose": "What the meeting is for", "reports": "Reports, advice and help", "attendees": "Who will be there",
    "venue": "Where it happens", "timing": "When, and what would help", "invite": "Who to invite",
    "help": "Help you could offer",
    "agenda": "What to talk about", "plan": "Getting ready for private family time", "safety": "Feeling safe", "privacy": "Who sees what you say",
    "taking_part": "How you take part", "views": "What you think", "after": "After the meeting",
}


def questions_for(role: str | None) -> tuple[Question, ...]:
    if role == "young_person":
        return YOUNG_PERSON_QUESTIONS
    return tuple(q for q in QUESTIONS if (q.roles is None or role in q.roles) and role not in q.not_for)


def answered_just_before(asked: str, answers: Answers, role: str | None = None) -> str | None:
    """The question answered last before `asked`, in the order they are asked."""
    order = [q.slot for q in questions_for(role)]
    earlier = order[:order.index(asked)] if asked in order else []
    return next((slot for slot in reversed(earlier) if answers.get(slot) is not None), None)


def corrected_choice(slot: str, text: str) -> str | None:
    """ "wait no only part of it": a choice named after a correction, which changes an answer."""
    cleaned = " ".join(visible_text(text or "").split())
    if not CORRECTION.search(_words(cleaned)):
        return None
    if looks_like_question(cleaned) and not CORRECTION_LEADS.search(cleaned.lower()):
        return None  # "what am i actually allowed to know about the social worker's worries?" corrects nothing
    return _matching_choice(QUESTIONS_BY_SLOT[slot], cleaned)


def topics_for(role: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(question.topic for question in questions_for(role)))


def questions_to_ask(answers: Answers, role: str | None = None) -> list[str]:
    """Slots still to ask, in order, skipping follow-ups that do not apply."""
    return [q.slot for q in questions_for(role) if answers.get(q.slot) is None and q.asked_if(answers)]


def slots_of_topic(topic: str, role: str | None = None) -> list[str]:
    return [q.slot for q in questions_for(role) if q.topic == topic]


FINE = re.compile(r"\b(?:it'?s|its|it is|it'?ll be|should be|will be|be|all|that'?s|thats)\s+(?:fine|ok|okay|alright|"
                  r"all right|grand|good|safe)\b(?!.*\b(?:but|not|except|apart)\b)", re.I)


# A reply that says no and nothing more: every word one of these, the first a no
_NOTHING_WORDS = {"no", "nope", "nah", "naw", "none", "nothing", "not", "really", "like", "that", "special", "at", "all", "english",
                  "needed", "thanks", "ta", "thank", "you", "we", "are", "were", "fine", "ok", "okay", "its", "it's",
                  "thats", "that's", "good", "i", "im", "i'm", "don't", "dont", "think", "so", "honestly", "tbh"}


def _says_nothing(text: str) -> bool:
    words = _words(" ".join(visible_text(text or "").split())).split()
    return bool(words) and words[0] in ("no", "nope", "nah", "naw", "none", "nothing") and set(words) <= _NOTHING_WORDS


@dataclass(frozen=True)
class Answer:
    value: str  # a choice code, yes/no/not_sure/skipped, or the person's own words


@lru_cache(maxsize=4)  # the form reads one message against every question: once is enough
def read_answer(slot: str, intent: str | None, choice: str | None, text: str, meaning: str | None = None) -> Answer | None:
    """What a message means as an answer to `slot`, or None when it is not an answer (a question).
    `meaning` is the choice the reply is closest to in meaning, if clearly (used when no word names one)."""
    answer = _read_answer(slot, intent, choice, text, meaning)
    question = QUESTIONS_BY_SLOT[slot]
    if question.fine_means and answer is not None and answer.value == NO and not choice and FINE.search(text):
        return Answer(question.fine_means)
    if slot == "interpreter" and answer is not None and answer.value == "none" and LANGUAGE.search(text or ""):
        return Answer(" ".join(text.split()))  # "polish for my mum, the rest of us are all english"
    if "none" in question.choices and answer is not None and answer.value not in question.choices and (
            _says_nothing(text) or (question.topic == "invite" and means_nobody(text))):
        return Answer("none")  # "no nothing like that" to "does anyone need help getting in?", "no one else"
    if answer is None or not (question.yes_means or question.no_means) or answer.value in question.choices:
        return answer
    if question.own_words and answer.value == " ".join(text.split()) and len(_words(text).split()) > SHORT_REPLY:
        return answer  # "sort of. nan has them tuesdays but my ex hasn't done the school runs": every word of it
    # "yes", or "yeah let them come, can't stop them anyway", to "Are you happy for them to come?"
    said = answer.value if answer.value in (YES, NO) else _said_yes_or_no(" ".join(text.split()))
    meant = question.yes_means if said == YES else question.no_means if said == NO else None
    return Answer(meant) if meant else answer


def _read_answer(slot: str, intent: str | None, choice: str | None, text: str, meaning: str | None) -> Answer | None:
    question = QUESTIONS_BY_SLOT[slot]
    if choice and (choice in question.choices or choice in ANSWER_WORDS):
        return Answer(choice)
    cleaned = " ".join(visible_text(text or "").split())[:MAX_ANSWER_LENGTH].strip()
    if cleaned and all(char in THUMBS_UP for char in cleaned.replace(" ", "")):
        if question.yes_no:
            return Answer(YES)
        if "ok" in question.choices:
            return Answer("ok")  # "OK, got it"
    chosen = _matching_choice(question, cleaned) if cleaned and not cleaned.startswith("/") else None
    if chosen and question.own_words and len(_words(cleaned).split()) > SHORT_REPLY:
        chosen = None  # "i can do the school run on mondays and have them saturdays": their words, all of them
    if not chosen and meaning in question.choices and question.by_meaning and not looks_like_question(cleaned):
        chosen = meaning  # "they all sound very pleasant": They are all fine
    # "That's fine, thanks" answers the question; the model may read it as a thank-you. "The family??"
    # and "the social worker, I suppose?" are answers, unsure ones; "is the library near a bus?" asks.
    # A short reply that names a choice ("english pls") is that answer, whatever the model made of it.
    short = len(_words(cleaned).split()) <= SHORT_REPLY and intent not in ("disclose_harm", "forget", "join_meeting")
    answer_like = (intent in SOFT_INTENTS or intent not in NOT_AN_ANSWER or short
                   or (question.shares and intent == "privacy"))
    # After a correction, only what follows counts: "could it be at the school? no wait, the library".
    final = CORRECTION.split(_words(cleaned))[-1].strip() if CORRECTION.search(_words(cleaned)) else cleaned
    if chosen and answer_like and (not asks_first(final or cleaned) or ASKS_FOR_A_CHOICE.match(_words(final or cleaned))):
        return Answer(chosen)
    # "No thank you dear, I can speak up for myself" answers a yes/no question; the model may read thanks.
    said = _yes_or_no(cleaned) if question.yes_no and intent in SOFT_INTENTS and not asks_first(cleaned) else None
    if said:
        return Answer(said)
    if question.own_words and OFFERS_AN_IDEA.match(_words(final or cleaned)) and intent not in NOT_AN_ANSWER:
        return Answer(cleaned)  # "could i just put my thumbs down" to "how will you show you need a break?"
    if not may_be_answer(intent, text):
        return None
    if is_noise(cleaned):
        return Answer(cleaned)  # "hmm", "lol": asked again, whatever the model made of it
    if (has_set_answers(question) and (asks_first(final) or not _matching_choice(question, cleaned))
            and looks_like_question(final or cleaned) and not _yes_or_no(cleaned)):
        return None  # "r u a bot?" while asked yes or no: a question to answer, not the answer
    if "none" in question.choices and means_nothing(cleaned):
        return Answer("none")  # "none really", whatever the model made of it
    if intent in ("not_sure", "skip") and question.own_words and not _only_unsure(cleaned):
        return Answer(cleaned)  # "dunno, after school probs": the words say more than "not sure"
    if intent in ("not_sure", "skip") or (question.yes_no and intent in INTENT_ANSWERS):
        return Answer(INTENT_ANSWERS[intent])
    if not cleaned or cleaned.startswith("/"):
        return None
    if question.yes_no:
        return Answer(_yes_or_no(cleaned) or chosen or cleaned)
    if "none" in question.choices and means_nothing(cleaned):
        return Answer("none")
    # "no" to "anything else we should know?" is an answer too; keep a bare yes/no as such.
    return Answer(chosen or _bare_yes_or_no(cleaned) or cleaned)


UNSURE_WORDS = frozenset({"i", "im", "dont", "don't", "do", "not", "know", "dunno", "idk", "no", "idea", "sure", "yet",
                          "really", "maybe", "ill", "i'll", "will", "ask", "them", "have", "to", "check", "sorry",
                          "um", "erm", "hmm", "tbh", "honestly", "mate", "x", "at", "the", "moment", "skip", "next",
                          "pass", "can", "you", "they", "it", "depends"})


def _only_unsure(text: str) -> bool:
    return all(word in UNSURE_WORDS for word in _words(text).split())


def has_set_answers(question: Question) -> bool:
    """Answered by choosing (yes/no or buttons), rather than in one's own words (a question whose
    only button is "nothing" or "no one", or whose buttons are only the commonest answers, is answered
    in words)."""
    return question.yes_no or (len(question.choices) > 1 and not question.own_words)


THUMBS_UP = frozenset("👍👌✅🆗\U0001F3FB\U0001F3FC\U0001F3FD\U0001F3FE\U0001F3FF")  # with any skin tone


def may_be_answer(intent: str | None, text: str) -> bool:
    """False for messages that are something else: a question, a greeting, a disclosure, a command."""
    return intent not in NOT_AN_ANSWER and not (intent in QUESTION_INTENTS and looks_like_question(text))


def is_question(intent: str | None, text: str) -> bool:
    """A question about the meeting: "is there halal food?", "can my husband Piotr come?"."""
    return intent in QUESTION_INTENTS and looks_like_question(text)


def answer_beside_question(question: Question, text: str) -> str | None:
    """The sentence that answers `question` in a message whose other sentences ask something: "no
    nothings come thru yet. wats a report anyway like is this a court thing". The question is
    answered as any question is; the answer is kept, not lost. None when no sentence names a choice."""
    parts = sentences(visible_text(text or ""))
    if len(parts) < 2 or not has_set_answers(question):
        return None
    return next((s for s in parts if not looks_like_question(s) and _plainly_answers(question, s)), None)


def _plainly_answers(question: Question, sentence: str) -> bool:
    """A sentence that names a choice, or starts or ends with yes or no ("So no."): "I am no good without
    a cup of tea" says no to nothing."""
    said = _words(sentence).split(" ")
    if said[0] in ("because", "cos", "coz", "cause", "as", "since"):
        return False  # "do i have to talk in front of everyone? because i really don't want to": why they ask
    return bool(_matching_choice(question, sentence)) or (question.yes_no and (
        bool({said[0], said[-1]} & ((YES_WORDS | NO_WORDS) - LETTERS - {"please"}))
        or _said_yes_or_no(sentence) == NO and bool(NOT_YET.search(" ".join(said)))))  # "not yet nothing came"


# Asking for one of the choices is choosing it: "can i just send something instead of going",
# "could we do it at the library".
# Where one's own idea is the answer, "could I just ..." offers one: "could i do the school run?"
OFFERS_AN_IDEA = re.compile(r"^(?:can|could|may) (?:i|we) (?:just |maybe |perhaps |always )?(?!not\b|ask\b|have a\b)[a-z]+\b")
ASKS_FOR_A_CHOICE = re.compile(r"^(?:can|could|may) (?:i|we) (?:just |please |maybe |not )?(?:send|do|have|come|go|get|write|say)\b")
# A question that asks for someone to come: "can my husband Piotr come?", "my brother he can come also?"
# ("will my dad be there?" only asks).
ASKS_TO_BRING = re.compile(r"^(?!.*\b(?:not|never|no)\b|.*n'?t\b).*\b(?:can|could|may|allowed|ok|okay|alright|mind)\b"
                           r".*\b(?:come|bring|be there)\b", re.I)
# What a question can ask for, to be kept for the coordinator: a need, or someone to come.
ASKED_FOR = frozenset({"food_needs", "access_needs", "interpreter", "travel_help", "invite_person"})


YES_WORDS = {"yes", "yeah", "yep", "yup", "ya", "yh", "yea", "yeh", "ye", "yess", "aye", "sure", "ok", "okay",
             "definitely", "please", "y"}
NO_WORDS = {"no", "nope", "nah", "never", "n", "none"}


def _yes_or_no(text: str) -> str | None:
    """Yes or no, said in words ("yes I got them last week") or by a sentence that leans one way."""
    return _said_yes_or_no(text) or _sentence_leans(_words(text))


def says_yes_or_no(text: str) -> str | None:
    """Yes or no said in words ("no", "yes I got them"), not only leant towards by a sentence."""
    return _said_yes_or_no(" ".join(visible_text(text or "").split()))


# Asking for another language or an interpreter (also read in passing: bot.domain.volunteered).
LANGUAGE = re.compile(
    r"\b(interpreter|interpretor|translator|translate|bsl|sign language|polish|urdu|arabic|romanian|somali|"
    r"punjabi|bengali|bangla|gujarati|portuguese|lithuanian|kurdish|farsi|persian|pashto|dari|tigrinya|"
    r"turkish|french|spanish|italian|chinese|mandarin|cantonese|welsh|hindi|tamil|albanian|russian|"
    r"ukrainian|amharic|czech|slovak|hungarian|bulgarian|latvian|vietnamese)\b", re.I)
NOT_YET = re.compile(r"\b(not|nothing|havent|haven't|hasnt|hasn't|never)\b.*\byet\b")  # "nothing came yet"
UNDECIDED = re.compile(r"\b(?:havent|haven't|not|never) (?:decided|made my mind up)|\bundecided\b|"
                       r"\b(?:need|have|got) to think\b|\bthink about it\b|\bthinking about it\b")


def _said_yes_or_no(text: str) -> str | None:
    """The first word of a typed reply to a yes/no question: "yes I got them last week" is yes."""
    words = _words(text)
    if words.startswith(("not sure", "dunno", "don't know", "dont know")) or UNDECIDED.search(words):
        return NOT_SURE  # "I haven't decided yet, I'd need to think about it" is no "not ... yet" no
    if words.startswith(("not yet", "not for me", "no need", "not really", "not at the moment", "not right now")):
        return NO
    if NOT_YET.search(words) and not HAVING_IT.search(SENTENCE_NO.sub(" ", words)):
        return NO  # "not had nothing through the door yet" ("got them but not read them yet" has them)
    if words.startswith(("a bit", "a little", "kind of", "sort of", "kinda", "sorta", "a lot", "i think so")):
        return YES  # "a bit, me and my ex don't get on"
    first, last = words.split(" ")[0], words.split(" ")[-1]
    if words in ("y", "n"):
        return YES if words == "y" else NO
    if first in YES_WORDS - LETTERS or last in YES_WORDS - LETTERS - {"please"}:  # "nothing came, no"
        return NO if first in NO_WORDS - LETTERS else YES
    if first in NO_WORDS - LETTERS or last in NO_WORDS - LETTERS:
        return NO
    # After a word in another language or a filler: "aywa, yes I think so", "well no not really".
    # ("I never learned to drive" is not a no to "do you need a lift?")
    near_start = [w for w in words.split(" ")[1:3] if w in (YES_WORDS | NO_WORDS) - LETTERS - {"please", "never"}]
    if near_start:
        return NO if near_start[0] in NO_WORDS else YES
    return None  # "n my gran 2" is "and my gran too", not "no"


def _sentence_leans(words: str) -> str | None:
    """A sentence with no yes or no in it: "I don't have any report", "nobody has sent me a thing",
    "I should think so", "got it, pack of lies". Only when it leans one way; "I can't drive" to
    "need a lift?" is neither."""
    said_no = bool(SENTENCE_NO.search(words))
    rest = SENTENCE_NO.sub(" ", words)  # "haven't got them" is not "got them"
    said_yes = bool(HAVING_IT.search(rest) or AGREEING.search(rest))
    return NO if said_no and not said_yes else YES if said_yes and not said_no else None


def _sentence_answers(words: str) -> bool:
    """Whether a sentence speaks of the thing asked about ("I don't have any", "got them"), rather
    than only agreeing in passing ("my Ted, of course"), which may be about something else."""
    return bool(SENTENCE_NO.search(words) or HAVING_IT.search(SENTENCE_NO.sub(" ", words)))


# Saying no without "no": not having, getting, wanting or needing the thing asked about.
SENTENCE_NO = re.compile(
    r"\b(?:(?:i|we) (?:do not|did not|have not|ve not|am not|'m not|m not)|(?!can)[a-z]+n'?t|"
    r"not|never|nobody|no one|noone|nothing|nowt|has not|not had)(?:'s)?"
    r"(?: [\w']+){0,2} (?:have|has|had|got|gotten|get (?:them|it|em|any\w*|one|those)|received?|receive|sent|send|"
    r"given|come|came|arrived|understand|get it|follow|"
    r"want|wants|need|needs|worried|bothered|fussed|seen|any|anything)\b|"
    r"\b(?:do not|don't|dont) (?:think|reckon|suppose|spose|expect|believe) so\b")
# Saying yes without "yes": having it ("got them", "I've had it"), or agreeing ("I should think so").
HAVING_IT = re.compile(
    r"\b(?:(?:i|we|i've|ive|i have|we've|weve) (?:got|had|received|read|seen) (?:them|it|em|'em|those|the \w+)|"
    r"got (?:them|it|em|'em)\b|\bi (?:do )?(?:understand|follow|get) (?:it|them|all|most|what)\b|"
    r"\b(?:got|had|received|receive) (?:a |an |some |the |their )?(?:letter|report|reports|papers?|paperwork|copy|pack)\b)")
# ("got some letter off them last week, 12 pages of crap. havent read it all")
AGREEING = re.compile(
    r"\b(?:(?:think|expect|suppose|spose|reckon|guess|believe|hope) so|of course|go on then|why not|"
    r"(?:that|it) (?:would|will|'d|d) (?:be )?(?:good|great|nice|lovely|helpful|help)|sounds (?:good|great|lovely))")


LETTERS = {"y", "n"}


NOTHING_WORDS = {"nothing", "none", "nobody", "noone", "no", "nope", "nah", "nowhere", "not", "really", "thanks",
                 "thank", "you", "at", "all", "thx", "ta", "one", "just", "fine", "n", "a", "anything", "anyone",
                 "in", "particular", "i", "dont", "think", "so", "im", "ok", "okay", "we", "are", "all", "good"}


def means_nothing(text: str) -> bool:
    """ "nope nothing", "no one really", "nothing thanks": the answer "none" to an open question."""
    words = _words(text).replace("'", "").split()
    return bool(words) and all(w in NOTHING_WORDS for w in words) and bool(
        {"nothing", "none", "nobody", "noone", "no", "nope", "nah", "nowhere"} & set(words))


NOISE_WORDS = {"hmm", "hm", "hmmm", "hmmmm", "lol", "lmao", "um", "umm", "erm", "er", "uh", "ah", "oh", "meh", "eh",
               "haha", "ha", "hah", "k", "wtf", "huh", "what", "eh"}


def is_noise(text: str) -> bool:
    """ "hmm", "lol", "um": not an answer to anything. (An emoji, or words in any other script, may be.)"""
    words = text.lower().replace("'", "").split()
    return bool(words) and all(w.strip(".,!?") in NOISE_WORDS for w in words)


def _bare_yes_or_no(text: str) -> str | None:
    words = _words(text)
    return YES if words in YES_WORDS else NO if words in NO_WORDS else None


SAFE_WORDS = frozenset({"im", "i", "am", "fine", "ok", "okay", "safe", "good", "all", "alright", "thanks", "thank",
                        "you", "honestly", "really", "not", "its", "nothing", "like", "that", "thx"})  # no apostrophes: they are taken out


def reply_to_safety_check(text: str) -> str | None:
    """YES or NO when a message is only an answer to "is someone hurting you?" ("no", "nah I'm fine",
    "yes"); None when it says something more, which is read as usual ("yh got em"). A plea to keep it
    secret is none of these: the safeguarding action takes it as a yes and stops the questions."""
    words = _words(visible_text(text or "")).replace("'", "").split()
    if not words or len(words) > 6:
        return None
    if all(w in YES_WORDS | {"yh", "yeh", "yes"} for w in words):
        return YES
    if words[0] in NO_WORDS - LETTERS and all(w in NO_WORDS | SAFE_WORDS for w in words):
        return NO
    if all(w in SAFE_WORDS for w in words) and {"fine", "ok", "okay", "safe", "alright"} & set(words):
        return NO  # "I'm fine", "I'm safe"
    return None


def leads_with_safe_no(text: str) -> bool:
    """ "no im fine he just nags about homework": a "no, I'm fine" to "is someone hurting you?", then more."""
    words = _words(visible_text(text or "")).replace("'", "").split()
    return (bool(words) and words[0] in NO_WORDS - LETTERS and bool({"fine", "ok", "okay", "safe", "alright"} & set(words[:4]))
            and any(reply_to_safety_check(" ".join(words[:n])) == NO for n in (2, 3, 4)))


# "wdym", "what do you mean?", "huh?": the question was not clear to them.
ASKS_WHAT_WE_MEAN = re.compile(r"^(?:(?:wdym|wym|what do you mean|wot do u mean|what do u mean|what you mean)"
                               r"(?:,? (?!by\b|that you\b|you\b|youre\b|you're\b)[\w' ]{1,40})?|"  # "wdym who can see it" (not "... by advocate")
                               r"huh|eh|i don'?t get (?:it|what you mean)|what\?+|\?+)[?!. ]*$", re.I)


def asks_what_we_mean(text: str) -> bool:
    return bool(ASKS_WHAT_WE_MEAN.match(" ".join((text or "").split())))


# Said before a question without changing it: "wait does that mean my mum can see this?"
LEAD_INS = frozenset({"wait", "so", "ok", "okay", "but", "and", "um", "umm", "erm", "hmm", "sorry", "oh", "hang", "on"})


def asks_first(text: str) -> bool:
    """Starts with a question word, after any lead-in: "is the library near a bus?", "r u a bot",
    "wait does that mean my mum can see this?"."""
    words = _words(text).split(" ")
    while len(words) > 1 and words[0] in LEAD_INS:
        words = words[1:]
    first = _spoken(words[0])
    return first in QUESTION_WORDS or (first == "if" and "?" in text)


def _spoken(word: str) -> str:
    """A question word however it is typed: "wot's" and "wats" are "what", "r" is "are"."""
    return SPOKEN_SPELLINGS.get(word.replace("'", "").replace("’", ""), word)


def looks_like_question(text: str) -> bool:
    """Worded like a question: a "?", or a question word near the start of the message or of one of
    its parts ("ngl i feel awkward, do i have to come"; "hang on is this a real person")."""
    words = [_spoken(w) for w in _words(text).split(" ")]
    clauses = [[_spoken(w) for w in _words(part).split(" ")] for part in re.split(r"[,.;:!]+|\b(?:but|so|and|cos|because)\b", text.lower())]
    asks_near_start = any(w in WH_WORDS or (w in QUESTION_WORDS and nxt in PRONOUNS)
                          for w, nxt in zip(words[:3], words[1:4] + [""]))
    return ("?" in text or _asks(words[:2]) or asks_near_start or "mean" in words or "means" in words
            or any(_asks(clause) for clause in clauses) or tuple(words[-2:]) in TAG_QUESTIONS
            or bool(ASKS_WHAT_A_WORD_IS.search(" ".join(words))))


# "I am not understand what is FGC": asking what something is, anywhere in the message.
ASKS_WHAT_A_WORD_IS = re.compile(r"\bwhat (?:is|are) (?:a |an |the )?[a-z0-9]+$|\bwhat (?:is|are) (?:a |an )?(?:fgc|plo|sgo|iro|section)\b")


def _asks(clause: list[str]) -> bool:
    """A part of a message that asks: "where is it", "can i bring...", but not "is very far for us"."""
    return bool(clause) and (clause[0] in WH_WORDS or (clause[0] in QUESTION_WORDS and (
        not clause[1:2] or clause[1] in PRONOUNS or clause[1] in DETERMINERS)))


# Text-speak and run-together question words: "r u a bot", "wheres it gonna be", "wdym".
SPOKEN_SPELLINGS = {"r": "are", "whats": "what", "wats": "what", "wots": "what", "wheres": "where", "hows": "how",
                    "whens": "when", "whys": "why", "wdym": "what", "wym": "what", "cn": "can", "wud": "would",
                    "shud": "should", "cud": "could", "u": "you"}
# "you're not a real person, are you", "it's the family, isn't it"
TAG_QUESTIONS = frozenset({("are", "you"), ("arent", "you"), ("aren't", "you"), ("isnt", "it"), ("isn't", "it"),
                           ("is", "it"), ("dont", "they"), ("don't", "they"), ("do", "they")})
WH_WORDS = frozenset({"what", "whats", "what's", "wat", "wot", "why", "how", "when", "where", "who", "whos", "who's",
                      "which"})
# "are the kids coming", "does your office have a lift": asking, as "would be better if..." is not.
DETERMINERS = frozenset({"the", "a", "an", "your", "his", "her", "our", "their", "any", "all", "everyone", "people",
                         "kids", "children"})
PRONOUNS = frozenset({"i", "you", "u", "we", "they", "he", "she", "it", "this", "that", "there", "my", "me", "anyone",
                      "someone", "somebody"})


# Words that name a choice only when no other choice's words are there: "i wanna come to some of it" is part.
WEAK_CHOICE_WORDS = frozenset({"come", "be there", "go to it"})
# Who may see an answer: "not my mum. just the social worker n that" names the professionals; "not"
# and "just" only lean towards the coordinator when nobody is named.
WEAK_SHARE_WORDS = frozenset({"not", "no", "nah", "just", "only", "dont", "don't"})


def _matching_choice(question: Question, text: str) -> str | None:
    """The choice a typed reply means, from the words that go with each choice (CHOICE_WORDS) or its
    own label: "at the family centre please" is family_centre. Words after "not" do not count, and
    the first mentioned wins ("the family, with the social worker helping" is the family)."""
    wanted = CORRECTION.split(_words(text))[-1].strip()  # "the library? actually no, the family centre"
    if not wanted:
        return None
    if question.slot == "invite_more" and any(means_nobody(s) for s in sentences(text)):
        return NO  # "Those are all. But Gary must not be invited": the list is closed, in a sentence of its own
    for code, label in question.choices.items():
        if wanted == _words(label) or wanted == _words(code.replace("_", " ")):
            return code
    choice_words = CHOICE_WORDS.get("share" if question.shares else question.slot, {})
    wanted = " ".join(TEXT_SPEAK.get(w, w) for w in wanted.split())
    wanted = _spelt_right(wanted, {w for words in choice_words.values() for phrase in words for w in phrase.split()})
    best: tuple[tuple[bool, int, int], str, str] | None = None
    for code, words in choice_words.items():
        for word in words:
            for match in re.finditer(rf"\b{re.escape(word)}s?\b", wanted):
                before = wanted[:match.start()].split()[-2:]
                if any(w in NEGATIONS for w in before) and question.slot not in NEGATION_IS_THE_ANSWER:
                    continue
                if word.startswith(("any", "every", "whenever")) and wanted[match.end():].split()[:1] in (
                        ["except"], ["but"], ["apart"]):
                    continue  # "anywhere except the council offices" is not "anywhere"
                # The first one mentioned; at one place, the longest; a word that goes with several
                # choices ("come" to part of it too) only when nothing more telling is said.
                rank = (word in WEAK_CHOICE_WORDS or (question.shares is not None and word in WEAK_SHARE_WORDS),
                        match.start(), -len(word))
                if best is None or rank < best[0]:
                    best = (rank, code, word)
    return None if best is None else best[1]


def names_a_choice(question: Question, text: str) -> bool:
    """Whether a typed reply names one of the question's choices ("the library", "no", "weekends")."""
    cleaned = " ".join(visible_text(text or "").split())
    return bool(_matching_choice(question, cleaned) or (question.yes_no and (
        _said_yes_or_no(cleaned) or _sentence_answers(_words(cleaned)))))


def says_more(slot: str, value: str, text: str) -> bool:
    """Whether a typed answer that chose `value` says more than the choice, worth keeping in the
    person's words beside it: "the family centre by the park, the kids know it"."""
    if slot not in SPECIFIC_ANSWERS or text.startswith("/"):
        return False
    said = " ".join(TEXT_SPEAK.get(w, w) for w in CORRECTION.split(_words(text))[-1].split())
    for phrase in CHOICE_WORDS.get(slot, {}).get(value, ()) + (_words(QUESTIONS_BY_SLOT[slot].choices.get(value, "")),):
        said = re.sub(rf"\b{re.escape(phrase)}s?\b", " ", said) if phrase else said
    # "after school or saturdays": where more than one can be true, a second choice named is more than the first
    also = slot in SEVERAL_TRUE and _matching_choice(QUESTIONS_BY_SLOT[slot], said) not in (None, value)
    return len([w for w in said.split() if w not in FILLERS]) > 1 or also


SEVERAL_TRUE = frozenset({"good_times", "venue_choice"})


CORRECTION = re.compile(r"\b(?:actually|actualy|actully|no wait|wait no|on second thoughts?|scratch that|i mean)\b(?: no\b)?")
# A correction that starts the message or one of its parts: "no wait, can it be the library instead?"
CORRECTION_LEADS = re.compile(r"(?:^|[.,;:!?]\s*)\W*" + CORRECTION.pattern)
NEGATIONS = {"not", "no", "isnt", "isn't", "never", "dont", "don't", "doesnt", "doesn't", "cant", "can't", "without", "nt"}
NEGATION_IS_THE_ANSWER = {"venue_avoid", "professional_concern", "taking_part", "ground_rules"}  # "no shouting"
# Questions where people's own words often say more than any choice: their words are kept beside the
# choice ("the family centre by the park" is the family centre, and "by the park" matters).
SPECIFIC_ANSWERS = {"venue_choice", "good_times", "stay_length", "info_format", "venue_avoid", "safety_worry",
                    "ground_rules", "taking_part"}
FILLERS = {
    "the", "a", "at", "in", "on", "please", "pls", "plz", "i", "think", "would", "like", "be", "best", "good",
    "prefer", "maybe", "probably", "for", "us", "me", "is", "it", "ok", "fine", "thanks", "thx", "our", "my",
    "local", "one", "there", "are", "that", "that's", "thats", "better", "suit", "suits", "works", "work",
    "really", "just", "we", "can", "do", "id", "i'd", "ideally", "love", "x", "to", "of", "somewhere", "yeah",
    "tbh", "honestly", "not", "guess", "ngl", "lol", "idk", "pls", "suppose", "reckon", "so", "and", "or", "but",
}
# Words that go with each choice, for replies typed in a person's own words. A word matches at the
# start of a word ("weekend" matches "weekends"). Shared for every share_<slot> question.
CHOICE_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "purpose_check": {"family": ("family", "fam", "we do", "us", "relatives", "all of us", "people who care", "us lot",
                                 "its us", "it's us", "we make", "we decide", "us then"),
                      "social_worker": ("social worker", "social services", "the council", "sw")},
    "send_invites": {NO: ("coordinator", "the coordinator can", "you do it", "you lot", "you send them"),
                     YES: ("i will", "ill do it", "i'll do it", "myself", "i can send", "i'll send", "ill send")},
    # "bit worried my mum n shannon will start arguing": the question asks about not getting on, too
    "safety_worry": {YES: ("worried", "worry", "worries me", "dont get on", "don't get on", "not getting on",
                           "arguing", "argue", "arguments", "kick off", "scared", "nervous",
                           # a worry that depends on someone: "only if my ex turns up"
                           "only if", "if my", "if he", "if she", "if they", "depends if", "depends who", "unless"),
                     NO: ("not worried", "no worries", "not really worried")},
    "interpreter": {"none": ("english is fine", "english fine", "speak english", "english only", "just english",
                             "all english", "english speakers", "english speaking")},  # "we're all english, no"
    "invite_more": {NO: ("that's all", "thats all", "that's everyone", "thats everyone", "that's it", "thats it",
                         "that is all", "that is everyone", "nobody else", "no one else", "noone else", "no more")},
    "reports_understood": {"partly": ("some of it", "some", "bits", "bit of it", "parts", "partly", "half",
                                      "most of it", "not all", "little bit", "a bit", "a little")},
    "info_format": {"fine": ("english", "fine", "as it is", "ok", "okay", "normal"),
                    "other_language": ("language", "translate", "translated", "translator", "interpreter", "polish", "urdu", "arabic", "romanian", "somali",
                                       "punjabi", "bengali", "portuguese"),
                    "easy_read": ("easy read", "easy", "simple", "pictures"),  # "large print" is its own request
                    "audio": ("spoken", "audio", "read it to me", "read to me", "listen", "voice", "phone", "tell me",
                              "say it", "can't read", "cant read")},
    "professional_concern": {"fine": ("fine", "ok", "okay", "happy", "no problem", "all good", "good", "alright", "all right",
                                      "no worries", "no issue", "can come", "let them come"),
                             "someone": ("rather", "don't want", "dont want", "not happy", "not ok", "not fine")},
    "venue_choice": {"community_centre": ("community centre", "community center", "community hall"),
                     "family_centre": ("family centre", "family center", "family hub"),
                     "library": ("library",), "place_of_worship": ("church", "mosque", "temple", "gurdwara",
                                                                   "synagogue", "chapel", "place of worship"),
                     "neutral": ("neutral", "somewhere else", "don't mind", "dont mind", "anywhere"),
                     "home": ("home", "my house", "our house", "my place", "our place", "my flat", "our flat")},
    "venue_avoid": {"none": ("nowhere", "anywhere is fine", "don't mind", "dont mind", "no"),
                    "school": ("school",), "council": ("council", "office", "civic", "social services")},
    "invitees_times": {"same": ("same", "same as me", "same times", "same as mine", "same as us"),
                       "weekday_evening": ("evening", "after work", "teatime"),
                       "weekend": ("weekend", "saturday", "sunday")},
    "help_offered": {"school_runs": ("school run", "school pick up", "pick up", "drop off"),
                     "children_stay": ("stay", "sleepover", "have them", "have the kids", "have the children"),
                     "lifts": ("lift", "drive", "driving"), "talk": ("talk", "listen", "chat", "shoulder")},
    "views_told_by": {"me": ("me", "myself", "i will", "ill do it", "i'll do it", "i can", "i want to"),
                      "advocate": ("advocate",), "coordinator": ("coordinator",),
                      "someone": ("someone else",)},  # "my nan" is kept in their words
    "plan_writer": {"me": ("me", "myself", "i could", "i can", "i will", "ill do it", "i'll do it"),
                    "someone": ("someone else", "someone in the family"),  # "my sister" is kept in their words
                    "help": ("help", "coordinator", "no good at", "not good at", "bad at writing", "rubbish at",
                             "cant write", "can't write", "dyslexic", "struggle")},
    "family_time_join": {"part": ("some of it", "part of it", "a bit of it", "for a bit", "for a while", "some")},
    "break_signal": {"card": ("card", "hold up", "hand up", "put my hand up"),
                     "word": ("word", "code", "say something", "say a word"),
                     "leave": ("walk out", "go out", "leave", "get up", "just go"),
                     "advocate": ("advocate", "tell someone", "whisper")},
    "good_times": {"weekday_daytime": ("weekdays in the day", "weekday daytime", "daytime", "in the day", "morning", "afternoon", "during the day"),
                   "weekday_evening": ("evening", "weekday evening", "after work", "after 5", "after 6", "teatime"),
                   "weekend": ("weekend", "saturday", "sunday", "sat", "sun"),
                   "after_school": ("after school", "after 3", "school finishes", "when school"),
                   "any": ("any time", "anytime", "whenever", "flexible", "any day", "anything", "don't mind",
                           "dont mind")},
    # matched with an optional "s": "2 hour" is "2 hours" too ("i can stay maybe 4 hour")
    "stay_length": {"up_to_2h": ("2 hour", "two hour", "couple of hour", "couple hour", "couple hr", "an hour",
                                 "hour or two", "1 hour", "one hour", "not long", "2 hr", "2hr"),
                    "half_day": ("half", "morning", "afternoon", "few hour", "3 hour", "4 hour", "three hour",
                                 "four hour"),
                    "all_day": ("all day", "whole day", "as long as", "full day", "however long")},
    "info_sharing": {"everyone": ("everyone", "everybody", "all of them", "anyone"),
                     "close_family": ("close family", "family only", "just family", "only family", "immediate"),
                     "talk_first": ("talk first", "coordinator first", "talk to", "speak to", "not sure")},
    "ground_rules": {"one_at_a_time": ("one at a time", "one person", "take turns", "interrupt", "talk over"),
                     "no_shouting": ("shout", "shouting", "calm", "raised voices", "yelling", "respect"),
                     "breaks": ("break", "time out", "pause")},
    "taking_part": {"all": ("all of it", "whole", "all of the", "the lot", "be there", "go to it", "come"),
                    "part": ("part", "some of it", "most of it", "a bit", "bit of it", "for a while",
                             # "id go but i dont want to be there when they talk about mum"
                             "go but", "come but", "be there but", "there but", "when they talk", "not all of it",
                             "not the whole"),
                    "advocate": ("speak for me", "advocate", "someone to speak", "talk for me"),
                    "send_views": ("send", "write", "letter", "message", "video", "drawing"),
                    "not_taking_part": ("not take part", "don't want to", "dont want to", "not go", "not come",
                                        "not going", "not coming", "wont go", "won't go", "not gonna go", "not gonna come",
                                        "no thanks", "rather not")},
    "send_views_how": {"message": ("message", "write", "writing", "written", "letter", "text", "type", "typing"),
                       "drawing": ("draw", "drawing", "picture", "photo", "pic"),
                       "voice": ("voice", "video", "record", "recording", "say it", "talk")},
    "yp_privacy_ok": {"ok": ("ok", "okay", "fine", "got it", "yes", "yeah", "sure", "k", "cool", "understand",
                             "alright", "kk", "yep", "makes sense")},
    # Every share_<slot> question: who may see this answer.
    "share": {"everyone": ("family", "fam", "mum", "dad", "everyone", "everybody", "they can", "can see", "yes", "yeah",
                           "ok", "fine", "all of them", "anyone", "all", "nan", "gran"),
              "professionals": ("professional", "social worker", "teacher", "workers", "staff", "people from work",
                                "tell them"),
              "coordinator": ("only", "just", "coordinator", "private", "no", "nah", "secret", "nobody",
                              "don't", "dont", "not")},
}
# "sort of" to "is the plan working?" is partly, not a yes ("sort of" to "any worries?" leans yes)
for _working, _ in CHECK_IN_QUESTIONS.values():
    CHOICE_WORDS[_working.slot] = {
        "partly": ("sort of", "sorta", "kind of", "kinda", "some of it", "bits of it", "a bit", "mostly", "half",
                   "so so", "so-so", "up and down", "on and off", "not all", "not completely", "getting there", "partly"),
        "working": ("going well", "going ok", "going okay", "going fine", "its working", "it's working", "all good",
                    "working well", "better", "fine", "ok", "okay", "good"),
        "not_working": ("not working", "isnt working", "isn't working", "a mess", "falling apart", "worse",
                        "nothing has changed", "nothings changed", "nothing's changed", "not really", "not ok", "not okay",
                        "not good", "not great", "not fine", "not well", "no good")}


# Short words typed as they sound, too far from the word for the spelling check ("skool" is "school").
TEXT_SPEAK = {"skool": "school", "scool": "school", "skl": "school", "skul": "school", "wkend": "weekend",
              "wknd": "weekend", "wkends": "weekends", "wknds": "weekends", "eves": "evenings", "evenin": "evening",
              "evnin": "evening", "mornin": "morning", "mornins": "mornings", "arvo": "afternoon", "aftrnoon": "afternoon",
              "lib": "library", "centr": "centre", "hse": "house", "fam": "family", "famly": "family", "sum": "some"}


def _spelt_right(text: str, vocabulary: set[str]) -> str:
    """Typed words put right when they are one slip from a word we listen for ("famly", "libary")."""
    known = [w for w in vocabulary if len(w) >= 5]
    return " ".join(w if len(w) < 5 or w in vocabulary else (difflib.get_close_matches(w, known, 1, 0.84) or [w])[0]
                    for w in text.split())


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def needs_clarifying(slot: str, value: str, asked_again: bool) -> str | None:
    """Why `value` does not answer `slot` yet (YES_OR_NO, WHO, WHAT), or None when it does.

    A yes/no question answered with other words, or an open "is there anyone...?" answered with a
    bare yes, is asked again once, shortly; whatever comes back the second time is kept.
    """
    question = QUESTIONS_BY_SLOT[slot]
    if is_noise(value):
        return AGAIN  # never kept, however often
    if value in (YES, NO) and not question.yes_no and len(question.choices) > 1 and value not in question.choices:
        return AGAIN  # "ok" to "where would you like it?" only says "go on", however often
    if value == YES and not question.yes_no and not question.follow_up and not question.choices.keys() & {YES, "ok"}:
        return AGAIN  # "ok" to "what would you like to be different?" answers nothing, however often
    if not question.yes_no and len(question.choices) > 1 and value not in question.choices and means_nobody(value):
        return AGAIN  # "thats all 4 people tbh", after naming someone while asked where: closes that list
    if asked_again:
        return None
    if question.yes_no and value not in ANSWER_WORDS and value not in question.choices:
        return YES_OR_NO
    if question.follow_up and value == YES:
        return question.follow_up
    return None


def describe(slot: str, value: str) -> str:
    """An answer in words for the summary."""
    question = QUESTIONS_BY_SLOT[slot]
    return question.choices.get(value) or ANSWER_WORDS.get(value) or CHECK_WORDS.get(value) or value


def purpose_understood(value: str) -> bool:
    return value == "family"


# Not an answer to "who makes the plan?" but how the person feels about being asked: "i dont need a
# meeting, my kids are fine. this is rediculous". Heard first, then the plainer explanation.
RELUCTANT = re.compile(
    r"\b(?:do ?n'?o?t|do not) (?:need|want) (?:a|this|the|any|no) (?:meeting|help|social worker)|\bwaste of (?:time|my time)\b|"
    r"\bri[dc]i?[ck]ulous\b|\brediculous\b|\bpointless\b|\bnothing wrong\b|\bno need for (?:this|a meeting|it)\b|"
    r"\b(?:kids|children|child) (?:are|is) (?:fine|ok|okay|alright)\b|\bstupid\b|\bjoke\b|\bnot fair\b|\bnone of (?:their|your) business\b",
    re.I)


def sounds_reluctant(text: str) -> bool:
    return bool(RELUCTANT.search(text or ""))
