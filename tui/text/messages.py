"""An engine message (English, as events and run files keep it) in the reader's language, sentence by sentence.

A divergence or end message is made of whole sentences, each a catalogue template (docs/DESIGN.md §Languages);
translated() finds a template for the whole message, else for each sentence; a sentence without one (a
library's error) stays as it is.
"""

from __future__ import annotations

import re

from tui.core.i18n import DEFAULT_LANGUAGE, language, translated

_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z])")  # ". The": a full stop inside "0.5" or "e.g. 16" is no end


def in_language(message: str) -> str:
    if language() == DEFAULT_LANGUAGE:
        return message
    whole = translated(message)
    if whole != message:
        return whole
    return " ".join(translated(sentence) for sentence in _SENTENCE_END.split(message))
