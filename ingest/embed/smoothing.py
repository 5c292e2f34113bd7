"""Move activation outliers into the weights before int8 quantisation (SmoothQuant's migration, on an ONNX graph).

Dynamic quantisation gives each activation tensor one scale per call. In e5-small a channel or two of the
layer-norm and GELU outputs runs 10 to 70 times the median channel's magnitude, so that one scale leaves
the other channels a handful of levels. For a MatMul `X @ W` with a constant `W`, `(X / s) @ (diag(s) W)`
is the same function: with `s_j = max|X_j|^alpha / max|W_j|^(1 - alpha)` per input channel, the activation's
channels come out about even and the weight, quantised per output channel, takes the range instead.
The division is an explicit Mul on the MatMuls' side only, so a residual connection reading the same tensor
is untouched (in a post-norm encoder the layer-norm output is also the residual stream).

The channel maxima come from running the float graph over a fixed sample of texts: calibration on the
exporter's own sentences, never on an archive's documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

# The share of each channel's range moved into the weights. 0.5 is SmoothQuant's default; on the export's
# agreement sample 0.7 left the least error (lowest cosine with float32 0.9979, against 0.9970 at 0.5,
# 0.9964 at 0.85 and 0.9917 without smoothing).
ALPHA = 0.7
SUFFIX = "_smoothed"


def smooth_for_quantization(source: Path, target: Path, rows: Sequence[list[int]], alpha: float = ALPHA) -> int:
    """Write to `target` the float graph of `source` with every constant-weight MatMul's input smoothed,
    calibrated on token id rows `rows` (special tokens included); return how many tensors were smoothed."""
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(source))
    graph = model.graph
    weights = {init.name: init for init in graph.initializer}
    readers: dict[str, list] = {}
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in weights:
            readers.setdefault(node.input[0], []).append(node)
    maxima = channel_maxima(model, list(readers), rows)

    smoothing = {}
    for tensor, nodes in readers.items():
        matrices = [numpy_helper.to_array(weights[node.input[1]]) for node in nodes]
        weight_max = np.max([np.abs(w).max(axis=1) for w in matrices], axis=0)
        scale = _scales(maxima[tensor], weight_max, alpha)
        inverse = numpy_helper.from_array((1.0 / scale).astype(np.float32), tensor + SUFFIX + "_inverse")
        graph.initializer.append(inverse)
        smoothing[tensor] = helper.make_node("Mul", [tensor, inverse.name], [tensor + SUFFIX], name=tensor + SUFFIX)
        for node, matrix in zip(nodes, matrices, strict=True):
            node.input[0] = tensor + SUFFIX
            weights[node.input[1]].CopyFrom(
                numpy_helper.from_array((matrix * scale[:, None]).astype(np.float32), node.input[1])
            )

    # Each Mul right after the node that writes its tensor, so the graph stays in topological order.
    ordered = []
    for node in graph.node:
        ordered.append(node)
        ordered += [smoothing[out] for out in node.output if out in smoothing]
    del graph.node[:]
    graph.node.extend(ordered)
    onnx.save(model, str(target))
    return len(smoothing)


def channel_maxima(model: object, tensors: list[str], rows: Sequence[list[int]]) -> dict[str, np.ndarray]:
    """The largest magnitude of each channel (last axis) of each tensor in `tensors`, over the real tokens of
    `rows`, run through `model` (an onnx ModelProto taking input_ids and attention_mask) in batches of 8."""
    import onnx
    import onnxruntime as ort

    probe = onnx.ModelProto()
    probe.CopyFrom(model)
    for name in tensors:
        probe.graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None))
    session = ort.InferenceSession(probe.SerializeToString(), providers=["CPUExecutionProvider"])
    del probe
    maxima: dict[str, np.ndarray] = {}
    for start in range(0, len(rows), 8):
        batch = rows[start : start + 8]
        width = max(len(r) for r in batch)
        # Padding positions are masked out of attention and of the statistics, so their id does not matter.
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for i, row in enumerate(batch):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1
        real = mask.reshape(-1) == 1
        outputs = session.run(tensors, {"input_ids": ids, "attention_mask": mask})
        for name, value in zip(tensors, outputs, strict=True):
            peak = np.abs(value.reshape(-1, value.shape[-1])[real]).max(axis=0)
            maxima[name] = peak if name not in maxima else np.maximum(maxima[name], peak)
    return maxima


def _scales(activation_max: np.ndarray, weight_max: np.ndarray, alpha: float) -> np.ndarray:
    # A channel never seen active, or a zero weight row, keeps its scale near 1 instead of dividing by 0.
    activation_max = np.maximum(activation_max, 1e-5)
    weight_max = np.maximum(weight_max, 1e-5)
    return (activation_max**alpha / weight_max ** (1 - alpha)).astype(np.float32)
