"""The committed dotenv conformance table still says what python-dotenv says (tests-e2e/tools/dotenv_expected.py).

The Swift suite DotEnvConformanceTests checks signin.cgi's reader against the same expected.json; this
suite catches the table drifting from python-dotenv (a new python-dotenv release, an edited case).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOOL = REPO / "tests-e2e" / "tools" / "dotenv_expected.py"
FIXTURES = REPO / "Tests" / "EncodingTests" / "Fixtures" / "dotenv"


def _tool():
    spec = importlib.util.spec_from_file_location("dotenv_expected", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_table_equals_python_dotenv_output() -> None:
    committed = (FIXTURES / "expected.json").read_text(encoding="utf-8")
    assert _tool().generate(FIXTURES) == committed, "run tests-e2e/tools/dotenv_expected.py and review the diff"


def test_table_has_enough_cases_and_every_case_file_is_covered() -> None:
    cases = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))["cases"]
    files = sorted(p.name for p in (FIXTURES / "cases").glob("*.env"))
    assert sorted(cases) == files
    assert len(files) >= 60


def test_only_single_quoted_expansion_differs_from_python_dotenv() -> None:
    cases = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))["cases"]
    differing = {name: case for name, case in cases.items() if "differs_from_python_dotenv" in case}
    assert differing, "the single-quoted cases should show the one deliberate difference"
    for name, case in differing.items():
        ours = dict(map(tuple, case["values"]))
        theirs = dict(map(tuple, case["differs_from_python_dotenv"]))
        assert ours.keys() == theirs.keys(), name
        for key, value in ours.items():
            if value != theirs[key]:
                assert "${" in value, f"{name}: {key} differs for another reason than a literal ${{...}}"
