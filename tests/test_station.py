"""The station as data: validation, the built-in station, and station files."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from rosterkit.duties import slots
from rosterkit.errors import RosterInputError
from rosterkit.io import load_leave, load_station, station_to_yaml
from rosterkit.station import DutyState, Role, Rotation, Station
from rosterkit.stations import layout, qianmen


def test_qianmen_has_the_layout_of_domain_md() -> None:
    station = qianmen()
    teams = Counter(o.team for o in station.officers)
    assert len(station.officers) == 62
    assert teams["leadership"] == 2
    assert teams["command_room"] == 9 and teams["case_team"] == 9
    assert teams["street_patrol"] == 6
    assert [teams[f"{c.id}_team"] for c in station.communities] == [12, 12, 12]
    roles = Counter(role for o in station.officers for role in o.roles)
    assert roles[Role.deputy_director] == 3 and roles[Role.sergeant] == 3
    assert roles[Role.a_role] == 3 and roles[Role.b_role] == 3
    assert roles[Role.grid_officer] == 11 and len(station.grids) == 11
    assert roles[Role.sector_specialist] == 5
    assert {o.sector for o in station.officers if o.sector} == set(station.sectors)
    assert len(station.ab_pairs) == 3


def test_qianmen_file_matches_its_generator() -> None:
    assert qianmen() == layout(1)


def test_scaled_stations_grow_as_documented() -> None:
    assert [len(layout(k).officers) for k in (2, 5, 10)] == [122, 302, 602]


def test_rotation_runs_main_rest_deputy_with_one_group_per_state() -> None:
    rotation = Rotation()
    start = dt.date(2026, 12, 30)
    days = [start + dt.timedelta(days=i) for i in range(6)]
    for day in days:
        assert sorted(rotation.state(k, day) for k in (1, 2, 3)) == sorted(DutyState)
    states = [rotation.state(1, day) for day in days]
    assert states[:3] in (
        [DutyState.main, DutyState.rest, DutyState.deputy],
        [DutyState.rest, DutyState.deputy, DutyState.main],
        [DutyState.deputy, DutyState.main, DutyState.rest],
    )
    # No break at the month boundary: the cycle continues from Dec 31 to Jan 1.
    dec31, jan1 = dt.date(2026, 12, 31), dt.date(2027, 1, 1)
    order = rotation.cycle
    for k in (1, 2, 3):
        i = order.index(rotation.state(k, dec31))
        assert rotation.state(k, jan1) is order[(i + 1) % 3]


def test_rotation_cycle_holds_main_once_and_deputy() -> None:
    """Any cycle of 2 to 6 days with main once and deputy at least once (more in
    tests/test_station_shapes.py)."""
    with pytest.raises(ValidationError, match="main exactly once"):
        Rotation(cycle=[DutyState.main, DutyState.main, DutyState.deputy])
    with pytest.raises(ValidationError, match="deputy at least once"):
        Rotation(cycle=[DutyState.main, DutyState.rest, DutyState.rest])


def test_unknown_team_is_named() -> None:
    data = qianmen().model_dump()
    data["officers"][5]["team"] = "dajiang2"
    with pytest.raises(ValidationError, match="unknown team 'dajiang2'"):
        Station.model_validate(data)


def test_duplicate_officer_ids_are_named() -> None:
    data = qianmen().model_dump()
    data["officers"][6]["id"] = data["officers"][5]["id"]
    with pytest.raises(ValidationError, match="duplicate officer id"):
        Station.model_validate(data)


def test_unknown_fields_are_rejected() -> None:
    data = qianmen().model_dump()
    data["officers"][0]["nickname"] = "x"
    with pytest.raises(ValidationError, match="nickname"):
        Station.model_validate(data)


def test_station_round_trips_through_yaml_and_toml(tmp_path: Path) -> None:
    yaml_path = tmp_path / "station.yaml"
    yaml_path.write_text(station_to_yaml(qianmen()), encoding="utf-8")
    assert load_station(yaml_path) == qianmen()
    toml_path = tmp_path / "station.toml"
    toml_path.write_text(
        'id = "mini"\nname = "小所"\nname_en = "Mini"\nposts = []\n'
        'communities = [{id = "one", name = "一", name_en = "One", short = "一"}]\n'
        'teams = [{id = "lead", name = "所领导", name_en = "Leadership", kind = "leadership"}]\n'
        'officers = [{id = "D", name = "甲", team = "lead", roles = ["director"]}]\n',
        encoding="utf-8",
    )
    assert load_station(toml_path).officers[0].roles == frozenset({Role.director})


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("station.yaml", "id: [unclosed", "not valid YAML"),
        ("station.txt", "id: x", "unknown file type"),
        ("station.yaml", "- a\n- b\n", "expected a mapping"),
        ("station.yaml", "id: x\nname: y\n", "at name_en: Field required"),
    ],
)
def test_bad_station_files_get_clear_messages(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RosterInputError, match=message) as error:
        load_station(path)
    assert str(path) in str(error.value)


def test_missing_station_file(tmp_path: Path) -> None:
    with pytest.raises(RosterInputError, match="file not found"):
        load_station(tmp_path / "nope.yaml")


def test_leave_file_with_bad_date_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "leave.yaml"
    path.write_text("leave:\n  - {officer_id: P003, start: 2026-12-40, end: 2026-12-41}\n")
    with pytest.raises(RosterInputError, match=r"(?s)leave\.yaml.*at 0\.start"):
        load_leave(path)


def test_leave_ending_before_it_starts_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "leave.yaml"
    path.write_text("- {officer_id: P003, start: 2026-12-10, end: 2026-12-02}\n")
    with pytest.raises(RosterInputError, match="before it starts"):
        load_leave(path)


def test_atomic_writes_keep_files_and_get_ordinary_permissions(tmp_path: Path) -> None:
    import os

    from rosterkit.io import write_text_atomic

    target = tmp_path / "out.txt"
    write_text_atomic(target, "first")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    with pytest.raises(RosterInputError, match="file exists"):
        write_text_atomic(target, "second")
    assert target.read_text() == "first"
    write_text_atomic(target, "second", overwrite=True)
    assert target.read_text() == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def _with_communities(station: Station, **changes: dict[str, object]) -> dict[str, object]:
    """The station's fields with communities changed (by id), for validating again."""
    data = station.model_dump(mode="json", exclude_defaults=True)
    data["communities"] = [c | changes.get(c["id"], {}) for c in data["communities"]]
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"caochang": {"neighbours": ["dajiang2"]}},
            "community 'caochang': unknown neighbour community 'dajiang2' "
            "\\(known: caochang, dajiang, qiandong\\)",
        ),
        ({"caochang": {"posts": [{"post": "desk"}]}}, "'desk' is not a per-community post"),
        ({"caochang": {"posts": [{"post": "ccar"}, {"post": "ccar"}]}}, "'ccar' listed twice"),
        (
            {"caochang": {"posts": [{"post": "ccar", "min_staff": 4}]}},
            "community 'caochang', post 'ccar': post 'ccar': max_staff 3 < min_staff",
        ),
    ],
)
def test_borrowing_and_community_posts_are_validated(
    tmp_path: Path, changes: dict[str, dict[str, object]], message: str
) -> None:
    path = tmp_path / "station.yaml"
    path.write_text(yaml.safe_dump(_with_communities(qianmen(), **changes)), encoding="utf-8")
    with pytest.raises(RosterInputError, match=message) as error:
        load_station(path)
    assert str(path) in str(error.value)


def test_borrowing_is_off_and_every_community_the_same_size_in_the_built_in_station() -> None:
    station = qianmen()
    assert all(c.neighbours == [] and c.posts == [] for c in station.communities)
    assert station.weights.borrowing > station.weights.call_in


def test_generated_communities_of_their_own_sizes_and_cars() -> None:
    station = layout(community_sizes=[18, 12, 9], community_cars=[2, 1, 0])
    sizes = Counter(o.team for o in station.officers)
    assert [sizes[f"{c.id}_team"] for c in station.communities] == [18, 12, 9]
    codes = [slot.code for slot in slots(station) if slot.post.code == "ccar"]
    assert codes == ["ccar@qiandong", "ccar@qiandong#2", "ccar@dajiang"]
    assert len(station.officers) == len(layout().officers) + 6 - 3
    # The parameters left out give the same station as before.
    assert layout(community_sizes=[12, 12, 12], community_cars=[1, 1, 1]) == layout()
    with pytest.raises(ValueError, match="one number per community: 6"):
        layout(2, community_sizes=[12, 12, 12])


@pytest.mark.parametrize(
    "sizes",
    [[18, 15, 12, 12, 10, 9], [10, 10, 10], [11, 13, 9], [15, 10, 10], [16, 11, 9, 20, 14, 10]],
)
def test_generated_squads_of_uneven_communities_keep_the_squads_rule(sizes: list[int]) -> None:
    """Uneven teams' extra members and the station's sector specialists spread over the groups
    station-wide, so the squads the generator gives need no change (nothing short by count)."""
    from rosterkit.capacity import shortfalls

    station = layout(len(sizes) // 3, community_sizes=sizes)
    assert shortfalls(station, "2026-12", []) == []
