"""Bad-input cases: data_files (station, leave and ledger files in YAML, TOML or JSON)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bad_input.case import Case
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


CASES: list[Case] = [
    # 1. a leave list under another key was read as no leave
    Case(
        id="leave-json-list-under-another-key",
        args=_explain_leave("leave.json"),
        code=2,
        message="unknown top-level key(s) 'requests': rename 'requests' to 'leave'",
        files={"leave.json": json.dumps({"requests": [_REQUEST]})},
        kept=("leave.json",),
    ),
    Case(
        id="leave-yaml-extra-top-level-key",
        args=_explain_leave("leave.yaml"),
        code=2,
        message="unknown top-level key(s) 'note': remove 'note'",
        files={"leave.yaml": "leave: []\nnote: December\n"},
        kept=("leave.yaml",),
    ),
    Case(
        id="leave-toml-list-under-another-key",
        args=_explain_leave("leave.toml"),
        code=2,
        message="a list of requests, or a mapping with the single key 'leave'",
        files={"leave.toml": "[[requests]]\nofficer_id = 'P015'\nstart = 2026-12-03\n"},
        kept=("leave.toml",),
    ),
    Case(
        id="leave-json-a-single-request-not-in-a-list",
        args=_explain_leave("leave.json"),
        code=2,
        message="'officer_id', 'start', 'end': one request must still be in a list",
        files={"leave.json": json.dumps(_REQUEST)},
        kept=("leave.json",),
    ),
    # 2. duplicate keys kept the last value silently
    Case(
        id="station-yaml-duplicate-key",
        args=_explain_station("station.yaml"),
        code=2,
        message=f"line {_STATION_YAML.count(chr(10)) + 1}, column 1: key 'id' is given twice "
        "(first at line 1, column 1)",
        files={"station.yaml": _STATION_YAML + "id: elsewhere\n"},
        kept=("station.yaml",),
    ),
    Case(
        id="leave-yaml-duplicate-key",
        args=_explain_leave("leave.yaml"),
        code=2,
        message="line 2, column 43: key 'start' is given twice (first at line 2, column 24)",
        files={
            "leave.yaml": "leave:\n"
            "  - {officer_id: P015, start: 2026-12-03, start: 2026-12-05, end: 2026-12-06}\n"
        },
        kept=("leave.yaml",),
    ),
    Case(
        id="ledger-yaml-officer-twice",
        args=_generate_ledger("ledger.yaml"),
        code=2,
        message="line 6, column 3: key 'P015' is given twice (first at line 5, column 3)",
        files={"ledger.yaml": _LEDGER + "  P015: {call_ins: 1}\n  P015: {call_ins: 0}\n"},
        kept=("ledger.yaml",),
        absent=("out.csv",),
    ),
    Case(
        id="station-json-duplicate-key",
        args=_explain_station("station.json"),
        code=2,
        message="line 1, column 1: the object starting here gives key 'name' twice",
        files={"station.json": '{"name": "x", ' + _station_json()[1:]},
        kept=("station.json",),
    ),
    # 3. deep nesting ended in exit 3 (RecursionError)
    Case(
        id="station-yaml-nested-too-deeply",
        args=_explain_station("station.yaml"),
        code=2,
        message="nested too deeply (more than 32 levels of lists and mappings)",
        files={"station.yaml": "a: " + _nested(100_000) + "\n"},
        kept=("station.yaml",),
    ),
    Case(
        id="station-json-nested-too-deeply",
        args=_explain_station("station.json"),
        code=2,
        message="nested too deeply (more than 32 levels of lists and mappings)",
        files={"station.json": '{"a": ' + _nested(100_000) + "}"},
        kept=("station.json",),
    ),
    Case(
        id="leave-json-nested-too-deeply",
        args=_explain_leave("leave.json"),
        code=2,
        message="not valid JSON: nested too deeply",
        files={"leave.json": _nested(5_000)},
        kept=("leave.json",),
    ),
    Case(
        id="station-toml-nested-too-deeply",
        args=_explain_station("station.toml"),
        code=2,
        message="not valid TOML: nested too deeply",
        files={"station.toml": "a = " + _nested(100_000) + "\n"},
        kept=("station.toml",),
    ),
    Case(
        id="ledger-yaml-alias-bomb",
        args=_generate_ledger("ledger.yaml"),
        code=2,
        message="more than 1,000,000 values (aliases counted as what they repeat)",
        files={"ledger.yaml": _ALIAS_BOMB},
        kept=("ledger.yaml",),
        absent=("out.csv",),
    ),
    # 4. a byte-order mark was refused with a technical message
    Case(
        id="station-json-with-a-byte-order-mark-is-parsed",
        args=_explain_station("station.json"),
        code=2,
        message="at weights.call_in: Input should be less than or equal to 1000000",
        files={
            "station.json": b"\xef\xbb\xbf"
            + _station_json((("weights", "call_in"), 2**50)).encode("utf-8")
        },
        kept=("station.json",),
    ),
    Case(
        id="leave-yaml-with-a-byte-order-mark-is-parsed",
        args=_explain_leave("leave.yaml"),
        code=2,
        message="unknown officer 'P999'",
        files={
            "leave.yaml": b"\xef\xbb\xbf- {officer_id: P999, start: 2026-12-03, end: 2026-12-04}\n"
        },
        kept=("leave.yaml",),
    ),
    # 5. size limits: a 55 MB station took minutes and gigabytes
    Case(
        id="station-yaml-over-the-size-limit",
        args=_explain_station("station.yaml"),
        code=2,
        message="MB, more than the 8 MB a station, leave or ledger file may have",
        files={"station.yaml": _over_8_mb("sectors:\n", "- s1234567\n")},
        kept=("station.yaml",),
    ),
    Case(
        id="leave-json-over-the-size-limit",
        args=_explain_leave("leave.json"),
        code=2,
        message="more than the 8 MB",
        files={"leave.json": _over_8_mb("[", json.dumps(_REQUEST) + ",\n")},
        kept=("leave.json",),
    ),
    Case(
        id="ledger-yaml-over-the-size-limit",
        args=_generate_ledger("ledger.yaml"),
        code=2,
        message="more than the 8 MB",
        files={"ledger.yaml": _over_8_mb(_LEDGER, "  X: {}\n")},
        kept=("ledger.yaml",),
        absent=("out.csv",),
    ),
    Case(
        id="station-json-too-many-sectors",
        args=_explain_station("station.json"),
        code=2,
        message="at sectors: List should have at most 1000 items",
        files={"station.json": _station_json((("sectors",), [f"s{i}" for i in range(5_000)]))},
        kept=("station.json",),
    ),
    # 6. numbers that overflowed the model (exit 1 with a model dump, or exit 3)
    Case(
        id="station-json-weight-2-to-the-62",
        args=_explain_station("station.json"),
        code=2,
        message="at weights.call_in: Input should be less than or equal to 1000000",
        files={"station.json": _station_json((("weights", "call_in"), 2**62))},
        kept=("station.json",),
    ),
    Case(
        id="station-json-weight-1e20",
        args=_explain_station("station.json"),
        code=2,
        message="at weights.fairness: number far too large for this field",
        files={"station.json": _station_json((("weights", "fairness"), 1e20))},
        kept=("station.json",),
    ),
    Case(
        id="station-json-weight-1e18",
        args=_explain_station("station.json"),
        code=2,
        message="at weights.preference: Input should be less than or equal to 1000000",
        files={"station.json": _station_json((("weights", "preference"), 1e18))},
        kept=("station.json",),
    ),
    Case(
        id="station-json-allowance-2-to-the-50",
        args=_explain_station("station.json"),
        code=2,
        message="at fairness_allowance: Input should be less than or equal to 1000",
        files={"station.json": _station_json((("fairness_allowance",), 2**50))},
        kept=("station.json",),
    ),
    Case(
        id="station-json-staff-2-to-the-62",
        args=_explain_station("station.json"),
        code=2,
        message="at posts.1.min_staff: Input should be less than or equal to 1000",
        files={"station.json": _station_json((("posts", 1, "min_staff"), 2**62))},
        kept=("station.json",),
    ),
    Case(
        id="ledger-yaml-count-1e30",
        args=_generate_ledger("ledger.yaml"),
        code=2,
        message="at officers.P015.car_duties: number far too large for this field",
        files={"ledger.yaml": _LEDGER + "  P015: {car_duties: 1.0e+30}\n"},
        kept=("ledger.yaml",),
        absent=("out.csv",),
    ),
    Case(
        id="ledger-yaml-count-over-the-bound",
        args=_generate_ledger("ledger.yaml"),
        code=2,
        message="at officers.P015.call_ins: Input should be less than or equal to 10000",
        files={"ledger.yaml": _LEDGER + "  P015: {call_ins: 1125899906842624}\n"},
        kept=("ledger.yaml",),
        absent=("out.csv",),
    ),
    # 7. ids outside the safe pattern
    Case(
        id="station-json-officer-id-like-a-formula",
        args=_explain_station("station.json"),
        code=2,
        message="at officers.0.id: Value error, '=1+1' is not a valid id; use 1 to 32 characters",
        files={"station.json": _station_json((("officers", 0, "id"), "=1+1"))},
        kept=("station.json",),
    ),
    Case(
        id="station-json-grid-id-with-a-tab",
        args=_explain_station("station.json"),
        code=2,
        message="'g\\t1' is not a valid id",
        files={"station.json": _station_json((("grids", 0, "id"), "g\t1"))},
        kept=("station.json",),
    ),
    Case(
        id="leave-json-officer-id-like-a-formula",
        args=_explain_leave("leave.json"),
        code=2,
        message="unknown officer '=HYPERLINK(1)': an officer id is 1 to 32 characters",
        files={"leave.json": json.dumps([{**_REQUEST, "officer_id": "=HYPERLINK(1)"}])},
        kept=("leave.json",),
    ),
    # 8. A/B pairs given twice
    Case(
        id="station-json-duplicate-ab-pair",
        args=_explain_station("station.json"),
        code=2,
        message="A/B pair 4 (P014/P015): the same pair as pair 1; list each pair once",
        files={
            "station.json": _station_json(
                (("ab_pairs", 3), {"a_role": "P014", "b_role": "P015"}),
            )
        },
        kept=("station.json",),
    ),
    Case(
        id="station-json-officer-in-two-ab-pairs",
        args=_explain_station("station.json"),
        code=2,
        message="officer 'P014' is already in pair 1; an officer has one partner",
        files={
            "station.json": _station_json((("ab_pairs", 1, "a_role"), "P014")),
        },
        kept=("station.json",),
    ),
]
