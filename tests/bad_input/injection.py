"""Bad-input cases: injection."""

from __future__ import annotations

from bad_input.case import Case

_LONG_TABLE_HEADER = "officer_id,date,duty_group,state,post,call_in\n"

CASES: list[Case] = [
    Case(
        id="leave-yaml-officer-id-with-a-terminal-escape",
        args=("generate", "-m", "2026-12", "--leave", "{tmp}/leave.yaml", "-o", "{tmp}/out.csv"),
        code=2,
        message="unknown officer 'P\\x1b[2J01'",
        files={"leave.yaml": '- {officer_id: "P\\x1b[2J01", start: 2026-12-03, end: 2026-12-09}\n'},
        kept=("leave.yaml",),
        absent=("out.csv",),
    ),
    Case(
        id="leave-csv-officer-id-with-raw-control-bytes",
        args=("explain", "-m", "2026-12", "--leave", "{tmp}/leave.csv"),
        code=2,
        message="P\\x1b]0;owned\\x07\\x9b2J01",
        files={
            "leave.csv": "officer_id,start,end\nP\x1b]0;owned\x07\x9b2J01,2026-12-01,2026-12-02\n"
        },
        kept=("leave.csv",),
    ),
    Case(
        id="leave-json-officer-id-with-rich-markup",
        args=("explain", "-m", "2026-12", "--leave", "{tmp}/leave.json"),
        code=2,
        message="unknown officer '[bold]X[/]'",
        files={
            "leave.json": '[{"officer_id": "[bold]X[/]", "start": "2026-12-03", '
            '"end": "2026-12-04"}]'
        },
        kept=("leave.json",),
    ),
    Case(
        id="checked-table-officer-id-with-a-terminal-escape",
        args=("check", "{tmp}/roster.csv"),
        code=2,
        message="unknown officer 'P\\x1b[2J01'",
        files={"roster.csv": _LONG_TABLE_HEADER + "P\x1b[2J01,2026-12-01,,off,,false\n"},
        kept=("roster.csv",),
    ),
    Case(
        id="month-with-a-terminal-escape",
        args=("generate", "-m", "2026-1\x1b[2J", "-o", "{tmp}/out.csv"),
        code=2,
        message="2026-1\\x1b[2J",
        absent=("out.csv",),
    ),
    Case(
        id="checked-table-with-a-nul-byte",
        args=("check", "{tmp}/roster.csv"),
        code=2,
        message="a NUL byte",
        files={
            "roster.csv": (_LONG_TABLE_HEADER + "P001,2026-12-01,,off,,false\n").encode("utf-16")
        },
        kept=("roster.csv",),
    ),
    Case(
        id="checked-json-table-nested-too-deeply",
        args=("check", "{tmp}/roster.json"),
        code=2,
        message="nested too deeply",
        files={"roster.json": "[" * 100_000 + "]" * 100_000},
        kept=("roster.json",),
    ),
]
