"""What tests and benchmarks share: a fake Discord server and sample images. Never imported by
the product."""
