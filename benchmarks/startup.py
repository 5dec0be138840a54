"""How long the command line takes to start, to answer --help and to roster the default month.

Each case runs as its own process, `--runs` times; the median and best wall-clock seconds are
printed with the load average before and after (on a shared machine a load near the number of
cores slows every figure). Targets: --version and --help under 0.5 s, the default
``rosterkit generate --month 2026-12`` under 1.5 s.

    python benchmarks/startup.py [--runs 3] [--cases version help import generate] [--bytecode]

`rosterkit` is the console script next to this Python (the virtualenv's), else the one on PATH.
The processes inherit the environment: with PYTHONDONTWRITEBYTECODE=1 and an editable install,
rosterkit's own modules are compiled from source in every run. `--bytecode` measures with
cached bytecode instead (kept under a temporary PYTHONPYCACHEPREFIX, written by one run that
is not timed), as after ``pip install .``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def rosterkit_command() -> str:
    """The `rosterkit` script of this interpreter's environment, else the one on PATH."""
    beside = Path(sys.executable).with_name("rosterkit")
    if beside.exists():
        return str(beside)
    found = shutil.which("rosterkit")
    if found is None:
        raise SystemExit("no 'rosterkit' command: pip install -e . first")
    return found


def cases(folder: Path) -> dict[str, list[str]]:
    command = rosterkit_command()
    roster = str(folder / "r.xlsx")
    return {
        "version": [command, "--version"],
        "help": [command, "--help"],
        "import": [sys.executable, "-c", "import rosterkit"],
        "generate": [command, "generate", "--month", "2026-12", "-o", roster, "-q", "--force"],
    }


def timed(argv: list[str], runs: int, env: dict[str, str]) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True, check=False, env=env)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr}")
    return times


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min; {os.cpu_count()} cores)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--bytecode", action="store_true", help="Measure with cached bytecode (see above)."
    )
    parser.add_argument(
        "--cases",
        nargs="+",
        default=["version", "help", "import", "generate"],
        choices=["version", "help", "import", "generate"],
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        commands = cases(Path(folder))
        env = dict(os.environ)
        if args.bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "pycache")
            for name in args.cases:
                timed(commands[name], 1, env)
        bytecode = "cached" if args.bytecode else "as the environment has it"
        bytecode += f" (PYTHONDONTWRITEBYTECODE={env.get('PYTHONDONTWRITEBYTECODE', '')!r})"
        print(f"bytecode: {bytecode}")
        print(f"load average before: {load()}")
        for name in args.cases:
            times = timed(commands[name], args.runs, env)
            shown = " ".join(commands[name]).replace(folder, "TMP")
            print(
                f"{name:9s} median {statistics.median(times):6.3f} s   best {min(times):6.3f} s"
                f"   ({args.runs} runs)   {shown}"
            )
        print(f"load average after:  {load()}")


if __name__ == "__main__":
    main()
