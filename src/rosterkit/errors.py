"""Errors for bad input. Outcomes of solving (infeasible, timed out) are statuses, not errors."""

from __future__ import annotations


class RosterInputError(ValueError):
    """Input that cannot be used: the message names the place and the fix."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        self.detail = message
        """The message without its place."""
        super().__init__(f"{source}: {message}" if source else message)

    def relabel(self, names: dict[str, str]) -> RosterInputError:
        """The same error with a place the library named by its part ('ledger', 'previous
        roster') named by the file it came from; other errors are returned as they are."""
        if self.source is None:
            return self
        part, dot, rest = self.source.partition(".")
        for label in (self.source, part):
            if label in names:
                place = names[label] + (f", {rest}" if label == part and dot else "")
                return RosterInputError(self.detail, source=place)
        return self
