"""Station, leave and ledger files (YAML, TOML, JSON): shapes, duplicate keys, nesting, size,
byte-order marks, and the bounds of the schema (numbers, list lengths, ids, A/B pairs).

Every bad file must end as a `RosterInputError` that names the file, the place and the fix.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from rosterkit import io
from rosterkit.errors import RosterInputError
from rosterkit.leave import Leave
from rosterkit.ledger import MAX_COUNT, Ledger, OfficerLedger
from rosterkit.options import SolveOptions
from rosterkit.problem import compile_problem
from rosterkit.solver import build_model
from rosterkit.station import (
    MAX_OFFICERS,
    MAX_STAFF,
    MAX_WEIGHT,
    ABPair,
    Officer,
    RuleWeights,
    Station,
)
from rosterkit.stations import qianmen
from rosterkit.stations.generator import layout

REQUEST = {"officer_id": "P015", "start": "2026-12-03", "end": "2026-12-04"}

_LOADERS = [io._TextDateLoader]
if yaml.__with_libyaml__:
    _LOADERS.append(io._FastTextDateLoader)


@pytest.fixture(params=_LOADERS, ids=lambda loader: loader.__name__)
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each YAML test runs with the libyaml-based loader and with the pure-Python one."""
    monkeypatch.setattr(io, "_new_loader", request.param)
    yield


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _station_data() -> dict[str, Any]:
    data: dict[str, Any] = qianmen().model_dump(mode="json")
    return data


def _refused(load: Callable[[Path], object], path: Path, *pieces: str) -> str:
    """Load `path`, expect a `RosterInputError` naming the file and every piece; its text."""
    with pytest.raises(RosterInputError) as caught:
        load(path)
    message = str(caught.value)
    assert message.startswith(str(path)), message
    for piece in pieces:
        assert piece in message, message
    return message


# --- 1. the shape of a leave file -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("leave.json", json.dumps({"requests": [REQUEST]})),
        ("leave.yaml", yaml.safe_dump({"requests": [REQUEST]})),
        ("leave.toml", "[[requests]]\nofficer_id = 'P015'\nstart = 2026-12-03\nend = 2026-12-04\n"),
    ],
)
def test_leave_list_under_another_key_is_refused(tmp_path: Path, name: str, content: str) -> None:
    path = _write(tmp_path, name, content)
    _refused(
        io.load_leave, path, "'requests'", "single key 'leave'", "rename 'requests' to 'leave'"
    )


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_leave_mapping_with_an_extra_key_is_refused(tmp_path: Path, suffix: str) -> None:
    text = json.dumps({"leave": [REQUEST], "note": "December"})
    path = _write(tmp_path, "leave" + suffix, text)
    _refused(io.load_leave, path, "unknown top-level key(s) 'note'", "remove 'note'")


@pytest.mark.parametrize("content", ['"P015"', "42", "true"])
def test_leave_file_of_another_shape_is_refused(tmp_path: Path, content: str) -> None:
    path = _write(tmp_path, "leave.json", content)
    _refused(io.load_leave, path, "a list of requests, or a mapping with the single key 'leave'")


@pytest.mark.parametrize(
    ("name", "content", "count"),
    [
        ("leave.yaml", "", 0),
        ("leave.toml", "", 0),
        ("leave.json", "[]", 0),
        ("leave.json", '{"leave": null}', 0),
        ("leave.json", json.dumps([REQUEST]), 1),
        ("leave.json", json.dumps({"leave": [REQUEST]}), 1),
        ("leave.toml", "[[leave]]\nofficer_id = 'P015'\nstart = 2026-12-03\nend = 2026-12-04\n", 1),
    ],
)
def test_leave_file_as_a_list_or_under_leave_is_read(
    tmp_path: Path, name: str, content: str, count: int
) -> None:
    assert len(io.load_leave(_write(tmp_path, name, content))) == count


# --- 2. duplicate keys ------------------------------------------------------------------------


@pytest.mark.usefixtures("yaml_loader")
def test_yaml_duplicate_key_is_refused_with_its_line(tmp_path: Path) -> None:
    text = "leave:\n  - officer_id: P015\n    start: 2026-12-03\n    end: 2026-12-04\n"
    text += "    start: 2026-12-05\n"
    path = _write(tmp_path, "leave.yaml", text)
    _refused(
        io.load_leave,
        path,
        "line 5, column 5: key 'start' is given twice (first at line 3, column 5)",
        "keep one",
    )


@pytest.mark.usefixtures("yaml_loader")
def test_yaml_duplicate_top_level_key_of_a_station_is_refused(tmp_path: Path) -> None:
    text = io.station_to_yaml(qianmen()) + "id: elsewhere\n"
    line = text.count("\n")
    path = _write(tmp_path, "station.yaml", text)
    _refused(io.load_station, path, f"line {line}, column 1: key 'id' is given twice")


@pytest.mark.usefixtures("yaml_loader")
def test_yaml_merge_key_may_be_overridden(tmp_path: Path) -> None:
    text = "leave:\n  - <<: {officer_id: P015, start: 2026-12-03, end: 2026-12-04}\n"
    text += "    end: 2026-12-06\n"
    (leave,) = io.load_leave(_write(tmp_path, "leave.yaml", text))
    assert str(leave.end) == "2026-12-06"


def test_json_duplicate_key_is_refused_with_the_place_of_its_object(tmp_path: Path) -> None:
    text = '{"leave": [\n  {"officer_id": "P015", "start": "2026-12-03",\n'
    text += '   "end": "2026-12-04", "officer_id": "P016"}\n]}'
    path = _write(tmp_path, "leave.json", text)
    _refused(io.load_leave, path, "line 2, column 3", "key 'officer_id' twice", "keep one")


def test_toml_duplicate_key_is_refused(tmp_path: Path) -> None:
    text = "[[leave]]\nofficer_id = 'P015'\nofficer_id = 'P016'\n"
    path = _write(tmp_path, "leave.toml", text)
    _refused(io.load_leave, path, "not valid TOML", "line 3")


# --- 3. nesting -------------------------------------------------------------------------------


@pytest.mark.usefixtures("yaml_loader")
@pytest.mark.parametrize("depth", [40, 100_000])
@pytest.mark.parametrize("suffix", [".yaml", ".json", ".toml"])
def test_deep_nesting_is_refused(tmp_path: Path, suffix: str, depth: int) -> None:
    nested = "[" * depth + "]" * depth
    text = f"a = {nested}\n" if suffix == ".toml" else f'{{"a": {nested}}}'
    path = _write(tmp_path, "station" + suffix, text)
    _refused(io.load_station, path, "nested too deeply (more than 32 levels")


@pytest.mark.usefixtures("yaml_loader")
def test_alias_deeper_than_the_bound_is_refused(tmp_path: Path) -> None:
    text = "a: &a " + "[" * 20 + "]" * 20 + "\nb: " + "[" * 15 + "*a" + "]" * 15 + "\n"
    path = _write(tmp_path, "station.yaml", text)
    _refused(io.load_station, path, "line 2", "nested too deeply")


@pytest.mark.usefixtures("yaml_loader")
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_nesting_within_the_bound_reaches_validation(tmp_path: Path, suffix: str) -> None:
    nested = "[" * 30 + "]" * 30
    path = _write(tmp_path, "station" + suffix, f'{{"a": {nested}}}')
    _refused(io.load_station, path, "invalid content", "at a: Extra inputs are not permitted")


@pytest.mark.usefixtures("yaml_loader")
def test_yaml_alias_expansion_is_bounded(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = _write(tmp_path, "station.yaml", "\n".join(lines) + "\n")
    _refused(io.load_station, path, f"more than {io.MAX_YAML_NODES:,} values")


@pytest.mark.usefixtures("yaml_loader")
def test_recursive_yaml_alias_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "station.yaml", "a: &a [1, *a]\n")
    _refused(io.load_station, path, "line 1, column 11: alias *a stands for a value that contains")


def test_number_of_thousands_of_digits_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "ledger.json", '{"year": 1' + "0" * 5000 + "}")
    _refused(io.load_ledger, path, "not valid JSON", "thousands of digits")


# --- 4. byte-order marks ----------------------------------------------------------------------


@pytest.mark.usefixtures("yaml_loader")
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_station_with_a_byte_order_mark_is_read(tmp_path: Path, suffix: str) -> None:
    data = _station_data()
    text = (
        json.dumps(data, ensure_ascii=False) if suffix == ".json" else io.station_to_yaml(qianmen())
    )
    path = _write(tmp_path, "station" + suffix, b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert io.load_station(path) == qianmen()


def test_toml_and_leave_with_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    toml = b"\xef\xbb\xbf[[leave]]\nofficer_id = 'P015'\nstart = 2026-12-03\nend = 2026-12-04\n"
    assert len(io.load_leave(_write(tmp_path, "leave.toml", toml))) == 1
    ledger = b'\xef\xbb\xbf{"station_id": "qianmen", "year": 2026}'
    assert io.load_ledger(_write(tmp_path, "ledger.json", ledger)).year == 2026


def test_utf16_file_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = _write(tmp_path, "leave.json", "[]".encode("utf-16"))
    _refused(io.load_leave, path, "UTF-16", "save it as UTF-8")


# --- 5. sizes and counts ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("load", "name"),
    [(io.load_station, "station.yaml"), (io.load_leave, "leave.json"), (io.load_ledger, "l.yaml")],
)
def test_file_over_the_size_limit_is_refused_before_parsing(
    tmp_path: Path, load: Callable[[Path], object], name: str
) -> None:
    path = tmp_path / name
    with path.open("w", encoding="utf-8") as handle:
        handle.write("sectors:\n")
        line = "- s1234567\n" * 10_000
        while handle.tell() <= io.MAX_DATA_FILE_BYTES:
            handle.write(line)
    size = path.stat().st_size
    _refused(load, path, f"{size / 2**20:.1f} MB", "more than the 8 MB", "right file")


def test_the_size_limit_is_8_mb() -> None:
    assert io.MAX_DATA_FILE_BYTES == 8 * 2**20


@pytest.mark.parametrize(
    ("field", "count", "limit"),
    [
        ("sectors", 1_001, "1000"),
        ("officers", MAX_OFFICERS + 1, "10000"),
        ("grids", 10_001, "10000"),
        ("posts", 501, "500"),
    ],
)
def test_lists_of_a_station_are_bounded(field: str, count: int, limit: str) -> None:
    data = _station_data()
    data[field] = [data[field][0]] * count if data[field] else ["x"] * count
    with pytest.raises(ValidationError, match=rf"(?s){field}.*at most {limit} items"):
        Station.model_validate(data)


@pytest.mark.parametrize("scale", [1, 40, 100])
def test_generated_stations_stay_within_the_bounds(scale: int) -> None:
    station = layout(scale)
    assert Station.model_validate(station.model_dump()) == station


def test_leave_list_is_bounded(tmp_path: Path) -> None:
    path = _write(tmp_path, "leave.json", json.dumps([REQUEST] * 50_001))
    _refused(io.load_leave, path, "at most 50000 items")


def test_a_long_list_of_errors_is_cut_short(tmp_path: Path) -> None:
    requests = [{**REQUEST, "officer_id": f"bad id {i}"} for i in range(30)]
    path = _write(tmp_path, "leave.json", json.dumps(requests))
    message = _refused(io.load_leave, path, "at 19.officer_id", "... and 10 more")
    assert "at 20.officer_id" not in message


# --- 6. numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [2**50, 2**62, 10**18, 1e18, 1e20, 1_000_001])
@pytest.mark.parametrize("field", ["call_in", "fairness", "preference"])
def test_huge_weight_is_refused_naming_the_field(tmp_path: Path, field: str, value: float) -> None:
    data = _station_data()
    data["weights"][field] = value
    path = _write(tmp_path, "station.json", json.dumps(data))
    message = _refused(io.load_station, path, f"at weights.{field}:")
    assert "less than or equal to 1000000" in message or "far too large" in message, message


@pytest.mark.parametrize(
    ("where", "value", "expected"),
    [
        (("fairness_allowance",), 2**50, "at fairness_allowance: Input should be less than"),
        (("posts", 1, "min_staff"), 2**62, "at posts.1.min_staff: Input should be less than"),
        (("posts", 1, "target_staff"), 1001, "at posts.1.target_staff: Input should be less"),
        (("posts", 1, "hours"), 25, "at posts.1.hours: Input should be less than"),
        (("posts", 1, "hours"), math.nan, "at posts.1.hours: Input should be a finite number"),
        (("officers", 0, "years_of_service"), 1e20, "at officers.0.years_of_service"),
        (("officers", 0, "squad"), 2**62, "at officers.0.squad"),
        (("leave_policy", "max_per_team_per_day"), 10**9, "at leave_policy.max_per_team_per_day"),
        (("teams", 5, "max_shifts_per_week"), 1e30, "at teams.5.max_shifts_per_week"),
    ],
)
def test_every_number_of_a_station_is_bounded(
    tmp_path: Path, where: tuple[str | int, ...], value: float, expected: str
) -> None:
    data = _station_data()
    target: Any = data
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    path = _write(tmp_path, "station.json", json.dumps(data))
    _refused(io.load_station, path, expected)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("car_duties: 1.0e+30", "at officers.P015.car_duties: number far too large"),
        ("call_ins: 10001", "at officers.P015.call_ins: Input should be less than or equal to 1"),
        ("annual_leave_used: -1", "at officers.P015.annual_leave_used: Input should be greater"),
    ],
)
def test_ledger_counts_are_bounded(tmp_path: Path, entry: str, expected: str) -> None:
    text = f"station_id: qianmen\nyear: 2026\nofficers:\n  P015: {{{entry}}}\n"
    _refused(io.load_ledger, _write(tmp_path, "ledger.yaml", text), expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("year: 20260", "at year: Input should be less than or equal to 2200"),
        ("year: 2026\nthrough: 2025-11", "at through: Value error, 2025-11 is not a month of"),
        ("year: 2026\nthrough: November", "at through: Value error, 'November' is not a month"),
    ],
)
def test_ledger_year_and_month_are_checked(tmp_path: Path, text: str, expected: str) -> None:
    path = _write(tmp_path, "ledger.yaml", f"station_id: qianmen\n{text}\n")
    _refused(io.load_ledger, path, expected)


def test_leave_priority_is_bounded() -> None:
    with pytest.raises(ValidationError, match="priority"):
        Leave.model_validate({**REQUEST, "priority": 2**62})


@pytest.mark.parametrize(
    "options",
    [
        {"seed": 2**31},
        {"seed": -1},
        {"time_limit": math.inf},
        {"time_limit": math.nan},
        {"time_limit": 86_401},
        {"workers": 0},
        {"workers": 65},
        {"relative_gap": math.nan},
    ],
)
def test_solve_options_are_bounded(options: dict[str, float]) -> None:
    with pytest.raises(ValidationError):
        SolveOptions.model_validate(options)


def test_largest_seed_and_time_limit_are_allowed() -> None:
    options = SolveOptions(seed=2**31 - 1, time_limit=86_400, workers=64)
    assert options.seed == 2**31 - 1


def test_model_at_every_bound_is_a_valid_cp_sat_model() -> None:
    """Weights, staff and ledger counts at their largest still give a model CP-SAT accepts: no
    objective coefficient or bound overflows a 64-bit integer."""
    station = qianmen()
    weights = RuleWeights(**dict.fromkeys(RuleWeights.model_fields, MAX_WEIGHT))
    posts = [
        post.model_copy(update={"target_staff": MAX_STAFF}) if post.max_staff is None else post
        for post in station.posts
    ]
    station = Station.model_validate(
        station.model_copy(update={"weights": weights, "posts": posts}).model_dump()
    )
    counts = dict.fromkeys(OfficerLedger.model_fields, MAX_COUNT)
    ledger = Ledger(
        station_id=station.id,
        year=2026,
        through="2026-11",
        officers={
            officer.id: OfficerLedger(**counts) if number % 2 else OfficerLedger()
            for number, officer in enumerate(station.officers)
        },
    )
    model, _, _ = build_model(compile_problem(station, "2026-12", ledger=ledger))
    assert model.validate() == ""


# --- 7. ids -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    ["=HYPERLINK(1)", "+1", "-x", "@x", "P 01", "P\t01", "P01\n", "\x1b[2J", "", "a" * 33, "张三"],
)
def test_officer_id_outside_the_safe_pattern_is_refused_in_words(bad: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Officer(id=bad, name="张三", team="command_room")
    message = str(caught.value)
    assert "ASCII letters, digits, '_', '.' or '-', starting with a letter or digit" in message


@pytest.mark.parametrize("good", ["P001", "012345", "a.b-c_d", "X" * 32])
def test_officer_id_inside_the_safe_pattern_is_accepted(good: str) -> None:
    assert Officer(id=good, name="张三", team="command_room").id == good


@pytest.mark.parametrize(
    ("where", "bad"),
    [
        (("id",), "Qianmen"),
        (("communities", 0, "id"), "=cmd"),
        (("teams", 0, "id"), "a" * 33),
        (("grids", 0, "id"), "-g1"),
        (("posts", 0, "code"), "desk\r"),
        (("sectors", 0), "@hotel"),
    ],
)
def test_other_ids_outside_their_pattern_are_refused(
    tmp_path: Path, where: tuple[str | int, ...], bad: str
) -> None:
    data = _station_data()
    target: Any = data
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = bad
    path = _write(tmp_path, "station.json", json.dumps(data))
    _refused(io.load_station, path, "is not a valid id; use 1 to 32 characters")


def test_leave_and_ledger_officer_ids_are_checked(tmp_path: Path) -> None:
    leave = _write(tmp_path, "leave.json", json.dumps([{**REQUEST, "officer_id": "=1+1"}]))
    _refused(io.load_leave, leave, "at 0.officer_id", "unknown officer '=1+1'", "ASCII letters")
    ledger = _write(
        tmp_path, "ledger.json", '{"station_id": "qianmen", "year": 2026, "officers": {"P 1": {}}}'
    )
    _refused(io.load_ledger, ledger, "unknown officer 'P 1'")


def test_schema_still_builds_with_the_id_patterns() -> None:
    schema = json.dumps(Station.model_json_schema())
    assert "^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$" in schema
    assert '"maxItems": 10000' in schema


# --- 8. the ledger against the station, and A/B pairs -----------------------------------------


def _ledger(*officer_ids: str, station_id: str = "qianmen") -> Ledger:
    return Ledger(
        station_id=station_id, year=2026, officers={oid: OfficerLedger() for oid in officer_ids}
    )


def test_ledger_of_the_station_passes_the_check() -> None:
    _ledger("P001", "P062").check_officers(qianmen())


def test_ledger_with_unknown_officers_is_refused_naming_them() -> None:
    with pytest.raises(RosterInputError, match="holds 2 officer") as caught:
        _ledger("P001", "P999", "X1").check_officers(qianmen(), source="ledger.yaml")
    message = str(caught.value)
    assert message.startswith("ledger.yaml: ")
    assert "'P999', 'X1'" in message
    assert "remove their entries" in message


def test_many_unknown_officers_are_shortened() -> None:
    ledger = _ledger(*(f"X{i}" for i in range(25)))
    with pytest.raises(RosterInputError, match=r"'X9' and 15 more;"):
        ledger.check_officers(qianmen())


def test_ledger_of_another_station_is_refused() -> None:
    with pytest.raises(RosterInputError, match="for station 'elsewhere', not 'qianmen'"):
        _ledger("P001", station_id="elsewhere").check_officers(qianmen())


def test_load_ledger_with_the_station_checks_its_officers(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "ledger.yaml", "station_id: qianmen\nyear: 2026\nofficers:\n  P999: {}\n"
    )
    assert io.load_ledger(path).officers.keys() == {"P999"}
    _refused(lambda p: io.load_ledger(p, qianmen()), path, "'P999'")


def _pairs_of(station: Station) -> list[tuple[str, str]]:
    return [(pair.a_role, pair.b_role) for pair in station.ab_pairs]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda pairs: [*pairs, pairs[0]], "A/B pair 4 (P014/P015): the same pair as pair 1"),
        (
            lambda pairs: [*pairs, (pairs[0][1], pairs[0][0])],
            "A/B pair 4 (P015/P014): the same pair as pair 1",
        ),
        (
            lambda pairs: [*pairs[:-1], (pairs[0][0], pairs[-1][1])],
            "officer 'P014' is already in pair 1; an officer has one partner",
        ),
        (lambda pairs: [(pairs[0][0], pairs[0][0])], "an officer cannot be his own partner"),
    ],
)
def test_duplicate_ab_pairs_are_refused(
    change: Callable[[list[tuple[str, str]]], list[tuple[str, str]]], expected: str
) -> None:
    station = qianmen()
    pairs = _pairs_of(station)
    assert pairs[0] == ("P014", "P015"), "the test assumes the built-in station's first pair"
    data = station.model_dump(mode="json")
    data["ab_pairs"] = [{"a_role": a, "b_role": b} for a, b in change(pairs)]
    with pytest.raises(ValidationError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        Station.model_validate(data)


def test_the_built_in_pairs_are_accepted() -> None:
    assert len(qianmen().ab_pairs) == 3
    assert ABPair(a_role="P014", b_role="P015").a_role == "P014"


def test_a_bad_choice_shows_the_value_given(tmp_path: Path) -> None:
    data = yaml.safe_load(io.station_to_yaml(qianmen()))
    data["teams"][0]["kind"] = "comunity"
    path = tmp_path / "station.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(
        RosterInputError, match=r"teams\.0\.kind: Input should be .*; got 'comunity'"
    ):
        io.load_station(path)
