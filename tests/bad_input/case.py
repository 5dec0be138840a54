"""One bad-input case: files to lay down, a command to run, and how it must end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

FileMaker = str | bytes | Callable[[Path], None]
"""A file's text, its bytes, or a function that writes it (given its path)."""


@dataclass(frozen=True)
class Case:
    """`rosterkit ARGS` in a folder holding `files`; '{tmp}' in an argument is that folder.

    The run must exit with `code`, print `message` (a piece of standard error, or of standard
    output when `stdout`), show no traceback, and leave every file named in `kept` as it was
    (by content and mode). `absent` names files that must not exist afterwards.
    """

    id: str
    args: tuple[str, ...]
    code: int
    message: str
    files: dict[str, FileMaker] = field(default_factory=dict)
    kept: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    modes: dict[str, int] = field(default_factory=dict)
    """File or folder modes set after the files are written (e.g. read-only)."""
    stdout: bool = False
