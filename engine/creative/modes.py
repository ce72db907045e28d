"""The generative modes by name, apart from their engines so that menus and the command
line can list them without loading torch."""

CREATIVE = "creative"  # the x4 upscaler, tiled
DETAIL = "detail"  # Real-ESRGAN, then img2img with an SD 1.5 / SDXL checkpoint
MODES: tuple[str, ...] = (CREATIVE, DETAIL)
