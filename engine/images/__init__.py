"""Image files: decode and validate (bounded), encode to fit, container checks, what runs
inside a probe process, and prompts read from files. No torch."""
