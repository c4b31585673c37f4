"""Determinism tests compare results, never how long they took: on a loaded machine the clock differs."""

from __future__ import annotations


def is_timing(key) -> bool:
    return isinstance(key, str) and (key in ("timings", "seconds") or key.endswith("_seconds"))


def without_timings(value):
    """``value`` (nested dicts and lists) without its wall-clock fields: ``timings``, ``seconds`` and
    ``*_seconds``, at any depth (the analysis has ``timings`` on top and ``betweenness.seconds`` inside)."""
    if isinstance(value, dict):
        return {key: without_timings(item) for key, item in value.items() if not is_timing(key)}
    if isinstance(value, list | tuple):
        return [without_timings(item) for item in value]
    return value
