"""Smoothing leaves the float function as it was, touches only the MatMuls' side of a shared tensor, and is
what makes dynamic int8 hold when one activation channel dwarfs the rest."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper
from onnxruntime.quantization import QuantType, quantize_dynamic

from ingest.embed.smoothing import SUFFIX, channel_maxima, smooth_for_quantization

VOCAB, WIDTH, OUT = 50, 16, 8
ROWS = [[3, 7, 9, 11, 2], [4, 8, 2], [12, 13, 14, 15, 16, 17, 2], [20, 2]]


def _toy_encoder(path: Path) -> None:
    """input_ids -> embedding -> X; out = X @ W + X's first OUT channels (a residual reading X itself).
    Channel 5 of X runs fifty times the others and its weight row is fifty times smaller, as a trained
    encoder's outlier channels are."""
    rng = np.random.default_rng(0)
    table = rng.normal(0, 1, (VOCAB, WIDTH)).astype(np.float32)
    table[:, 5] *= 50
    weight = rng.normal(0, 0.2, (WIDTH, OUT)).astype(np.float32)
    weight[5] /= 50
    nodes = [
        helper.make_node("Gather", ["table", "input_ids"], ["x"]),
        helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_f", "last"], ["mask3"]),
        helper.make_node("Mul", ["x", "mask3"], ["x_masked"]),
        helper.make_node("MatMul", ["x_masked", "weight"], ["projected"]),
        helper.make_node("Slice", ["x_masked", "zero", "out", "last"], ["residual"]),
        helper.make_node("Add", ["projected", "residual"], ["hidden"]),
    ]
    graph = helper.make_graph(
        nodes,
        "toy",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "tokens", OUT])],
        [
            numpy_helper.from_array(table, "table"),
            numpy_helper.from_array(weight, "weight"),
            numpy_helper.from_array(np.array([-1], dtype=np.int64), "last"),
            numpy_helper.from_array(np.array([0], dtype=np.int64), "zero"),
            numpy_helper.from_array(np.array([OUT], dtype=np.int64), "out"),
        ],
    )
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), str(path))


def _run(path: Path) -> np.ndarray:
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    width = max(len(r) for r in ROWS)
    ids = np.zeros((len(ROWS), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    for i, row in enumerate(ROWS):
        ids[i, : len(row)], mask[i, : len(row)] = row, 1
    hidden = session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
    return hidden[mask == 1]


@pytest.fixture()
def toy(tmp_path: Path) -> Path:
    path = tmp_path / "toy.onnx"
    _toy_encoder(path)
    return path


def test_smoothing_keeps_the_float_function(toy: Path, tmp_path: Path) -> None:
    smoothed = tmp_path / "smoothed.onnx"
    assert smooth_for_quantization(toy, smoothed, ROWS) == 1
    np.testing.assert_allclose(_run(smoothed), _run(toy), rtol=1e-4, atol=1e-4)
    graph = onnx.load(str(smoothed)).graph
    matmul = next(n for n in graph.node if n.op_type == "MatMul")
    residual = next(n for n in graph.node if n.op_type == "Slice")
    assert matmul.input[0] == "x_masked" + SUFFIX
    assert residual.input[0] == "x_masked", "the residual must keep reading the unsmoothed tensor"


def test_smoothed_channels_come_out_even(toy: Path, tmp_path: Path) -> None:
    smoothed = tmp_path / "smoothed.onnx"
    smooth_for_quantization(toy, smoothed, ROWS)
    before = channel_maxima(onnx.load(str(toy)), ["x_masked"], ROWS)["x_masked"]
    after = channel_maxima(onnx.load(str(smoothed)), ["x_masked" + SUFFIX], ROWS)["x_masked" + SUFFIX]
    assert before.max() / np.median(before) > 20
    assert after.max() / np.median(after) < before.max() / np.median(before) / 4


def test_int8_of_the_smoothed_graph_is_closer_to_float(toy: Path, tmp_path: Path) -> None:
    smoothed = tmp_path / "smoothed.onnx"
    smooth_for_quantization(toy, smoothed, ROWS)
    reference = _run(toy)
    errors = {}
    for name, source in (("plain", toy), ("smoothed", smoothed)):
        target = tmp_path / f"{name}_int8.onnx"
        # MatMuls only: the embedding table's own quantisation error would reach the residual too.
        quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, per_channel=True,
                         reduce_range=True, op_types_to_quantize=["MatMul"])
        errors[name] = float(np.abs(_run(target) - reference).mean())
    assert errors["smoothed"] < errors["plain"] / 4, errors
