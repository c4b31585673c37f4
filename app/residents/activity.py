"""Your activity: your needs, offers and responses, with their statuses."""

from __future__ import annotations

from flask import render_template
from flask_login import login_required

from app.database import db_session
from app.residents import bp
from app.residents.common import me
from app.residents.on_behalf import may_post_for_others
from community.posts import NEED_STATUS_LABELS, OFFER_STATUS_LABELS, RESPONSE_STATUS_LABELS, my_activity


@bp.get("/your-activity")
@login_required
def activity():
    session = db_session()
    user = me()
    return render_template(
        "residents/activity.html",
        activity=my_activity(session, user=user),
        need_labels=NEED_STATUS_LABELS,
        offer_labels=OFFER_STATUS_LABELS,
        response_labels=RESPONSE_STATUS_LABELS,
        can_post_for_others=may_post_for_others(session, user),
        has_home=user.has_home,
    )
