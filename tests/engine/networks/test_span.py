"""A SPAN file in its training form (each Conv3XC as a 1x1-3x3-1x1 chain plus a 1x1 skip)
loads as the single 3x3 convolutions those compute, and the bundled graphs' input mean and
range are read from the files."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from engine.networks.architecture import NetworkSpec
from engine.networks.architectures import ARCHITECTURES
from engine.networks.archs.span import collapse_conv3xc
from engine.networks.bundled import SPAN_DISTRIBUTION, bundled_model_files
from engine.networks.ncnn import read_graph
from engine.networks.span import SPAN_ARCHITECTURE, SpanHyper


def _training_form(collapsed: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Random training-form parameters under the reference's names (gain 2), keeping the
    stale ``eval_conv`` entries a training checkpoint also holds."""
    state = dict(collapsed)
    for key in [k for k in collapsed if k.endswith("eval_conv.weight")]:
        prefix = key.removesuffix("eval_conv.weight")
        c_out, c_in = collapsed[key].shape[:2]
        shapes = {
            "sk.weight": (c_out, c_in, 1, 1), "sk.bias": (c_out,),
            "conv.0.weight": (2 * c_in, c_in, 1, 1), "conv.0.bias": (2 * c_in,),
            "conv.1.weight": (2 * c_out, 2 * c_in, 3, 3), "conv.1.bias": (2 * c_out,),
            "conv.2.weight": (c_out, 2 * c_out, 1, 1), "conv.2.bias": (c_out,),
        }  # fmt: skip
        for name, shape in shapes.items():
            state[prefix + name] = torch.randn(shape) * 0.1
    return state


def test_a_training_form_file_computes_what_its_chain_computes():
    """Each collapsed 3x3 convolution gives what the chain and skip give on the same pixels
    (away from the border, where the reference pads differently in training), and the file
    is recognised as the same SPAN with the collapsed weights loaded."""
    torch.manual_seed(0)
    spec = NetworkSpec(SPAN_ARCHITECTURE, SpanHyper(scale=2, feature_channels=8))
    state = _training_form(spec.build().state_dict())
    assert ARCHITECTURES.detect(state, "4x-span.pth") == spec
    module = spec.load(dict(state), "4x-span.pth")
    x = torch.randn(1, 8, 12, 12)
    prefix = "block_3.c2_r."
    parts = {k.removeprefix(prefix): v for k, v in state.items() if k.startswith(prefix)}
    chain = F.conv2d(F.conv2d(x, parts["conv.0.weight"], parts["conv.0.bias"]),
                     parts["conv.1.weight"], parts["conv.1.bias"])  # fmt: skip
    chain = F.conv2d(chain, parts["conv.2.weight"], parts["conv.2.bias"])
    chain = chain + F.conv2d(x, parts["sk.weight"], parts["sk.bias"])[..., 1:-1, 1:-1]
    weight, bias = collapse_conv3xc(parts)
    assert torch.allclose(F.conv2d(x, weight, bias), chain, atol=1e-5)
    loaded = module.state_dict()
    assert torch.equal(loaded[prefix + "eval_conv.weight"], weight)
    assert torch.equal(loaded[prefix + "eval_conv.bias"], bias)
    assert state[prefix + "eval_conv.weight"].shape == weight.shape  # the stale one, replaced
    assert not torch.equal(state[prefix + "eval_conv.weight"], weight)


def test_the_bundled_graphs_input_mean_and_range_are_read():
    """4xSPANkendata subtracts ImageNet's mean and keeps [0, 1]; ClearReality subtracts
    DIV2K's and works in [0, 255]: each model normalises its input as it was trained."""
    kendata = bundled_model_files("models/4xSPANkendata", SPAN_DISTRIBUTION)
    clear = bundled_model_files("models/ClearReality4x", SPAN_DISTRIBUTION)
    assert kendata is not None and clear is not None
    kendata_hyper = read_graph(kendata[0]).spec.hyper
    clear_hyper = read_graph(clear[0]).spec.hyper
    assert kendata_hyper.img_range == 1.0 and clear_hyper.img_range == 255.0
    assert [round(v, 4) for v in kendata_hyper.rgb_mean] == [0.485, 0.456, 0.406]
    assert [round(v, 4) for v in clear_hyper.rgb_mean] == [0.4488, 0.4371, 0.404]
    assert kendata_hyper.scale == clear_hyper.scale == 4
