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
