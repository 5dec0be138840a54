"""Roster December 2026 for the built-in Qianmen station and check the result."""

from __future__ import annotations

import rosterkit
from rosterkit.stations import qianmen


def main() -> None:
    station = qianmen()
    result = rosterkit.solve(station, "2026-12")
    print(
        f"status {result.status}, objective {result.objective}, bound {result.best_bound}, "
        f"{result.wall_time:.2f} s"
    )
    if result.roster is None:
        print("\n".join(result.reasons))
        return
    violations = rosterkit.check(station, result.roster)
    print(f"checker: {len(violations)} violations")
    print(result.roster.wide(station).iloc[:8, :10])


if __name__ == "__main__":
    main()
