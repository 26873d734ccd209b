"""The sentence encoder's tokenizer and weights reader (bot/rasa_components/sentence_encoder.py),
which must cut text exactly as BERT's uncased tokenizer does for the pretrained weights to mean anything."""
import json

import numpy as np

from bot.rasa_components.sentence_encoder import WordPiece, basic_words, read_safetensors


def test_words_are_lower_cased_without_accents_and_punctuation_stands_alone():
    assert basic_words("What's a Section 20?") == ["what", "'", "s", "a", "section", "20", "?"]
    assert basic_words("Café\tnaïve\n") == ["cafe", "naive"]


def test_control_characters_vanish_and_emoji_stay_a_word():
    assert basic_words("hi\u200bthere \x00😊") == ["hithere", "😊"]


def test_wordpiece_takes_the_longest_piece_first(tmp_path):
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "guard", "guardian", "##ship", "##s"]))
    pieces = WordPiece(vocab)
    assert pieces.word_ids("guardianship") == [5, 6]
    assert pieces.word_ids("guards") == [4, 7]


def test_a_word_it_cannot_cut_is_unknown_as_a_whole(tmp_path):
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "nan", "##x"]))
    assert WordPiece(vocab).word_ids("nanq") == [1]


def test_weights_are_read_back_with_their_names_shapes_and_values(tmp_path):
    first = np.arange(6, dtype=np.float32).reshape(2, 3)
    second = np.array([7, 8], dtype=np.int64)
    header = {"__metadata__": {"format": "pt"},
              "first": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
              "second": {"dtype": "I64", "shape": [2], "data_offsets": [24, 40]}}
    encoded = json.dumps(header).encode()
    path = tmp_path / "model.safetensors"
    path.write_bytes(len(encoded).to_bytes(8, "little") + encoded + first.tobytes() + second.tobytes())

    weights = read_safetensors(path)

    assert set(weights) == {"first", "second"}
    np.testing.assert_array_equal(weights["first"], first)
    np.testing.assert_array_equal(weights["second"], second)
