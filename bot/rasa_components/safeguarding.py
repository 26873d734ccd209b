"""Rasa NLU component: the safeguarding check, run on every message before dialogue.

Runs last in the pipeline. A message is a disclosure when the patterns in bot.domain.safeguarding spot
one, or when the disclosure model (disclosure_model.py, trained here beside the intent classifier) finds
it likely enough and the words are not a figure of speech or harm told as over. Its intent then becomes
`disclose_harm` whatever else was predicted, so the safe reply comes first on every channel; a
disclosure the intent classifier guessed that the check does not find gives way to its next guess.

Every message carries the model's `disclosure_likelihood`, which the safe reply reads to choose between
the full reply and the gentle "are you safe?" check.

Loaded by the Rasa server from .venv-rasa (Rasa puts the project folder on sys.path).
"""
from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.domain.safeguarding import DISCLOSURE_INTENT, LIKELIHOOD_KEY, checked_intent
from bot.rasa_components.disclosure_model import EXAMPLES_DIR, DisclosureModel, example_sets
from bot.rasa_components.sentence_features import ENCODER_DIR, load_encoder
from bot.rasa_components.skops_files import load_trusted

# skops loads only the types it trusts; these are the model's own data (NumPy and SciPy arrays).
TRUSTED_TYPES = {"numpy.float64", "numpy.int64", "builtins.dict", "scipy.sparse._csr.csr_matrix"}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SafeguardingCheck(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # The model counts from `classifier_threshold`; the patterns count always. A disclosure the
        # intent classifier put first that the check does not find gives way to its next guess (or to
        # "not understood", below the FallbackClassifier's threshold).
        return {"classifier_threshold": 0.5, "fallback_threshold": 0.3, "C": 30.0}

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str:
        """The example sets are read from disk, not given by Rasa: a change to them retrains the model."""
        digest = hashlib.sha256()
        for path in sorted(EXAMPLES_DIR.glob("*.yml")):
            digest.update(path.read_bytes())
        return digest.hexdigest()

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> SafeguardingCheck:
        return cls(config, model_storage, resource)

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 model: DisclosureModel | None = None) -> None:
        self.config = config
        self.threshold = config["classifier_threshold"]
        self.fallback_threshold = config["fallback_threshold"]
        self.model_storage, self.resource, self.model = model_storage, resource, model

    def train(self, training_data: TrainingData) -> Resource:
        """Disclosures are the `disclose_harm` examples and the example sets' disclosures; everything
        else, the other intents' examples and the sets' near misses, is not."""
        examples = [(m.get(TEXT), m.get(INTENT) == DISCLOSURE_INTENT) for m in training_data.intent_examples
                    if m.get(TEXT)] + example_sets()
        texts = [text for text, _ in examples]
        self.model = DisclosureModel(C=self.config["C"]).fit(texts, _meanings(texts), [d for _, d in examples])
        self.persist()
        return self.resource

    def persist(self) -> None:
        import skops.io as sio

        with self.model_storage.write_to(self.resource) as model_dir:
            sio.dump(self.model.parts(), model_dir / f"{self.resource.name}.skops")

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> SafeguardingCheck:
        """A model that cannot be read is an error: the check must never run without it."""
        model = DisclosureModel.from_parts(load_trusted(model_storage, resource, TRUSTED_TYPES))
        return cls(config, model_storage, resource, model)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        written = [m for m in messages if (m.get(TEXT) or "") and not m.get(TEXT).startswith("/")]
        if not written:  # a button's payload, not something a person wrote
            return messages
        texts = [m.get(TEXT) for m in written]
        for message, likelihood in zip(written, self.model.likelihood(texts, _meanings(texts))):
            likelihood = round(float(likelihood), 4)
            message.set(LIKELIHOOD_KEY, likelihood, add_to_output=True)
            intent = checked_intent(message.get(TEXT), message.get(INTENT) or {},
                                    message.get(INTENT_RANKING_KEY) or [], likelihood, self.threshold,
                                    self.fallback_threshold)
            if intent != message.get(INTENT):
                message.set(INTENT, intent, add_to_output=True)
        return messages


def _meanings(texts: list[str]) -> np.ndarray:
    """The sentence encoder's vectors (remembered by the encoder, so a message is encoded once a turn)."""
    return np.stack([encoded.sentence for encoded in load_encoder(ENCODER_DIR).encode(texts)])
