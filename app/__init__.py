"""The Flask application factory: the only place Weave is assembled into a web app."""

from __future__ import annotations

from flask import Flask

from config import Config, config_from_environment


def create_app(config_class: type[Config] | None = None, **overrides) -> Flask:
    config_class = config_class or config_from_environment()
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_object(config_class)
    app.config.update(overrides)
    _refuse_unsafe_production(app)

    from app import database, delivery, extensions, headers, inputs, logs, templating

    logs.init_app(app)
    headers.init_app(app)
    delivery.init_app(app)
    inputs.init_app(app)
    database.init_app(app)
    extensions.init_app(app)
    templating.init_app(app)

    from app import email

    email.init_app(app)

    from app.errors import register_error_handlers

    register_error_handlers(app)

    for blueprint in _blueprints():
        app.register_blueprint(blueprint)

    from app.cli import register_cli

    register_cli(app)
    return app


def _blueprints() -> list:
    from app.admin import bp as admin
    from app.alerts import bp as alerts
    from app.api import bp as api
    from app.auth import bp as auth
    from app.connectors import bp as connectors
    from app.council import bp as council
    from app.directory import bp as directory
    from app.directory.tokens import bp as api_tokens
    from app.groups import bp as groups
    from app.health import bp as health
    from app.introductions import bp as introductions
    from app.main import bp as main
    from app.mapviews import bp as maps
    from app.moderation import bp as moderation
    from app.notices import bp as notifications
    from app.oruk import bp as oruk
    from app.residents import bp as residents

    return [
        main, auth, admin, residents, notifications, moderation, groups, introductions, connectors, council,
        maps, api, oruk, directory, api_tokens, health, alerts,
    ]


def _refuse_unsafe_production(app: Flask) -> None:
    from config import DEVELOPMENT_SECRET_KEY

    if app.config.get("PRODUCTION") and app.config["SECRET_KEY"] in (DEVELOPMENT_SECRET_KEY, "", None):
        raise RuntimeError(
            "SECRET_KEY is the development key: set SECRET_KEY in the environment before running "
            "in production."
        )
