"""Who may see a piece of what someone said. Every view, export and message asks here.

- "family": the person chose to share it with their family as well as the coordinator.
- "coordinator": for the coordinator only (the default).
- "private": for the coordinator only and sensitive (e.g. someone they do not want invited);
  shown apart, with who said it.
"""
from __future__ import annotations

FAMILY, COORDINATOR, PRIVATE = "family", "coordinator", "private"
VISIBILITIES = (FAMILY, COORDINATOR, PRIVATE)
LABELS = {FAMILY: "Shared with family", COORDINATOR: "Coordinator only", PRIVATE: "Private: coordinator only"}


def visible_to(audience: str, visibility: str) -> bool:
    """audience is "coordinator" or "family"; anything unknown sees nothing."""
    if audience == COORDINATOR:
        return visibility in VISIBILITIES
    if audience == FAMILY:
        return visibility == FAMILY
    return False


def label(visibility: str) -> str:
    return LABELS.get(visibility, LABELS[PRIVATE])
