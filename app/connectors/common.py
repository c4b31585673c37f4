"""What the connector views share: the signed-in connector, audit entries, the latest run's results."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy.orm import Session

from community.insights import latest_finished_run, run_parameters, run_results
from community.models import AnalysisRun, AuditEntry, User


def connector() -> User:
    return current_user._get_current_object()


def audit_view(session: Session, *, target_type: str, target_id: int | None, detail: str = "") -> None:
    """Record that the signed-in connector looked at someone's details (committed by the view)."""
    session.add(
        AuditEntry(
            actor_id=connector().id, action="viewed", target_type=target_type, target_id=target_id,
            detail=detail,
        )
    )


def latest_analysis(session: Session) -> tuple[AnalysisRun | None, dict]:
    """The latest finished run and its results (``{}`` before the first run)."""
    run = latest_finished_run(session)
    return run, run_results(run) or {}


def run_or_404(session: Session, run_id: int) -> tuple[AnalysisRun, dict]:
    run = session.get(AnalysisRun, run_id)
    results = run_results(run)
    if run is None or results is None:
        abort(404)
    return run, results


def run_summary(run) -> dict:
    return {
        "id": run.id,
        "status": run.status,
        "progress": run.progress,
        "stage": run.stage,
        "error": run.error,
        "finished": run.status in ("finished", "failed"),
        "created_at": run.created_at.isoformat() if run.created_at else None,
        "started_at": run.started_at.isoformat() if run.started_at else None,
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "fingerprint": run.fingerprint,
        "parameters": run_parameters(run),
    }
