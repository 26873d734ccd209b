"""The encoder's hand-written backward pass (bot/rasa_components/encoder_tuning.py) against finite
differences, on a tiny random encoder in double precision; and that training lowers the loss."""
import math

import numpy as np
import pytest

from bot.rasa_components.encoder_tuning import LAYER_PARTS, Network, TuningSettings, _cross_entropy, tune


class TinyEncoder:
    """What the tuner reads from a SentenceEncoder, with random weights: 3 layers, 8 wide, 2 heads."""

    heads, layers, layers_averaged, width, eps = 2, 3, 2, 8, 1e-12
    erf = staticmethod(np.vectorize(math.erf))

    def __init__(self, seed: int = 0) -> None:
        rng = np.random.default_rng(seed)
        shapes = {"attention.self.query": (8, 8), "attention.self.key": (8, 8), "attention.self.value": (8, 8),
                  "attention.output.dense": (8, 8), "intermediate.dense": (16, 8), "output.dense": (8, 16)}
        self.weights = {"embeddings.word_embeddings.weight": rng.standard_normal((20, 8))}
        for n in range(self.layers):
            for part in LAYER_PARTS:
                out, inp = shapes.get(part, (8, None))
                weight = rng.standard_normal((out, inp)) * 0.5 if inp else 1 + 0.1 * rng.standard_normal(out)
                self.weights[f"encoder.layer.{n}.{part}.weight"] = weight
                self.weights[f"encoder.layer.{n}.{part}.bias"] = 0.1 * rng.standard_normal(out)

    def embed(self, ids):
        return self.weights["embeddings.word_embeddings.weight"][ids]

    def _pieces(self, words):
        return [1 + (sum(map(ord, w)) % 19) for w in words], []


def _loss_and_grads(network, x, mask, target, head):
    params = {**network.params, **head}
    vector, saved = network.sentence(x, mask)
    loss, dvector, head_grads = _cross_entropy(vector, target, params, scale=5.0)
    grads = {k: np.zeros_like(v) for k, v in network.params.items()}
    network.sentence_back(dvector, mask, saved, grads)
    return loss, {**grads, **head_grads}


def test_the_backward_pass_agrees_with_finite_differences():
    encoder, rng = TinyEncoder(), np.random.default_rng(1)
    network = Network(encoder, first_layer=1)  # layer 0 frozen, as `first_layer` allows
    x = rng.standard_normal((3, 5, 8))
    mask = np.array([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [1, 1, 0, 0, 0]], dtype=float)  # padding too
    target = np.array([0, 2, 1])
    head = {"head.weight": rng.standard_normal((3, 8)), "head.bias": rng.standard_normal(3)}
    _, grads = _loss_and_grads(network, x, mask, target, head)
    checked = 0
    for name in [*network.params, *head]:
        table = head if name in head else network.params
        for index in map(tuple, rng.integers(0, table[name].shape, size=(2, table[name].ndim))):
            original = table[name][index]
            table[name][index] = original + 1e-6
            plus, _ = _loss_and_grads(network, x, mask, target, head)
            table[name][index] = original - 1e-6
            minus, _ = _loss_and_grads(network, x, mask, target, head)
            table[name][index] = original
            assert grads[name][index] == pytest.approx((plus - minus) / 2e-6, rel=1e-4, abs=1e-8), name
            checked += 1
    assert checked == 2 * (2 * len(LAYER_PARTS) * 2 + 2)


def test_training_separates_the_labels_and_leaves_the_encoder_as_it_was():
    encoder = TinyEncoder()
    before = {k: v.copy() for k, v in encoder.weights.items()}
    texts = ["a b c", "b c d", "c d e", "x y", "y z", "z x"] * 4
    labels = ["one", "one", "one", "two", "two", "two"] * 4
    losses = []
    tune(encoder, texts, labels, TuningSettings(epochs=8, batch_size=4, learning_rate=3e-2, head_learning_rate=0.1),
         log=lambda line: losses.append(float(line.rsplit(" ", 1)[1])))
    assert losses[-1] < losses[0] / 2
    assert all(np.array_equal(before[k], encoder.weights[k]) for k in before)
