"""The prompt a generator embedded in its file, read from files built the way each tool writes
them; damaged and hostile files give no prompt, never an error."""

from __future__ import annotations

import json
import struct
import tracemalloc
import zlib
from typing import Any

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from engine.images.generation_prompt import GenerationPrompt, read_generation_prompt
from testbed.images import encoded, photo

MIB = 1024 * 1024
PIXELS = photo(48, 32)

A1111_TEXT = (
    "masterpiece, a castle on a hill\n"
    "at sunset, (golden light:1.2)\n"
    "Negative prompt: blurry, lowres,\n"
    "watermark\n"
    "Steps: 20, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 2179987202, Size: 512x512, "
    'Model hash: 93b79e09ed, Model: v1-5-pruned-emaonly, Lora hashes: "detail: 1a2b3c", '
    "Version: v1.10.1"
)
A1111_PROMPT = GenerationPrompt(
    prompt="masterpiece, a castle on a hill\nat sunset, (golden light:1.2)",
    negative_prompt="blurry, lowres,\nwatermark",
    source="a1111",
)


def png(*texts: tuple[str, str], zip_: bool = False, itxt: bool = False) -> bytes:
    info = PngInfo()
    for key, value in texts:
        if itxt:
            info.add_itxt(key, value, zip=zip_)
        else:
            info.add_text(key, value, zip=zip_)
    return encoded(PIXELS, "PNG", pnginfo=info)


def chunk(kind: bytes, body: bytes, crc: int | None = None) -> bytes:
    crc = zlib.crc32(kind + body) if crc is None else crc
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def with_chunks(data: bytes, *chunks: bytes) -> bytes:
    """Inserts chunks right after IHDR (8-byte signature + 25-byte IHDR chunk)."""
    return data[:33] + b"".join(chunks) + data[33:]


# ---- AUTOMATIC1111 / Forge --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("zip_", "itxt"), [(False, False), (True, False), (False, True), (True, True)]
)
def test_a1111_parameters_in_text_ztxt_and_itxt(zip_: bool, itxt: bool) -> None:
    data = png(("parameters", A1111_TEXT), zip_=zip_, itxt=itxt)
    assert read_generation_prompt(data) == A1111_PROMPT


def test_a1111_without_negative_and_non_latin_prompt() -> None:
    # Pillow (as A1111 calls it) writes iTXt when the text is not Latin-1.
    text = "城の上の月, 油絵\nSteps: 28, Sampler: Euler a, CFG scale: 5.5, Seed: 7, Size: 64x64"
    found = read_generation_prompt(png(("parameters", text)))
    assert found == GenerationPrompt("城の上の月, 油絵", "", "a1111")


def test_a1111_prompt_only_keeps_every_line() -> None:
    found = read_generation_prompt(png(("parameters", "a red fox\nin the snow")))
    assert found == GenerationPrompt("a red fox\nin the snow", "", "a1111")


def test_long_prompt_is_capped_and_control_characters_dropped() -> None:
    text = (
        "\x07" + "word " * 1000 + "\nNegative prompt: bad\x00hands\nSteps: 20, Seed: 1, Size: 8x8"
    )
    found = read_generation_prompt(png(("parameters", text)))
    assert found is not None
    assert found.prompt == ("word " * 400).strip()
    assert found.negative_prompt == "badhands"


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP"])
@pytest.mark.parametrize(
    ("endian", "code", "encoding"),
    [
        (">", b"UNICODE\x00", "utf-16-be"),  # AUTOMATIC1111: piexif, big-endian UCS-2
        ("<", b"UNICODE\x00", "utf-16-le"),
        ("<", b"ASCII\x00\x00\x00", "ascii"),
        (">", b"\x00" * 8, "utf-8"),
    ],
)
def test_a1111_exif_user_comment(fmt: str, endian: str, code: bytes, encoding: str) -> None:
    exif = Image.Exif()
    exif.endian = endian
    exif.get_ifd(0x8769)[0x9286] = code + A1111_TEXT.encode(encoding)
    found = read_generation_prompt(encoded(PIXELS, fmt, exif=exif.tobytes()))
    assert found == GenerationPrompt(A1111_PROMPT.prompt, A1111_PROMPT.negative_prompt, "exif")


def test_exif_user_comment_in_png_exif_chunk() -> None:
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9286] = b"UNICODE\x00" + "a lighthouse".encode("utf-16-be")
    found = read_generation_prompt(encoded(PIXELS, "PNG", exif=exif.tobytes()))
    assert found == GenerationPrompt("a lighthouse", "", "exif")


# ---- ComfyUI ----------------------------------------------------------------------------------
POSITIVE = "beautiful scenery nature glass bottle landscape, purple galaxy bottle"
NEGATIVE = "text, watermark"


def comfy_api_graph() -> dict[str, Any]:
    """ComfyUI's default text-to-image graph as its SaveImage writes it; the negative encoder is
    listed first, so only the sampler's inputs can tell which text is which."""
    return {
        "7": {
            "inputs": {"text": NEGATIVE, "clip": ["4", 1]},
            "class_type": "CLIPTextEncode",
            "_meta": {"title": "CLIP Text Encode (Prompt)"},
        },
        "3": {
            "inputs": {
                "seed": 156680208700286,
                "steps": 20,
                "cfg": 8,
                "sampler_name": "euler",
                "scheduler": "normal",
                "denoise": 1,
                "model": ["4", 0],
                "positive": ["6", 0],
                "negative": ["7", 0],
                "latent_image": ["5", 0],
            },
            "class_type": "KSampler",
            "_meta": {"title": "KSampler"},
        },
        "4": {
            "inputs": {"ckpt_name": "v1-5-pruned-emaonly.safetensors"},
            "class_type": "CheckpointLoaderSimple",
            "_meta": {"title": "Load Checkpoint"},
        },
        "5": {
            "inputs": {"width": 512, "height": 512, "batch_size": 1},
            "class_type": "EmptyLatentImage",
            "_meta": {"title": "Empty Latent Image"},
        },
        "6": {
            "inputs": {"text": POSITIVE, "clip": ["4", 1]},
            "class_type": "CLIPTextEncode",
            "_meta": {"title": "CLIP Text Encode (Prompt)"},
        },
        "8": {
            "inputs": {"samples": ["3", 0], "vae": ["4", 2]},
            "class_type": "VAEDecode",
            "_meta": {"title": "VAE Decode"},
        },
        "9": {
            "inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]},
            "class_type": "SaveImage",
            "_meta": {"title": "Save Image"},
        },
    }


def comfy_workflow(object_links: bool = False) -> dict[str, Any]:
    """The editor's graph of the same workflow: texts in widgets_values, inputs as link ids."""
    links = [
        [1, 4, 0, 3, 0, "MODEL"],
        [2, 5, 0, 3, 3, "LATENT"],
        [3, 4, 1, 6, 0, "CLIP"],
        [4, 6, 0, 3, 1, "CONDITIONING"],
        [5, 4, 1, 7, 0, "CLIP"],
        [6, 7, 0, 3, 2, "CONDITIONING"],
    ]
    keys = ("id", "origin_id", "origin_slot", "target_id", "target_slot", "type")

    def encoder(node_id: int, clip_link: int, out_link: int, text: str) -> dict[str, Any]:
        return {
            "id": node_id,
            "type": "CLIPTextEncode",
            "pos": [413, 389],
            "size": [425, 180],
            "flags": {},
            "order": 2,
            "mode": 0,
            "inputs": [{"name": "clip", "type": "CLIP", "link": clip_link}],
            "outputs": [
                {
                    "name": "CONDITIONING",
                    "type": "CONDITIONING",
                    "links": [out_link],
                    "slot_index": 0,
                }
            ],
            "properties": {"Node name for S&R": "CLIPTextEncode"},
            "widgets_values": [text],
        }

    return {
        "last_node_id": 9,
        "last_link_id": 6,
        "nodes": [
            encoder(7, 5, 6, NEGATIVE),
            {
                "id": 3,
                "type": "KSampler",
                "mode": 0,
                "inputs": [
                    {"name": "model", "type": "MODEL", "link": 1},
                    {"name": "positive", "type": "CONDITIONING", "link": 4},
                    {"name": "negative", "type": "CONDITIONING", "link": 6},
                    {"name": "latent_image", "type": "LATENT", "link": 2},
                ],
                "outputs": [{"name": "LATENT", "type": "LATENT", "links": [7], "slot_index": 0}],
                "widgets_values": [156680208700286, "randomize", 20, 8, "euler", "normal", 1],
            },
            {
                "id": 4,
                "type": "CheckpointLoaderSimple",
                "mode": 0,
                "outputs": [
                    {"name": "MODEL", "type": "MODEL", "links": [1]},
                    {"name": "CLIP", "type": "CLIP", "links": [3, 5]},
                ],
                "widgets_values": ["v1-5-pruned-emaonly.safetensors"],
            },
            encoder(6, 3, 4, POSITIVE),
        ],
        "links": [dict(zip(keys, link, strict=True)) for link in links] if object_links else links,
        "groups": [],
        "config": {},
        "extra": {"ds": {"scale": 1.0, "offset": [0, 0]}},
        "version": 0.4,
    }


def test_comfyui_prompt_graph_follows_the_sampler() -> None:
    data = png(
        ("prompt", json.dumps(comfy_api_graph())), ("workflow", json.dumps(comfy_workflow()))
    )
    assert read_generation_prompt(data) == GenerationPrompt(POSITIVE, NEGATIVE, "comfyui")


def test_comfyui_through_controlnet_combine_string_node_and_zeroed_negative() -> None:
    graph = comfy_api_graph()
    graph["3"]["inputs"] |= {"positive": ["10", 0], "negative": ["10", 1]}
    graph["10"] = {
        "inputs": {
            "strength": 0.8,
            "positive": ["11", 0],
            "negative": ["14", 0],
            "control_net": ["15", 0],
            "image": ["16", 0],
        },
        "class_type": "ControlNetApplyAdvanced",
    }
    graph["11"] = {
        "inputs": {"conditioning_1": ["6", 0], "conditioning_2": ["12", 0]},
        "class_type": "ConditioningCombine",
    }
    graph["12"] = {"inputs": {"text": ["13", 0], "clip": ["4", 1]}, "class_type": "CLIPTextEncode"}
    graph["13"] = {"inputs": {"value": "soft rim light"}, "class_type": "PrimitiveString"}
    graph["14"] = {"inputs": {"conditioning": ["6", 0]}, "class_type": "ConditioningZeroOut"}
    found = read_generation_prompt(png(("prompt", json.dumps(graph))))
    assert found == GenerationPrompt(f"{POSITIVE}, soft rim light", "", "comfyui")


def test_comfyui_flux_guider_with_sdxl_style_encoder() -> None:
    graph = {
        "1": {
            "inputs": {"noise": ["2", 0], "guider": ["3", 0], "sampler": ["4", 0]},
            "class_type": "SamplerCustomAdvanced",
        },
        "3": {"inputs": {"model": ["9", 0], "conditioning": ["5", 0]}, "class_type": "BasicGuider"},
        "5": {"inputs": {"guidance": 3.5, "conditioning": ["6", 0]}, "class_type": "FluxGuidance"},
        "6": {
            "inputs": {"clip_l": "a fox", "t5xxl": "a fox", "guidance": 3.5, "clip": ["9", 1]},
            "class_type": "CLIPTextEncodeFlux",
        },
    }
    found = read_generation_prompt(png(("prompt", json.dumps(graph))))
    assert found == GenerationPrompt("a fox", "", "comfyui")


@pytest.mark.parametrize("object_links", [False, True])
def test_comfyui_workflow_only(object_links: bool) -> None:
    data = png(("workflow", json.dumps(comfy_workflow(object_links))))
    assert read_generation_prompt(data) == GenerationPrompt(POSITIVE, NEGATIVE, "comfyui")


def test_comfyui_broken_prompt_falls_back_to_workflow() -> None:
    data = png(("prompt", '{"3": {"inputs": '), ("workflow", json.dumps(comfy_workflow())))
    assert read_generation_prompt(data) == GenerationPrompt(POSITIVE, NEGATIVE, "comfyui")


def test_comfyui_without_sampler_uses_encoder_titles() -> None:
    graph = {
        "1": {
            "inputs": {"text": "ugly"},
            "class_type": "CLIPTextEncode",
            "_meta": {"title": "Negative Prompt"},
        },
        "2": {
            "inputs": {"text": "a harbour at dawn"},
            "class_type": "CLIPTextEncode",
            "_meta": {"title": "Positive"},
        },
    }
    found = read_generation_prompt(png(("prompt", json.dumps(graph))))
    assert found == GenerationPrompt("a harbour at dawn", "ugly", "comfyui")


def test_comfyui_cyclic_and_very_long_graphs_are_walked_within_bounds() -> None:
    cyclic = {
        "1": {"inputs": {"positive": ["2", 0], "negative": ["2", 0]}, "class_type": "KSampler"},
        "2": {"inputs": {"conditioning": ["3", 0]}, "class_type": "ConditioningSetArea"},
        "3": {"inputs": {"conditioning": ["2", 0]}, "class_type": "ConditioningSetArea"},
    }
    assert read_generation_prompt(png(("prompt", json.dumps(cyclic)))) is None
    chain: dict[str, Any] = {
        "0": {"inputs": {"positive": ["1", 0], "negative": ["1", 0]}, "class_type": "KSampler"}
    }
    for index in range(1, 3000):
        chain[str(index)] = {"inputs": {"conditioning": [str(index + 1), 0]}, "class_type": "X"}
    chain["3000"] = {"inputs": {"text": "far away"}, "class_type": "CLIPTextEncode"}
    # Too far for the walk from the sampler; found by the encoder fallback instead.
    found = read_generation_prompt(png(("prompt", json.dumps(chain))))
    assert found == GenerationPrompt("far away", "", "comfyui")


def test_comfyui_webp_exif_model_and_make_tags() -> None:
    exif = Image.Exif()
    exif[0x0110] = "prompt:" + json.dumps(comfy_api_graph())
    exif[0x010F] = "workflow:" + json.dumps(comfy_workflow())
    found = read_generation_prompt(encoded(PIXELS, "WEBP", exif=exif.tobytes()))
    assert found == GenerationPrompt(POSITIVE, NEGATIVE, "comfyui")


# ---- InvokeAI and NovelAI ---------------------------------------------------------------------
def test_invokeai_metadata() -> None:
    metadata = {
        "generation_mode": "txt2img",
        "positive_prompt": "a cozy cabin in the woods, snow",
        "negative_prompt": "people, text",
        "width": 512,
        "height": 512,
        "seed": 3306212354,
        "rand_device": "cpu",
        "cfg_scale": 7.5,
        "steps": 30,
        "scheduler": "euler",
        "model": {"key": "8f1c", "hash": "blake3:1b2c", "name": "sd-1.5", "base": "sd-1"},
        "app_version": "4.2.4",
    }
    data = png(("invokeai_metadata", json.dumps(metadata)), ("invokeai_graph", "{}"), itxt=True)
    found = read_generation_prompt(data)
    assert found == GenerationPrompt("a cozy cabin in the woods, snow", "people, text", "invokeai")


def test_invokeai_2_sd_metadata() -> None:
    metadata = {
        "model": "stable diffusion",
        "model_weights": "stable-diffusion-1.5",
        "app_id": "invoke-ai/InvokeAI",
        "app_version": "2.2.5",
        "image": {
            "prompt": [{"prompt": "a fantasy castle, matte painting", "weight": 1.0}],
            "steps": 50,
            "cfg_scale": 7.5,
            "seed": 42,
            "type": "txt2img",
        },
    }
    data = png(("sd-metadata", json.dumps(metadata)), ("Dream", '"a fantasy castle" -s 50'))
    found = read_generation_prompt(data)
    assert found == GenerationPrompt("a fantasy castle, matte painting", "", "invokeai")


NOVELAI_COMMENT = {
    "prompt": "1girl, silver hair, night sky, {{stars}}",
    "steps": 28,
    "height": 1216,
    "width": 832,
    "scale": 5.0,
    "seed": 1234567,
    "sampler": "k_euler_ancestral",
    "noise_schedule": "native",
    "n_samples": 1,
    "uc": "lowres, bad anatomy, [[jpeg artifacts]]",
    "request_type": "PromptGenerateRequest",
}


def test_novelai_description_and_comment() -> None:
    data = png(
        ("Title", "AI generated image"),
        ("Description", NOVELAI_COMMENT["prompt"]),
        ("Software", "NovelAI"),
        ("Source", "Stable Diffusion XL C1E1DE52"),
        ("Generation time", "5.1"),
        ("Comment", json.dumps(NOVELAI_COMMENT)),
    )
    found = read_generation_prompt(data)
    assert found == GenerationPrompt(
        "1girl, silver hair, night sky, {{stars}}",
        "lowres, bad anatomy, [[jpeg artifacts]]",
        "novelai",
    )


def test_novelai_v4_captions_without_description() -> None:
    comment = {
        "v4_prompt": {"caption": {"base_caption": "a cat on a roof", "char_captions": []}},
        "v4_negative_prompt": {"caption": {"base_caption": "blurry", "char_captions": []}},
        "steps": 23,
    }
    data = png(("Software", "NovelAI"), ("Comment", json.dumps(comment)))
    assert read_generation_prompt(data) == GenerationPrompt("a cat on a roof", "blurry", "novelai")


def test_a_description_alone_is_not_a_prompt() -> None:
    data = png(("Description", "Holiday photo, Lisbon"), ("Software", "GIMP 2.10"))
    assert read_generation_prompt(data) is None


# ---- No metadata, damage, hostility -----------------------------------------------------------
@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF", "BMP"])
def test_no_metadata(fmt: str) -> None:
    assert read_generation_prompt(encoded(PIXELS, fmt)) is None


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"parameters\x00a castle",
        b"\x89PNG\r\n\x1a\n",
        b"\xff\xd8\xff",
        b"RIFF\x00\x00\x00\x00WEBP",
    ],
)
def test_not_an_image(data: bytes) -> None:
    assert read_generation_prompt(data) is None


def test_bad_crc_chunk_is_ignored() -> None:
    body = b"parameters\x00" + A1111_TEXT.encode("latin-1")
    data = with_chunks(encoded(PIXELS), chunk(b"tEXt", body, crc=zlib.crc32(b"tEXt" + body) ^ 1))
    assert read_generation_prompt(data) is None
    # Same chunk with its CRC intact: the damage alone is what made it unreadable.
    assert (
        read_generation_prompt(with_chunks(encoded(PIXELS), chunk(b"tEXt", body))) == A1111_PROMPT
    )


def test_truncated_ztxt_and_truncated_file() -> None:
    compressed = zlib.compress(A1111_TEXT.encode("latin-1"))
    cut = chunk(b"zTXt", b"parameters\x00\x00" + compressed[: len(compressed) // 2])
    assert read_generation_prompt(with_chunks(encoded(PIXELS), cut)) is None
    whole = with_chunks(encoded(PIXELS), chunk(b"zTXt", b"parameters\x00\x00" + compressed))
    assert read_generation_prompt(whole) == A1111_PROMPT
    assert read_generation_prompt(whole[:60]) is None


@pytest.mark.parametrize(
    "text",
    [
        '{"3": {"inputs": {"text": "a", ',
        "[" * 100_000 + "]" * 100_000,
        '{"a": ' * 50_000 + "1" + "}" * 50_000,
        '"just a string"',
        "[1, 2, 3]",
    ],
)
def test_invalid_or_deep_json_gives_no_prompt(text: str) -> None:
    for key in ("prompt", "workflow", "invokeai_metadata", "Comment"):
        assert read_generation_prompt(png((key, text), zip_=True)) is None


def zlib_bomb(size: int) -> bytes:
    compressor = zlib.compressobj(9)
    block = bytes(MIB)
    parts = [compressor.compress(block) for _ in range(size // MIB)]
    return b"".join(parts) + compressor.flush()


@pytest.mark.parametrize("kind", [b"zTXt", b"iTXt"])
def test_zip_bomb_is_not_inflated(kind: bytes) -> None:
    bomb = zlib_bomb(100 * MIB)
    header = b"parameters\x00\x00" if kind == b"zTXt" else b"parameters\x00\x01\x00\x00\x00"
    data = with_chunks(encoded(PIXELS), chunk(kind, header + bomb))
    tracemalloc.start()
    try:
        assert read_generation_prompt(data) is None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Inflating the bomb would need 100 MiB; the cap stops at a little over 1 MiB.
    assert peak < 4 * MIB


def test_text_after_the_pixels_is_still_found() -> None:
    # The walk steps over IDAT chunks without reading them and finds text stored after them.
    data = encoded(photo(256, 256), "PNG")
    iend = len(data) - 12
    body = b"parameters\x00" + A1111_TEXT.encode("latin-1")
    assert read_generation_prompt(data[:iend] + chunk(b"tEXt", body) + data[iend:]) == A1111_PROMPT


def test_hostile_exif_offsets() -> None:
    # IFD0 claims 65535 entries and an Exif IFD pointer far past the end of the data.
    tiff = b"MM\x00*\x00\x00\x00\x08" + struct.pack(">H", 0xFFFF)
    tiff += struct.pack(">HHII", 0x8769, 4, 1, 0x7FFFFFFF)
    app1 = b"Exif\x00\x00" + tiff
    jpeg = encoded(PIXELS, "JPEG")
    data = jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + jpeg[2:]
    assert read_generation_prompt(data) is None
    # A UserComment whose length runs past the end.
    tiff = b"II*\x00\x08\x00\x00\x00" + struct.pack("<H", 1)
    tiff += struct.pack("<HHII", 0x8769, 4, 1, 26) + b"\x00" * 4
    tiff += struct.pack("<H", 1) + struct.pack("<HHII", 0x9286, 7, 1_000_000, 44)
    riff = b"WEBP" + chunk_riff(b"EXIF", tiff)
    assert read_generation_prompt(b"RIFF" + struct.pack("<I", len(riff)) + riff) is None


def chunk_riff(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("<I", len(body)) + body + b"\x00" * (len(body) & 1)
