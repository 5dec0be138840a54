"""How to run the solver."""

from __future__ import annotations

from pydantic import Field

from rosterkit.station import Strict

MAX_TIME_LIMIT = 86_400.0
"""Longest search in seconds: a day."""
MAX_SEED = 2**31 - 1
"""Largest seed: CP-SAT's `random_seed` is a signed 32-bit integer."""


class SolveOptions(Strict):
    """Solver settings, all in one place.

    With `deterministic` (the default) the search is reproducible: a single worker (whatever
    `workers` says) and the time limit also counted in CP-SAT's deterministic time, so the same
    inputs and seed give the same roster on any machine unless the wall-clock limit strikes
    first. Turn it off to let `workers` parallel workers race, which can be faster on large
    stations but may return another roster of the same quality.
    """

    time_limit: float = Field(
        default=60.0,
        gt=0,
        le=MAX_TIME_LIMIT,
        allow_inf_nan=False,
        description="Seconds for the whole search, at most 86,400 (a day).",
    )
    workers: int = Field(default=1, ge=1, le=64, description="1 to 64.")
    seed: int = Field(
        default=0,
        ge=0,
        le=MAX_SEED,
        description="0 to 2^31 - 1 (CP-SAT's random seed is a 32-bit integer).",
    )
    deterministic: bool = True
    log: bool = False
    relative_gap: float = Field(
        default=0.0,
        ge=0,
        lt=1,
        allow_inf_nan=False,
        description="Stop once within this fraction of the bound.",
    )
