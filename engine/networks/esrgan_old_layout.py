"""ESRGAN's other layouts: the original one, as 4x-UltraSharp, Remacri and the NMKD models
ship (one ``model`` sequence instead of named stages), and BSRGAN/RealSR's names
(``RRDB_trunk``, ``trunk_conv``, ``upconvN``, ``HRconv``).

``model.0`` is the first convolution, ``model.1.sub.N.RDBM.convK.0`` the dense blocks and
``model.1.sub.<blocks>`` the trunk's last convolution; then one convolution per nearest 2x step
(``model.3``, ``model.6``, ... with an upsample and an activation between) and the two last
convolutions. The network is the same RRDBNet; only the names differ, so old files are renamed
to the new names once, at load.
"""

from __future__ import annotations

import re

from engine.networks.architecture import StateDict

FIRST = "model.0.weight"
FIRST_BLOCK = "model.1.sub.0.RDB1.conv1.0.weight"
_BLOCK = re.compile(r"model\.1\.sub\.(\d+)\.RDB(\d)\.conv(\d)\.0\.(weight|bias)")
_TOP = re.compile(r"model\.(\d+)\.(weight|bias)")
_TRUNK_END = re.compile(r"model\.1\.sub\.(\d+)\.(weight|bias)")


def is_old_layout(state: StateDict) -> bool:
    return FIRST in state and FIRST_BLOCK in state


def stage_indices(state: StateDict) -> list[int]:
    """The ``model.N`` indices that hold a convolution, in order: the first one, each 2x step's,
    and the last two."""
    return sorted({int(m.group(1)) for key in state if (m := _TOP.fullmatch(key))})


def block_count(state: StateDict) -> int:
    return 1 + max((int(m.group(1)) for key in state if (m := _BLOCK.fullmatch(key))), default=-1)


def to_new_layout(state: StateDict) -> StateDict:
    """The same tensors under RRDBNet's names; keys it does not know are kept as they are, so
    the strict load names them."""
    indices = stage_indices(state)
    tops = {0: "conv_first"}
    if len(indices) >= 3:
        *ups, hr, last = indices[1:]
        tops |= {index: f"conv_up{i}" for i, index in enumerate(ups, start=1)}
        tops |= {hr: "conv_hr", last: "conv_last"}
    blocks = block_count(state)
    renamed: StateDict = {}
    for key, value in state.items():
        if m := _BLOCK.fullmatch(key):
            block, rdb, conv, kind = m.groups()
            renamed[f"body.{block}.rdb{rdb}.conv{conv}.{kind}"] = value
        elif (m := _TRUNK_END.fullmatch(key)) and int(m.group(1)) == blocks:
            renamed[f"conv_body.{m.group(2)}"] = value
        elif (m := _TOP.fullmatch(key)) and int(m.group(1)) in tops:
            renamed[f"{tops[int(m.group(1))]}.{m.group(2)}"] = value
        else:
            renamed[key] = value
    return renamed


BSRGAN_BLOCK = "RRDB_trunk.0.RDB1.conv1.weight"
_BSRGAN_NAMES = {"trunk_conv": "conv_body", "HRconv": "conv_hr"}
_BSRGAN_KEY = re.compile(r"RRDB_trunk\.(\d+)\.RDB(\d)\.(conv\d\.(?:weight|bias))")
_UPCONV = re.compile(r"upconv(\d)\.(weight|bias)")


def is_bsrgan_layout(state: StateDict) -> bool:
    return "conv_first.weight" in state and BSRGAN_BLOCK in state


def bsrgan_to_new_layout(state: StateDict) -> StateDict:
    renamed: StateDict = {}
    for key, value in state.items():
        layer, _, kind = key.partition(".")
        if m := _BSRGAN_KEY.fullmatch(key):
            renamed[f"body.{m.group(1)}.rdb{m.group(2)}.{m.group(3)}"] = value
        elif m := _UPCONV.fullmatch(key):
            renamed[f"conv_up{m.group(1)}.{m.group(2)}"] = value
        elif layer in _BSRGAN_NAMES:
            renamed[f"{_BSRGAN_NAMES[layer]}.{kind}"] = value
        else:
            renamed[key] = value
    return renamed
