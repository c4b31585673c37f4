"""The fault suite uses the web tests' user fixture."""

from tests.web.conftest import make_web_user  # noqa: F401 - a fixture, found by pytest by name
