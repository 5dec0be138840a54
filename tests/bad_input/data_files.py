"""Bad-input cases: data_files (station, leave and ledger files in YAML, TOML or JSON)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bad_input.case import Case, FileMaker
from rosterkit.io import station_to_yaml
from rosterkit.stations import qianmen

_STATION_YAML = station_to_yaml(qianmen())
_REQUEST = {"officer_id": "P015", "start": "2026-12-03", "end": "2026-12-04"}
_LEDGER = "station_id: qianmen\nyear: 2026\nthrough: 2026-11\nofficers:\n"


def _station_json(*changes: tuple[tuple[str | int, ...], Any]) -> str:
    """The built-in station as JSON, with each (path, value) of `changes` set (a path one past
    the end of a list appends)."""
    data: dict[str, Any] = qianmen().model_dump(mode="json")
    for where, value in changes:
        target: Any = data
        for key in where[:-1]:
            target = target[key]
        if isinstance(target, list) and where[-1] == len(target):
            target.append(value)
        else:
            target[where[-1]] = value
    return json.dumps(data, ensure_ascii=False)


def _over_8_mb(head: str, line: str) -> Any:
    """A maker of a file just over the 8 MB limit: `head`, then `line` again and again."""

    def make(path: Path) -> None:
        with path.open("w", encoding="utf-8") as handle:
            handle.write(head)
            lines = line * 10_000
            while handle.tell() <= 8 * 2**20:
                handle.write(lines)

    return make


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


_ALIAS_BOMB = "\n".join(
    ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
)


def _explain_station(name: str) -> tuple[str, ...]:
    return ("explain", "-m", "2026-12", "--station", "{tmp}/" + name)


def _explain_leave(name: str) -> tuple[str, ...]:
    return ("explain", "-m", "2026-12", "--leave", "{tmp}/" + name)


def _generate_ledger(name: str) -> tuple[str, ...]:
    return ("generate", "-m", "2026-12", "--ledger", "{tmp}/" + name, "-o", "{tmp}/out.csv")


def _refused(
    id: str, command: Callable[[str], tuple[str, ...]], name: str, content: FileMaker, message: str
) -> Case:
    """`command` on the file `name` holding `content`: exit 2 with `message`, the file kept, and
    nothing written (`generate`'s out.csv absent)."""
    return Case(
        id=id,
        args=command(name),
        code=2,
        message=message,
        files={name: content},
        kept=(name,),
        absent=("out.csv",) if command is _generate_ledger else (),
    )


CASES: list[Case] = [
    # 1. a leave list under another key was read as no leave
    _refused(
        "leave-json-list-under-another-key",
        _explain_leave,
        "leave.json",
        json.dumps({"requests": [_REQUEST]}),
        "unknown top-level key(s) 'requests': rename 'requests' to 'leave'",
    ),
    _refused(
        "leave-yaml-extra-top-level-key",
        _explain_leave,
        "leave.yaml",
        "leave: []\nnote: December\n",
        "unknown top-level key(s) 'note': remove 'note'",
    ),
    _refused(
        "leave-toml-list-under-another-key",
        _explain_leave,
        "leave.toml",
        "[[requests]]\nofficer_id = 'P015'\nstart = 2026-12-03\n",
        "a list of requests, or a mapping with the single key 'leave'",
    ),
    _refused(
        "leave-json-a-single-request-not-in-a-list",
        _explain_leave,
        "leave.json",
        json.dumps(_REQUEST),
        "'officer_id', 'start', 'end': one request must still be in a list",
    ),
    # 2. duplicate keys kept the last value silently
    _refused(
        "station-yaml-duplicate-key",
        _explain_station,
        "station.yaml",
        _STATION_YAML + "id: elsewhere\n",
        f"line {_STATION_YAML.count(chr(10)) + 1}, column 1: key 'id' is given twice "
        "(first at line 1, column 1)",
    ),
    _refused(
        "leave-yaml-duplicate-key",
        _explain_leave,
        "leave.yaml",
        "leave:\n  - {officer_id: P015, start: 2026-12-03, start: 2026-12-05, end: 2026-12-06}\n",
        "line 2, column 43: key 'start' is given twice (first at line 2, column 24)",
    ),
    _refused(
        "ledger-yaml-officer-twice",
        _generate_ledger,
        "ledger.yaml",
        _LEDGER + "  P015: {call_ins: 1}\n  P015: {call_ins: 0}\n",
        "line 6, column 3: key 'P015' is given twice (first at line 5, column 3)",
    ),
    _refused(
        "station-json-duplicate-key",
        _explain_station,
        "station.json",
        '{"name": "x", ' + _station_json()[1:],
        "line 1, column 1: the object starting here gives key 'name' twice",
    ),
    # 3. deep nesting ended in exit 3 (RecursionError)
    _refused(
        "station-yaml-nested-too-deeply",
        _explain_station,
        "station.yaml",
        "a: " + _nested(100_000) + "\n",
        "nested too deeply (more than 32 levels of lists and mappings)",
    ),
    _refused(
        "station-json-nested-too-deeply",
        _explain_station,
        "station.json",
        '{"a": ' + _nested(100_000) + "}",
        "nested too deeply (more than 32 levels of lists and mappings)",
    ),
    _refused(
        "leave-json-nested-too-deeply",
        _explain_leave,
        "leave.json",
        _nested(5_000),
        "not valid JSON: nested too deeply",
    ),
    _refused(
        "station-toml-nested-too-deeply",
        _explain_station,
        "station.toml",
        "a = " + _nested(100_000) + "\n",
        "not valid TOML: nested too deeply",
    ),
    _refused(
        "ledger-yaml-alias-bomb",
        _generate_ledger,
        "ledger.yaml",
        _ALIAS_BOMB,
        "more than 1,000,000 values (aliases counted as what they repeat)",
    ),
    # 4. a byte-order mark was refused with a technical message
    _refused(
        "station-json-with-a-byte-order-mark-is-parsed",
        _explain_station,
        "station.json",
        b"\xef\xbb\xbf" + _station_json((("weights", "call_in"), 2**50)).encode("utf-8"),
        "at weights.call_in: Input should be less than or equal to 1000000",
    ),
    _refused(
        "leave-yaml-with-a-byte-order-mark-is-parsed",
        _explain_leave,
        "leave.yaml",
        b"\xef\xbb\xbf- {officer_id: P999, start: 2026-12-03, end: 2026-12-04}\n",
        "unknown officer 'P999'",
    ),
    # 5. size limits: a 55 MB station took minutes and gigabytes
    _refused(
        "station-yaml-over-the-size-limit",
        _explain_station,
        "station.yaml",
        _over_8_mb("sectors:\n", "- s1234567\n"),
        "MB, more than the 8 MB a station, leave or ledger file may have",
    ),
    _refused(
        "leave-json-over-the-size-limit",
        _explain_leave,
        "leave.json",
        _over_8_mb("[", json.dumps(_REQUEST) + ",\n"),
        "more than the 8 MB",
    ),
    _refused(
        "ledger-yaml-over-the-size-limit",
        _generate_ledger,
        "ledger.yaml",
        _over_8_mb(_LEDGER, "  X: {}\n"),
        "more than the 8 MB",
    ),
    _refused(
        "station-json-too-many-sectors",
        _explain_station,
        "station.json",
        _station_json((("sectors",), [f"s{i}" for i in range(5_000)])),
        "at sectors: List should have at most 1000 items",
    ),
    # 6. numbers that overflowed the model (exit 1 with a model dump, or exit 3)
    _refused(
        "station-json-weight-2-to-the-62",
        _explain_station,
        "station.json",
        _station_json((("weights", "call_in"), 2**62)),
        "at weights.call_in: Input should be less than or equal to 1000000",
    ),
    _refused(
        "station-json-weight-1e20",
        _explain_station,
        "station.json",
        _station_json((("weights", "fairness"), 1e20)),
        "at weights.fairness: number far too large for this field",
    ),
    _refused(
        "station-json-weight-1e18",
        _explain_station,
        "station.json",
        _station_json((("weights", "preference"), 1e18)),
        "at weights.preference: Input should be less than or equal to 1000000",
    ),
    _refused(
        "station-json-allowance-2-to-the-50",
        _explain_station,
        "station.json",
        _station_json((("fairness_allowance",), 2**50)),
        "at fairness_allowance: Input should be less than or equal to 1000",
    ),
    _refused(
        "station-json-staff-2-to-the-62",
        _explain_station,
        "station.json",
        _station_json((("posts", 1, "min_staff"), 2**62)),
        "at posts.1.min_staff: Input should be less than or equal to 1000",
    ),
    _refused(
        "ledger-yaml-count-1e30",
        _generate_ledger,
        "ledger.yaml",
        _LEDGER + "  P015: {car_duties: 1.0e+30}\n",
        "at officers.P015.car_duties: number far too large for this field",
    ),
    _refused(
        "ledger-yaml-count-over-the-bound",
        _generate_ledger,
        "ledger.yaml",
        _LEDGER + "  P015: {call_ins: 1125899906842624}\n",
        "at officers.P015.call_ins: Input should be less than or equal to 10000",
    ),
    # 7. ids outside the safe pattern
    _refused(
        "station-json-officer-id-like-a-formula",
        _explain_station,
        "station.json",
        _station_json((("officers", 0, "id"), "=1+1")),
        "at officers.0.id: Value error, '=1+1' is not a valid id; use 1 to 32 characters",
    ),
    _refused(
        "station-json-grid-id-with-a-tab",
        _explain_station,
        "station.json",
        _station_json((("grids", 0, "id"), "g\t1")),
        "'g\\t1' is not a valid id",
    ),
    _refused(
        "leave-json-officer-id-like-a-formula",
        _explain_leave,
        "leave.json",
        json.dumps([{**_REQUEST, "officer_id": "=HYPERLINK(1)"}]),
        "unknown officer '=HYPERLINK(1)': an officer id is 1 to 32 characters",
    ),
    # 8. A/B pairs given twice
    _refused(
        "station-json-duplicate-ab-pair",
        _explain_station,
        "station.json",
        _station_json(
            (("ab_pairs", 3), {"a_role": "P014", "b_role": "P015"}),
        ),
        "A/B pair 4 (P014/P015): the same pair as pair 1; list each pair once",
    ),
    _refused(
        "station-json-officer-in-two-ab-pairs",
        _explain_station,
        "station.json",
        _station_json((("ab_pairs", 1, "a_role"), "P014")),
        "officer 'P014' is already in pair 1; an officer has one partner",
    ),
    # 9. station settings added since: rotation, command, community neighbours and posts
    _refused(
        "station-json-rotation-cycle-not-one-day-per-group",
        _explain_station,
        "station.json",
        _station_json((("rotation", "groups"), 4)),
        "at rotation: Value error, rotation: 4 duty groups but a cycle of 3 days",
    ),
    _refused(
        "station-json-rotation-unknown-day",
        _explain_station,
        "station.json",
        _station_json((("rotation", "cycle", 2), "nap")),
        "at rotation.cycle.2: Input should be 'main', 'deputy' or 'rest'; got 'nap'",
    ),
    _refused(
        "station-json-command-unknown-role",
        _explain_station,
        "station.json",
        _station_json((("command", "roles"), ["janitor"])),
        "at command.roles.0: Input should be 'director'",
    ),
    _refused(
        "station-json-commander-unknown-officer",
        _explain_station,
        "station.json",
        _station_json((("command", "commanders"), {"1": "P999"})),
        "command.commanders: duty group 1: unknown officer 'P999'",
    ),
    _refused(
        "station-json-unknown-neighbour-community",
        _explain_station,
        "station.json",
        _station_json((("communities", 0, "neighbours"), ["nowhere"])),
        "community 'qiandong': unknown neighbour community 'nowhere' (known: caochang",
    ),
    _refused(
        "station-json-community-post-without-its-post",
        _explain_station,
        "station.json",
        _station_json((("communities", 0, "posts"), [{"id": "zz"}])),
        "at communities.0.posts.0.post: Field required",
    ),
]
