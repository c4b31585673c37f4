"""One transaction per request, handled in one place: no view commits or rolls back for itself.

Views change data through ``app.forms.submit``, ``confirm`` or ``record`` and the API through
``app.api.common.committed``; all of them end in ``app.database.in_transaction``. This scan fails if a
``commit()``, ``rollback()``, ``begin()`` or ``session_scope(...)`` appears anywhere else in ``app/`` outside
the command line and the background jobs (each command or job is its own unit of work).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"

TRANSACTION_METHODS = {"commit", "rollback", "begin", "begin_nested"}
TRANSACTION_FUNCTIONS = {"session_scope"}

# (file, function) pairs that may end a transaction themselves, and the folders/files that are their own
# units of work. Nothing else: the form, confirm and API helpers all go through in_transaction.
SANCTIONED = {
    ("app/database.py", "in_transaction"),
    ("app/errors.py", "register_error_handlers.server_error"),  # a 500 rolls back whatever was half-done
}
OWN_UNITS_OF_WORK = ("app/cli/", "app/jobs.py")


@dataclass(frozen=True)
class TransactionCall:
    path: str
    function: str
    name: str
    line: int


class _Finder(ast.NodeVisitor):
    def __init__(self, path: str) -> None:
        self.path = path
        self.scope: list[str] = []
        self.found: list[TransactionCall] = []

    def _visit_scope(self, node) -> None:
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _visit_scope

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = None
        if isinstance(func, ast.Attribute) and func.attr in TRANSACTION_METHODS | TRANSACTION_FUNCTIONS:
            name = func.attr
        elif isinstance(func, ast.Name) and func.id in TRANSACTION_FUNCTIONS:
            name = func.id
        if name is not None:
            function = ".".join(self.scope) or "<module>"
            self.found.append(TransactionCall(self.path, function, name, node.lineno))
        self.generic_visit(node)


def transaction_calls(root: Path, base: Path) -> list[TransactionCall]:
    """Every call that commits, rolls back or opens a transaction in the .py files under ``root``."""
    found: list[TransactionCall] = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(base).as_posix()
        finder = _Finder(relative)
        finder.visit(ast.parse(path.read_text(encoding="utf-8"), filename=relative))
        found.extend(finder.found)
    return found


def sanctioned(call: TransactionCall) -> bool:
    if call.path.startswith(OWN_UNITS_OF_WORK):
        return True
    return (call.path, call.function) in SANCTIONED


def test_no_view_commits_or_rolls_back_for_itself():
    offenders = [
        f"{c.path}:{c.line} {c.function}() calls {c.name}(): use app.forms.submit/confirm/record, "
        "or app.api.common.committed"
        for c in transaction_calls(APP, ROOT)
        if not sanctioned(c)
    ]

    assert offenders == []


def test_the_scan_reads_the_real_app():
    """The sanctioned commit and rollback are found where they are: the scan is not passing on nothing."""
    found = {(c.path, c.function, c.name) for c in transaction_calls(APP, ROOT)}

    assert ("app/database.py", "in_transaction", "commit") in found
    assert ("app/database.py", "in_transaction", "rollback") in found
    assert ("app/errors.py", "register_error_handlers.server_error", "rollback") in found


def test_the_scan_catches_a_planted_commit(tmp_path):
    """Positive control: a view that commits, rolls back or opens its own transaction is caught."""
    views = tmp_path / "app" / "things"
    views.mkdir(parents=True)
    (views / "views.py").write_text(
        "from app.database import db_session\n"
        "from community.db import session_scope\n\n\n"
        "def save_thing():\n"
        "    try:\n"
        "        add_thing(db_session())\n"
        "    except Exception:\n"
        "        db_session().rollback()\n"
        "    else:\n"
        "        db_session().commit()\n\n\n"
        "class Things:\n"
        "    def post(self, session):\n"
        "        with session.begin():\n"
        "            add_thing(session)\n"
        "        with session_scope(factory) as other:\n"
        "            add_thing(other)\n"
    )
    cli = tmp_path / "app" / "cli"
    cli.mkdir()
    (cli / "things.py").write_text("def command(session):\n    session.commit()\n")

    calls = transaction_calls(tmp_path / "app", tmp_path)
    offenders = {(c.function, c.name) for c in calls if not sanctioned(c)}

    assert offenders == {
        ("save_thing", "rollback"), ("save_thing", "commit"), ("Things.post", "begin"),
        ("Things.post", "session_scope"),
    }
    assert ("app/cli/things.py", "command", "commit") in {(c.path, c.function, c.name) for c in calls}


def test_a_sanctioned_name_elsewhere_is_not_sanctioned(tmp_path):
    """Only the real helpers are allowed, not any function that happens to share a name with one."""
    views = tmp_path / "app" / "residents"
    views.mkdir(parents=True)
    (views / "needs.py").write_text("def in_transaction(session):\n    session.commit()\n")

    calls = transaction_calls(tmp_path / "app", tmp_path)

    assert [sanctioned(c) for c in calls] == [False]
