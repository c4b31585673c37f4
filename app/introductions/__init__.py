"""Introductions between groups, as their coordinators see and answer them."""

from flask import Blueprint

bp = Blueprint("introductions", __name__)

from app.introductions import views  # noqa: E402,F401
