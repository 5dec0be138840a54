"""``python -m rosterkit.cli``: the same command as ``rosterkit``."""

from __future__ import annotations

from rosterkit.cli.app import app

app(prog_name="rosterkit")
