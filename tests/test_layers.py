"""The layers stay apart: the domain and the map builders never reach into the web framework."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WEB_PACKAGES = {"flask", "flask_login", "flask_wtf", "flask_limiter", "werkzeug"}


def test_import_linter_contracts_hold():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )

    assert result.returncode == 0, result.stdout + result.stderr


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", ["community", "maps"])
def test_no_domain_or_map_module_imports_flask(package):
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & WEB_PACKAGES)
        for path in sorted((ROOT / package).rglob("*.py"))
    }

    assert {path: found for path, found in offenders.items() if found} == {}


def test_the_import_scan_sees_a_flask_import(tmp_path):
    module = tmp_path / "sneaky.py"
    module.write_text("def view():\n    from flask import request\n    return request\n")

    assert imported_packages(module) == {"flask"}


def test_the_contracts_catch_a_planted_breach(tmp_path):
    """Positive control: the new boundaries are not kept vacuously. A copy of the code with the network engine
    importing SQLAlchemy and the residents' features importing the insights must break both contracts."""
    import shutil

    for name in ("app", "community", "maps"):
        shutil.copytree(
            ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("static", "templates", "data")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    graph = tmp_path / "community" / "network" / "graph.py"
    graph.write_text(graph.read_text() + "\nimport sqlalchemy  # planted\n")
    nearby = tmp_path / "community" / "posts" / "nearby.py"
    nearby.write_text(nearby.read_text() + "\nfrom community.insights import coverage  # planted\n")
    lint_imports = Path(sys.executable).parent / "lint-imports"

    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )

    assert result.returncode != 0
    assert "The network engine is pure graph code: no SQLAlchemy, no models BROKEN" in result.stdout
    assert "Residents' and groups' features never import the connectors' insights BROKEN" in result.stdout
