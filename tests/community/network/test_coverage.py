"""The coverage rule on hand-built cells."""

from __future__ import annotations

import pytest

from community.network.gaps import COVERAGE_RULE, coverage_status


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        # posted, met, unmet, open>7d, offers, groups
        ((0, 0, 0, 0, 0, 0), "no demand"),
        ((0, 0, 0, 0, 2, 1), "covered"),  # supply but nobody asked
        ((3, 0, 0, 3, 0, 0), "gap"),  # asked, nobody at all to help
        ((10, 8, 2, 0, 1, 1), "covered"),  # 10 needs for 2 units: 5 each is fine
        ((11, 9, 2, 0, 1, 1), "thin"),  # 11 needs for 2 units: more than 5 each
        ((4, 1, 2, 0, 0, 2), "thin"),  # two thirds of resolved needs went unmet
        ((4, 2, 2, 0, 0, 2), "covered"),  # exactly half unmet is still covered
        ((6, 5, 0, 3, 1, 3), "thin"),  # three needs open over a week
        ((6, 5, 0, 2, 1, 3), "covered"),
        ((5, 0, 0, 0, 3, 0), "covered"),  # offers alone count as supply
    ],
)
def test_coverage_rule(counts, expected):
    assert coverage_status(*counts) == expected


def test_recent_helping_counts_as_supply():
    # Five needs, four met by neighbours, no group and no offer: not a gap.
    assert coverage_status(5, 4, 1, 0, 0, 0) == "gap"  # (no helpers counted: the old reading)
    assert coverage_status(5, 4, 1, 0, 0, 0, recent_helpers=1) == "covered"
    assert coverage_status(11, 4, 1, 0, 0, 0, recent_helpers=2) == "thin"  # more than 5 needs a helper
    with pytest.raises(ValueError):
        coverage_status(1, 0, 0, 0, 0, 0, recent_helpers=-1)


def test_searches_that_found_nobody_count_as_demand():
    assert coverage_status(0, 0, 0, 0, 0, 0, zero_result_searches=1) == "gap"
    assert coverage_status(0, 0, 0, 0, 0, 1, zero_result_searches=6) == "thin"
    assert coverage_status(0, 0, 0, 0, 0, 1, zero_result_searches=5) == "covered"


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        coverage_status(-1, 0, 0, 0, 0, 0)


def test_rule_text_states_the_thresholds():
    for phrase in ("more than 5 needs", "50%", "3 or more", "no demand", "gap", "people who recently helped",
                   "not a gap"):
        assert phrase in COVERAGE_RULE
