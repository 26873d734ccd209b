"""Every reply, and every glossary entry, reads at the grade set for its audience (bench/readability.py:
grade 6 for families, 5 for young people). Caught here, not only in `make bench`, so a new or reworded
reply cannot slip past."""
from bench.readability import grades


def test_every_reply_and_glossary_entry_is_at_or_below_its_reading_grade():
    rows = grades()
    assert len(rows) > 200
    too_hard = [(row["audience"], row["topic"], round(row["grade"], 1)) for row in rows if row["over_target"]]
    assert not too_hard
