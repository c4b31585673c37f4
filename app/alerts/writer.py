"""The words of alert and digest emails: ``community.alerts`` says what to tell, this writes it with links.

Subjects say only how many and of what (never a title, a kind of help or a place): they travel unencrypted
and show on lock screens.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import format_date, ngettext
from flask_babel import gettext as _

from app.notices.links import absolute_target_url
from app.templating import SERVICE_NAME
from community.alerts import AlertEmail, AlertItem, Writer


def _status(status: str) -> str:
    words = {"covered": _("covered"), "thin": _("thin"), "gap": _("a gap"), "no demand": _("no demand")}
    return words.get(status, status)


def _item(app: Flask, item: AlertItem) -> str:
    facts = [item.category]
    if item.ward:
        facts.append(item.ward)
    if item.distance:
        facts.append(_("%(band)s away", band=item.distance))
    link = absolute_target_url(app, item.target) or ""
    return f"{item.title}\n{' · '.join(facts)}\n{link}"


def _alert(app: Flask, email: AlertEmail) -> tuple[str, str]:
    count = len(email.items) + email.more
    if email.post_kind == "needs":
        subject = ngettext("%(num)d new request for help from your alert",
                           "%(num)d new requests for help from your alert", count)
        intro = _("New requests for help %(place)s:", place=email.place or "")
    else:
        subject = ngettext("%(num)d new offer of help from your alert",
                           "%(num)d new offers of help from your alert", count)
        intro = _("New offers of help %(place)s:", place=email.place or "")
    parts = [intro, *(_item(app, item) for item in email.items)]
    if email.more:
        parts.append(ngettext("And %(num)d more.", "And %(num)d more.", email.more))
    parts.append(_("Places are shown roughly, as on the map. Sign in to %(service)s to answer.",
                   service=SERVICE_NAME))
    return subject, "\n\n".join(parts)


def _coordinator(app: Flask, email: AlertEmail) -> tuple[str, str]:
    count = sum(len(items) for _name, items in email.groups)
    subject = ngettext("Daily digest: %(num)d new request for help for your groups",
                       "Daily digest: %(num)d new requests for help for your groups", count)
    parts = [_("New requests for help yesterday in the wards and kinds of help your groups cover.")]
    for name, items in email.groups:
        parts.append(f"{name}\n{'=' * min(len(name), 40)}")
        parts.extend(_item(app, item) for item in items)
    return subject, "\n\n".join(parts)


def _connector(app: Flask, email: AlertEmail) -> tuple[str, str]:
    subject = _("Weekly digest: how well help is covered")
    parts = [_("How coverage changed this week (needs posted over the last 30 days, by ward and kind of "
               "help).")]
    if email.new_gaps:
        lines = [f"- {c.ward}, {c.category} ({_('was %(status)s', status=_status(c.was))})"
                 for c in email.new_gaps]
        parts.append(_("New gaps:") + "\n" + "\n".join(lines))
    if email.changes:
        parts.append(_("Other changes:") + "\n" + "\n".join(
            f"- {c.ward}, {c.category}: {_status(c.was)} → {_status(c.now)}" for c in email.changes))
    parts.append(_warnings(email))
    return subject, "\n\n".join(parts)


def _warnings(email: AlertEmail) -> str:
    """The early warnings (``community.insights.forecast``), the same the coverage page shows."""
    if not email.warnings:
        return _("Early warnings: none. No ward's forecast demand for the next 8 weeks is more than its "
                 "groups and offers can meet.")
    lines = [
        "- " + _("%(ward)s, %(category)s: up to %(peak)s needs a week from the week of %(week)s; its groups "
                 "and offers can meet about %(capacity)s",
                 ward=w.ward, category=w.category, peak=f"{w.peak:.1f}",
                 week=format_date(w.first_week, "long"), capacity=f"{w.capacity:.1f}")
        for w in email.warnings
    ]
    return _("Early warnings: forecast demand over what the ward's groups and offers can meet in the next "
             "8 weeks:") + "\n" + "\n".join(lines)


def alert_writer(app: Flask) -> Writer:
    def write(email: AlertEmail) -> tuple[str, str]:
        if email.kind == "coordinator":
            return _coordinator(app, email)
        if email.kind == "connector":
            return _connector(app, email)
        return _alert(app, email)

    return write
