import pytest

from bot.domain.network import Person, parse_people, parse_person


@pytest.mark.parametrize(
    "text, name, relationship",
    [
        ("Sue, my sister", "Sue", "sister"),
        ("my mum Sue", "Sue", "mum"),
        ("Dave my brother and his wife", "Dave", "brother"),
        ("my neighbour Pat", "Pat", "neighbour"),
        ("sue my sister", "Sue", "sister"),
        ("my nan", "Nan", "nan"),
        ("Kwame", "Kwame", ""),
        ("the Reverend Clarke from St Marys", "Reverend Clarke", ""),  # a title stays with the name
        ("Mrs Bell, his teacher", "Mrs Bell", "teacher"),
    ],
)
def test_reads_a_first_name_and_relationship(text, name, relationship):
    person = parse_person(text)
    assert (person.name, person.relationship) == (name, relationship)


def test_a_person_who_wants_to_stay_anonymous_is_marked():
    assert parse_person("Pat my neighbour, anonymous please").anonymous
    assert not parse_person("Pat my neighbour").anonymous


def test_no_name_means_no_person():
    assert parse_person("...") is None
    assert parse_person("my the and") is None


@pytest.mark.parametrize("text", ["yeah send them", "only close family", "no shouting please", "no im not worried",
                                  "yes looks right", "Looks right", "keep them apart", "the council offices",
                                  "dont want my step dad there"])
def test_a_sentence_with_no_relationship_and_no_name_is_nobody(text):
    assert [p.name for p in parse_people(text) if p.name != "Dad"] == []


@pytest.mark.parametrize("text, names", [("gemma", ["Gemma"]), ("sue and dave", ["Sue", "Dave"]),
                                         ("and her partner Dave", ["Dave"]), ("my mate Kev", ["Kev"])])
def test_names_typed_in_lower_case_or_with_a_relationship_are_still_people(text, names):
    assert [p.name for p in parse_people(text)] == names


def test_a_word_describing_the_relative_is_not_their_name():
    assert [(p.name, p.relationship) for p in parse_people("and my big cousin")] == [("Cousin", "cousin")]
    assert [(p.name, p.relationship) for p in parse_people("my little brother Jay")] == [("Jay", "brother")]


@pytest.mark.parametrize("text, name, relationship", [
    ("not jaydens dad craig tho i dont want him anywhere near it", "Craig", "dad"),  # whose dad, then his name
    ("Callum's dad", "Callum's dad", "dad"),  # whose dad is all we know of him
    ("graces mum, the kids nan", "Graces mum", "mum"),  # not the friend's own mum, and "kids" is no name
    ("the kids nan", "The children's nan", "nan"),
    ("my mums sister", "Mum's sister", "sister"),
    ("not my dad tho. i dont want him there", "Dad", "dad"),  # "tho" and "him" are no names
    ("I must be clear that Gary, Callum's father, should not be invited", "Gary", "father"),
])
def test_whose_relative_someone_is_is_not_their_name(text, name, relationship):
    assert [(p.name, p.relationship) for p in parse_people(text)] == [(name, relationship)]


def test_partners_and_in_laws_are_relationships_so_both_people_are_kept():
    assert [(p.name, p.relationship) for p in parse_people("my sister shannon and her fella dean")] == [
        ("Shannon", "sister"), ("Dean", "fella")]
    assert parse_person("Agnieszka, my daughter-in-law").relationship == "daughter-in-law"


def test_a_lower_case_word_in_a_sentence_after_the_relationship_is_no_name():
    """Seen in a walk: "my dads girlfriend. she always starts stuff" kept someone called "Always"."""
    assert parse_people("my dads girlfriend. she always starts stuff") == [Person("Dad's girlfriend", "girlfriend", False)]
    assert parse_people("my cousin jade") == [Person("Jade", "cousin", False)]
    assert parse_people("Sue, my sister. She lives near") == [Person("Sue", "sister", False)]
