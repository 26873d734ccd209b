"""Every reply, and every glossary entry, reads at the grade set for its audience (bench/readability.py:
grade 6 for families, 5 for young people). Caught here, not only in `make bench`, so a new or reworded
reply cannot slip past."""
from bench.readability import grades


def test_every_reply_and_glossary_entry_is_at_or_below_its_reading_grade():
    rows = grades()
    assert len(rows) > 200
    too_hard = [(row["audience"], row["topic"], round(row["grade"], 1)) for row in rows if row["over_target"]]
    assert not too_hard


def test_a_young_person_is_told_who_is_coming_as_themselves_and_in_words_for_their_age():
    import textstat

    from bench.readability import TARGETS
    from bot.domain.people import PROFESSIONAL_ROLES, explain_role
    said = [explain_role(role, young_person=True) for role in PROFESSIONAL_ROLES]
    assert not [s for s in said if "the child" in s or "the young person" in s or "your child" in s]
    assert textstat.flesch_kincaid_grade(" ".join(said)) <= TARGETS["young people"]
