"""explain --json's records: a line that is not one is refused in one line naming it."""

from __future__ import annotations

import pytest

from tui.core.derivation import Explanation
from tui.core.derivation_json import explanation_from_json_lines, explanation_json_lines
from tui.core.errors import UserError


def test_a_line_that_is_not_a_record_is_named():
    header = next(explanation_json_lines(Explanation("x", 3, 1, 1, False, [])))
    with pytest.raises(UserError, match="line 2: not a derivation record"):
        explanation_from_json_lines([header, '{"record": "weather"}'])
    with pytest.raises(UserError, match="no explanation record"):
        explanation_from_json_lines([])


def test_an_empty_explanation_round_trips():
    explanation = Explanation("x", 3, 1, 1, True, [])
    assert explanation_from_json_lines(explanation_json_lines(explanation)) == explanation
