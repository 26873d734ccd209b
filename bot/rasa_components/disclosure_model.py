"""How likely a message is to disclose harm: a model of its own, beside the intent classifier.

The intent classifier learns disclosures as one intent among forty, from the intent examples alone. This
model answers one question, "is this a disclosure?", and learns it also from the safeguarding example
sets in safeguarding_examples/: disclosures of every kind, and near misses that are not (injuries told
and dealt with, figures of speech, past harm now over, complaints about professionals). Those near misses
have no intent of their own, so the intent classifier cannot learn from them.

Two voices, averaged as in the intent classifier: logistic regression over word and character n-grams
and the sentence encoder's vector, and a kernel machine over the vector alone. Before it was built in,
a prototype trained on the intent examples and blind sets 2-4 was judged on each of blind3 and blind4
while it was left out (threshold 0.5, patterns as in the product): recall 91.5% -> 94.4% and 94.9% ->
98.0%, false alarms 12.6% -> 7.8% and 10.7% -> 7.5%. Built in, on blind5, read once: 98.1% / 4.6%.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC

EXAMPLES_DIR = Path(__file__).resolve().parent / "safeguarding_examples"
MEANING_WEIGHT = 2.0  # the sentence vector's weight beside the n-grams, for the logistic regression


def example_sets(folder: Path = EXAMPLES_DIR) -> list[tuple[str, bool]]:
    """(text, is a disclosure) from every example set in `folder`, in file order."""
    examples = []
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text()) or {}
        examples += [(item["text"], True) for item in data.get("disclosures") or []]
        examples += [(item if isinstance(item, str) else item["text"], False) for item in data.get("ordinary") or []]
    return examples


class DisclosureModel:
    def __init__(self, C: float = 30.0, random_state: int = 42) -> None:
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)
        self.words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        self.lines = LogisticRegression(C=C, class_weight="balanced", max_iter=2000)
        self.kernel = SVC(C=C, kernel="rbf", probability=True, class_weight="balanced", random_state=random_state)

    def fit(self, texts: list[str], meanings: np.ndarray, disclosures: list[bool]) -> DisclosureModel:
        labels = np.asarray(disclosures, dtype=int)
        self.chars.fit(texts)
        self.words.fit(texts)
        self.lines.fit(self._features(texts, meanings), labels)
        self.kernel.fit(meanings, labels)
        return self

    def likelihood(self, texts: list[str], meanings: np.ndarray) -> np.ndarray:
        """For each text, the chance (0-1) that it discloses harm."""
        return (0.5 * self.lines.predict_proba(self._features(texts, meanings))[:, 1]
                + 0.5 * self.kernel.predict_proba(meanings)[:, 1])

    def _features(self, texts: list[str], meanings: np.ndarray):
        return hstack([self.chars.transform(texts), self.words.transform(texts),
                       csr_matrix(meanings * MEANING_WEIGHT)]).tocsr()

    # skops saves plain estimators; the model is kept as a dict of them.
    def parts(self) -> dict:
        return {"chars": self.chars, "words": self.words, "lines": self.lines, "kernel": self.kernel}

    @classmethod
    def from_parts(cls, parts: dict) -> DisclosureModel:
        model = cls.__new__(cls)
        model.chars, model.words, model.lines, model.kernel = (parts[k] for k in ("chars", "words", "lines", "kernel"))
        return model
