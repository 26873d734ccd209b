"""What the assistant offers when it is not sure what a message means (bot/domain/fallback.py)."""
from pathlib import Path

import yaml

from bot.domain.fallback import answer_beside, CARRY_ON, FAQ_QUESTIONS, Choice, fallback_buttons, likely_meanings, sure_answer

ROOT = Path(__file__).resolve().parents[2]


def _training_examples() -> dict[str, str]:
    examples = {}
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for item in (yaml.safe_load(path.read_text()) or {}).get("nlu") or []:
            for line in (item.get("examples") or "").splitlines():
                if line.strip().startswith("- ") and "intent" in item:
                    examples[line.strip()[2:]] = item["intent"]
    return examples


def test_every_offered_question_is_a_training_example_of_its_answer():
    examples = _training_examples()
    for key, question in FAQ_QUESTIONS.items():
        assert examples.get(question) == key, question


def test_every_answer_of_the_response_selector_can_be_offered():
    answers = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        answers |= {name.removeprefix("utter_") for name in (yaml.safe_load(path.read_text()) or {}).get("responses") or {}}
    assert {a for a in answers if a.startswith("faq/")} == set(FAQ_QUESTIONS)


def test_a_question_is_offered_as_its_two_likeliest_answers_then_other_meanings():
    ranking = [{"name": "nlu_fallback", "confidence": 0.7}, {"name": "faq", "confidence": 0.25},
               {"name": "privacy", "confidence": 0.2}, {"name": "greet", "confidence": 0.2}]
    faq = [{"intent_response_key": "faq/food", "confidence": 0.5}, {"intent_response_key": "faq/breaks", "confidence": 0.3},
           {"intent_response_key": "faq/late", "confidence": 0.1}]
    assert likely_meanings(ranking, faq) == [
        Choice("Will there be food?", "Will there be food?"), Choice("Can I take a break?", "Can I take a break?"),
        Choice("Who sees what I say?", "/privacy")]


def test_unlikely_and_meaningless_intents_are_not_offered():
    ranking = [{"name": "affirm", "confidence": 0.9}, {"name": "privacy", "confidence": 0.05}]
    assert likely_meanings(ranking) == []


def test_someone_who_has_joined_can_always_go_back_to_the_questions():
    assert fallback_buttons([], in_questions=True) == [Choice(*CARRY_ON)]
    assert fallback_buttons([], in_questions=False) == []


def test_a_question_read_as_something_else_gets_the_answer_the_selector_is_sure_of():
    sure = [{"intent_response_key": "faq/late", "confidence": 0.7}, {"intent_response_key": "faq/duration", "confidence": 0.1}]
    close = [{"intent_response_key": "faq/late", "confidence": 0.6}, {"intent_response_key": "faq/duration", "confidence": 0.35}]
    unsure = [{"intent_response_key": "faq/late", "confidence": 0.45}]  # below 0.5
    assert sure_answer(sure) == "faq/late"
    assert sure_answer(close) is None and sure_answer(unsure) is None and sure_answer([]) is None


def test_a_message_perhaps_off_topic_and_perhaps_about_the_meeting_gets_the_sure_answer():
    from bot.domain.fallback import answer_for_off_topic
    petrol = [{"name": "out_of_scope", "confidence": 0.36}, {"name": "inform", "confidence": 0.26},
              {"name": "faq", "confidence": 0.24}]
    weather = [{"name": "out_of_scope", "confidence": 0.99}, {"name": "faq", "confidence": 0.0}]
    sure = [{"intent_response_key": "faq/cost_travel", "confidence": 0.96},
            {"intent_response_key": "faq/purpose", "confidence": 0.01}]
    assert answer_for_off_topic(petrol, sure) == "faq/cost_travel"
    assert answer_for_off_topic(weather, sure) is None  # surely off topic, whatever the selector says
    unsure = [{"intent_response_key": "faq/food", "confidence": 0.4}, {"intent_response_key": "faq/late", "confidence": 0.3}]
    assert answer_for_off_topic(petrol, unsure) is None


def test_a_question_beside_an_answer_is_answered_only_when_the_intent_classifier_heard_one_too():
    court = [{"intent_response_key": "faq/court", "confidence": 0.9}, {"intent_response_key": "faq/stages", "confidence": 0.05}]
    assert answer_beside([{"name": "faq", "confidence": 0.95}], court) == "faq/court"
    assert answer_beside([{"name": "not_sure", "confidence": 0.78}, {"name": "faq", "confidence": 0.08}], court) is None
    assert answer_beside([{"name": "faq", "confidence": 0.95}], court[1:]) is None  # the selector unsure
