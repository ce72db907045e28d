"""Images and models: decoding, Real-ESRGAN architectures, weights, tiling, encoding, workers."""
