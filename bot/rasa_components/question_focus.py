"""Rasa NLU components: the question in a longer message answers for it (see bot.domain.question_focus).

`AskingSentences` runs first: it puts each asking sentence of a longer message into the batch after
the message, so every featurizer and classifier reads it exactly as it would a message on its own.
`QuestionFocus` runs after the answer selector and the fallback's check: it takes those sentences out
again and, when one of them is clearly a question of ours, gives the message that sentence's intent
and answer; and a
question about what a word of the glossary means becomes `ask_meaning`; "what do you mean?" about
our own question becomes Rasa's `nlu_fallback`, which our fallback action answers. The text,
entities and the safeguarding check (which runs later, on the whole message) are the whole message's.
"""
from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.domain.glossary import load_glossary
from bot.domain.question_focus import (NOT_UNDERSTOOD, SURE, Reading, asking_sentences, asks_what_a_word_means,
                                      asks_what_we_meant, focus)

PART_OF_PREVIOUS = "asking_sentence"  # marks a sentence added to the batch after its message
SELECTED_ANSWER = "response_selector"
ASK_MEANING = "ask_meaning"


class _Untrained(GraphComponent):
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> GraphComponent:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class AskingSentences(_Untrained):
    def process(self, messages: list[Message]) -> list[Message]:
        batch = []
        for message in messages:
            batch.append(message)
            text = message.get(TEXT) or ""
            if not text.startswith("/"):  # a button payload is not something a person wrote
                batch += [Message(data={TEXT: sentence, PART_OF_PREVIOUS: True}) for sentence in asking_sentences(text)]
        return batch


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class QuestionFocus(_Untrained):
    def __init__(self) -> None:
        self.glossary = load_glossary()

    def process(self, messages: list[Message]) -> list[Message]:
        wholes: list[tuple[Message, list[Message]]] = []
        for message in messages:
            if message.get(PART_OF_PREVIOUS) and wholes:
                wholes[-1][1].append(message)
            else:
                wholes.append((message, []))
        for whole, sentences in wholes:
            chosen = focus(_ranking(whole), [_reading(s) for s in sentences]) if sentences else None
            if chosen is not None:
                for key in (INTENT, INTENT_RANKING_KEY, SELECTED_ANSWER):
                    whole.set(key, sentences[chosen].get(key), add_to_output=True)
            self._reread_questions_about_words(whole)
        return [whole for whole, _ in wholes]

    def _reread_questions_about_words(self, message: Message) -> None:
        text, reading = message.get(TEXT) or "", _reading(message)
        if text.startswith("/"):
            return
        answer = ((message.get(SELECTED_ANSWER) or {}).get("faq") or {}).get("response") or {}
        if asks_what_we_meant(reading.intent, text):
            _put_first(message, NOT_UNDERSTOOD, reading.confidence)
        elif asks_what_a_word_means(reading.intent, text, self.glossary, float(answer.get("confidence") or 0.0)):
            _put_first(message, ASK_MEANING, max(reading.confidence, SURE))


def _put_first(message: Message, intent: str, confidence: float) -> None:
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent]
    chosen = {"name": intent, "confidence": confidence}
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen, *ranking], add_to_output=True)


def _ranking(message: Message) -> list[Reading]:
    return [Reading(r.get("name") or "", float(r.get("confidence") or 0.0))
            for r in message.get(INTENT_RANKING_KEY) or []] or [_reading(message)]


def _reading(message: Message) -> Reading:
    intent = message.get(INTENT) or {}
    return Reading(intent.get("name") or "", float(intent.get("confidence") or 0.0))
