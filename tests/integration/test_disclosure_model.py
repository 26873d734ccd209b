"""The disclosure model (bot/rasa_components/disclosure_model.py), run inside Rasa's environment, where
it lives: it learns from example sets, reads an unseen disclosure as likelier than an unseen ordinary
message, survives being saved and loaded with only the types the safeguarding check trusts, and a change
to the example sets changes the check's fingerprint, so Rasa retrains it."""
import json
import subprocess

from bot.store.db import PROJECT_ROOT

RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"


def test_the_disclosure_model_learns_saves_loads_and_is_retrained_when_its_examples_change(tmp_path):
    script = f"""
import json, shutil
from pathlib import Path
import numpy as np
import skops.io as sio
from bot.rasa_components import disclosure_model, safeguarding
from bot.rasa_components.disclosure_model import DisclosureModel, example_sets
from bot.rasa_components.safeguarding import TRUSTED_TYPES, SafeguardingCheck, _meanings

folder = Path({str(tmp_path)!r})
shutil.copy(disclosure_model.EXAMPLES_DIR / "blind2.yml", folder / "blind2.yml")
examples = example_sets(folder)
texts = [t for t, _ in examples]
model = DisclosureModel().fit(texts, _meanings(texts), [d for _, d in examples])
unseen = ["my stepfather hits me with a belt when he has been drinking", "can we have the meeting at the library on friday"]
likely = model.likelihood(unseen, _meanings(unseen))
sio.dump(model.parts(), folder / "model.skops")
untrusted = set(sio.get_untrusted_types(file=folder / "model.skops"))
loaded = DisclosureModel.from_parts(sio.load(folder / "model.skops", trusted=sorted(untrusted)))
safeguarding.EXAMPLES_DIR = folder
before = SafeguardingCheck.fingerprint_addon({{}})
(folder / "blind2.yml").write_text((folder / "blind2.yml").read_text() + "\\n# a change\\n")
print(json.dumps({{"examples": len(examples), "disclosures": sum(d for _, d in examples), "likely": likely.tolist(),
                  "loaded": loaded.likelihood(unseen, _meanings(unseen)).tolist(), "untrusted": sorted(untrusted - TRUSTED_TYPES),
                  "fingerprint_changed": before != SafeguardingCheck.fingerprint_addon({{}})}}))
"""
    finished = subprocess.run([str(RASA_PYTHON), "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True,
                              timeout=600)
    assert finished.returncode == 0, finished.stderr[-3000:]
    result = json.loads(finished.stdout.strip().splitlines()[-1])
    assert result["examples"] > 600 and 0 < result["disclosures"] < result["examples"]
    disclosure, ordinary = result["likely"]
    assert disclosure > 0.5 > ordinary
    assert result["loaded"] == result["likely"]
    assert result["untrusted"] == []
    assert result["fingerprint_changed"]
