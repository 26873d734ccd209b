"""Who may see a piece of what someone said. Every view, export and message asks here.

A young person chooses, for each of their own answers (social workers do not use the product, so
each choice says what the coordinator will do with it):
- "coordinator": for the coordinator only (the default);
- "professionals": the coordinator may tell the professionals at the meeting;
- "everyone": everyone at the meeting may hear it, their family included.
And:
- "private": for the coordinator only and sensitive (e.g. someone they do not want invited);
  shown apart, with who said it.

Audiences: "coordinator" (sees everything) and "family" (a family member: only "everyone").
"""
from __future__ import annotations

EVERYONE, PROFESSIONALS, COORDINATOR, PRIVATE = "everyone", "professionals", "coordinator", "private"
FAMILY = "family"  # the audience of a family member
VISIBILITIES = (EVERYONE, PROFESSIONALS, COORDINATOR, PRIVATE)
SHARE_CHOICES = (COORDINATOR, PROFESSIONALS, EVERYONE)  # a young person's choices, least shared first
LABELS = {EVERYONE: "Everyone at the meeting, family too", PROFESSIONALS: "Coordinator, may tell the professionals",
          COORDINATOR: "Coordinator only", PRIVATE: "Private: coordinator only"}


def visible_to(audience: str, visibility: str) -> bool:
    """audience is "coordinator" or "family"; anything unknown sees nothing."""
    if audience == COORDINATOR:
        return visibility in VISIBILITIES
    if audience == FAMILY:
        return visibility == EVERYONE
    return False


def shared_as(choice: str | None) -> str:
    """The visibility a young person's sharing choice gives; anything unclear stays with the coordinator."""
    return choice if choice in SHARE_CHOICES else COORDINATOR


def label(visibility: str) -> str:
    return LABELS.get(visibility, LABELS[PRIVATE])
