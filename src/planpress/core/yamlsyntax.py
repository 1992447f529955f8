"""The message for a YAML syntax error (`syntax_problem`): at its line and column, in PyYAML's
words (the ones people find in documentation), with a hint for the common mistakes, and a tab
used for indentation named as such."""

from __future__ import annotations

import yaml

from planpress.core.problems import Problem
from planpress.core.yamlvalues import too_deep

_HINTS = {
    "mapping values are not allowed": "a value that contains ': ' must be put in quotes",
    "could not find expected ':'": "each line of a mapping needs 'name: value'",
    "did not find expected key": "check the indentation of this line against the ones above",
    "expected <block end>": "check the indentation of this line against the ones above",
    "expected '<document start>'": "check the indentation of this line against the ones above",
    "found unexpected end of stream": "a quote or bracket is not closed",
    "found undefined alias": "an alias (*name) must refer to an anchor (&name) above it",
}


def syntax_problem(text: str, display: str, exc: yaml.YAMLError) -> Problem:
    """The problem `exc` reports in `text` (the file `display`), worded for its reader."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    tab = _tab_indentation(text, line)
    if tab is not None:
        return Problem(
            display, tab[0], tab[1], "a tab is used for indentation: indent with spaces only"
        )
    problem = getattr(exc, "problem", None) or str(exc)
    if "exceeded maximum nesting depth" in problem:  # libyaml's own limit, above MAX_DEPTH
        return Problem(display, line, column, too_deep())
    context = getattr(exc, "context", None)
    # libyaml words some problems differently from PyYAML; PyYAML's words are the ones people
    # find in documentation, so ask it about the same text up to the line that failed.
    shorter = "\n".join(text.split("\n")[: line + 2])
    try:
        yaml.compose(shorter, Loader=yaml.SafeLoader)
    except yaml.YAMLError as python_exc:
        python_mark = getattr(python_exc, "problem_mark", None)
        if (
            isinstance(python_exc, yaml.MarkedYAMLError)  # the only errors with a problem_mark
            and python_mark
            and (python_mark.line + 1, python_mark.column + 1) == (line, column)
        ):
            problem = python_exc.problem or problem
            context = python_exc.context
    except RecursionError:
        pass
    message = f"YAML syntax error: {problem}"
    context_mark = getattr(exc, "context_mark", None)
    if context and context_mark is not None:
        message += f" ({context} at line {context_mark.line + 1})"
    for needle, hint in _HINTS.items():
        if needle in message:
            message += f"; {hint}"
            break
    return Problem(display, line, column, message)


def _tab_indentation(text: str, up_to_line: int) -> tuple[int, int] | None:
    """The first tab in the indentation of any line up to the one that failed, if any."""
    for number, line in enumerate(text.split("\n")[:up_to_line], start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return number, indent.index("\t") + 1
    return None
