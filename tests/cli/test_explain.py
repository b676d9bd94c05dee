"""`nn-tui explain`: the derivation on stdout, one line per record; refusals in one line with exit code 2."""

from __future__ import annotations

from tui.cli import main

from .helpers import assert_one_clear_line, run_cli


def test_explain_prints_the_worked_example_and_exits_0(capsys):
    code = main(["explain", "worked-example"])
    out = capsys.readouterr().out
    assert code == 0
    assert "dE/dW2[1,1] = 0.481 × 1.85 = 0.88985   (δ2[1] × h1[1])" in [line.strip() for line in out.splitlines()]
    assert out.count("Step ") == 1


def test_explain_steps_and_set(capsys):
    code = main(["explain", "worked-example", "--steps", "2", "--set", "training.lr=0.1"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Step 2 (epoch 2, batch 1 of 1)" in out
    assert "W2[1,1] = 0.14 − 0.1 × 0.88985 = 0.051015" in out


def test_a_network_too_large_is_refused_with_the_limit(capsys):
    code, err = run_cli(capsys, "explain", "iris")  # 4-8-9-3: 151 parameters
    assert_one_clear_line(code, err, "151 parameters", "at most 100")


def test_steps_out_of_range_are_refused(capsys):
    assert_one_clear_line(*run_cli(capsys, "explain", "worked-example", "--steps", "0"), "--steps")
    assert_one_clear_line(*run_cli(capsys, "explain", "worked-example", "--steps", "11"), "--steps", "10 optimizer steps")


def test_an_unknown_preset_is_refused(capsys):
    assert_one_clear_line(*run_cli(capsys, "explain", "no-such-preset"), "no-such-preset")


def test_json_prints_the_records_that_read_back_to_the_same_derivation(capsys):
    from tui.core.config import load_config
    from tui.core.derivation_json import explanation_from_json_lines
    from tui.core.presets import resolve_preset
    from tui.training.derivation import Explainer

    code = main(["explain", "gradient-averaging", "--json", "--steps", "2"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert len(lines) == 3  # the explanation, then one line per step
    expected = Explainer(load_config(resolve_preset("gradient-averaging"))).explain(2)
    assert explanation_from_json_lines(lines) == expected


def test_a_large_batch_shows_three_examples_then_the_mean_and_all_examples_every_one(capsys):
    main(["explain", "mini-batch"])  # 32 examples a batch
    capped = capsys.readouterr().out
    assert "Example 3 of 32" in capped and "Example 4 of 32" not in capped
    assert "... 29 more examples, each derived as above (--all-examples shows every one)" in capped
    assert "+ … (29 more)) / 32 = " in capped
    main(["explain", "mini-batch", "--all-examples"])
    full = capsys.readouterr().out
    assert "Example 32 of 32" in full and "more examples" not in full
    assert len(capped.splitlines()) < len(full.splitlines()) / 5


def test_first_step_starts_later_in_the_run_from_the_given_weights(capsys):
    code = main(["explain", "worked-example", "--first-step", "3", "--steps", "2"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Step 3 (epoch 3, batch 1 of 1)" in out and "Step 4 (epoch 4" in out and "Step 2 " not in out
    assert "W1 (hidden1) = [[0.11, 0.12], [0.21, 0.08]]" in out  # model.init's weights at step 3
    assert_one_clear_line(*run_cli(capsys, "explain", "worked-example", "--first-step", "11"), "--first-step", "10 optimizer steps")
    assert_one_clear_line(*run_cli(capsys, "explain", "worked-example", "--first-step", "9", "--steps", "3"), "--steps", "at most 2")
    assert_one_clear_line(*run_cli(capsys, "explain", "worked-example", "--first-step", "0"), "--first-step")
