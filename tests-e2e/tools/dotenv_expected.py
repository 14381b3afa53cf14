#!/usr/bin/env python3
"""Writes what python-dotenv itself makes of every dotenv conformance case.

Each file in Tests/EncodingTests/Fixtures/dotenv/cases/ is one case, read exactly as
`load_dotenv(path, encoding="utf-8-sig", override=False)` reads it (text mode: CRLF and CR become LF;
one leading BOM dropped), with the process environment replaced by environment.json next to it.
For each case, expected.json records:

- "values": python-dotenv's resulting mapping (name, value or null), in its order;
- "entries": every statement in file order with the value resolved at that point and the line its
  name starts on;
- "invalid_lines": the lines of statements python-dotenv skips with a warning;
- or "rejected": "notUTF8" and the first line that is not UTF-8, when Python cannot decode the file.

One deliberate difference from python-dotenv 1.2 (README "Settings": single-quoted values are literal):
`${NAME}` in a single-quoted value is kept as written. The expected values come from python-dotenv's own
parser (`parse_stream`) and its own expansion (`parse_variables`, `Atom.resolve`) in the order and with
the precedence of `resolve_variables(override=False)`, skipping single-quoted values; a case where that
differs from `DotEnv(...).dict()` is marked "differs_from_python_dotenv" and test_dotenv_table.py checks
that every such difference is a single-quoted `${`.

Usage: tests-e2e/tools/dotenv_expected.py        (rewrites expected.json)
The Swift suite DotEnvConformanceTests reads the same files; tests-e2e/test_dotenv_table.py checks that
this output still equals the committed expected.json.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import sys
from pathlib import Path
from importlib.metadata import version
from unittest import mock

from dotenv.main import DotEnv
from dotenv.parser import Reader, _equal_sign, _export, _multiline_whitespace, _whitespace, parse_key, parse_stream
from dotenv.variables import parse_variables

FIXTURES = Path(__file__).resolve().parents[2] / "Tests" / "EncodingTests" / "Fixtures" / "dotenv"


def _first_line_not_utf8(data: bytes) -> int:
    for number, line in enumerate(re.split(rb"\r\n|\r|\n", data), 1):
        try:
            line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            return number
    raise AssertionError("every line decodes")


def _statement_line(binding) -> int:
    """The line the statement's first non-blank character is on (python-dotenv counts from the blank lines before it)."""
    leading = re.match(r"\s*", binding.original.string).group(0)
    return binding.original.line + len(re.findall(r"\r\n|\r|\n", leading))


def is_single_quoted(binding) -> bool:
    """Whether the statement's value is single-quoted, found with python-dotenv's own reader steps."""
    reader = Reader(io.StringIO(binding.original.string))
    reader.read_regex(_multiline_whitespace)
    reader.read_regex(_export)
    parse_key(reader)
    reader.read_regex(_whitespace)
    if reader.peek(1) != "=":
        return False
    reader.read_regex(_equal_sign)
    return reader.peek(1) == "'"


def resolve(value: str | None, literal: bool, file_values: dict[str, str | None]) -> str | None:
    """One value as resolve_variables(override=False) resolves it: the environment wins over earlier values."""
    if value is None or literal:
        return value
    env: dict[str, str | None] = {**file_values, **os.environ}
    return "".join(atom.resolve(env) for atom in parse_variables(value))


def expected_for(path: Path, environment: dict[str, str]) -> dict:
    with mock.patch.dict(os.environ, environment, clear=True):
        try:
            with open(path, encoding="utf-8-sig") as stream:
                text = stream.read()
        except UnicodeDecodeError:
            return {"rejected": "notUTF8", "line": _first_line_not_utf8(path.read_bytes())}
        python_dotenv = DotEnv(path, encoding="utf-8-sig", override=False).dict()
        bindings = list(parse_stream(io.StringIO(text)))
        values: dict[str, str | None] = {}
        entries = []
        for b in bindings:
            if b.key is None:
                continue
            values[b.key] = resolve(b.value, is_single_quoted(b), values)
            entries.append({"name": b.key, "value": values[b.key], "line": _statement_line(b)})
        expected = {
            "values": [[name, value] for name, value in values.items()],
            "entries": entries,
            "invalid_lines": [_statement_line(b) for b in bindings if b.error],
        }
        if list(python_dotenv.items()) != list(values.items()):
            expected["differs_from_python_dotenv"] = [[name, value] for name, value in python_dotenv.items()]
        return expected


def generate(fixtures: Path = FIXTURES) -> str:
    logging.getLogger("dotenv.main").setLevel(logging.ERROR)  # invalid lines are recorded, not warned about
    environment = json.loads((fixtures / "environment.json").read_text(encoding="utf-8"))
    cases = {path.name: expected_for(path, environment) for path in sorted((fixtures / "cases").glob("*.env"))}
    document = {"python-dotenv": version("python-dotenv"), "cases": cases}
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=True) + "\n"


def main() -> int:
    (FIXTURES / "expected.json").write_text(generate(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
