"""Rasa NLU component: the safeguarding check, run on every message before dialogue.

Runs last in the pipeline. When the patterns in bot.domain.safeguarding spot a disclosure, or the
trained classifier's best guess is the `disclose_harm` intent with enough confidence, the message's
intent becomes `disclose_harm` whatever else was predicted, so the safe reply comes first on every
channel. A disclosure the classifier guessed first but not surely, with no pattern, gives way.

Loaded by the Rasa server from .venv-rasa (Rasa puts the project folder on sys.path); it imports
only the pure safeguarding module, which needs nothing but the standard library.
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

from bot.domain.safeguarding import checked_intent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafeguardingCheck(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # The classifier alone counts from this confidence; the patterns count always. Below it, a
        # disclosure the classifier put first gives way to its next guess (or to "not understood",
        # below the FallbackClassifier's threshold).
        return {"classifier_threshold": 0.5, "fallback_threshold": 0.3}

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> SafeguardingCheck:
        return cls(config)

    def __init__(self, config: dict[str, Any]) -> None:
        self.threshold = config["classifier_threshold"]
        self.fallback_threshold = config["fallback_threshold"]

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue  # a button payload, not something a person wrote
            intent = checked_intent(text, message.get(INTENT) or {}, message.get(INTENT_RANKING_KEY) or [],
                                    self.threshold, self.fallback_threshold)
            if intent != message.get(INTENT):
                message.set(INTENT, intent, add_to_output=True)
        return messages
