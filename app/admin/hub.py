"""The admin area's front page, ``/admin``: one link for each admin task.

A feature adds its task with one line, where its blueprint is defined (its pages must check the person is
an admin, as the admin blueprint's do)::

    register_admin_task(bp, _l("Teams and routing"), "council.teams",
                        _l("Set up the council's teams and where referrals go."), order=60)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Flask, current_app, render_template

from app.admin import bp
from app.templating import _on_app, has_endpoint

TASKS_KEY = "weave.admin_tasks"


@dataclass(frozen=True)
class AdminTask:
    text: Any  # lazy strings: translated when the page is drawn
    endpoint: str
    description: Any
    order: int = 50


def register_admin_task(target: Flask | Blueprint, text: Any, endpoint: str, description: Any, *,
                        order: int = 50) -> None:
    task = AdminTask(text=text, endpoint=endpoint, description=description, order=order)
    _on_app(target, lambda app: app.extensions.setdefault(TASKS_KEY, []).append(task))


@bp.get("/")
def index():
    tasks = sorted(current_app.extensions.get(TASKS_KEY, []), key=lambda task: task.order)
    return render_template("admin/index.html", tasks=[t for t in tasks if has_endpoint(t.endpoint)])
