"""How to run the solver."""

from __future__ import annotations

from pydantic import Field

from rosterkit.station import Strict


class SolveOptions(Strict):
    """Solver settings, all in one place.

    With `deterministic` (the default) the search is reproducible: a single worker (whatever
    `workers` says) and the time limit also counted in CP-SAT's deterministic time, so the same
    inputs and seed give the same roster on any machine unless the wall-clock limit strikes
    first. Turn it off to let `workers` parallel workers race, which can be faster on large
    stations but may return another roster of the same quality.
    """

    time_limit: float = Field(default=60.0, gt=0, description="Seconds for the whole search.")
    workers: int = Field(default=1, ge=1, le=64)
    seed: int = Field(default=0, ge=0)
    deterministic: bool = True
    log: bool = False
    relative_gap: float = Field(
        default=0.0, ge=0, lt=1, description="Stop once within this fraction of the bound."
    )
