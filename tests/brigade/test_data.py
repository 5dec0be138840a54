"""The brigade's data: the built-in brigade's counts and the cross-references checked."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from brigade.brigade_cases import tiny_data
from rosterkit.brigade.builtin import build
from rosterkit.brigade.data import Brigade, Window
from rosterkit.stations import qianmen as qianmen_station


def test_builtin_has_the_seeds_counts(qianmen: Brigade) -> None:
    assert len(qianmen.units) == 21
    assert sum(u.guards for u in qianmen.units) > 200
    assert len(qianmen.squads) == 22
    assert len(qianmen.areas) == 25
    assert len(qianmen.routes) == 31
    assert len(qianmen.checkpoints) == 69
    assert len(qianmen.groups) == 3
    assert len(qianmen.modes) == 3


def test_builtin_sits_on_the_stations_eleven_grids(qianmen: Brigade) -> None:
    station_grids = {g.id for g in qianmen_station().grids}
    assert {g.id for g in qianmen.grids} == station_grids
    assert len(station_grids) == 11
    assert {a.grid for a in qianmen.areas} <= station_grids


def test_builtin_is_deterministic() -> None:
    assert build() == build()


def test_a_checkpoint_on_no_route_is_refused() -> None:
    data = tiny_data()
    data["checkpoints"] = [*data["checkpoints"], {"id": "C9", "name": "孤点"}]  # type: ignore[list-item]
    with pytest.raises(ValidationError, match=r"checkpoint 'C9'.*on no route"):
        Brigade.model_validate(data)


def test_an_unknown_unit_is_refused() -> None:
    data = tiny_data()
    data["squads"][0]["unit"] = "U9"  # type: ignore[index]
    with pytest.raises(ValidationError, match="squad 'S1', unit: unknown unit 'U9'"):
        Brigade.model_validate(data)


def test_weights_must_add_up_to_100() -> None:
    data = tiny_data()
    data["groups"][0]["weights"] = [{"indicator": "checkins", "weight": 90}]  # type: ignore[index]
    with pytest.raises(ValidationError, match="add up to 90, not 100"):
        Brigade.model_validate(data)


def test_a_window_reads_and_prints() -> None:
    window = Window.parse("07:30-24:00")
    assert (window.start, window.end) == (450, 1440)
    assert str(window) == "07:30-+1 00:00" or str(window) == "07:30-24:00"
    with pytest.raises(ValueError, match="not a time of day"):
        Window.parse("7h-9h")
