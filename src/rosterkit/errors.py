"""Errors for bad input. Outcomes of solving (infeasible, timed out) are statuses, not errors."""

from __future__ import annotations


class RosterInputError(ValueError):
    """Input that cannot be used: the message names the place and the fix."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)
