"""Rasa NLU component: meaning features from the pretrained sentence encoder.

Adds, for every message, a dense sentence vector (what the whole message means) and one vector per
Rasa token (what each word means in context), so the intent classifier and the response selector
see meaning as well as the n-gram counts. Loaded by the Rasa server from .venv-rasa; the encoder's
files live in `models/encoder/` (fetched at set-up by `bot.setup.fetch_encoder`).
"""
from __future__ import annotations

import logging
import re
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS, TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.setup.fetch_encoder import ENCODER_DIR
from bot.rasa_components.sentence_encoder import SentenceEncoder

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def load_encoder(model_dir: Path) -> SentenceEncoder:
    """One copy of the weights per process, however many times Rasa builds the component."""
    if not (model_dir / "model.safetensors").exists():
        raise FileNotFoundError(f"The sentence encoder is missing from {model_dir}: run `make setup`.")
    return SentenceEncoder(model_dir)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class SentenceFeatures(DenseFeaturizer, GraphComponent):
    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # The vectors have length 1; a linear classifier regularised for word counts needs them
        # louder to use them (scale 10 understood most in cross-validation, see bench/).
        return {**DenseFeaturizer.get_default_config(), "scale": 10.0}

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> SentenceFeatures:
        return cls(config, execution_context.node_name)

    def __init__(self, config: dict[str, Any], name: str) -> None:
        super().__init__(name, config)
        self.scale = float(self._config["scale"])
        self.encoder = load_encoder(ENCODER_DIR)

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        pass

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        with_text = [m for m in messages if m.get(TEXT) and m.get(TOKENS_NAMES[TEXT])]
        for message, encoded in zip(with_text, self.encoder.encode([m.get(TEXT) for m in with_text])):
            per_token = _words_to_tokens(message, encoded.words)
            alias = self._config[FEATURIZER_CLASS_ALIAS]
            message.add_features(Features(per_token * self.scale, FEATURE_TYPE_SEQUENCE, TEXT, alias))
            message.add_features(Features(encoded.sentence[None, :] * self.scale,
                                          FEATURE_TYPE_SENTENCE, TEXT, alias))
        return messages


def _words_to_tokens(message: Message, word_vectors: np.ndarray) -> np.ndarray:
    """Rasa's tokens may split a whitespace word ("what's"): each token takes its word's vector."""
    text = message.get(TEXT)
    word_starts = [match.start() for match in re.finditer(r"\S+", text)]
    rows = []
    for token in message.get(TOKENS_NAMES[TEXT]):
        word = max(bisect_right(word_starts, token.start) - 1, 0)
        rows.append(word_vectors[min(word, len(word_vectors) - 1)])
    return np.asarray(rows, dtype=np.float32)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class TunedSentenceFeatures(SentenceFeatures):
    """As SentenceFeatures, from an encoder whose layers were fine-tuned on this model's own intents
    and answer topics when it was trained (bot/rasa_components/encoder_tuning.py says why). The tuned
    layers are saved in the model; the pretrained encoder is untouched. An experiment, not in
    config.yml: bench/experiments/README.md."""

    LAYERS_FILE = "tuned_layers.npz"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**SentenceFeatures.get_default_config(), "epochs": 4}

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> TunedSentenceFeatures:
        return cls(config, execution_context.node_name, model_storage, resource)

    def __init__(self, config: dict[str, Any], name: str, model_storage: ModelStorage | None = None,
                 resource: Resource | None = None, tuned_layers: dict[str, np.ndarray] | None = None) -> None:
        super().__init__(config, name)
        self.model_storage, self.resource = model_storage, resource
        if tuned_layers:
            self.encoder = self.encoder.tuned(tuned_layers)

    def train(self, training_data: TrainingData) -> Resource:
        from bot.rasa_components.encoder_tuning import TuningSettings, tune

        examples = [e for e in training_data.intent_examples if e.get(TEXT)]
        layers = tune(self.encoder, [e.get(TEXT) for e in examples], [e.get_full_intent() for e in examples],
                      TuningSettings(epochs=int(self._config["epochs"])), log=logger.info)
        with self.model_storage.write_to(self.resource) as directory:
            np.savez(directory / self.LAYERS_FILE, **layers)
        return self.resource

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> TunedSentenceFeatures:
        """The tuned layers from the model; a model without them is an error, not the pretrained encoder."""
        with model_storage.read_from(resource) as directory:
            with np.load(directory / cls.LAYERS_FILE) as saved:
                layers = {name: saved[name] for name in saved.files}
        return cls(config, execution_context.node_name, model_storage, resource, layers)
