"""pydantic's own words in a config problem, marked here so that the catalogue holds them (docs/DESIGN.md §Languages).

A bad value's problem is pydantic's message ("Input should be greater than 0") with " (got -1)" after it
(config.validation_problems). The message stays English in the error; `translated()` finds these templates
where it is shown (the CLI's error line, the form beside the field). Only the messages nn-tui's config can
produce are here: a strict model with numbers, whole numbers, true/false, text, lists and tables.
"""

from __future__ import annotations

from tui.core.i18n import N_

MESSAGES = [
    N_("Input should be greater than {gt}"),
    N_("Input should be greater than or equal to {ge}"),
    N_("Input should be less than {lt}"),
    N_("Input should be less than or equal to {le}"),
    N_("Input should be a finite number"),
    N_("Input should be a valid number"),
    N_("Input should be a valid number, unable to parse string as a number"),
    N_("Input should be a valid integer"),
    N_("Input should be a valid integer, got a number with a fractional part"),
    N_("Input should be a valid boolean"),
    N_("Input should be a valid string"),
    N_("Input should be a valid list"),
    N_("Input should be a valid dictionary"),
    N_("Input should be a valid dictionary or instance of {class_name}"),
    N_("Input should be {first} or {second}"),  # a choice of two words: 'classification' or 'regression'
    N_("Field required"),
]
