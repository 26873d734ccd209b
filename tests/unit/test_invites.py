from bot.domain.invites import merge_invitees, private_requests
from bot.domain.records import Person, Said, Suggested


def test_the_same_person_named_twice_is_one_invitee_with_both_suggestions():
    people = (
        Person(1, "Sam", "parent", suggested=(Suggested("Sue", "sister"),)),
        Person(2, "Pat", "wider_family", suggested=(Suggested("  sue ", "niece", anonymous=True),
                                                    Suggested("Mo Khan", "neighbour"))),
        Person(3, "Jo", "young_person", suggested=(Suggested("MO   KHAN", ""),)),
    )
    merged = merge_invitees(people, "coordinator")
    assert [m.name for m in merged] == ["Sue", "Mo Khan"]
    sue, mo = merged
    assert sue.suggested_by == ("Sam", "Pat") and sue.relationships == ("sister", "niece")
    assert sue.anonymous
    assert mo.suggested_by == ("Pat", "Jo") and mo.relationships == ("neighbour",)


def test_a_trusted_professional_counts_as_a_suggestion():
    people = (Person(1, "Sam", "parent", said=(Said("invite", "trusted_professional", "Mrs Jones"),)),)
    [jones] = merge_invitees(people, "coordinator")
    assert jones.name == "Mrs Jones" and jones.relationships == ("trusted professional",)


def test_requests_not_to_invite_are_private_with_who_asked():
    people = (
        Person(1, "Sam", "parent", said=(Said("invite", "not_invite", "Uncle Bob", "private"),
                                         Said("attendees", "professional_not_wanted", "the police", "private"))),
        Person(2, "Pat", "wider_family", said=(Said("invite", "not_invite", "none", "private"),),
               suggested=(Suggested("Bob", "uncle"),)),
    )
    requests = private_requests(people, "coordinator")
    assert [(r.asked_by, r.about) for r in requests] == [("Sam", "Uncle Bob"), ("Sam", "the police")]
    assert all(r.label == "Private: coordinator only" for r in requests)
    [bob] = merge_invitees(people, "coordinator")
    assert bob.in_a_private_request


def test_family_members_never_see_private_requests_or_the_invite_list():
    people = (Person(1, "Sam", "parent", said=(Said("invite", "not_invite", "Uncle Bob", "private"),),
                     suggested=(Suggested("Sue", "sister"), Suggested("Bob", wanted=False))),)
    assert private_requests(people, "family") == ()
    assert merge_invitees(people, "family") == ()


def test_someone_not_wanted_named_in_the_answer_in_words_is_listed_once():
    from bot.domain.invites import private_requests
    from bot.domain.records import Person, Said, Suggested
    sam = Person(id=1, name="Sam", role="parent", said=(Said("invite", "not_invite", "i don't want Denise there, their gran",
                                                       "private"),),
                 suggested=(Suggested("Denise", "gran", wanted=False), Suggested("Kev", "ex", wanted=False)))
    assert [r.about for r in private_requests((sam,), "coordinator")] == ["i don't want Denise there, their gran", "Kev"]


def test_a_trusted_professional_described_in_a_sentence_is_listed_by_title_and_name():
    from bot.domain.invites import merge_invitees
    from bot.domain.records import Person, Said
    kerry = Person(id=1, name="Kerry", role="parent", said=(
        Said("invite", "trusted_professional", "jade's old nursery teacher mrs okafor she was brilliant with us"),))
    assert [m.name for m in merge_invitees((kerry,), "coordinator")] == ["Mrs Okafor"]
