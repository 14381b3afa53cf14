"""Shared by every suite under tests-e2e/: where the repository is and which signin.cgi to run.

Suites add their own conftest.py in their folder (e.g. tests-e2e/e2e/); keep this one generic.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture(scope="session")
def signin_bin() -> Path:
    """The built program: $SIGNIN_BIN, else cgi-bin/signin.cgi (written by scripts/build)."""
    path = Path(os.environ.get("SIGNIN_BIN") or REPO / "cgi-bin" / "signin.cgi")
    if not os.access(path, os.X_OK):
        pytest.fail(f"{path} is missing or not executable: run scripts/build (scripts/test runs it first)")
    return path


@pytest.fixture(scope="session")
def signin_testhooks_bin() -> Path:
    """The same program built with the end-to-end clock hook: $SIGNIN_TESTHOOKS_BIN, else cgi-bin/signin-testhooks.cgi
    (scripts/build --test-hooks)."""
    path = Path(os.environ.get("SIGNIN_TESTHOOKS_BIN") or REPO / "cgi-bin" / "signin-testhooks.cgi")
    if not os.access(path, os.X_OK):
        pytest.fail(f"{path} is missing or not executable: run scripts/build --test-hooks (scripts/test runs it first)")
    return path
