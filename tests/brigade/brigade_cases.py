"""Data of the brigade's tests: a tiny brigade small enough to reason about by hand."""

from __future__ import annotations


def tiny_data() -> dict[str, object]:
    """Two grids of one community, two units with one squad each, three routes.

    R1 (A1, timed 08:00-12:00): 1.5 km, C1 at 0.5 km, C2 at 1.0 km: a 30-minute session.
    R2 (A2, timed): 3.0 km, C3 at 1.0 km: 60 minutes. R3 (A1, random once a day): 1.0 km, C4
    at 0.5 km: 20 minutes. Pace 3 km/h, no stop, one round, teams of two.
    """
    return {
        "id": "tiny",
        "name": "小队",
        "name_en": "Tiny",
        "station": "test",
        "grids": [
            {"id": "g1", "name": "网格1", "community": "c1"},
            {"id": "g2", "name": "网格2", "community": "c1"},
        ],
        "units": [
            {"id": "U1", "name": "单位1", "guards": 6, "hours_per_week": 100, "grid": "g1"},
            {"id": "U2", "name": "单位2", "guards": 6, "hours_per_week": 100, "grid": "g2"},
        ],
        "squads": [
            {"id": "S1", "name": "一队", "unit": "U1", "members": 4, "group": 1},
            {"id": "S2", "name": "二队", "unit": "U2", "members": 4, "group": 2},
        ],
        "areas": [
            {"id": "A1", "name": "区域1", "grid": "g1"},
            {"id": "A2", "name": "区域2", "grid": "g2"},
        ],
        "routes": [
            {
                "id": "R1",
                "name": "线路1",
                "area": "A1",
                "mode": "day",
                "length_km": 1.5,
                "checkpoints": ["C1", "C2"],
                "stops_km": [0.5, 1.0],
            },
            {
                "id": "R2",
                "name": "线路2",
                "area": "A2",
                "mode": "day",
                "length_km": 3.0,
                "checkpoints": ["C3"],
                "stops_km": [1.0],
            },
            {
                "id": "R3",
                "name": "线路3",
                "area": "A1",
                "mode": "rnd",
                "length_km": 1.0,
                "checkpoints": ["C4"],
                "stops_km": [0.5],
            },
        ],
        "checkpoints": [{"id": f"C{i}", "name": f"点{i}"} for i in range(1, 5)],
        "modes": [
            {
                "id": "day",
                "name": "定时",
                "name_en": "Day",
                "kind": "timed",
                "windows": [{"start": 480, "end": 720}],
                "rounds": 1,
                "guards": 2,
                "pace_kmh": 3.0,
                "dwell_minutes": 0,
            },
            {
                "id": "rnd",
                "name": "随机",
                "name_en": "Random",
                "kind": "random",
                "sessions_per_day": 1,
                "rounds": 1,
                "guards": 2,
                "pace_kmh": 3.0,
                "dwell_minutes": 0,
            },
        ],
        "groups": [
            {
                "id": 1,
                "name": "一组",
                "name_en": "G1",
                "task": "门前三包",
                "modes": ["day", "rnd"],
                "weights": [{"indicator": "checkins", "weight": 100}],
            },
            {
                "id": 2,
                "name": "二组",
                "name_en": "G2",
                "task": "隐患",
                "modes": ["day"],
                "weights": [
                    {"indicator": "slots_kept", "weight": 50},
                    {"indicator": "punctuality", "weight": 50},
                ],
            },
        ],
    }
