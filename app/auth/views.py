from __future__ import annotations

from flask import abort

from app.auth import bp


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    abort(404)


@bp.route("/register", methods=["GET", "POST"])
def register():
    abort(404)


@bp.get("/account")
def account():
    abort(404)


@bp.get("/sign-out")
def sign_out_confirm():
    abort(404)
