"""Forecast every ward × kind of help of the city demo (≈ 370 series, two years weekly), with the backtest.

    .venv/bin/python benchmarks/forecast.py [PATH_OR_URL] [--synthetic]

Budget: the whole pass (reading the series, backtesting each method on each series, forecasting 8 weeks
with the chosen one) in ≤ 10 s. Prints each method's backtest error as MASE (mean over the series where it
is defined) and its ratio to the seasonal naive method's, and how often each method was chosen. Exits 1 if
over budget. ``--synthetic`` skips the database and forecasts 368 series made with the demo's own
patterns (for a quick run without seeding the city).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from community.council.forecast import METHODS, forecast_all, weekly_series  # noqa: E402

BUDGET_S = 10.0


def synthetic(seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    weeks = np.arange(104)
    rows = []
    for ward in range(23):
        shocked = ward < 5
        for category in range(16):
            base = rng.uniform(0.5, 8)
            winter = 1 + (0.7 if category < 5 else 0) * np.cos(2 * np.pi * (weeks - 2) / 52)
            holiday = np.where(np.isin(weeks % 52, list(range(29, 35)) + [50, 51, 0, 13, 14]),
                               2.0 if category == 12 else 1.0, 1.0)
            shock = np.where(shocked & (weeks >= 74), 1.33 + 1.17 * np.clip(1 - (weeks - 74) / 12, 0, 1), 1.0)
            rows.append(rng.poisson(base * winter * holiday * (shock if category in (0, 13) else 1)))
    return np.array(rows, dtype=float)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", nargs="?", help="SQLite path or database URL (seeded if empty)")
    parser.add_argument("--synthetic", action="store_true")
    options = parser.parse_args()
    started = time.perf_counter()
    if options.synthetic:
        matrix = synthetic()
        source = "synthetic series with the demo's patterns"
    else:
        from benchmarks._city_db import city_engine
        from community.db import make_sessionmaker

        engine = city_engine(options.database)
        started = time.perf_counter()
        with make_sessionmaker(engine)() as session:
            _days, series = weekly_series(session)
        matrix = np.array(list(series.values()), dtype=float)
        source = f"the city demo ({engine.url.render_as_string(hide_password=True)})"
    read = time.perf_counter() - started
    methods, _values, tested = forecast_all(matrix)
    elapsed = time.perf_counter() - started
    print(f"{matrix.shape[0]} series × {matrix.shape[1]} weeks from {source}")
    print(f"read {read:.2f} s; backtest and forecast {elapsed - read:.2f} s; total {elapsed:.2f} s "
          f"(budget {BUDGET_S:.0f} s)")
    naive = np.nanmean(tested.mase["seasonal_naive"])
    print(f"{'method':<16}{'MASE':>8}{'vs seasonal naive':>20}{'chosen for':>12}")
    for name in METHODS:
        value = float(np.nanmean(tested.mase[name]))
        print(f"{name:<16}{value:>8.3f}{value / naive:>20.3f}{methods.count(name):>12}")
    best = np.nanmean(np.vstack([tested.mase[m] for m in METHODS]).min(axis=0))
    print(f"{'best per series':<16}{best:>8.3f}{best / naive:>20.3f}  (on the window that chose it)")
    return 0 if elapsed <= BUDGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
