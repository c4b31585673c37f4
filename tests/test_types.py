"""The domain and the map builders type-check: mypy, configured in pyproject.toml, finds nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_mypy(cwd: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    # The files to check and how strictly come from [tool.mypy] in the pyproject.toml found in ``cwd``.
    mypy = Path(sys.executable).parent / "mypy"
    return subprocess.run(
        [str(mypy), "--cache-dir", str(cache), "--no-color-output", "--no-error-summary"],
        cwd=cwd, capture_output=True, text=True, timeout=900,
    )


def test_mypy_finds_no_errors_in_community_and_maps(tmp_path):
    result = run_mypy(ROOT, tmp_path / "cache")

    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_reports_planted_errors_and_is_strict_only_for_the_network_engine(tmp_path):
    """Positive control on a copy of the code: a wrong return type is caught anywhere; an unannotated
    function is caught in the network engine (strict) but not in a feature package (not strict), so the
    strict settings neither fail to apply nor leak to every module."""
    for name in ("community", "maps"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("data", "__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    claims = tmp_path / "community" / "posts" / "claims.py"
    claims.write_text(
        claims.read_text()
        + "\n\ndef _planted_wrong_type() -> int:\n    return 'not a number'\n"
        + "\n\ndef _planted_untyped(value):\n    return value\n"
    )
    graph = tmp_path / "community" / "network" / "graph.py"
    graph.write_text(graph.read_text() + "\n\ndef _planted_untyped(value):\n    return value\n")

    result = run_mypy(tmp_path, tmp_path / "cache")
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]

    assert result.returncode == 1, result.stdout + result.stderr
    assert any(
        line.startswith("community/posts/claims.py:") and "[return-value]" in line for line in errors
    ), errors
    assert any(
        line.startswith("community/network/graph.py:") and "[no-untyped-def]" in line for line in errors
    ), errors
    assert not any(line.startswith("community/posts/claims.py:") and "[no-untyped-def]" in line
                   for line in errors), errors
    assert len(errors) == 2, errors
