"""Hostile and odd input through the relay to Rasa and the reading of answers: none crashes, none
becomes a Rasa intent, nothing grows without bound, letters of every script and emoji survive."""
import json
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.network import MAX_NAME_LENGTH, parse_person
from bot.domain.preparation import MAX_ANSWER_LENGTH, QUESTIONS_BY_SLOT, read_answer
from bot.domain.text import visible_text
from bot.telegram import relay

ZERO_WIDTH_SPACE, BOM, RIGHT_TO_LEFT_OVERRIDE, RLM = "\u200b", "\ufeff", "\u202e", "\u200f"
FAMILY_EMOJI = "👨\u200d👩\u200d👧"  # joined by zero-width joiners
ENGLAND_FLAG = "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F"
ARABIC = "أريد أن تأتي جدتي"  # "I want my grandmother to come"
HEBREW = "אני רוצה שסבתא תבוא"
MIXED = "My nan Zoë (جدتي) and 奶奶 Ольга"
ANY_CHARACTER = st.characters(exclude_categories=())  # surrogates, controls and unassigned ones too
OUR_INTENTS = re.compile(r'^/(help|privacy|forget|join_meeting\{"invite_code":"[A-Z0-9]{1,32}"\})$')


def intent_messages_are_ours(route: relay.Route) -> bool:
    return route.to_rasa is None or not route.to_rasa.startswith("/") or bool(OUR_INTENTS.match(route.to_rasa))


def has_invisible(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cs") and c != "\n" for c in text) or any(
        unicodedata.category(c) == "Cf" and c not in "\u200c\u200d" and not 0xE0020 <= ord(c) < 0xE0080 for c in text)


# ---------------------------------------------------------------- the relay (typed text -> Rasa)


def test_a_message_of_ten_thousand_characters_reaches_rasa_cut_to_4000():
    route = relay.route_text("word " * 2000)
    assert len(route.to_rasa) == relay.MAX_TEXT_LENGTH - 1  # cut at 4000, then the trailing space
    assert relay.route_text("x" * 10_000).to_rasa == "x" * 4000


@pytest.mark.parametrize("text", [None, "", " ", "\n\t \u3000", ZERO_WIDTH_SPACE * 3, BOM, "\x00\x07\x1b", RLM + " ",
                                  "///", "/ / /", ZERO_WIDTH_SPACE + "/"])
def test_empty_whitespace_or_invisible_only_messages_get_the_please_type_reply_and_nothing_reaches_rasa(text):
    assert relay.route_text(text) == relay.Route(reply=relay.EMPTY_TEXT_REPLY)


@pytest.mark.parametrize("text", ["👍", "❤️", "😢😢😢", FAMILY_EMOJI, ENGLAND_FLAG, "👍🏽"])
def test_emoji_only_messages_reach_rasa_unchanged(text):
    assert relay.route_text(text).to_rasa == text


@pytest.mark.parametrize("text", [ARABIC, HEBREW, MIXED, "می\u200cخواهم"])
def test_right_to_left_and_mixed_script_text_reaches_rasa_unchanged(text):
    assert relay.route_text(text).to_rasa == text


@pytest.mark.parametrize("text, expected", [
    ("he\u200bllo", "hello"),
    ("my\x00 nan", "my nan"),
    ("yes\x1b[31m", "yes[31m"),
    (RIGHT_TO_LEFT_OVERRIDE + "txet", "txet"),
    ("tab\tand\r\nnewline", "tab and\nnewline"),
    ("half \ud800 surrogate", "half  surrogate"),
])
def test_control_zero_width_and_direction_override_characters_are_taken_out(text, expected):
    assert relay.clean_text(text) == expected


@pytest.mark.parametrize("text", [ZERO_WIDTH_SPACE + "/affirm", BOM + "/deny", "\x00/join_meeting{\"invite_code\":\"X\"}",
                                  RLM + "/restart", " \u200b / /affirm"])
def test_an_invisible_character_cannot_hide_a_slash_that_would_make_an_intent(text):
    route = relay.route_text(text)
    assert route.to_rasa is None or not route.to_rasa.startswith("/")
    assert relay.clean_text(text) is None or not relay.clean_text(text).startswith("/")


def test_an_invisible_character_before_a_command_of_ours_still_runs_the_command():
    assert relay.route_text(ZERO_WIDTH_SPACE + "/help") == relay.Route(to_rasa="/help")


def test_html_markdown_and_sql_looking_text_reaches_rasa_as_typed():
    for text in ["<b>Sue</b> <script>alert(1)</script>", "*bold* _it_ [link](http://example.com)",
                 "Robert'); DROP TABLE participants;--", "' OR '1'='1"]:
        assert relay.route_text(text).to_rasa == text


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=ANY_CHARACTER, max_size=5000)
       | st.builds(lambda prefix, rest: prefix + rest,
                   st.sampled_from(["/", "//", " /", "\u200b/", "\ufeff/", "/start ", "/help@bot ", "/join_meeting"]),
                   st.text(max_size=200)))
def test_any_text_becomes_an_intent_only_for_our_own_commands_and_is_never_over_4000_characters(text):
    route = relay.route_text(text)
    assert (route.to_rasa is None) != (route.reply is None)
    assert intent_messages_are_ours(route)
    if route.to_rasa is not None:
        assert 0 < len(route.to_rasa) <= relay.MAX_TEXT_LENGTH
        assert not has_invisible(route.to_rasa)
        assert route.to_rasa == route.to_rasa.strip()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=100))
def test_any_start_argument_joins_with_letters_and_digits_only_or_explains_where_the_code_is(argument):
    route = relay.route_command("start", argument)
    if route.to_rasa is not None:
        payload = json.loads(route.to_rasa.removeprefix("/join_meeting"))
        assert re.fullmatch(r"[A-Z0-9]{1,32}", payload["invite_code"])
    else:
        assert route.reply == relay.NO_CODE_REPLY


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ANY_CHARACTER, max_size=300))
def test_visible_text_never_keeps_invisible_characters_and_is_stable(text):
    cleaned = visible_text(text)
    assert not has_invisible(cleaned)
    assert visible_text(cleaned) == cleaned
    assert len(cleaned) <= len(text)


# ---------------------------------------------------------------- reading answers


@pytest.mark.parametrize("slot", ["agenda_items", "venue_choice", "venue_safe", "invite_person"])
@pytest.mark.parametrize("text", ["x" * 10_000, "word " * 2_000])
def test_a_ten_thousand_character_answer_is_kept_to_the_answer_limit(slot, text):
    answer = read_answer(slot, "inform", None, text)
    assert 0 < len(answer.value) <= MAX_ANSWER_LENGTH


@pytest.mark.parametrize("text", ["", "   ", "\n\n", ZERO_WIDTH_SPACE, "\x00\x01", BOM + RLM])
def test_an_empty_or_invisible_answer_is_not_an_answer(text):
    assert read_answer("agenda_items", "inform", None, text) is None


@pytest.mark.parametrize("text", ["👍", FAMILY_EMOJI, ARABIC, HEBREW, MIXED, "<b>contact</b>", "'; DROP TABLE preferences; --"])
def test_emoji_other_scripts_markup_and_sql_looking_answers_are_kept_as_written(text):
    assert read_answer("agenda_items", "inform", None, text).value == text


def test_invisible_characters_are_taken_out_of_an_answer():
    assert read_answer("agenda_items", "inform", None, "contact\x00 with\u200b dad\u202e").value == "contact with dad"


@settings(max_examples=500, deadline=None)
@given(slot=st.sampled_from(sorted(QUESTIONS_BY_SLOT)),
       intent=st.none() | st.sampled_from(["inform", "affirm", "deny", "not_sure", "skip", "faq", "nlu_fallback",
                                           "help", "disclose_harm", "ask_meaning"]) | st.text(max_size=20),
       choice=st.none() | st.text(max_size=40) | st.sampled_from(["library", "yes", "none", "family"]),
       text=st.text(alphabet=ANY_CHARACTER, max_size=3000))
def test_reading_any_answer_never_fails_and_keeps_it_bounded_and_visible(slot, intent, choice, text):
    answer = read_answer(slot, intent, choice, text)
    if answer is not None:
        assert 0 < len(answer.value) <= MAX_ANSWER_LENGTH
        assert not has_invisible(answer.value)


# ---------------------------------------------------------------- names of people to invite


@pytest.mark.parametrize("text, name", [("Zoë, my sister", "Zoë"), ("محمد my brother", "محمد"), ("siobhán", "Siobhán"),
                                        ("O'Brien next door", "O'brien"), ("Ольга", "Ольга")])
def test_names_in_any_script_or_with_accents_are_read_whole(text, name):
    assert parse_person(text).name == name


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ANY_CHARACTER, max_size=2000))
def test_any_text_gives_a_short_name_or_none(text):
    person = parse_person(text)
    assert person is None or 0 < len(person.name) <= MAX_NAME_LENGTH


# ---------------------------------------------------------------- long replies to Telegram


def test_a_long_reply_is_split_at_line_breaks_into_messages_telegram_accepts():
    lines = [f"Answer {n}: " + "x" * 90 for n in range(100)]
    parts = relay.split_message("\n".join(lines))
    assert len(parts) == 3 and all(len(part) <= relay.MAX_MESSAGE_LENGTH for part in parts)
    assert "\n".join(parts).splitlines() == lines


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n😀"), min_size=1, max_size=20_000), st.integers(1, 5000))
def test_any_reply_split_loses_no_visible_character_and_fits(text, limit):
    parts = relay.split_message(text, limit)
    assert all(0 < len(part) <= limit for part in parts)
    assert "".join(parts).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")
