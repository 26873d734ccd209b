from bot.domain.visibility import COORDINATOR, EVERYONE, PRIVATE, PROFESSIONALS, label, shared_as, visible_to


def test_the_coordinator_sees_everything():
    assert all(visible_to("coordinator", v) for v in (EVERYONE, PROFESSIONALS, COORDINATOR, PRIVATE))


def test_the_family_sees_only_what_was_shared_with_everyone():
    assert visible_to("family", EVERYONE)
    assert not visible_to("family", PROFESSIONALS)  # the coordinator may tell the professionals, not the family
    assert not visible_to("family", COORDINATOR)
    assert not visible_to("family", PRIVATE)


def test_an_unknown_audience_or_visibility_sees_nothing_and_is_labelled_private():
    assert not visible_to("public", EVERYONE)
    assert not visible_to("coordinator", "family")  # the old value, migrated to "everyone" (0010)
    assert label("family") == "Private: coordinator only"


def test_a_sharing_choice_gives_its_visibility_and_anything_unclear_stays_with_the_coordinator():
    assert [shared_as(c) for c in ("coordinator", "professionals", "everyone")] == [COORDINATOR, PROFESSIONALS, EVERYONE]
    assert shared_as("my mum") == shared_as(None) == shared_as("private") == COORDINATOR
