"""Native PyTorch versions of the Real-ESRGAN networks, with the official state-dict keys."""

from engine.networks.archs.rrdbnet import RRDBNet
from engine.networks.archs.srvgg import SRVGGNetCompact

__all__ = ["RRDBNet", "SRVGGNetCompact"]
