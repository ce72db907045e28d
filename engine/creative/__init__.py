"""Generative upscaling: the ``creative`` engine (Stable Diffusion x4 upscaler, tiled) and
the ``detail`` engine (Real-ESRGAN, then tiled img2img with an SD 1.5 / SDXL checkpoint),
with one set of controls (:mod:`engine.creative.controls`).

The package itself imports nothing: the bot reads the controls' bounds without torch, and
only the engine's own process loads the pipelines (:mod:`engine.creative.engines`)."""
