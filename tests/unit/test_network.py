import pytest

from bot.domain.network import parse_person


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
