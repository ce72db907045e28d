"""The prompt formats image generators write, read from their text without trusting it.

Each reader takes text already bounded by the container walk and returns ``(prompt, negative)``
or None; none of them raises. JSON is parsed only below a size and nesting limit, and a
ComfyUI graph is walked for at most a fixed number of nodes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from itertools import accumulate
from typing import Any

Prompts = tuple[str, str]

MAX_JSON_CHARS = 1024 * 1024
MAX_JSON_DEPTH = 64
MAX_GRAPH_NODES = 5000
MAX_GRAPH_VISITS = 256

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]")
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def bounded_json(text: str) -> Any:
    """``json.loads`` for text of bounded size and nesting, or None for anything else."""
    if len(text) > MAX_JSON_CHARS:
        return None
    # Depth is counted on the brackets outside strings, before the parser recurses into them.
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    if brackets and max(accumulate(map(_DEPTH_STEP.__getitem__, brackets))) > MAX_JSON_DEPTH:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


# ---- AUTOMATIC1111 / Forge infotext ---------------------------------------------------------
# "prompt lines\nNegative prompt: negative lines\nSteps: 20, Sampler: Euler a, CFG scale: 7, ..."
_SETTING = re.compile(r"\s*\w[\w \-/]{0,60}:")


def _is_settings_line(line: str) -> bool:
    # A1111 takes the last line as settings when it holds three or more "Key: value" pairs.
    # Counted piecewise with a bounded key, as a regex over a whole hostile line backtracks.
    if line.startswith("Steps: "):
        return True
    return sum(1 for part in line.split(",", 64) if _SETTING.match(part)) >= 3


def a1111_prompts(text: str) -> Prompts | None:
    *lines, last = text.strip().split("\n")
    if not _is_settings_line(last):
        lines.append(last)
    prompt: list[str] = []
    negative: list[str] = []
    target = prompt
    for raw in lines:
        line = raw.strip()
        if line.startswith("Negative prompt:"):
            target = negative
            line = line[len("Negative prompt:") :].strip()
        target.append(line)
    return "\n".join(prompt), "\n".join(negative)


# ---- ComfyUI ----------------------------------------------------------------------------------
# Both of its graphs are brought to one shape: node id -> (class type, title, inputs), where an
# input is a literal or a link ``(node id, output slot)``.
Node = tuple[str, str, dict[str, object]]
_LINK_LENGTH = 2
# Inputs that never carry the prompt: following them only wastes the walk's budget.
_NOT_CONDITIONING = frozenset(
    {"clip", "model", "vae", "latent_image", "samples", "pixels", "image", "images", "mask"}
)
_TEXT_INPUTS = frozenset({"clip_l", "t5xxl", "prompt", "string", "value"})
# Nodes whose output is no prompt although their input is one (Flux's empty negative).
_EMPTY_CONDITIONING = frozenset({"ConditioningZeroOut"})
_TEXT_WIDGET_TYPES = re.compile(r"encode|text|string|prompt", re.IGNORECASE)
_SAMPLER = re.compile(r"sampler|guider", re.IGNORECASE)


def _linked(value: object) -> str | None:
    """The node an input is linked to, or None for a literal."""
    if (
        isinstance(value, list | tuple)
        and len(value) == _LINK_LENGTH
        and isinstance(value[0], str)
        and isinstance(value[1], int)
    ):
        return value[0]
    return None


def _is_text_input(name: str) -> bool:
    return name.startswith("text") or name in _TEXT_INPUTS


def _collect(
    graph: Mapping[str, Node], node_id: str | None, side: str, out: list[str], seen: set[str]
) -> None:
    """Gathers the texts that reach one conditioning input, walking the graph upstream."""
    if node_id is None or node_id in seen or len(seen) >= MAX_GRAPH_VISITS or node_id not in graph:
        return
    seen.add(node_id)
    class_type, _, inputs = graph[node_id]
    if class_type in _EMPTY_CONDITIONING:
        return
    # A node that splits positive from negative (ControlNet apply, guiders, loaders with
    # prompt widgets) is followed on our side only.
    if side in inputs:
        value = inputs[side]
        if isinstance(value, str):
            out.append(value)
        else:
            _collect(graph, _linked(value), side, out, seen)
        return
    for name, value in inputs.items():
        if isinstance(value, str) and _is_text_input(name):
            out.append(value)
        elif name not in _NOT_CONDITIONING:
            _collect(graph, _linked(value), side, out, seen)


def _joined(texts: list[str]) -> str:
    unique = dict.fromkeys(text.strip() for text in texts)
    return ", ".join(text for text in unique if text)


def _graph_prompts(graph: Mapping[str, Node]) -> Prompts | None:
    # Samplers and guiders first: their positive/negative inputs say which text is which (a
    # guider without a negative, Flux's BasicGuider, takes one "conditioning").
    splitters = [
        (nid, "positive" if _linked(inputs.get("positive")) else "conditioning")
        for nid, (class_type, _, inputs) in graph.items()
        if _linked(inputs.get("positive"))
        or (_SAMPLER.search(class_type) and _linked(inputs.get("conditioning")))
    ]
    splitters.sort(key=lambda entry: not _SAMPLER.search(graph[entry[0]][0]))
    for node_id, positive_input in splitters:
        inputs = graph[node_id][2]
        found: dict[str, list[str]] = {"positive": [], "negative": []}
        for side, name in (("positive", positive_input), ("negative", "negative")):
            _collect(graph, _linked(inputs.get(name)), side, found[side], set())
        if prompt := _joined(found["positive"]):
            return prompt, _joined(found["negative"])
    # No sampler led to a text: take the text encoders, sorted by their titles.
    positive: list[str] = []
    negative: list[str] = []
    for class_type, title, inputs in graph.values():
        if "TextEncode" in class_type:
            texts = [v for k, v in inputs.items() if isinstance(v, str) and _is_text_input(k)]
            (negative if "negative" in title.lower() else positive).append(_joined(texts))
    prompt = next((text for text in positive if text), "")
    return (prompt, next((text for text in negative if text), "")) if prompt else None


def comfyui_api_prompts(text: str) -> Prompts | None:
    """The ``prompt`` chunk: ``{"3": {"class_type": "KSampler", "inputs": {...}}, ...}``."""
    data = bounded_json(text)
    if not isinstance(data, dict) or not 0 < len(data) <= MAX_GRAPH_NODES:
        return None
    graph: dict[str, Node] = {}
    for node_id, node in data.items():
        if isinstance(node, dict) and isinstance(node.get("inputs"), dict):
            meta = node.get("_meta")
            title = meta.get("title") if isinstance(meta, dict) else None
            class_type = node.get("class_type")
            graph[node_id] = (
                class_type if isinstance(class_type, str) else "",
                title if isinstance(title, str) else "",
                node["inputs"],
            )
    return _graph_prompts(graph)


def _link_origins(links: object) -> dict[int, str]:
    """Link id -> the node it comes from; links are ``[id, origin, slot, target, slot, type]``
    lists in the classic format and ``{"id", "origin_id", ...}`` objects in the newer one."""
    origins: dict[int, str] = {}
    for link in links if isinstance(links, list) else []:
        if isinstance(link, list) and len(link) >= _LINK_LENGTH:
            link_id, origin = link[0], link[1]
        elif isinstance(link, dict):
            link_id, origin = link.get("id"), link.get("origin_id")
        else:
            continue
        if isinstance(link_id, int) and isinstance(origin, int | str):
            origins[link_id] = str(origin)
    return origins


def comfyui_workflow_prompts(text: str) -> Prompts | None:
    """The ``workflow`` chunk, the editor's graph: prompts live in the text encoders'
    ``widgets_values``, and inputs point at entries of ``links``."""
    data = bounded_json(text)
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        return None
    nodes = data["nodes"][:MAX_GRAPH_NODES]
    origins = _link_origins(data.get("links"))
    graph: dict[str, Node] = {}
    for node in nodes:
        if not isinstance(node, dict) or not isinstance(node.get("id"), int | str):
            continue
        node_type, title = node.get("type"), node.get("title")
        node_type = node_type if isinstance(node_type, str) else ""
        inputs: dict[str, object] = {}
        slots = node.get("inputs")
        for slot in slots if isinstance(slots, list) else []:
            if isinstance(slot, dict) and isinstance(slot.get("name"), str):
                origin = origins.get(slot["link"]) if isinstance(slot.get("link"), int) else None
                if origin is not None:
                    inputs[slot["name"]] = [origin, 0]
        widgets = node.get("widgets_values")
        if _TEXT_WIDGET_TYPES.search(node_type) and isinstance(widgets, list):
            strings = [value for value in widgets if isinstance(value, str)]
            inputs.update({f"text{index}": value for index, value in enumerate(strings)})
        graph[str(node["id"])] = (node_type, title if isinstance(title, str) else "", inputs)
    return _graph_prompts(graph)


# ---- InvokeAI and NovelAI ---------------------------------------------------------------------
def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def invokeai_prompts(text: str) -> Prompts | None:
    """``invokeai_metadata`` (3.x and later: ``positive_prompt``/``negative_prompt``) or the 2.x
    ``sd-metadata`` (``{"image": {"prompt": "..." or [{"prompt": "...", "weight": 1.0}]}}``)."""
    data = bounded_json(text)
    if not isinstance(data, dict):
        return None
    if "positive_prompt" in data:
        return _text(data["positive_prompt"]), _text(data.get("negative_prompt"))
    image = data.get("image")
    prompt = image.get("prompt") if isinstance(image, dict) else data.get("prompt")
    if isinstance(prompt, list):
        parts = [p.get("prompt") if isinstance(p, dict) else None for p in prompt[:64]]
        prompt = " ".join(part for part in parts if isinstance(part, str))
    return _text(prompt), ""


def _novelai_caption(value: object) -> str:
    caption = value.get("caption") if isinstance(value, dict) else None
    return _text(caption.get("base_caption")) if isinstance(caption, dict) else ""


def novelai_prompts(
    description: str | None, comment: str | None, software: str | None
) -> Prompts | None:
    """``Description`` holds the prompt; ``Comment`` is JSON with ``prompt`` and ``uc`` (the
    negative), and since V4 ``v4_prompt``/``v4_negative_prompt`` captions."""
    settings = bounded_json(comment) if comment is not None else None
    settings = settings if isinstance(settings, dict) else {}
    is_novelai = software == "NovelAI" or any(
        key in settings for key in ("uc", "prompt", "v4_prompt")
    )
    if not is_novelai:
        return None
    prompt = (
        _text(description)
        or _text(settings.get("prompt"))
        or _novelai_caption(settings.get("v4_prompt"))
    )
    negative = _text(settings.get("uc")) or _novelai_caption(settings.get("v4_negative_prompt"))
    return prompt, negative
