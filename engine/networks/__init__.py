"""Super-resolution networks: one descriptor per architecture, weight files, ncnn conversion,
the registry of model names, and the device and precision they run in."""
