"""Bad inputs are Python exceptions (bothlayers.Error, a ValueError) with the
CLI's one-line messages, never a crash of the interpreter."""
import json

import numpy as np
import pytest

import bothlayers
from conftest import cli_error

GOOD = {"W": [["0.3", "-0.2"], ["-0.4", "0.7"]], "v": ["0.9", "-1.1"], "a": ["1", "-0.5"]}


def cli_message(exe, tmp_path, point, *args):
    path = tmp_path / "point.json"
    path.write_text(json.dumps(point))
    return cli_error(exe, "eval", "--point", str(path), *args)


def test_hierarchy():
    for cls in (bothlayers.DimensionError, bothlayers.NonFiniteError, bothlayers.ZeroNormError,
                bothlayers.InvalidArgument, bothlayers.ParseError, bothlayers.EmptySampleError):
        assert issubclass(cls, bothlayers.Error) and issubclass(cls, ValueError)


@pytest.mark.parametrize("precision", ["double", "mp:50"])
def test_bad_shape_same_message_as_cli(exe, tmp_path, precision):
    point = dict(GOOD, a=["1", "-0.5", "2"])  # d = 3 but W has 2 columns
    expected = cli_message(exe, tmp_path, point, "--precision", precision)
    with pytest.raises(bothlayers.DimensionError) as e:
        bothlayers.population_loss(point["W"], point["v"], point["a"], precision=precision)
    assert str(e.value) == expected
    # the same from float64 arrays at double (the fast path checks as the reader does)
    if precision == "double":
        with pytest.raises(bothlayers.DimensionError) as e:
            bothlayers.population_gradient(np.ones((2, 2)), np.ones(2), np.ones(3))
        assert str(e.value) == expected


def test_ragged_rows_same_message_as_cli(exe, tmp_path):
    point = dict(GOOD, W=[["0.3", "-0.2"], ["-0.4"]])
    expected = cli_message(exe, tmp_path, point)
    with pytest.raises(bothlayers.DimensionError) as e:
        bothlayers.population_loss([[0.3, -0.2], [-0.4]], [0.9, -1.1], [1, -0.5])
    assert str(e.value) == expected


def test_unknown_precision_same_message_as_cli(exe, tmp_path):
    expected = cli_message(exe, tmp_path, GOOD, "--precision", "mp:5")
    with pytest.raises(bothlayers.InvalidArgument) as e:
        bothlayers.population_loss(GOOD["W"], GOOD["v"], GOOD["a"], precision="mp:5")
    assert str(e.value) == expected
    with pytest.raises(bothlayers.InvalidArgument):
        bothlayers.population_loss(GOOD["W"], GOOD["v"], GOOD["a"], precision="quad")


def test_bad_decimal_same_message_as_cli(exe, tmp_path):
    point = dict(GOOD, v=["0.9", "1.1.1"])
    expected = cli_message(exe, tmp_path, point, "--precision", "float128")
    with pytest.raises(bothlayers.ParseError) as e:
        bothlayers.population_loss(point["W"], point["v"], point["a"], precision="float128")
    assert str(e.value) == expected


def test_nan_is_refused():
    W = np.array([[0.3, np.nan], [-0.4, 0.7]])
    with pytest.raises(bothlayers.NonFiniteError, match=r"^W\(0,1\) is not finite$"):
        bothlayers.population_loss(W, np.ones(2), np.ones(2))
    with pytest.raises(bothlayers.ParseError, match="'nan' is not a decimal number"):
        bothlayers.population_loss(W, np.ones(2), np.ones(2), precision="mp:30")
    with pytest.raises(bothlayers.NonFiniteError):
        bothlayers.empirical_loss(np.ones((2, 2)), np.ones(2), np.ones(2), np.array([[1.0, np.inf]]))


def test_overflow_names_the_precision(exe, tmp_path):
    point = {"W": [["1e160"]], "v": ["1"], "a": ["1"]}
    expected = cli_message(exe, tmp_path, point, "--no-hessian")
    with pytest.raises(bothlayers.NonFiniteError) as e:
        bothlayers.population_loss([[1e160]], [1.0], [1.0])
    assert str(e.value) == expected  # eval checks the loss first
    with pytest.raises(bothlayers.NonFiniteError) as e:
        bothlayers.population_gradient([[1e160]], [1.0], [1.0])
    assert str(e.value) == expected.replace("the loss", "the gradient")


def test_zero_neuron():
    with pytest.raises(bothlayers.ZeroNormError):
        bothlayers.population_gradient(np.zeros((2, 3)), np.ones(2), np.ones(3))
    # the loss is defined there
    assert bothlayers.population_loss(np.zeros((2, 3)), np.ones(2), np.ones(3)) == pytest.approx(1.5)


def test_empty_sample_and_bad_output():
    with pytest.raises(bothlayers.Error):
        bothlayers.empirical_loss(np.ones((2, 2)), np.ones(2), np.ones(2), np.zeros((0, 2)))
    with pytest.raises(bothlayers.InvalidArgument):
        bothlayers.population_loss(np.ones((2, 2)), np.ones(2), np.ones(2), precision="mp:30", output="numpy")
    with pytest.raises(bothlayers.ParseError):
        bothlayers.population_loss([[object()]], [1], [1], precision="mp:30")


def test_train_config_errors_same_as_cli(exe, tmp_path):
    config = {"d": 3, "k": 2, "bogus": 1}
    path = tmp_path / "c.json"
    path.write_text(json.dumps(config))
    expected = cli_error(exe, "train", "--config", str(path))
    with pytest.raises(bothlayers.Error) as e:
        bothlayers.train(config)
    assert str(e.value) == expected
    with pytest.raises(bothlayers.Error) as e:
        bothlayers.train(config, stream=True)
    assert str(e.value) == expected
    with pytest.raises(bothlayers.InvalidArgument):
        bothlayers.train({"d": 3, "k": 2, "sigma": "1e-400", "steps": 2})  # underflows double
    with pytest.raises(bothlayers.ParseError):
        bothlayers.train("{not json")
