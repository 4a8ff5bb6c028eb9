"""Safe YAML loading that remembers the line of every key, and schema checks that report it.

Only ``yaml.SafeLoader`` is used: no tags, no Python objects.  Duplicate keys are an
error (PyYAML silently keeps the last one).  Validation uses a real JSON Schema
validator and turns each violation into a :class:`~annals.model.Problem` that names
the file and the line of the offending key.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jsonschema
import yaml

from annals.ingest.urls import check_url
from annals.model import Problem

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


@dataclass(frozen=True, slots=True)
class Loaded:
    """A YAML document as plain data plus the line of each node."""

    data: object
    """Plain Python data (dict, list, str, int, float, bool, None, datetime.date)."""
    lines: dict
    """JSON-pointer-like path (``/key/0/sub``) -> 1-based line number."""


class YamlError(Exception):
    """A YAML file that cannot be read; carries a ready Problem."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def _construct(node: yaml.Node, path: str, lines: dict, file: str, loader: yaml.SafeLoader) -> object:
    lines[path] = node.start_mark.line + 1
    plain = {yaml.MappingNode: "tag:yaml.org,2002:map", yaml.SequenceNode: "tag:yaml.org,2002:seq"}
    if type(node) in plain and node.tag != plain[type(node)]:  # `!!python/object/apply:...` on a list
        raise YamlError(Problem(file, node.start_mark.line + 1,
                                f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')!r} is not allowed; "
                                "write plain values (text, numbers, dates, lists, mappings)"))
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, (dt.date, int, float, bool)) or key is None:
                key = str(key)
            if not isinstance(key, str):
                raise YamlError(Problem(file, key_node.start_mark.line + 1, "mapping keys must be plain strings"))
            if key in out:
                raise YamlError(
                    Problem(file, key_node.start_mark.line + 1,
                            f"duplicate key {key!r} (first at line {lines[path + '/' + key]}); each key may appear once")
                )
            child = f"{path}/{key}"
            lines[child] = key_node.start_mark.line + 1
            out[key] = _construct(value_node, child, lines, file, loader)
            lines[child] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(v, f"{path}/{i}", lines, file, loader) for i, v in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError):  # `date: 2020-02-30` looks like a timestamp but is none:
        return node.value                  # keep the text; the schema reports it with every other problem


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when present (the same safe constructors, several times faster: every sidecar
goes through here), else PyYAML's own."""


MAX_DEPTH = 40
"""Deepest nesting of lists and mappings accepted (a sidecar needs about six levels).  Checked on
the token stream before anything is parsed: parsers recurse once per level (PyYAML's own raises
RecursionError near 1,000 levels, libyaml's composer overflows the C stack near 50,000, and its
scanner slows down with the square of the depth)."""

_OPEN = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken, yaml.BlockSequenceStartToken,
         yaml.BlockMappingStartToken)
_CLOSE = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)


def bounds_problem(text: str, file: str) -> Problem | None:
    """The first reason to refuse ``text`` before parsing it: an anchor or alias (``&a``, ``*a``: a
    few kilobytes of aliases expand to gigabytes, and an alias can refer to itself), or nesting
    deeper than ``MAX_DEPTH``.  Reads tokens only (the scanner does not recurse) and stops at the
    first problem, so a hostile file costs no more than its first ``MAX_DEPTH`` levels.  Syntax
    errors are left to the parser, which names them."""
    depth = 0
    try:
        for token in yaml.scan(text, Loader=_SAFE_LOADER):
            if isinstance(token, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    return Problem(file, token.start_mark.line + 1,
                                   f"lists and mappings are nested more than {MAX_DEPTH} levels deep here; "
                                   "expected a flatter file (a sidecar needs a few levels)")
            elif isinstance(token, _CLOSE):
                depth -= 1
            elif isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                sign = "&" if isinstance(token, yaml.AnchorToken) else "*"
                return Problem(file, token.start_mark.line + 1,
                               f"YAML anchors and aliases ({sign}{token.value}) are not allowed; "
                               "write each value out in full")
    except yaml.YAMLError:
        return None
    return None


def load_yaml(text: str, file: str, loader_cls=None) -> Loaded:
    """Parse one YAML document safely; raise YamlError with file and line on any problem.

    ``bounds_problem`` is checked first (no anchors or aliases, bounded nesting).  A document
    libyaml refuses is read again by PyYAML's own parser, so that the message an editor gets is
    the same on every machine (and names the offending character).
    """
    if loader_cls is None:
        if (problem := bounds_problem(text, file)) is not None:
            raise YamlError(problem)
        try:
            return load_yaml(text, file, _SAFE_LOADER)
        except YamlError:
            if _SAFE_LOADER is yaml.SafeLoader:
                raise
        return load_yaml(text, file, yaml.SafeLoader)
    try:
        loader = loader_cls(text)
    except yaml.reader.ReaderError as exc:  # a control character: PyYAML's reader checks the whole text first
        line = text[: exc.position].count("\n") + 1
        raise YamlError(Problem(file, line, f"contains the control character U+{exc.character:04X}, "
                                            "which YAML does not allow; delete it")) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return Loaded(None, {})
        lines: dict = {}
        data = _construct(node, "", lines, file, loader)
        return Loaded(data, lines)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark or exc.context_mark
        tag = exc.problem.split("'")[1] if (exc.problem or "").count("'") >= 2 else "?"
        tag = tag.replace("tag:yaml.org,2002:", "!!")
        raise YamlError(Problem(file, mark.line + 1 if mark else None,
                                f"the YAML tag {tag!r} is not allowed; write plain values "
                                "(text, numbers, dates, lists, mappings)")) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        raise YamlError(Problem(file, line, f"YAML syntax error: {what}; check indentation and quoting")) from None
    except yaml.YAMLError as exc:  # anything else the reader or scanner refuses
        raise YamlError(Problem(file, None, f"YAML error: {' '.join(str(exc).split())}")) from None
    finally:
        loader.dispose()


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    """The JSON Schema ``schemas/<name>.schema.json`` shipped with the package."""
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def _jsonable(value: object) -> object:
    """Dates become ISO strings so that JSON Schema ``format: date`` applies."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _line_for(lines: dict, path: tuple) -> int | None:
    parts = [str(p) for p in path]
    while True:
        key = "/" + "/".join(parts) if parts else ""
        if key in lines:
            return lines[key]
        if not parts:
            return None
        parts.pop()


def validate(loaded: Loaded, schema_name: str, file: str) -> list[Problem]:
    """Check ``loaded`` against a JSON Schema; one Problem per violation, sorted by line."""
    validator_cls = jsonschema.validators.validator_for(schema(schema_name))
    validator = validator_cls(schema(schema_name), format_checker=_format_checker(validator_cls))
    problems = []
    for err in validator.iter_errors(_jsonable(loaded.data)):
        path = tuple(err.absolute_path)
        if err.validator == "additionalProperties":
            extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
            for key in extra:
                allowed = sorted(err.schema.get("properties", {}))
                near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.75)
                hint = f"did you mean {near[0]!r}?" if near else f"expected one of: {', '.join(allowed)}"
                problems.append(Problem(file, _line_for(loaded.lines, path + (key,)), f"unknown key {key!r}; {hint}"))
            continue
        where = "/".join(str(p) for p in path) or "document"
        problems.append(Problem(file, _line_for(loaded.lines, path), f"{where}: {_explain(err)}"))
    return sorted(problems, key=lambda p: (p.line or 0, p.message))


@lru_cache(maxsize=None)
def _format_checker(validator_cls) -> jsonschema.FormatChecker:
    """The validator's format checks, with ``uri`` meaning what Annals accepts as a link: an http(s)
    URL as a browser reads it (:func:`annals.ingest.urls.check_url`); every ``format: uri`` field of
    every schema (gazetteer ``sources``, notes' ``source.url``) is checked by that one rule."""
    checker = jsonschema.FormatChecker(list(validator_cls.FORMAT_CHECKER.checkers))
    checker.checkers["uri"] = (lambda value: not isinstance(value, str) or check_url(value)[0] is not None, ())
    return checker


def _explain(err: jsonschema.ValidationError) -> str:
    if err.validator == "required":
        return err.message.replace("is a required property", "is required but missing")
    if err.validator == "format" and err.validator_value == "uri":
        return check_url(err.instance)[1]
    if err.validator == "format" and err.validator_value == "date":
        return f"{err.instance!r} is not a date; expected YYYY-MM-DD"
    if err.validator == "type":
        wanted = err.validator_value
        wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
        return f"expected {wanted}, found {type(err.instance).__name__} {err.instance!r}"
    if err.validator == "pattern" and err.validator_value == "\\S":
        return f"{err.instance!r} is only spaces; expected some text"
    if err.validator == "pattern":
        return f"{err.instance!r} does not match the expected form {err.validator_value}"
    if err.validator == "uniqueItems" and isinstance(err.instance, list):
        twice = sorted({repr(v) for i, v in enumerate(err.instance) if v in err.instance[:i]})
        return f"lists {', '.join(twice)} more than once; give each item once"
    if err.validator == "enum":
        return f"{err.instance!r} is not one of {', '.join(map(str, err.validator_value))}"
    return err.message
