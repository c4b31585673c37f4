"""``without_timings`` drops only the clock: results that differ elsewhere still differ."""

from __future__ import annotations

from tests.timings import without_timings


def test_runs_that_differ_only_in_how_long_they_took_compare_equal():
    first = {"seed": 5, "timings": {"brokers": 0.1}, "betweenness": {"method": "exact", "seconds": 0.2},
             "runs": [{"load_seconds": 1.0, "id": 1}]}
    second = {"seed": 5, "timings": {"brokers": 9.0}, "betweenness": {"method": "exact", "seconds": 3.0},
              "runs": [{"load_seconds": 7.5, "id": 1}]}

    assert without_timings(first) == without_timings(second) == {
        "seed": 5, "betweenness": {"method": "exact"}, "runs": [{"id": 1}]}


def test_runs_that_differ_in_a_result_still_differ():
    first = {"seed": 5, "betweenness": {"method": "exact", "seconds": 0.2}, "brokers": [{"rank": 1}]}
    second = {"seed": 5, "betweenness": {"method": "exact", "seconds": 0.2}, "brokers": [{"rank": 2}]}

    assert without_timings(first) != without_timings(second)
