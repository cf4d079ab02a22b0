"""dbg: see what a Kubernetes target container sees, from a debug container."""

__version__ = "0.1.0"
