"""The question in a longer message answers for it; harm and complaints in the whole still stand."""
from bot.domain.glossary import load_glossary
from bot.domain.question_focus import Reading, asking_sentences, asks_what_a_word_means, focus


def test_a_question_after_context_is_found():
    text = "My granddaughter says I ought not to put family business on the phone. Who reads all this?"
    assert asking_sentences(text) == ["Who reads all this?"]


def test_a_question_without_a_question_mark_is_found_by_its_first_word():
    assert asking_sentences("my phone is on its last legs. who sees this") == ["who sees this"]


def test_one_sentence_is_not_split():
    assert asking_sentences("if i pick only coordinator does mum find out anyway??") == []
    assert asking_sentences("no.") == []


def test_statements_only_give_nothing_to_focus_on():
    assert asking_sentences("I work Mondays. Tuesdays are fine.") == []


def test_the_surest_question_wins():
    whole = [Reading("faq", 0.9)]
    assert focus(whole, [Reading("faq", 0.99), Reading("privacy", 0.7)]) == 0
    assert focus(whole, [Reading("inform", 0.95), Reading("privacy", 0.86)]) == 1


def test_a_guess_does_not_win():
    assert focus([Reading("inform", 0.6)], [Reading("faq", 0.55)]) is None


def test_harm_or_a_complaint_in_the_whole_message_stands():
    for kept in ("disclose_harm", "complain_about_professional", "forget"):
        assert focus([Reading(kept, 0.7)], [Reading("faq", 0.99)]) is None


def test_harm_perhaps_told_in_the_whole_message_is_never_hidden_from_the_safeguarding_check():
    """ "Can my little sister come? She's stopped speaking since our stepdad started..." """
    unsure = [Reading("nlu_fallback", 0.3), Reading("faq", 0.48), Reading("disclose_harm", 0.46)]
    assert focus(unsure, [Reading("faq", 0.99)]) is None
    assert focus([Reading("faq", 0.6), Reading("disclose_harm", 0.31)], [Reading("faq", 0.99)]) is None


def test_asking_for_a_choice_is_an_answer_not_a_question():
    assert asking_sentences("I work all week. Can we do Saturday?") == []


def test_a_question_about_a_word_of_ours_asks_its_meaning():
    glossary = load_glossary()
    assert asks_what_a_word_means("faq", "what's pre-proceedings when it's at home", glossary)
    assert asks_what_a_word_means("inform", "sorry what is an FGC", glossary)
    assert not asks_what_a_word_means("show_summary", "what's my summary", glossary)
    assert not asks_what_a_word_means("faq", "can my social worker come?", glossary)
    assert not asks_what_a_word_means("disclose_harm", "what is a child protection plan, my dad hits me", glossary)
    # A question about the meeting whose answer is sure keeps it: "what is private family time?"
    assert not asks_what_a_word_means("faq", "what is private family time?", glossary, answer_confidence=0.99)
