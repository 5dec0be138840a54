"""Bad-input cases: output paths, and the files a run reads and writes back (ledger).

No output may be another output or an input of the same run; a read-only file or folder is
respected; every check happens before solving, so nothing is half written.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from bad_input.case import Case
from rosterkit import SolveOptions, solve
from rosterkit.stations import qianmen
from rosterkit.tables import long_json_text

GENERATE = ("generate", "-m", "2026-12", "-q", "--time-limit", "20", "--workers", "1")
LEDGER = "station_id: qianmen\nyear: 2026\nthrough: 2026-11\n"
LEAVE_JSON = '[{"officer_id": "P015", "start": "2026-12-03", "end": "2026-12-05"}]'
OFFICERS_CSV = "id,name,team\nP001,x,command\n"


@cache
def _october_json() -> str:
    """The built-in station's October 2026 as a long JSON table (the wrong month before
    December)."""
    station = qianmen()
    result = solve(station, "2026-10", options=SolveOptions(workers=1, time_limit=20))
    assert result.roster is not None
    return long_json_text(station, result.roster)


def _october(path: Path) -> None:
    path.write_text(_october_json(), encoding="utf-8")


def _link_to(name: str) -> object:
    def make(path: Path) -> None:
        os.symlink(path.parent / name, path)

    return make


CASES: list[Case] = [
    Case(
        "roster-and-ledger-one-file",
        (*GENERATE, "-o", "{tmp}/fo/same.json", "--ledger", "{tmp}/fo/same.json"),
        2,
        "--ledger",
        files={"fo/keep": ""},
        absent=("fo/same.json",),
    ),
    Case(
        "roster-onto-existing-ledger-with-force",
        (*GENERATE, "-o", "{tmp}/ledger.json", "--ledger", "{tmp}/ledger.json", "--force"),
        2,
        "an output never replaces an input",
        files={"ledger.json": '{"station_id": "qianmen", "year": 2026}'},
        kept=("ledger.json",),
    ),
    Case(
        "roster-onto-ledger-through-a-symlink",
        (*GENERATE, "-o", "{tmp}/link.json", "--ledger", "{tmp}/ledger.json", "--force"),
        2,
        "--ledger",
        files={
            "ledger.json": '{"station_id": "qianmen", "year": 2026}',
            "link.json": _link_to("ledger.json"),
        },  # type: ignore[dict-item]
        kept=("ledger.json",),
    ),
    Case(
        "roster-onto-leave-input-with-force",
        (*GENERATE, "--leave", "{tmp}/leave.json", "-o", "{tmp}/leave.json", "--force"),
        2,
        "-o names the --leave input",
        files={"leave.json": LEAVE_JSON},
        kept=("leave.json",),
    ),
    Case(
        "roster-onto-officers-input-with-force",
        (*GENERATE, "--officers", "{tmp}/officers.csv", "-o", "{tmp}/officers.csv", "--force"),
        2,
        "-o names the --officers input",
        files={"officers.csv": OFFICERS_CSV},
        kept=("officers.csv",),
    ),
    Case(
        "roster-onto-previous-input-with-force",
        (*GENERATE, "--previous", "{tmp}/prev.json", "-o", "{tmp}/prev.json", "--force"),
        2,
        "-o names the --previous input",
        files={"prev.json": "{}"},
        kept=("prev.json",),
    ),
    Case(
        "roster-onto-station-input-through-a-symlink",
        (*GENERATE, "--station", "{tmp}/station.json", "-o", "{tmp}/out.json", "--force"),
        2,
        "-o names the --station input",
        files={"station.json": "{}", "out.json": _link_to("station.json")},  # type: ignore[dict-item]
        kept=("station.json",),
    ),
    Case(
        "ledger-is-the-leave-input",
        (
            *GENERATE,
            "--leave",
            "{tmp}/leave.json",
            "--ledger",
            "{tmp}/leave.json",
            "-o",
            "{tmp}/r.csv",
        ),
        2,
        "--ledger names the --leave input",
        files={"leave.json": LEAVE_JSON},
        kept=("leave.json",),
        absent=("r.csv",),
    ),
    *(
        Case(
            f"ledger-named-{suffix}",
            (*GENERATE, "--ledger", f"{{tmp}}/ledger{suffix}", "-o", "{tmp}/r.csv"),
            2,
            "name it ….yaml or ….json",
            absent=("r.csv", f"ledger{suffix}"),
        )
        for suffix in (".toml", ".txt", "")
    ),
    Case(
        "ledger-in-a-read-only-folder",
        (*GENERATE, "--ledger", "{tmp}/ro/ledger.yaml", "-o", "{tmp}/r.csv"),
        2,
        "read-only",
        files={"ro/ledger.yaml": LEDGER},
        modes={"ro": 0o555},
        kept=("ro/ledger.yaml",),
        absent=("r.csv",),
    ),
    Case(
        "read-only-ledger",
        (*GENERATE, "--ledger", "{tmp}/ledger.yaml", "-o", "{tmp}/r.csv"),
        2,
        "read-only",
        files={"ledger.yaml": LEDGER},
        modes={"ledger.yaml": 0o444},
        kept=("ledger.yaml",),
        absent=("r.csv",),
    ),
    Case(
        "ledger-is-a-folder",
        (*GENERATE, "--ledger", "{tmp}/ledger.yaml", "-o", "{tmp}/r.csv"),
        2,
        "is a folder",
        files={"ledger.yaml/keep": ""},
        absent=("r.csv",),
    ),
    Case(
        "ledger-of-another-station-names-the-file",
        (*GENERATE, "--ledger", "{tmp}/ledger.yaml", "-o", "{tmp}/r.csv"),
        2,
        "ledger.yaml: the ledger is for station 'elsewhere', not 'qianmen'",
        files={"ledger.yaml": "station_id: elsewhere\nyear: 2026\n"},
        kept=("ledger.yaml",),
        absent=("r.csv",),
    ),
    Case(
        "previous-roster-of-the-wrong-month-names-the-file",
        (*GENERATE, "--previous", "{tmp}/october.json", "-o", "{tmp}/r.csv"),
        2,
        "october.json: the previous roster is for 2026-10",
        files={"october.json": _october},
        kept=("october.json",),
        absent=("r.csv",),
    ),
    Case(
        "existing-roster-without-force",
        (*GENERATE, "-o", "{tmp}/r.csv"),
        2,
        "file exists and is kept",
        files={"r.csv": "old"},
        kept=("r.csv",),
    ),
    Case(
        "read-only-roster-with-force",
        (*GENERATE, "-o", "{tmp}/r.csv", "--force"),
        2,
        "read-only",
        files={"r.csv": "old"},
        modes={"r.csv": 0o444},
        kept=("r.csv",),
    ),
    Case("empty-output-name", (*GENERATE, "-o", ""), 2, "-o names no file"),
    Case("blank-output-name", (*GENERATE, "-o", "  "), 2, "-o names no file"),
    Case(
        "seed-beyond-32-bits",
        (*GENERATE, "--seed", str(2**31), "-o", "{tmp}/r.csv"),
        2,
        "2147483647",
        absent=("r.csv",),
    ),
    Case(
        "ledger-with-an-officer-the-station-lacks-names-the-file",
        (*GENERATE, "--ledger", "{tmp}/ledger.yaml", "-o", "{tmp}/r.csv"),
        2,
        "ledger.yaml: the ledger holds 1 officer(s) the station does not have: 'P999'",
        files={"ledger.yaml": LEDGER + "officers:\n  P999: {call_ins: 2}\n"},
        kept=("ledger.yaml",),
        absent=("r.csv",),
    ),
]
