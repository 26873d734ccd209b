"""Signing requests to Rasa (bot/store/signing.py) and the secret file behind it."""
import stat
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.store import signing

SECRET = b"s" * 64
BODY = b'{"sender": "x", "message": "hello"}'


NOW = 1_000_000
TS, NONCE, SIG = signing.TIMESTAMP_HEADER, signing.NONCE_HEADER, signing.SIGNATURE_HEADER


def test_a_fresh_signature_is_accepted():
    headers = signing.signed_headers(SECRET, BODY, now=NOW)
    assert signing.problem_with(SECRET, headers, BODY, now=NOW + signing.MAX_AGE) is None


@pytest.mark.parametrize("change, problem", [
    (lambda h: ({**h, TS: ""}, BODY, NOW), "not signed"),
    (lambda h: ({k: v for k, v in h.items() if k != NONCE}, BODY, NOW), "not signed"),
    (lambda h: ({**h, SIG: ""}, BODY, NOW), "not signed"),
    (lambda h: ({**h, TS: "soon"}, BODY, NOW), "bad timestamp"),
    (lambda h: (h, BODY + b" ", NOW), "wrong signature"),
    (lambda h: ({**h, SIG: h[SIG].upper()}, BODY, NOW), "wrong signature"),
    (lambda h: ({**h, TS: str(NOW + 1)}, BODY, NOW), "wrong signature"),
    (lambda h: ({**h, NONCE: "0" * 32}, BODY, NOW), "wrong signature"),
    (lambda h: (h, BODY, NOW + signing.MAX_AGE + 1), "too old"),
    (lambda h: (h, BODY, NOW - signing.MAX_AGE - 1), "from the future"),
])
def test_a_request_changed_unsigned_or_stale_is_not_accepted(change, problem):
    headers, body, now = change(signing.signed_headers(SECRET, BODY, now=NOW))
    assert signing.problem_with(SECRET, headers, body, now) == problem


def test_the_same_message_twice_in_a_second_is_signed_differently_so_it_is_no_replay():
    """A button pressed twice quickly is two requests with the same body and timestamp."""
    first, second = (signing.signed_headers(SECRET, BODY, now=NOW) for _ in range(2))
    assert first[SIG] != second[SIG]


def test_another_secret_gives_another_signature():
    assert signing.signature(SECRET, "1", "n", BODY) != signing.signature(b"t" * 64, "1", "n", BODY)


def test_the_secret_file_is_made_once_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "keys" / "rasa-channel.key"
    with ThreadPoolExecutor(8) as pool:  # several processes starting at once agree on one secret
        secrets = set(pool.map(lambda _: signing.ensure_secret(path), range(32)))
    assert len(secrets) == 1 and len(secrets.pop()) == 2 * signing.SECRET_BYTES
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["rasa-channel.key"]  # no drafts left behind


def test_an_empty_or_short_secret_file_is_refused_not_used(tmp_path):
    path = tmp_path / "rasa-channel.key"
    path.write_text("")
    with pytest.raises(ValueError):
        signing.ensure_secret(path)
    path.write_text("abc")
    with pytest.raises(ValueError):
        signing.read_secret(path)
