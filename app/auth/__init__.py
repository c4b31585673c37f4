"""Accounts: register, sign in and out, the account page."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.auth import account, links, loader, views  # noqa: E402,F401
