"""After a real conversation through the running stack, nothing a person typed is in plain text in
any database file: not in Rasa's tracker store (encrypted events), not in ours (encrypted columns)."""
from __future__ import annotations

import pytest

from tests_support import Chat, new_participant

pytestmark = pytest.mark.stack

WORDS = "Philomena Quarrington"  # a name nobody else uses, typed as an answer and a question


async def test_what_a_person_typed_is_not_in_plain_text_in_any_database_file(stack):
    code, _ = new_participant()
    chat = Chat(stack, f"at-rest-{code}")
    await chat.say(f'/join_meeting{{"invite_code":"{code}"}}')
    await chat.press("The family")
    await chat.say(f"yes got them, {WORDS} brought them round")
    await chat.say(f"can {WORDS} come to the meeting?")
    await chat.rasa.close()

    data = stack.log_dir.parent
    files = [p for p in data.iterdir() if p.is_file() and ".db" in p.name]
    assert any(p.name.startswith("rasa-tracker.db") for p in files)
    for path in files:
        content = path.read_bytes()
        for word in WORDS.split():
            assert word.encode() not in content and word.lower().encode() not in content, path.name
