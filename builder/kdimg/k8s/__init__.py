"""`kdimg k8s`: the seeds' manual Kubernetes procedures as commands.

The manifest commands (sidecar, force-start, secret-copy) edit workload YAML in place, keeping every
byte they do not change; `debug` prints the `kubectl debug` command that will work for a pod.
"""
from __future__ import annotations

DEFAULT_IMAGE = "kdimg/debug:full-debian"
NONROOT_IMAGE = DEFAULT_IMAGE + "-nonroot"

# Annotations kdimg writes on the object's own metadata (not the pod template's, so recording a
# change does not by itself roll pods), and reads back to undo the change.
ANNOTATION_PREFIX = "kdimg.io/"

# PID 1 of a shell ignores SIGTERM unless it traps it, and a plain `sleep` would delay the trap
# until it returns: sleep in the background and `wait`, which the trap interrupts at once, so
# deleting the pod takes no grace period.
KEEPALIVE = ["sh", "-c", "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done"]
