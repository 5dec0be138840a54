"""The `rosterkit` command line: a thin typer layer over the library.

Every command translates files and options into library calls and the outcome back into words
and an exit code: 0 success, 1 no roster (infeasible month) or a failed check, 2 bad input or
usage, 3 an internal error. Only this package configures output and logging.
"""

from __future__ import annotations

from rosterkit.cli.app import app

__all__ = ["app"]
