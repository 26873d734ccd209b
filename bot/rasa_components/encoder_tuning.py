"""Fine-tuning the sentence encoder on our own intents, with NumPy alone.

Why: the pretrained encoder has read a lot of English but not ours. Left as it is, "my mum will kill
me if im late" sits close to a disclosure and "can i bring my baby" close to "can my child come".
Training its layers a little on our labelled examples (cross-entropy through a linear head, as
sentence-transformers' SetFit and most intent work do) moves the meanings we must tell apart further
apart. Measured and not adopted: inside our pipeline it moved intent F1 by +0.006 and lost a red-team
disclosure (bench/experiments/README.md has the figures and how to run it). Rasa's environment may hold
nothing but Rasa, so the backward pass is written out here, beside the forward pass in
sentence_encoder.py, and checked against finite differences in tests/unit/test_encoder_tuning.py.

The embeddings stay as they are; the transformer layers from `first_layer` up are trained. The sentence
vector trained is the one the features use: the mean over the word pieces of the last layers
(`SentenceEncoder.layers_averaged`), L2-normalised.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.rasa_components.sentence_encoder import SentenceEncoder

LAYER_PARTS = ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
               "attention.output.LayerNorm", "intermediate.dense", "output.dense", "output.LayerNorm")


@dataclass(frozen=True)
class TuningSettings:
    epochs: int = 4
    batch_size: int = 16
    learning_rate: float = 6e-5   # the encoder's layers: small steps keep what it already knows
    head_learning_rate: float = 3e-3
    weight_decay: float = 0.01
    warmup: float = 0.1           # share of the steps over which the learning rate rises
    scale: float = 20.0           # logits = scale * cosine: a normalised vector needs it to be confident
    first_layer: int = 0
    seed: int = 0


def _split(t: np.ndarray, heads: int) -> np.ndarray:
    batch, length, width = t.shape
    return t.reshape(batch, length, heads, width // heads).transpose(0, 2, 1, 3)


def _merge(t: np.ndarray) -> np.ndarray:
    batch, heads, length, head = t.shape
    return t.transpose(0, 2, 1, 3).reshape(batch, length, heads * head)


class Network:
    """The encoder's layers as trainable parameters, with a forward pass that keeps what backward needs."""

    def __init__(self, encoder: SentenceEncoder, first_layer: int) -> None:
        self.encoder, self.first_layer = encoder, first_layer
        self.heads, self.eps, self.erf = encoder.heads, encoder.eps, encoder.erf
        self.params = {f"encoder.layer.{n}.{part}.{kind}": encoder.weights[f"encoder.layer.{n}.{part}.{kind}"].copy()
                       for n in range(first_layer, encoder.layers) for part in LAYER_PARTS for kind in ("weight", "bias")}

    # -- pieces of a layer -----------------------------------------------------------------------
    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        flat = x.reshape(-1, x.shape[-1]) @ self.params[f"{name}.weight"].T
        return flat.reshape(*x.shape[:-1], -1) + self.params[f"{name}.bias"]

    def _linear_back(self, dy: np.ndarray, x: np.ndarray, name: str, grads: dict) -> np.ndarray:
        flat_dy, flat_x = dy.reshape(-1, dy.shape[-1]), x.reshape(-1, x.shape[-1])
        grads[f"{name}.weight"] += flat_dy.T @ flat_x
        grads[f"{name}.bias"] += flat_dy.sum(0)
        return (flat_dy @ self.params[f"{name}.weight"]).reshape(x.shape)

    def _norm(self, x: np.ndarray, name: str) -> tuple[np.ndarray, tuple]:
        mean = x.mean(-1, keepdims=True)
        inv = 1.0 / np.sqrt(x.var(-1, keepdims=True) + self.eps)
        normed = (x - mean) * inv
        return normed * self.params[f"{name}.weight"] + self.params[f"{name}.bias"], (normed, inv)

    def _norm_back(self, dy: np.ndarray, cache: tuple, name: str, grads: dict) -> np.ndarray:
        normed, inv = cache
        grads[f"{name}.weight"] += (dy * normed).reshape(-1, dy.shape[-1]).sum(0)
        grads[f"{name}.bias"] += dy.reshape(-1, dy.shape[-1]).sum(0)
        d = dy * self.params[f"{name}.weight"]
        return inv * (d - d.mean(-1, keepdims=True) - normed * (d * normed).mean(-1, keepdims=True))

    # -- a layer ---------------------------------------------------------------------------------
    def layer(self, x: np.ndarray, blocked: np.ndarray, n: int) -> tuple[np.ndarray, dict]:
        p = f"encoder.layer.{n}"
        head = x.shape[-1] // self.heads
        q, k, v = (_split(self._linear(x, f"{p}.attention.self.{name}"), self.heads)
                   for name in ("query", "key", "value"))
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(head) + blocked
        attention = np.exp(scores - scores.max(-1, keepdims=True))
        attention /= attention.sum(-1, keepdims=True)
        context = _merge(attention @ v)
        first, norm1 = self._norm(x + self._linear(context, f"{p}.attention.output.dense"),
                                  f"{p}.attention.output.LayerNorm")
        inner = self._linear(first, f"{p}.intermediate.dense")
        gelu = 0.5 * inner * (1.0 + self.erf(inner / np.sqrt(2.0)))
        out, norm2 = self._norm(first + self._linear(gelu, f"{p}.output.dense"), f"{p}.output.LayerNorm")
        return out, {"x": x, "q": q, "k": k, "v": v, "attention": attention, "context": context, "first": first,
                     "norm1": norm1, "inner": inner, "gelu": gelu, "norm2": norm2}

    def layer_back(self, dout: np.ndarray, c: dict, n: int, grads: dict) -> np.ndarray:
        p = f"encoder.layer.{n}"
        head = dout.shape[-1] // self.heads
        dsum2 = self._norm_back(dout, c["norm2"], f"{p}.output.LayerNorm", grads)
        dgelu = self._linear_back(dsum2, c["gelu"], f"{p}.output.dense", grads)
        inner = c["inner"]
        slope = 0.5 * (1.0 + self.erf(inner / np.sqrt(2.0))) + inner * np.exp(-0.5 * inner ** 2) / np.sqrt(2 * np.pi)
        dfirst = dsum2 + self._linear_back(dgelu * slope, c["first"], f"{p}.intermediate.dense", grads)
        dsum1 = self._norm_back(dfirst, c["norm1"], f"{p}.attention.output.LayerNorm", grads)
        dcontext = _split(self._linear_back(dsum1, c["context"], f"{p}.attention.output.dense", grads), self.heads)
        attention = c["attention"]
        dattention = dcontext @ c["v"].transpose(0, 1, 3, 2)
        dv = attention.transpose(0, 1, 3, 2) @ dcontext
        dscores = attention * (dattention - (dattention * attention).sum(-1, keepdims=True)) / np.sqrt(head)
        dq, dk = dscores @ c["k"], dscores.transpose(0, 1, 3, 2) @ c["q"]
        dx = dsum1
        for name, d in (("query", dq), ("key", dk), ("value", dv)):
            dx = dx + self._linear_back(_merge(d), c["x"], f"{p}.attention.self.{name}", grads)
        return dx

    # -- the sentence vector ---------------------------------------------------------------------
    def sentence(self, below: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, list]:
        """below: the states entering `first_layer` (batch, length, width) -> normalised sentence vectors."""
        blocked = ((1.0 - mask[:, None, None, :]) * -1e9).astype(np.float32)
        x, caches = below, []
        averaged = self.encoder.layers - self.encoder.layers_averaged
        pooled = np.zeros_like(below)
        for n in range(self.first_layer, self.encoder.layers):
            x, cache = self.layer(x, blocked, n)
            caches.append(cache)
            if n >= averaged:
                pooled += x / self.encoder.layers_averaged
        counts = mask.sum(1, keepdims=True)
        mean = (pooled * mask[:, :, None]).sum(1) / counts
        norm = np.linalg.norm(mean, axis=1, keepdims=True)
        return mean / norm, [caches, counts, norm, mean]

    def sentence_back(self, dvector: np.ndarray, mask: np.ndarray, saved: list, grads: dict) -> None:
        caches, counts, norm, mean = saved
        vector = mean / norm
        dmean = (dvector - vector * (vector * dvector).sum(1, keepdims=True)) / norm
        dpooled = (dmean / counts)[:, None, :] * mask[:, :, None] / self.encoder.layers_averaged
        averaged = self.encoder.layers - self.encoder.layers_averaged
        dx = np.zeros_like(dpooled)
        for n in range(self.encoder.layers - 1, self.first_layer - 1, -1):
            if n >= averaged:
                dx = dx + dpooled
            dx = self.layer_back(dx, caches[n - self.first_layer], n, grads)


class AdamW:
    """Adam with decoupled weight decay (as PyTorch's AdamW) and a warm-up then linear decay."""

    def __init__(self, params: dict, rates: dict[str, float], steps: int, settings: TuningSettings) -> None:
        self.params, self.rates, self.steps, self.settings = params, rates, steps, settings
        self.m = {k: np.zeros_like(v) for k, v in params.items()}
        self.v = {k: np.zeros_like(v) for k, v in params.items()}
        self.t = 0

    def step(self, grads: dict) -> None:
        self.t += 1
        warm = max(1, int(self.settings.warmup * self.steps))
        share = min(1.0, self.t / warm) * max(0.0, (self.steps - self.t) / max(1, self.steps - warm))
        b1, b2 = 0.9, 0.999
        for name, g in grads.items():
            rate = self.rates[name] * share
            self.m[name] = b1 * self.m[name] + (1 - b1) * g
            self.v[name] = b2 * self.v[name] + (1 - b2) * g * g
            m_hat, v_hat = self.m[name] / (1 - b1 ** self.t), self.v[name] / (1 - b2 ** self.t)
            self.params[name] *= 1 - rate * self.settings.weight_decay
            self.params[name] -= rate * m_hat / (np.sqrt(v_hat) + 1e-8)


def batches(lengths: list[int], size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Texts of about the same length together (little padding), in a new order every epoch."""
    jittered = np.asarray(lengths) + rng.uniform(0, 3, len(lengths))
    order = np.argsort(jittered, kind="stable")
    groups = [order[i:i + size] for i in range(0, len(order), size)]
    return [groups[i] for i in rng.permutation(len(groups))]


def tune(encoder: SentenceEncoder, texts: list[str], labels: list[str],
         settings: TuningSettings = TuningSettings(), log=None) -> dict[str, np.ndarray]:
    """The encoder's layer weights after training on (text, label) pairs; the encoder is not changed."""
    rng = np.random.default_rng(settings.seed)
    classes = sorted(set(labels))
    target = np.array([classes.index(label) for label in labels])
    network = Network(encoder, settings.first_layer)
    width = encoder.width
    head = {"head.weight": (rng.standard_normal((len(classes), width)) * 0.02).astype(np.float32),
            "head.bias": np.zeros(len(classes), np.float32)}
    params = {**network.params, **head}
    network.params = params  # the head's weights live beside the layers', for one optimiser
    pieces = [encoder._pieces(text.split())[0] for text in texts]
    below = _states_below(encoder, pieces, settings.first_layer)
    groups_per_epoch = -(-len(texts) // settings.batch_size)
    optimiser = AdamW(params, {k: settings.head_learning_rate if k.startswith("head.") else settings.learning_rate
                               for k in params}, settings.epochs * groups_per_epoch, settings)
    for epoch in range(settings.epochs):
        total = 0.0
        for group in batches([len(p) for p in pieces], settings.batch_size, rng):
            length = max(len(pieces[i]) for i in group)
            x = np.zeros((len(group), length, width), np.float32)
            mask = np.zeros((len(group), length), np.float32)
            for row, i in enumerate(group):
                x[row, :len(pieces[i])] = below[i]
                mask[row, :len(pieces[i])] = 1.0
            vector, saved = network.sentence(x, mask)
            loss, dvector, head_grads = _cross_entropy(vector, target[group], params, settings.scale)
            grads = {k: np.zeros_like(v) for k, v in network.params.items() if not k.startswith("head.")}
            network.sentence_back(dvector, mask, saved, grads)
            optimiser.step({**grads, **head_grads})
            total += loss * len(group)
        if log:
            log(f"epoch {epoch + 1}/{settings.epochs}: loss {total / len(texts):.3f}")
    return {k: v for k, v in params.items() if not k.startswith("head.")}


def _cross_entropy(vector: np.ndarray, target: np.ndarray, params: dict, scale: float):
    logits = scale * vector @ params["head.weight"].T + params["head.bias"]
    logits -= logits.max(1, keepdims=True)
    probabilities = np.exp(logits)
    probabilities /= probabilities.sum(1, keepdims=True)
    loss = float(-np.log(probabilities[np.arange(len(target)), target] + 1e-12).mean())
    dlogits = probabilities
    dlogits[np.arange(len(target)), target] -= 1.0
    dlogits /= len(target)
    grads = {"head.weight": scale * dlogits.T @ vector, "head.bias": dlogits.sum(0)}
    return loss, scale * dlogits @ params["head.weight"], grads


def _states_below(encoder: SentenceEncoder, pieces: list[list[int]], first_layer: int) -> list[np.ndarray]:
    """Each text's states entering the first trained layer: the frozen part is run once, not every epoch."""
    frozen = Network(encoder, 0)
    states: list[np.ndarray] = [np.zeros(0)] * len(pieces)
    order = sorted(range(len(pieces)), key=lambda i: len(pieces[i]))
    for start in range(0, len(order), 64):
        group = order[start:start + 64]
        length = max(len(pieces[i]) for i in group)
        ids = np.zeros((len(group), length), np.int64)
        mask = np.zeros((len(group), length), np.float32)
        for row, i in enumerate(group):
            ids[row, :len(pieces[i])] = pieces[i]
            mask[row, :len(pieces[i])] = 1.0
        x = encoder.embed(ids).astype(np.float32)
        blocked = ((1.0 - mask[:, None, None, :]) * -1e9).astype(np.float32)
        for n in range(first_layer):
            x, _ = frozen.layer(x, blocked, n)
        for row, i in enumerate(group):
            states[i] = x[row, :len(pieces[i])]
    return states
