"""Reading a trained part that Rasa saved with skops, trusting only the types it is known to hold. A
file that cannot be read, or that holds any other type, is an error: a component must never run
untrained (Rasa's own classifiers fall back to an untrained one)."""
from __future__ import annotations

from typing import Any

from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage


def load_trusted(model_storage: ModelStorage, resource: Resource, trusted: set[str]) -> Any:
    import skops.io as sio

    with model_storage.read_from(resource) as model_dir:
        path = model_dir / f"{resource.name}.skops"
        untrusted = set(sio.get_untrusted_types(file=path))
        if untrusted - trusted:
            raise RuntimeError(f"{path.name} holds types not trusted: {untrusted - trusted}")
        return sio.load(path, trusted=sorted(untrusted))
