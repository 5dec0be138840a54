"""Built-in stations."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from rosterkit.station import Station
from rosterkit.stations.generator import layout

__all__ = ["layout", "qianmen"]


@cache
def _qianmen() -> Station:
    text = resources.files("rosterkit.stations").joinpath("qianmen.yaml").read_text("utf-8")
    return Station.model_validate(yaml.safe_load(text))


def qianmen() -> Station:
    """Qianmen station (前门派出所): 62 officers with synthetic names, squads laid out."""
    return _qianmen()
