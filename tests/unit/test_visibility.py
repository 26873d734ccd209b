from bot.domain.visibility import COORDINATOR, FAMILY, PRIVATE, label, visible_to


def test_the_coordinator_sees_everything():
    assert all(visible_to("coordinator", v) for v in (FAMILY, COORDINATOR, PRIVATE))


def test_the_family_sees_only_what_was_shared_with_them():
    assert visible_to("family", FAMILY)
    assert not visible_to("family", COORDINATOR)
    assert not visible_to("family", PRIVATE)


def test_an_unknown_audience_or_visibility_sees_nothing_and_is_labelled_private():
    assert not visible_to("public", FAMILY)
    assert not visible_to("coordinator", "everyone")
    assert label("everyone") == "Private: coordinator only"
