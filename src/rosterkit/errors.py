"""Errors for bad input. Outcomes of solving (infeasible, timed out) are statuses, not errors.

`RosterInputError` is the one base of every error about input the library cannot use; its
subclasses say what was wrong: `rosterkit.calendar.MonthError` (a month that cannot be read)
and `rosterkit.leave.LeaveError` (a leave request that names no officer of the station). Catch
`RosterInputError` to catch them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Self


class RosterInputError(ValueError):
    """Input that cannot be used: the message names the place and the fix.

    `source` is the place (a file, or a part such as 'ledger'), `detail` the message without it.
    """

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        self.detail = message
        """The message without its place."""
        super().__init__(f"{source}: {message}" if source else message)

    def relabel(self, names: dict[str, str]) -> Self:
        """The same error with a place the library named by its part ('ledger', 'previous
        roster') named by the file it came from; other errors are returned as they are."""
        if self.source is None or self.source not in names:
            return self
        return type(self)(self.detail, source=names[self.source])


SHOWN_CHOICES = 8
"""How many known values a message lists before it says how many more there are."""


def listing(values: Iterable[str], shown: int = SHOWN_CHOICES) -> str:
    """Known values for a message, shortened: 'a, b, c, … and 12 more'."""
    items = list(values)
    text = ", ".join(items[:shown])
    return text + (f", … and {len(items) - shown} more" if len(items) > shown else "")
