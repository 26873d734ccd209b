"""Temporary probe (not committed): plays /tmp/probe/*.yml and prints transcripts."""
from pathlib import Path
import pytest
from conversations.driver import RestChannel, load_scripts, play, transcript

@pytest.mark.parametrize("script", load_scripts(Path("/tmp/probe")), ids=lambda s: s.name)
async def test_probe(stack, script):
    channel = RestChannel(stack.ports.rasa)
    try:
        result = await play(channel, script)
    finally:
        await channel.close()
    print("\n=====", script.name, "\n" + transcript(result) + "\n" + "\n".join(result.problems))
