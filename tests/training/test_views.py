"""The model's pictures: painted cells agree with the model's own predictions; views are opt-in and never recorded."""

from __future__ import annotations

import numpy as np
import torch

from tests.factories import MOONS, merged
from tui.app.widgets.model_picture import plain_region_mark, region_cells, region_colour, regions_rows
from tui.core.config import validate_config
from tui.core.events import VIEW_EVENTS, CurveFitted, NeuronsPainted, RegionsPainted, ViewPoints
from tui.core.model_views import NEURONS, REGIONS, unpacked
from tui.training.trainer import Trainer

KEEP_LAST = {"early_stopping": {"restore_best": False}}  # the model at the end is the one last painted


def trained(views=(REGIONS, NEURONS), **sections):
    trainer = Trainer(validate_config(merged(MOONS, **{**KEEP_LAST, **sections})), views=views)
    events = list(trainer.run())
    return trainer, events


def model_classes(trainer: Trainer, regions: RegionsPainted) -> np.ndarray:
    """The class the model predicts at each grid cell's centre, computed here from the event's plane alone."""
    size = regions.size
    (x0, x1), (y0, y1) = regions.x_range, regions.y_range
    xs = x0 + (np.arange(size) + 0.5) * (x1 - x0) / size
    ys = y1 - (np.arange(size) + 0.5) * (y1 - y0) / size
    gx, gy = np.meshgrid(xs, ys)
    data = trainer.dataset
    assert data is not None and trainer.model is not None
    standardized = (np.stack([gx.ravel(), gy.ravel()], axis=1) - data.feature_mean) / data.feature_scale
    with torch.no_grad():
        out = trainer.model(torch.as_tensor(standardized, dtype=torch.float32))
    return out.argmax(dim=1).numpy().reshape(size, size)


def test_the_painted_cells_are_the_models_predictions_at_the_grid_points():
    trainer, events = trained()
    regions = [e for e in events if isinstance(e, RegionsPainted)][-1]
    expected = model_classes(trainer, regions)
    classes, levels = region_cells(regions)
    assert np.array_equal(np.frombuffer(classes, dtype=np.uint8).reshape(regions.size, -1), expected)
    assert len(set(expected.ravel())) == 2  # a boundary crosses the plane: the test compares something
    # Drawn at one cell per grid column and two grid rows per line, each half block shows its two cells.
    rows = regions_rows(regions, [], [], regions.size, regions.size // 2)
    for row, line in enumerate(rows):
        for column, segment in enumerate(line):
            top, bottom = (row * 2) * regions.size + column, (row * 2 + 1) * regions.size + column
            assert segment.style.color.triplet == region_colour(int(expected.ravel()[top]), levels[top])
            assert segment.style.bgcolor.triplet == region_colour(int(expected.ravel()[bottom]), levels[bottom])
    plain = regions_rows(regions, [], [], regions.size, regions.size, plain=True)
    assert [s.text for s in plain[3]] == [plain_region_mark(int(expected[3, c]), levels[3 * regions.size + c]) for c in range(regions.size)]


def test_a_run_sends_its_points_then_a_picture_at_the_start_and_at_the_end():
    _, events = trained()
    kinds = [e.kind for e in events]
    assert kinds[:4] == ["start", "view_points", "regions", "neurons"]
    assert kinds[-3:] == ["regions", "neurons", "end"]
    first = events[2]
    assert isinstance(first, RegionsPainted) and first.epoch == 0 and first.global_step == 0
    assert len(unpacked(first.classes)) == len(unpacked(first.confidence)) == first.size ** 2
    points = events[1]
    assert isinstance(points, ViewPoints) and points.features == ["x1", "x2"]
    assert {p[2] for p in points.train} == {0.0, 1.0} and len(points.val) == 30


def test_each_hidden_unit_gets_a_tile_and_wide_networks_get_none():
    _, events = trained()
    neurons = [e for e in events if isinstance(e, NeuronsPainted)][-1]
    assert neurons.layers == ["hidden1"] * 6 and len(neurons.units) == 6
    assert all(len(unpacked(u)) == neurons.size ** 2 for u in neurons.units)
    _, wide = trained(model={"hidden": [9]})
    assert not [e for e in wide if isinstance(e, NeuronsPainted)]
    assert [e for e in wide if isinstance(e, RegionsPainted)]


def test_views_are_opt_in_and_only_where_they_apply():
    _, plain = trained(views=())
    assert not [e for e in plain if isinstance(e, VIEW_EVENTS)]
    _, iris = trained(data={"dataset": "iris", "val_split": 0.2, "n_samples": None, "noise": None})
    assert not [e for e in iris if isinstance(e, VIEW_EVENTS)]


def test_one_feature_and_a_numeric_target_get_the_fitted_curve_in_target_units():
    trainer, events = trained(
        data={"dataset": "sine", "n_samples": 120, "noise": 0.1, "val_split": 0.25},
        model={"hidden": [8], "activation": "tanh"}, training={"loss": "mse"},
    )
    curve = [e for e in events if isinstance(e, CurveFitted)][-1]
    data = trainer.dataset
    assert data is not None and trainer.model is not None
    x = (np.asarray(curve.x)[:, None] - data.feature_mean) / data.feature_scale
    with torch.no_grad():
        predicted = trainer.model(torch.as_tensor(x, dtype=torch.float32))[:, 0].double().numpy()
    assert np.allclose(curve.y, predicted * data.target_scale + data.target_mean, rtol=1e-3, atol=1e-3)
    assert not [e for e in events if isinstance(e, (RegionsPainted, NeuronsPainted))]


def test_the_pictures_cross_the_pipe_to_the_app_unchanged():
    import json

    from tui.core.events import event_from_json
    from tui.worker.protocol import encode_event

    _, events = trained()
    pictures = [e for e in events if isinstance(e, VIEW_EVENTS)]
    assert {type(e) for e in pictures} == {ViewPoints, RegionsPainted, NeuronsPainted}
    for event in pictures:
        assert event_from_json(json.loads(encode_event(event))) == event
