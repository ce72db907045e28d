"""Tiled inference: the tile plan (:mod:`engine.tiling.plan`) apart from running it
(:mod:`engine.tiling.inference`, :mod:`engine.tiling.strips`)."""
