"""A turn's replies as few chat bubbles (bot/chat/replies.py `as_bubbles`, issue 16)."""
from bot.chat.replies import Button, Reply, as_bubbles

YES, NO = Button("Yes", "/affirm"), Button("No", "/deny")


def test_texts_of_one_turn_become_one_bubble_with_blank_lines_and_the_buttons_under_it():
    turn = [Reply("Thanks, noted."), Reply("Is there anyone you would not want there?", [YES, NO]),
            Reply("You can also type a name.")]
    assert as_bubbles(turn) == [Reply("Thanks, noted.\n\nIs there anyone you would not want there?\n\n"
                                      "You can also type a name.", [YES, NO])]


def test_a_second_set_of_buttons_starts_a_second_bubble():
    turn = [Reply("A"), Reply("B?", [YES]), Reply("C?", [NO]), Reply("D")]
    assert as_bubbles(turn) == [Reply("A\n\nB?", [YES]), Reply("C?\n\nD", [NO])]


def test_an_instruction_for_the_front_end_stays_on_its_own():
    forget = Reply("", custom={"forget": True})
    assert as_bubbles([Reply("Deleted."), forget, Reply("Bye")]) == [Reply("Deleted."), forget, Reply("Bye")]


def test_nothing_or_one_reply_is_left_as_it_is():
    assert as_bubbles([]) == []
    assert as_bubbles([Reply("Hi", [YES])]) == [Reply("Hi", [YES])]
