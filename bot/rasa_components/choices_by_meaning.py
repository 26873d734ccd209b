"""Rasa NLU component: which offered choice a typed reply means, by meaning rather than by words.

"They all sound very pleasant" names no choice of "Are you happy for the people from work to come?",
but means "They are all fine". For each question whose choices can be told apart by meaning
(`Question.by_meaning` in bot.domain.preparation), the message's sentence vector (the one
SentenceFeatures added, so nothing is encoded twice) is compared with each choice's words; a choice clearly closest is given as an entity `choice_by_meaning` valued "<slot>=<code>".
NLU does not know which question is open, so the form picks the entity of the question it asked,
and only when the person's words named no choice (bot.domain.preparation.read_answer).
"""
from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.domain.preparation import QUESTIONS_BY_SLOT
from bot.setup.fetch_encoder import ENCODER_DIR
from bot.rasa_components.sentence_features import load_encoder

ENTITY = "choice_by_meaning"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class ChoicesByMeaning(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Closest choice at least this similar (cosine), and this far ahead of the next: an offer of
        # help ("i can have the little ones at mine") is about as close to "fine" as to "someone".
        return {"min_similarity": 0.6, "min_lead": 0.15}

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> ChoicesByMeaning:
        return cls(config)

    def __init__(self, config: dict[str, Any]) -> None:
        self.min_similarity = config["min_similarity"]
        self.min_lead = config["min_lead"]
        self.encoder = load_encoder(ENCODER_DIR)
        questions = [q for q in QUESTIONS_BY_SLOT.values() if q.by_meaning]
        labels = [(q.slot, code, words) for q in questions for code, words in q.choices.items()]
        vectors = self.encoder.encode([words for _, _, words in labels])
        self.choices: dict[str, list[tuple[str, np.ndarray]]] = {}
        for (slot, code, _), encoded in zip(labels, vectors):
            self.choices.setdefault(slot, []).append((code, encoded.sentence))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data  # nothing to learn: the choices' words are compared as they are

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text.strip() or text.startswith("/"):
                continue
            found = [{"entity": ENTITY, "value": f"{slot}={code}", "start": 0, "end": len(text),
                      "extractor": "ChoicesByMeaning"}
                     for slot, code in self._closest(self._meaning(message))]
            if found:
                message.set(ENTITIES, (message.get(ENTITIES) or []) + found, add_to_output=True)
        return messages

    def _meaning(self, message: Message) -> np.ndarray:
        """The sentence vector SentenceFeatures added (scaled: normalised again), or encoded here."""
        _, sentence = message.get_dense_features(TEXT)
        if sentence is None:
            return self.encoder.encode([message.get(TEXT)])[0].sentence
        vector = np.asarray(sentence.features, dtype=np.float32).reshape(-1)
        return vector / (np.linalg.norm(vector) or 1.0)

    def _closest(self, sentence: np.ndarray) -> list[tuple[str, str]]:
        """(slot, code) for each question with a choice clearly closest to the sentence."""
        closest = []
        for slot, choices in self.choices.items():
            ranked = sorted(((float(np.dot(sentence, vector)), code) for code, vector in choices), reverse=True)
            lead = ranked[0][0] - (ranked[1][0] if len(ranked) > 1 else 0.0)
            if ranked[0][0] >= self.min_similarity and lead >= self.min_lead:
                closest.append((slot, ranked[0][1]))
        return closest
