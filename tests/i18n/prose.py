"""Finds English prose in the source that no reader's language reaches: a string literal a person may read that is
not marked for the catalogue (_(), N_(), ngettext()). The rules of thumb (docs/DESIGN.md §Languages):

- a literal (or an f-string's text) with two words or more is prose, unless it is a docstring, sits inside a
  marker call, or is the message of a programming error (RuntimeError and friends, never shown as a result);
- a key's description in Binding(...) is prose even when it is one word;
- a line that says `# not translated: <why>` is left alone (a file format, a command line, a CSS rule).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

MARKERS = {"_", "N_", "ngettext"}
PROGRAMMING_ERRORS = {"RuntimeError", "ValueError", "TypeError", "AssertionError", "KeyError", "IndexError",
                      "NotImplementedError", "AttributeError", "LookupError"}
EXEMPT = "# not translated:"
_WORDS = re.compile(r"[^\W\d_]{2,}[,;:.!?)]?\s+\(?[^\W\d_]{2,}")


_STYLE = re.compile(r"(?:\s*(?:not|on|bold|dim|italic|underline|reverse|strike|blink|default|none|"
                    r"(?:bright_)?(?:black|red|green|yellow|blue|magenta|cyan|white)|grey\d*|#[0-9a-f]{6}))+\s*", re.I)
_SELECTOR = re.compile(r"[#.]?[\w-]+(?:[ >,.#:]+[\w-]+)*")


def is_prose(text: str) -> bool:
    """Two words or more, and not a Rich style ("bold black on yellow") or a CSS selector ("#plan Static")."""
    if _STYLE.fullmatch(text) or (text[:1] in "#." and _SELECTOR.fullmatch(text)):
        return False
    return bool(_WORDS.search(re.sub(r"\{[^{}]*\}", " ", text)))


def unmarked_prose(path: Path) -> Iterator[tuple[int, str]]:
    """(line, text) of each piece of unmarked prose in the file at `path`."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            skip.add(id(body[0].value))  # a docstring
        if isinstance(node, ast.Call):
            name = _called(node)
            if name in MARKERS or name in PROGRAMMING_ERRORS:
                skip.update(id(inner) for inner in ast.walk(node))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called(node) == "Binding":
            described = node.args[2:3] + [k.value for k in node.keywords if k.arg == "description"]
            for arg in described:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value:
                    yield from _unless_exempt(lines, arg, arg.value)
        if isinstance(node, ast.JoinedStr) and id(node) not in skip:
            skip.update(id(part) for part in node.values)
            text = "".join(p.value if isinstance(p, ast.Constant) else "{}" for p in node.values)
            if is_prose(str(text)):
                yield from _unless_exempt(lines, node, str(text))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip and is_prose(node.value):
            yield from _unless_exempt(lines, node, node.value)


def _called(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _unless_exempt(lines: list[str], node: ast.expr, text: str) -> Iterator[tuple[int, str]]:
    first, last = node.lineno, node.end_lineno or node.lineno
    if not any(EXEMPT in lines[i - 1] for i in range(first, last + 1)):
        yield first, text
