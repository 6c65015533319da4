"""`make run` installs what running needs; `make test` (lint, the legs, fuzz) the test extra
on top, also into a venv `make run` made first (issue 17). Read from `make -n`: what make
would run, in a copy of the Makefile, without installing anything."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEST_EXTRA = "pip install --quiet -e '.[test]'"
RUNTIME = "pip install --quiet -e .\n"


def _plan(folder: Path, target: str) -> str:
    result = subprocess.run(
        ["make", "-n", target], cwd=folder, capture_output=True, text=True, check=True
    )
    return result.stdout


@pytest.fixture
def project(tmp_path: Path) -> Path:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def _stamp(project: Path, name: str) -> None:
    stamp = project / ".venv" / name
    stamp.parent.mkdir(exist_ok=True)
    stamp.touch()
    later = time.time() + 5  # newer than pyproject.toml
    os.utime(stamp, (later, later))


def test_a_fresh_checkout_runs_with_the_runtime_and_tests_with_the_extra(project: Path) -> None:
    run = _plan(project, "run")
    assert RUNTIME in run and "[test]" not in run
    for target in ("test", "lint", "test-sqlite", "fuzz"):
        assert TEST_EXTRA in _plan(project, target), target


def test_a_venv_made_by_make_run_gets_the_test_extra_at_the_first_make_test(
    project: Path,
) -> None:
    _stamp(project, ".installed-stamp")  # what make run left
    assert "pip install" not in _plan(project, "run")
    test = _plan(project, "test")
    assert TEST_EXTRA in test and RUNTIME not in test
    _stamp(project, ".installed-test-stamp")  # and once make test has installed it
    assert "pip install" not in _plan(project, "test")


def test_make_run_serves_without_docstrings_from_bytecode_compiled_once(project: Path) -> None:
    """gunicorn runs with PYTHONOPTIMIZE=2 (about 5 MB less per worker, 13 MB less for a
    4-worker server) and PYTHONNODEBUGRANGES=1 (0.5 MB less per worker) from the
    libraries' and the app's opt-2 bytecode, compiled under the same settings at the first
    `make run` only; `make bench` measures the servers so too. A venv compiled before
    without PYTHONNODEBUGRANGES (the old stamp) is compiled again, its files forced."""
    run = _plan(project, "run")
    serve = next(line for line in run.splitlines() if "/gunicorn " in line)
    assert "PYTHONOPTIMIZE=2" in serve and "PYTHONNODEBUGRANGES=1" in serve
    compile_line = next(line for line in run.splitlines() if "compileall" in line)
    assert "PYTHONOPTIMIZE=2 PYTHONNODEBUGRANGES=1" in compile_line
    assert "compileall -q -f -o 2 .venv/lib wardtasks" in compile_line
    assert "compileall -q -f -o 2" in _plan(project, "bench")
    _stamp(project, ".installed-stamp")
    _stamp(project, ".optimized-stamp")  # compiled with the column positions
    assert "compileall" in _plan(project, "run")
    _stamp(project, ".optimized-nodebugranges-stamp")
    assert "compileall" not in _plan(project, "run")
