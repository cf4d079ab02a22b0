"""kdimg: build, verify and use Kubernetes debug images."""

__version__ = "0.1.0"
