"""Finding an invite code in a message someone typed instead of tapping the coordinator's link."""
from bot.domain.invite_codes import CODE_ALPHABET, CODE_LENGTH, find_code, new_invite_code


def test_a_code_typed_in_a_sentence_in_lower_case_is_found():
    assert find_code("hi my code is 7hkm2pqr9x thanks") == "7HKM2PQR9X"


def test_a_code_without_a_digit_is_found():
    assert find_code("the code on my letter is HKMNPQRSTU") == "HKMNPQRSTU"


def test_a_code_with_a_digit_wins_over_an_ordinary_ten_letter_word():
    assert find_code("i understand, its 7HKM2PQR9X") == "7HKM2PQR9X"


def test_words_of_other_lengths_or_letters_a_code_never_has_are_not_codes():
    assert find_code("my code is 7HKM2PQR") is None  # too short
    assert find_code("my code is 7HKM2PQRLO") is None  # L and O are never in a code
    assert find_code("") is None


def test_every_generated_code_can_be_found_again():
    for _ in range(200):
        code = new_invite_code()
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
        assert find_code(f"here you go: {code.lower()}") == code


def test_a_code_stops_working_when_its_time_is_up_and_one_made_before_codes_expired_still_works():
    from datetime import datetime, timedelta

    from bot.domain.invite_codes import has_expired
    now = datetime(2026, 12, 3, 12, 0)
    assert has_expired(now, now) and has_expired(now - timedelta(seconds=1), now)
    assert not has_expired(now + timedelta(minutes=1), now)
    assert not has_expired(None, now)
