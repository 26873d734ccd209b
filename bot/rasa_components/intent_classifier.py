"""Rasa NLU component: the intent classifier, words and meaning together.

Rasa's logistic regression over every feature (word and character n-grams, and the sentence
encoder's vector) is one voice; a support vector machine with an RBF kernel over the sentence vector
alone is the other. The kernel can draw curved lines between meanings that a straight line cannot
("i burnt my hand on the oven, only a small one" against "he burns me with his lighter"); averaging
the two voices' probabilities understood more than either did alone in cross-validation (see
bench/understanding.py). Everything else (ranking, saving with skops, loading) is Rasa's own
LogisticRegressionClassifier, because the pair is a single scikit-learn estimator.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import VotingClassifier
from sklearn.pipeline import Pipeline
from sklearn.svm import SVC

from bot.rasa_components.skops_files import load_trusted

# skops loads only types it trusts; the vote keeps its members in a Bunch, a plain dict.
TRUSTED_TYPES = {"sklearn.utils._bunch.Bunch"}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class WordsAndMeaningClassifier(LogisticRegressionClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**LogisticRegressionClassifier.get_default_config(),
                "kernel_C": 10.0,        # how closely the kernel machine may follow the examples
                "kernel_weight": 0.5}    # its share of the vote

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get("intent") and e.get("text")]
        if examples:
            self.clf = self._words_and_meaning(examples[0].get_dense_features(TEXT)[1])
        return super().train(training_data)

    def _words_and_meaning(self, sentence_meaning: Any) -> Any:
        """The vote, or plain logistic regression when no encoder gives dense features."""
        if sentence_meaning is None or self.config["kernel_weight"] <= 0:
            return self.clf
        meaning_width = sentence_meaning.features.shape[-1]
        # _create_X puts the dense sentence features last: the kernel machine reads only those.
        meaning = ColumnTransformer([("meaning", "passthrough", np.arange(-meaning_width, 0))],
                                    sparse_threshold=0.0)
        kernel = SVC(C=self.config["kernel_C"], kernel="rbf", probability=True,
                     class_weight="balanced", random_state=self.config["random_state"])
        weight = self.config["kernel_weight"]
        return VotingClassifier([("words", self.clf), ("meaning", Pipeline([("select", meaning),
                                                                            ("kernel", kernel)]))],
                                voting="soft", weights=[1.0 - weight, weight])

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> WordsAndMeaningClassifier:
        """As Rasa's, but a model that cannot be read is an error, not an untrained classifier."""
        component = cls(config, execution_context.node_name, model_storage, resource)
        component.clf = load_trusted(model_storage, resource, TRUSTED_TYPES)
        return component
