"""Residents: where I am, needs and offers, finding help near me, answering and my activity."""

from flask import Blueprint

bp = Blueprint("residents", __name__)

from app.residents import views  # noqa: E402,F401
