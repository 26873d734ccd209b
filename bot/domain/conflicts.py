"""What a unit of work raises when another writer saved the same thing first (a unique key): it wrote
nothing, and whoever meets it may try again or take the other's work as done."""


class Conflict(Exception):
    """Another writer saved the same thing first."""
