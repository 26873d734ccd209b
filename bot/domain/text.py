"""What people type, with the invisible characters taken out. Pure logic: no I/O.

Telegram passes on whatever a phone keyboard (or a copied message) holds: control characters,
zero-width spaces, byte-order marks, right-to-left overrides that make text display in a misleading
order, even unpaired surrogates. None of these means anything in an answer, some break storage (a
NUL byte cannot be stored in PostgreSQL) and some could hide a leading "/" from a check. Letters of
every script (Arabic and Hebrew included), emoji and newlines are kept.
"""
from __future__ import annotations

import re
import unicodedata

NEWLINE = "\n"
ZERO_WIDTH_JOINERS = frozenset({"\u200c", "\u200d"})  # emoji sequences and some scripts need them
BLACK_FLAG = "\U0001F3F4"  # England, Scotland and Wales flags are it followed by tag characters
TAGS = range(0xE0020, 0xE0080)


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Cs")


def _visible_neighbour(char: str) -> bool:
    return bool(char) and not char.isspace() and not _invisible(char)


def visible_text(text: str) -> str:
    """`text` without control, format (zero-width, bidirectional) and surrogate characters.

    Tabs become spaces; newlines stay. A zero-width joiner or non-joiner stays only between two
    visible characters, and tag characters only in a flag.
    """
    kept: list[str] = []
    for index, char in enumerate(text):
        if char == NEWLINE:
            kept.append(char)
        elif char == "\t":
            kept.append(" ")
        elif not _invisible(char):
            kept.append(char)
        elif char in ZERO_WIDTH_JOINERS:
            after = text[index + 1] if index + 1 < len(text) else ""
            if kept and _visible_neighbour(kept[-1]) and _visible_neighbour(after):
                kept.append(char)
        elif ord(char) in TAGS and kept and (kept[-1] == BLACK_FLAG or ord(kept[-1]) in TAGS):
            kept.append(char)
    return "".join(kept)


def sentences(text: str) -> list[str]:
    """The sentences of a message: split after . ? ! and a space, or at a new line ("2.30pm" stays whole)."""
    return [s.strip() for s in re.split(r"(?<=[.?!…])\s+|\n+", text or "") if s.strip(" .?!…")]


CLAUSES = re.compile(r"(?<=[.?!…])\s+|\n+|\s*[,;]\s*|\s+but\s+|\s+(?=not\b)", re.I)


def clauses(text: str) -> list[str]:
    """Sentences split further at commas, semicolons, "but" and before "not": "jo can come but i dont
    want the teacher" is two."""
    return [part.strip() for part in CLAUSES.split(text or "") if part and part.strip(" .?!…")]
