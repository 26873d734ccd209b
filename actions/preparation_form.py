"""Reads and saves each answer of the preparation form (rasa-sdk FormValidationAction).

Every question slot gets the same `extract_<slot>` and `validate_<slot>` (made in a loop below):
extraction decides whether a message is an answer at all (a question is not: the form steps aside
so it can be answered), validation saves it for the right participant. The few questions that
need more (checking understanding, naming people to invite) have their own `validate_<slot>`.
"""
from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.participants import roster
from actions.recent import message_before, ran_since_last_message, said_since_last_message, said_within_messages
from actions.safeguarding import flag_and_reply, just_asked_if_safe
from bot.domain import fallback, preparation
from bot.domain import people as people_module
from bot.domain.glossary import load_glossary
from bot.domain.network import means_nobody, parse_people
from bot.domain.summary import noted_words
from bot.domain.text import sentences
from bot.domain.volunteered import (JOINER, NOT_WANTED_CUE, answer_beside_told, names_its_subject,
                                    tells_only_other_questions, told_in_passing, volunteered, volunteered_person)
from bot.domain.visibility import COORDINATOR, PRIVATE, shared_as
from bot.domain.preparation import (INVITE_MORE, INVITE_PERSON, NO, NOT_INVITE, PROFESSIONAL_CONCERN,
                                    PROFESSIONAL_NOT_WANTED, PURPOSE_CHECK, QUESTIONS_BY_SLOT, Question,
                                    TRUSTED_PROFESSIONAL, YES, questions_for)
from bot.use_cases.chat import has_joined, my_answers, name_people, save_answer, share_answer

MAX_PURPOSE_ATTEMPTS = 2
# Stands, between extraction and validation, for "this message answered the safety check instead".
SAFETY_CHECK_ANSWERED = "(answered the safety check)"


# Below this confidence the model's intent is a guess: words that name one of the choices outweigh it.
UNSURE = 0.5
# A request to the assistant is plainly worded when it is one, so a higher bar for those: "got them
# yesterday but havent read it all" to "have you got the reports?" was "see my answers" at 0.56.
UNSURE_REQUEST, REQUESTS = 0.7, frozenset({"show_summary", "help", "privacy", "change_answer"})


# Answers that name nobody and nothing: no follow-up, no person recorded
NOBODY_OR_NOTHING = frozenset({"none", preparation.SKIPPED, preparation.NOT_SURE, NO})


def _only_leans_about_someone(question: Question, text: str) -> bool:
    """A yes or no only leant towards by words about someone ("i don't want Denise there"): not one."""
    return question.yes_no and volunteered_person(text) is not None and not preparation.says_yes_or_no(text)


# Whether this turn's chat has joined. rasa-sdk asks a form for its slots three times a turn; one
# database read is enough, and a context variable keeps each request's answer to itself.
_joined_this_turn: ContextVar[bool | None] = ContextVar("joined_this_turn", default=None)


class ValidatePreparationForm(FormValidationAction):
    """rasa-sdk asks a form for `extract_<slot>` and `validate_<slot>` by name. Every question of the
    catalogue is read by `_extract_answer` and checked by `_validate_answer` (see `__getattr__`); a question
    with rules of its own has its `validate_<slot>` written out below, which Python finds first."""

    def name(self) -> str:
        return "validate_preparation_form"

    def __getattr__(self, name: str):
        """`extract_<slot>` and `validate_<slot>` for any question without a method of its own."""
        kind, _, slot = name.partition("_")
        if slot not in QUESTIONS_BY_SLOT or kind not in ("extract", "validate"):
            raise AttributeError(name)
        if kind == "extract":
            async def extract(dispatcher, tracker, domain) -> dict[str, Any]:
                return self._extract_answer(slot, tracker, dispatcher)
            return extract

        async def validate(value, dispatcher, tracker, domain) -> dict[str, Any]:
            return self._validate_answer(slot, value, dispatcher, tracker)
        return validate

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        """One turn of the questions, with whether the chat has joined read once for the turn."""
        joined = _joined_this_turn.set(has_joined(tracker.sender_id))
        try:
            return await super().run(dispatcher, tracker, domain)
        finally:
            _joined_this_turn.reset(joined)

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        return self._slots_that_apply(questions_for(tracker.get_slot("role")), tracker)

    @staticmethod
    def _slots_that_apply(questions: tuple[Question, ...], tracker: Tracker) -> list[str]:
        """The slots of these questions that apply to what was said so far; none before joining (the
        summary step asks for the invite code)."""
        joined = _joined_this_turn.get()
        if not (has_joined(tracker.sender_id) if joined is None else joined):
            return []
        answers = {slot: tracker.get_slot(slot) for slot in QUESTIONS_BY_SLOT}
        return [q.slot for q in questions if q.asked_if(answers)]

    def _extract_answer(self, slot: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> dict[str, Any]:
        message = tracker.latest_message
        intent = (message.get("intent") or {}).get("name")
        text = message.get("text") or ""
        if intent == "disclose_harm" and ran_since_last_message(tracker, "action_safeguarding_response"):
            intent = None  # only checked (the full reply stops the questions): read it as plain words
        asked = tracker.get_slot("requested_slot")
        if intent == "complain_about_professional" and asked == slot and slot in preparation.COMPLAINT_ANSWERS:
            intent = None  # noted as a concern too (action_note_concern), and the answer to this question
        if asked == slot and preparation.is_question(intent, text):
            # "no nothings come thru yet. wats a report anyway": the question is answered, the answer kept
            beside = preparation.answer_beside_question(QUESTIONS_BY_SLOT[slot], text)
            if beside:
                text, intent = beside, None
        if (intent != "disclose_harm" and asked
                and (message.get("intent") or {}).get("confidence", 1.0) < (UNSURE_REQUEST if intent in REQUESTS else UNSURE)
                and (preparation.names_a_choice(QUESTIONS_BY_SLOT[asked], text) or told_in_passing(text))):
            # "sum of it, loads of big words": a guess at "see my answers", but it names a choice;
            # "my brother Gaz is coming whatever you lot say": a guess at privacy, but it names someone
            intent = None
        if asked != slot:
            return self._extract_volunteered(slot, intent, text, tracker)
        safety_reply = preparation.reply_to_safety_check(text) if just_asked_if_safe(tracker) else None
        if text == "/continue_preparation" and said_within_messages(tracker, "utter_safety_check", 1):
            # "No, I'm OK" pressed when the check came with the next question: it answers the check
            safety_reply = NO
        if (not safety_reply and just_asked_if_safe(tracker) and preparation.has_set_answers(QUESTIONS_BY_SLOT[slot])
                and preparation.leads_with_safe_no(text)):
            # "no im fine he just nags about homework": the check is answered, not the question ("fine" is
            # no "They are all fine"), which is asked again as it was
            safety_reply = NO
        if safety_reply:
            return self._answer_safety_check(safety_reply, tracker, dispatcher)
        if just_asked_if_safe(tracker) and not preparation.has_set_answers(QUESTIONS_BY_SLOT[slot]):
            # "everyone arguing at home i guess..." got "are you safe?"; "no nothing like that. just normal
            # arguing about money" answers both: the words before the check are kept too, not replaced
            text = " ".join(f"{message_before(tracker)} {text}".split())
        if self._corrects_the_answer_before(slot, text, tracker):
            return {}  # "wait no, only part of it": changes the answer before, and this question comes again
        if slot == TRUSTED_PROFESSIONAL.slot and NOT_WANTED_CUE.search(text):
            # "His mother's new boyfriend. I don't want him anywhere near it.": never shown as trusted; kept
            # privately as someone not to invite, and this question comes again
            return {} if tracker.get_slot(NOT_INVITE.slot) else {NOT_INVITE.slot: " ".join(text.split())}
        if slot == PROFESSIONAL_CONCERN.slot and intent == "complain_about_professional":
            # "not that jo woman, she never listens" is a request. One that asks for nothing ("he was
            # well rude to me once") is no answer: the complaint rule notes it, and the question comes again.
            return self._professional_request(text, tracker)
        if slot == PROFESSIONAL_NOT_WANTED.slot and intent == "complain_about_professional":
            intent = None  # "the teacher like i said", "jo, she never listens": who and why, as asked
        by_meaning = dict(v.split("=", 1) for v in tracker.get_latest_entity_values("choice_by_meaning") if "=" in v)
        answer = preparation.read_answer(
            slot, intent=intent, choice=next(tracker.get_latest_entity_values("choice"), None), text=text,
            meaning=by_meaning.get(slot),
        )
        if answer is None:
            # "will they pay my bus fare?" while asked "would you need help getting there?" asks for it: a yes
            asked_for = told_in_passing(text).get(slot) if slot in preparation.ASKED_FOR else None
            return {slot: asked_for} if asked_for else {}
        if slot == PROFESSIONAL_CONCERN.slot and (request := self._professional_request(text, tracker)):
            return request  # "Mr Evans no need to come": about him, whatever else it says
        question = QUESTIONS_BY_SLOT[slot]
        if question.topic != "invite" and _only_leans_about_someone(question, text):
            return {}  # "and i don't want Denise there" while asked about reports: about her, not a "no"
        # Kept in their own words, or only leaning yes or no ("my Ted, of course"): it may be about another question.
        told = (told_in_passing(text) if answer.value == " ".join(text.split())
                or not preparation.names_a_choice(question, text) else {})
        if (told and slot not in told and preparation.has_set_answers(question)
                and not preparation.names_a_choice(question, text)):
            # "my sisters house would be best, not the school": a place to avoid is kept as that question's
            # answer, and the rest answers this one; otherwise about another question ("can't do Tuesdays",
            # "we need bus money" while asked where)
            rest = answer_beside_told(slot, text)
            answer = preparation.read_answer(slot, intent=intent, choice=None, text=rest) if rest else None
            return {slot: answer.value} if answer else {}
        if told and not preparation.has_set_answers(question) and tells_only_other_questions(slot, text):
            return {}  # kept there; "not mondays i work" while asked about help getting in is no answer to it
        if told.get(slot) and answer.value == " ".join(text.split()):
            # "i could do with a lift tbh, no car" to "need help getting there?"; "i work shifts so it
            # depends, mondays are usually free" to "when is good?" (the shifts go to times that don't work)
            return {slot: told[slot]}
        return {slot: answer.value}

    def _answer_safety_check(self, reply: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> dict[str, Any]:
        """ "no" or "yes" typed after "is someone hurting you?" answers that, not the open question,
        which is then asked again. A yes gets the full safe reply and the coordinator's flag."""
        if reply == YES:
            flag_and_reply(dispatcher, tracker, "confirmed_by_person", carry_on=False)
            return {tracker.get_slot("requested_slot"): SAFETY_CHECK_ANSWERED, "disclosed": True}
        dispatcher.utter_message(response="utter_safety_check_ok")
        return {tracker.get_slot("requested_slot"): SAFETY_CHECK_ANSWERED}

    async def get_validation_events(self, dispatcher, tracker, domain) -> list:
        """The open question asked again, as it was, after the safety check was answered; a question
        said beside the answer to the open question, answered."""
        asked = tracker.get_slot("requested_slot")
        if asked and tracker.slots_to_validate().get(asked) == SAFETY_CHECK_ANSWERED:
            disclosed = [SlotSet("disclosed", True)] if tracker.slots_to_validate().get("disclosed") else []
            return [SlotSet(asked, None), SlotSet("clarify", preparation.AGAIN), *disclosed]
        events = await super().get_validation_events(dispatcher, tracker, domain)
        if asked and any(e.get("name") == asked and e.get("value") is not None for e in events):
            self._answer_question_beside(tracker, dispatcher)
        return events

    def _extract_volunteered(self, slot: str, intent: str | None, text: str, tracker: Tracker) -> dict[str, Any]:
        """An answer to a question not asked yet, given in passing: saved now, not asked later."""
        asked = QUESTIONS_BY_SLOT.get(tracker.get_slot("requested_slot") or "")
        people = slot in (INVITE_PERSON.slot, NOT_INVITE.slot)  # one more person can always be named
        earlier = tracker.get_slot(slot)
        # Said again later, a choice may replace an answer typed in words ("near the school", then
        # "the community centre then"); a chosen answer stays until they change it.
        replaceable = earlier is not None and len(QUESTIONS_BY_SLOT[slot].choices) > 1 and earlier not in QUESTIONS_BY_SLOT[slot].choices
        corrected = preparation.corrected_choice(slot, text) if asked is not None and not text.startswith("/") else None
        if corrected and slot == self._answered_just_before(asked.slot, tracker):
            return {slot: corrected} if corrected != earlier else {}  # "wait no, only part of it"
        if slot == PROFESSIONAL_NOT_WANTED.slot and asked is not None and (other := self._other_professional(text, tracker)):
            return {slot: other} if other != earlier else {}  # "wait no its mr hughes i dont want"
        if asked is None or (earlier is not None and not people and not replaceable) or text.startswith("/"):
            return {}
        if preparation.is_question(intent, text):
            # A question can ask for something ("is there halal food?", "will they pay my bus fare?"), and
            # "can my husband Piotr come?" asks to bring him; it answers no question, so read it whatever is asked.
            if slot not in preparation.ASKED_FOR or (people and not preparation.ASKS_TO_BRING.search(text)):
                return {}
        elif ((not preparation.has_set_answers(asked) and not tells_only_other_questions(asked.slot, text))
              or not preparation.may_be_answer(intent, text)):
            return {}  # an answer in someone's own words ("we won on Sunday") is about that question
        if (preparation.names_a_choice(asked, text) and not people
                and QUESTIONS_BY_SLOT[slot].topic != asked.topic and not names_its_subject(slot, text)):
            return {}  # "yes I got them on Monday" answers the question asked, not "when" ("mornings, not
            # Tuesdays" answers both questions about times; "they're all fine. and put my mate Lee down
            # too" both answers and names someone to invite)
        if slot == PROFESSIONAL_CONCERN.slot:  # only someone named: "Mr Evans no need to come"
            named = people_module.named_in(text, roster(tracker)) if people_module.says_not_wanted(text) else None
            return {PROFESSIONAL_CONCERN.slot: "someone", PROFESSIONAL_NOT_WANTED.slot: named[0]} if named else {}
        if people:
            person = volunteered_person(text)
            if person is None or person[1] != (slot == INVITE_PERSON.slot):
                return {}
            if people_module.named_in(text, roster(tracker)):
                return {}  # someone from work, not family
            if slot == INVITE_PERSON.slot and asked.slot == INVITE_MORE.slot:
                return {slot: text}  # "and my sister Becks n her fella Dave" to "anyone else?": both
            if slot == INVITE_PERSON.slot:
                return {slot: person[0]}
            # "Those are all. Gary must not be invited.": the sentence closing the invite list is not about him
            return {slot: " ".join(JOINER.sub("", s) for s in sentences(text) if not means_nobody(s)) or text}
        value = volunteered(text).get(slot)
        return {slot: value} if value else {}

    @staticmethod
    def _answered_just_before(asked: str, tracker: Tracker) -> str | None:
        answers = {slot: tracker.get_slot(slot) for slot in QUESTIONS_BY_SLOT}
        return preparation.answered_just_before(asked, answers, tracker.get_slot("role"))

    def _corrects_the_answer_before(self, asked: str, text: str, tracker: Tracker) -> bool:
        """ "wait no, only part of it" while asked the next question: a new answer to the one before."""
        before = self._answered_just_before(asked, tracker)
        return bool(before and not text.startswith("/") and (preparation.corrected_choice(before, text)
                                                             or self._other_professional(text, tracker)))

    @staticmethod
    def _other_professional(text: str, tracker: Tracker) -> str | None:
        """ "wait no its mr hughes i dont want. jo can come", after Jo was named as not wanted: Mr Hughes.
        (The slot may already hold the new name: the SDK extracts every slot from the message first.)"""
        if (not tracker.get_slot(PROFESSIONAL_NOT_WANTED.slot) or text.startswith("/")
                or not preparation.CORRECTION.search(text.lower())):
            return None
        request = people_module.professional_not_wanted(text, roster(tracker))
        return request.name if request and request.name else None

    def _professional_request(self, text: str, tracker: Tracker) -> dict[str, Any]:
        """ "I'd rather Mr Evans didn't come" is a request about Mr Evans, not just free text; {} if none."""
        if not people_module.says_not_wanted(text):
            return {}  # no need to read the list
        request = people_module.professional_not_wanted(text, roster(tracker))
        if request is None:
            return {}
        named = {PROFESSIONAL_NOT_WANTED.slot: request.name} if request.name else {}
        return {PROFESSIONAL_CONCERN.slot: "someone", **named}

    def _save(self, slot: str, value: str, tracker: Tracker, dispatcher: CollectingDispatcher,
              topic: str | None = None, follow_up: bool = True) -> None:
        """Keep an answer (or, with `topic`, a note kept beside one) for the participant, and say
        what happens next (`follow_up=False` when "Thanks, I'll pass that on" has said it)."""
        question = QUESTIONS_BY_SLOT.get(slot)
        saved = save_answer(tracker.sender_id, topic or question.topic, slot, value,
                            visibility=PRIVATE if question and question.private else COORDINATOR)
        if not saved or question is None or not follow_up:
            return
        response = question.said_after.get(value)
        if response is None and value not in NOBODY_OR_NOTHING:
            response = question.said_after.get(None)  # for any real answer typed in their own words
        if response:
            dispatcher.utter_message(response=response)

    def _validate_answer(self, slot: str, value: Any, dispatcher, tracker) -> dict[str, Any]:
        asked = tracker.get_slot("requested_slot") == slot
        if asked:
            # Asked again only to go on ("hmm", "ok" to a choice) does not use up the one real re-ask.
            asked_again = tracker.get_slot("clarify") not in (None, preparation.AGAIN)
            unclear = preparation.needs_clarifying(slot, str(value), asked_again=asked_again)
            if unclear:
                if unclear == preparation.YES_OR_NO:
                    self._save(f"{slot}_note", str(value), tracker, dispatcher, topic=QUESTIONS_BY_SLOT[slot].topic)
                return {slot: None, "clarify": unclear}  # the short re-ask (utter_ask_<slot>, clarify=...)
        elif self._already_saved(slot, str(value), tracker):
            return {slot: value}  # this person's own answer, put back when they joined
        else:
            dispatcher.utter_message(response="utter_noted", what=noted_words(slot, str(value)))
        text = tracker.latest_message.get("text") or ""
        if asked and preparation.says_more(slot, str(value), text):
            self._save(f"{slot}_note", " ".join(text.split())[:preparation.MAX_ANSWER_LENGTH], tracker, dispatcher,
                       topic=QUESTIONS_BY_SLOT[slot].topic)
        self._save(slot, str(value), tracker, dispatcher, follow_up=asked)
        shared_slot = QUESTIONS_BY_SLOT[slot].shares
        if shared_slot:
            share_answer(tracker.sender_id, shared_slot, shared_as(str(value)))
            dispatcher.utter_message(response=f"utter_shared_with_{shared_as(str(value))}")
        return {slot: value, "clarify": None} if asked else {slot: value}

    @staticmethod
    def _answer_question_beside(tracker: Tracker, dispatcher: CollectingDispatcher) -> None:
        """ "nope nothing yet. is this going to court?": the form took the answer, so Rasa never turns to
        the rule that answers questions (it does only when the form turns a message down); when the
        answer selector is sure what the question asks, it is answered here."""
        message = tracker.latest_message
        text = message.get("text") or ""
        if text.startswith("/"):
            return
        parts = sentences(text)
        if len(parts) < 2 or not any(preparation.looks_like_question(p) for p in parts):
            return
        term = load_glossary().asked_about(text)  # "i think the family make plan? but what mean 'wider family'?"
        if term is not None:
            dispatcher.utter_message(text=term.explained)
            return
        ranking = ((message.get("response_selector") or {}).get("faq") or {}).get("ranking") or []
        answer = fallback.answer_beside(message.get("intent_ranking") or [message.get("intent") or {}], ranking)
        if answer:
            dispatcher.utter_message(response=f"utter_{answer}")

    @staticmethod
    def _already_saved(slot: str, value: str, tracker: Tracker) -> bool:
        person = my_answers(tracker.sender_id)
        return person is not None and any(s.key == slot and s.value == value for s in person.said)

    async def validate_purpose_check(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        if value in preparation.CHECK_WORDS:  # what was saved for this person, put back when they joined
            return {PURPOSE_CHECK.slot: value}
        if tracker.get_slot("requested_slot") != PURPOSE_CHECK.slot:
            return {PURPOSE_CHECK.slot: value}  # answered before: the form coming back checks it again, quietly
        attempts = int(tracker.get_slot("purpose_attempts") or 0) + 1
        understood = preparation.purpose_understood(value)
        if understood:
            dispatcher.utter_message(response="utter_purpose_right")
        elif attempts < MAX_PURPOSE_ATTEMPTS and value != preparation.SKIPPED:
            if preparation.sounds_reluctant(str(value)):
                dispatcher.utter_message(response="utter_purpose_feelings")  # "i dont need a meeting, this is rediculous"
            dispatcher.utter_message(response="utter_purpose_simpler")
            return {PURPOSE_CHECK.slot: None, "purpose_attempts": attempts}
        else:
            dispatcher.utter_message(response="utter_purpose_coordinator_will_explain")
        saved = preparation.UNDERSTOOD if understood else preparation.NEEDS_MORE_EXPLANATION
        self._save(PURPOSE_CHECK.slot, saved, tracker, dispatcher)
        return {PURPOSE_CHECK.slot: value, "purpose_attempts": attempts}

    async def validate_invite_person(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        if value in NOBODY_OR_NOTHING:
            self._save(INVITE_PERSON.slot, "none", tracker, dispatcher)
            return {INVITE_PERSON.slot: "none", "clarify": None}
        if value == YES and not tracker.get_slot("clarify"):
            return {INVITE_PERSON.slot: None, "clarify": preparation.WHO}
        if tracker.get_slot("requested_slot") != INVITE_PERSON.slot and self._already_invited(str(value), tracker):
            return {INVITE_PERSON.slot: value}  # checked again as the questions start again: said already
        added = self._add_people(str(value), tracker, dispatcher)
        if not added:
            dispatcher.utter_message(response="utter_invite_person_unclear")
            return {INVITE_PERSON.slot: None}
        return {INVITE_PERSON.slot: added[-1], "clarify": None}

    async def validate_not_invite(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        """Kept in their own words, and each person named in them recorded as not wanted, so the
        coordinator sees "Denise (gran)" beside the invite list, not only a sentence."""
        result = self._validate_answer(NOT_INVITE.slot, value, dispatcher, tracker)
        said = result.get(NOT_INVITE.slot)
        if said and said not in NOBODY_OR_NOTHING | {YES}:
            name_people(tracker.sender_id, parse_people(str(said)), wanted=False)
        return result

    async def validate_invite_more(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        """ "Yes, and my cousin Ray" adds Ray; a bare yes asks who; anything else ends the list."""
        text = tracker.latest_message.get("text") or ""
        answering = tracker.get_slot("requested_slot") == INVITE_MORE.slot  # not "carry on", as the questions start again
        if answering and not text.startswith("/") and self._add_people(text, tracker, dispatcher):
            return {INVITE_MORE.slot: None, "clarify": None}  # anyone else?
        if value == YES:
            return {INVITE_PERSON.slot: None, INVITE_MORE.slot: None, "clarify": preparation.WHO}
        self._save(INVITE_MORE.slot, NO, tracker, dispatcher)
        return {INVITE_MORE.slot: NO, "clarify": None}

    @staticmethod
    def _already_invited(text: str, tracker: Tracker) -> bool:
        named = {person.name.casefold() for person in parse_people(text)}
        person = my_answers(tracker.sender_id)
        invited = {s.name.casefold() for s in person.suggested} if person is not None else set()
        return bool(named) and named <= invited

    def _add_people(self, text: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> list[str]:
        """Add everyone named in `text` to the invite list; their names, or [] when nobody was named
        (or only someone not wanted: "dont want my step dad there" is for the not-invite question)."""
        found = [] if NOT_WANTED_CUE.search(tracker.latest_message.get("text") or "") else parse_people(text)
        if not name_people(tracker.sender_id, found):
            return []
        said = tracker.latest_message.get("text") or ""
        if (found and tracker.get_slot("requested_slot") not in (INVITE_PERSON.slot, INVITE_MORE.slot)
                and preparation.looks_like_question(said) and not said_since_last_message(tracker, "utter_faq/bring_someone")):
            dispatcher.utter_message(response="utter_faq/bring_someone")  # "my brother he can come also?"
        said_already = {m.get("name") for m in dispatcher.messages if m.get("response") == "utter_invite_person_added"}
        for person in found:
            # "your brother" rather than "Brother" when no name was given
            named = person.name if person.name.lower() != (person.relationship or "").lower() else f"your {person.relationship}"
            if named not in said_already:  # named once, though both "anyone else?" and the invite list read it
                dispatcher.utter_message(response="utter_invite_person_added", name=named)
        return [person.name for person in found]

