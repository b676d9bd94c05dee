"""Each lesson preset declares a pace at which its run takes a few seconds to a minute in the app, counted from
its plan (steps ÷ pace: no clock); the headless runner ignores it; a bad pace is one line naming the key."""

from __future__ import annotations

import pytest

from tui.core import plan as planning
from tui.core.config import load_config, validate_config
from tui.core.errors import ConfigError
from tui.core.presets import bundled_dir, resolve_preset
from tui.data.catalog import dataset_shape, train_size

WATCHABLE_SECONDS = (3, 60)
AT_FULL_SPEED = {"batches-200x5"}  # 40 000 steps: watchable at full speed already


def lesson_presets() -> list[str]:
    """The bundled single runs (a sweep or a study is no lesson to watch step by step)."""
    configs = {path.stem: load_config(path) for path in sorted(bundled_dir().glob("*.toml"))}
    return [name for name, config in configs.items() if not (config.sweep or config.tune)]


@pytest.mark.parametrize("name", lesson_presets())
def test_a_lesson_preset_takes_a_few_seconds_to_a_minute_at_its_pace(name):
    config = load_config(resolve_preset(name))
    pace = config.view.steps_per_second
    if name in AT_FULL_SPEED:
        assert pace is None
        return
    assert pace is not None, f"{name}: no [view] pace; at full speed it is over before anyone looks"
    shape = dataset_shape(config.data, config.seed)
    steps = planning.make_plan(train_size(shape, config.data.val_split), 0, config.training.batch_size,
                               config.training.epochs).total_steps
    low, high = WATCHABLE_SECONDS
    assert low <= steps / pace <= high, f"{name}: {steps} steps at {pace:g}/s take {steps / pace:.0f} s"


@pytest.mark.parametrize("value", [0, -1, "fast", True, [30]])
def test_a_pace_that_is_no_pace_is_refused_naming_the_key(value):
    with pytest.raises(ConfigError, match=r"^view\.pace: must be a number of steps per second > 0, or 'full'"):
        validate_config({"view": {"pace": value}})
