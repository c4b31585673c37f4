"""Introductions and stored network-analysis results."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from community.insights.network_source import person_node
from community.models import AnalysisRun, Introduction, User
from community.personal_data.registry import Erasure, register, row_dict


def _introductions(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(Introduction).where(Introduction.introducer_user_id == user.id).order_by(Introduction.id)
    )
    return [row_dict(i) for i in rows]


def _forget_introducer(session: Session, erasure: Erasure) -> None:
    session.execute(
        update(Introduction).where(Introduction.introducer_user_id == erasure.user.id)
        .values(introducer_user_id=None)
    )


register("introductions", export=_introductions, erase=_forget_introducer, free_text=("reason", "note"))


def _mentions(results: dict[str, Any], node: str) -> bool:
    return node in results.get("labels", {})


def _runs(session: Session, user: User) -> list[dict[str, Any]]:
    """Each stored analysis that names the person: the run, and what it said about them."""
    node = person_node(user.id)
    quoted = json.dumps(node)  # "user:1", so that user:12 is not taken for it
    found = []
    stored = select(AnalysisRun).where(AnalysisRun.results.is_not(None)).order_by(AnalysisRun.id)
    for run in session.scalars(stored):
        results = json.loads(run.results or "{}")
        if not _mentions(results, node):
            continue
        analysis = results.get("analysis", {})
        about = {
            name: [item for item in items if isinstance(item, dict) and quoted in json.dumps(item)]
            for name, items in analysis.items() if isinstance(items, list)
        }
        found.append({"run": run.id, "finished_at": run.finished_at.isoformat() if run.finished_at else None,
                      "label": results["labels"][node], "results": {k: v for k, v in about.items() if v}})
    return found


def _scrub(value: Any, erasure: Erasure) -> Any:
    if isinstance(value, str):
        return erasure.scrub(value)
    if isinstance(value, list):
        return [_scrub(item, erasure) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, erasure) for key, item in value.items()}
    return value


def _scrub_runs(session: Session, erasure: Erasure) -> None:
    """The person's node keeps its place in each stored run (the figures stay true) but loses its name,
    whatever name it had then; any other text naming them is scrubbed."""
    node = person_node(erasure.user.id)
    for run in session.scalars(select(AnalysisRun).where(AnalysisRun.results.is_not(None))):
        results = json.loads(run.results or "{}")
        scrubbed = _scrub(results, erasure)
        if _mentions(scrubbed, node):
            scrubbed["labels"][node] = erasure.replacement
        if scrubbed != results:
            run.results = json.dumps(scrubbed, sort_keys=True, default=str)
    session.flush()


register("analysis_runs", export=_runs, erase=_scrub_runs, free_text=("error",))
