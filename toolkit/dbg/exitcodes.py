"""What a container exit code and Kubernetes termination reason mean. Pure knowledge."""
from __future__ import annotations

SIGNALS = {
    1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS",
    8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE",
    14: "SIGALRM", 15: "SIGTERM", 16: "SIGSTKFLT", 17: "SIGCHLD", 18: "SIGCONT", 19: "SIGSTOP",
    20: "SIGTSTP", 21: "SIGTTIN", 22: "SIGTTOU", 23: "SIGURG", 24: "SIGXCPU", 25: "SIGXFSZ",
    26: "SIGVTALRM", 27: "SIGPROF", 28: "SIGWINCH", 29: "SIGIO", 30: "SIGPWR", 31: "SIGSYS",
}  # Linux numbering (x86, arm64)

_SIGNAL_MEANING = {
    2: "interrupted (Ctrl-C, or a SIGINT sent by a supervisor)",
    6: "the program aborted itself (assertion failure, abort(), glibc heap corruption, uncaught C++ exception)",
    7: "bus error: bad memory access, often a truncated memory-mapped file or a full /dev/shm",
    9: "the OOM killer (memory limit), or the kubelet after terminationGracePeriodSeconds "
       "(default 30 s) when SIGTERM did not stop it, or a manual kill -9",
    11: "segmentation fault: the program touched invalid memory (native crash, wrong-architecture or musl/glibc "
        "mismatched binary, stack overflow)",
    13: "wrote to a pipe or socket whose reader went away",
    15: "asked to stop with SIGTERM (pod deletion, rollout, eviction, preemption, failed liveness probe) "
        "and exited without handling it",
}

_CODES = {
    0: ("success", ["the process finished normally; in a Deployment a container that exits 0 is still "
                    "restarted (CrashLoopBackOff with reason Completed): long-running apps must not exit"]),
    1: ("generic application error", []),
    2: ("misuse of a shell builtin or bad command-line arguments (many CLIs use 2 for usage errors)",
        ["check command/args in the pod spec against the image's ENTRYPOINT/CMD"]),
    125: ("the container runtime itself failed to run the container (docker run error)",
          ["kubectl describe pod: look at Events for the runtime's message"]),
    126: ("command found but not executable (missing +x, a directory, wrong architecture, or noexec mount)",
          ["check the file mode and architecture of the entrypoint in the image"]),
    127: ("command not found (wrong path in command/args, missing binary, or a script's interpreter "
          "missing, e.g. #!/bin/bash in a distroless or alpine image)",
          ["check command/args and that the binary exists in the image"]),
    128: ("on containerd: the container could not be started (reason StartError), e.g. executable "
          "not found in $PATH or permission denied; otherwise an invalid exit argument",
          ["kubectl describe pod: the StartError message names the missing or unusable executable"]),
    255: ("exit status out of range (exit(-1) becomes 255) or a generic fatal error (ssh, some runtimes)",
          []),
}

REASONS = {
    "OOMKilled": ("the kernel OOM killer killed the container's process: it reached its memory limit "
                  "(or the node ran out of memory)",
                  ["compare usage with resources.limits.memory: kubectl top pod, kubectl describe pod",
                   "raise the limit or reduce memory use (JVM -XX:MaxRAMPercentage, GOMEMLIMIT, worker counts)"]),
    "Error": ("the container exited with a non-zero code", []),
    "Completed": ("the container exited with code 0", []),
    "ContainerCannotRun": ("the runtime (dockershim/docker) could not start the command: missing executable, "
                           "bad permissions, wrong architecture",
                           ["kubectl describe pod: the message names the problem", "check command/args and the image"]),
    "StartError": ("containerd failed to start the container process (exit code 128): executable not found in "
                   "$PATH, permission denied, or a bad mount/working directory",
                   ["kubectl describe pod: read the StartError message", "check command/args, workingDir and volume mounts"]),
    "ContainerStatusUnknown": ("the kubelet lost track of the container (node problem or eviction)",
                               ["kubectl describe node, and the pod's events"]),
    "DeadlineExceeded": ("the pod ran longer than activeDeadlineSeconds", ["check the Job/pod activeDeadlineSeconds"]),
    "Evicted": ("the kubelet evicted the pod under node pressure (memory, disk, PIDs)",
                ["kubectl describe pod: the eviction message names the resource"]),
}

COMMON_NEXT = ["kubectl describe pod POD (Last State, Reason, Exit Code, Events)",
               "kubectl logs POD -c CONTAINER --previous (output of the run that ended)"]


def canonical_reason(reason: "str | None") -> "str | None":
    if reason is None:
        return None
    for known in REASONS:
        if known.lower() == reason.strip().lower():
            return known
    return reason.strip()


def explain(code: int, reason: "str | None" = None) -> dict:
    """Meaning, signal, next steps and notes for ``code`` (0-255) and an optional reason."""
    signal = None
    steps: "list[str]" = []
    notes: "list[str]" = []
    if code in _CODES:
        meaning, steps = _CODES[code][0], list(_CODES[code][1])
    elif 129 <= code <= 159:
        n = code - 128
        name = SIGNALS.get(n, "SIG%d" % n)
        signal = {"number": n, "name": name}
        meaning = "killed by signal %d (%s): %s" % (
            n, name, _SIGNAL_MEANING.get(n, "terminated by this signal (128 + signal number)"))
        if n == 9:
            steps += ["kubectl describe pod: Reason OOMKilled means the memory limit; otherwise look at Events for "
                      "'Killing' (grace period) or 'Liveness probe failed'",
                      "check resources.limits.memory and terminationGracePeriodSeconds"]
        elif n == 15:
            steps += ["check Events for who stopped it (rollout, eviction, liveness probe); handle SIGTERM to "
                      "shut down cleanly (exit 0)"]
        elif n == 11:
            steps += ["check the image architecture matches the node (arm64 vs amd64) and native libraries"]
    elif 160 <= code <= 255:
        meaning = ("exit status above 159: not a standard signal; a program-defined code "
                   "(or exit(%d) wrapped modulo 256)" % (code - 256))
    else:
        meaning = "application-defined error code %d (see the program's documentation)" % code
    reason_c = canonical_reason(reason)
    reason_meaning = None
    if reason_c is not None:
        if reason_c in REASONS:
            reason_meaning, more = REASONS[reason_c]
            steps = list(more) + [s for s in steps if s not in more]
        else:
            notes.append("unknown reason %r: known ones are %s" % (reason_c, ", ".join(REASONS)))
        notes += _disagreements(code, reason_c)
    for s in COMMON_NEXT:
        if s not in steps:
            steps.append(s)
    return {"code": code, "reason": reason_c, "meaning": meaning, "reason_meaning": reason_meaning,
            "signal": signal, "next_steps": steps, "notes": notes}


def _disagreements(code: int, reason: str) -> "list[str]":
    trust = "the reason is more reliable than the code"
    if reason == "OOMKilled" and code != 137:
        return ["OOMKilled with exit code %d (not 137): the OOM killer may have killed a child process while "
                "the main process exited on its own; %s" % (code, trust)]
    if code == 137 and reason not in ("OOMKilled", None):
        return ["137 (SIGKILL) without OOMKilled: most likely killed after the termination grace period, by a "
                "failed liveness probe, or manually - not the memory limit as recorded; %s" % trust]
    if reason == "Completed" and code != 0:
        return ["Completed with a non-zero code %d is contradictory; %s" % (code, trust)]
    if reason == "Error" and code == 0:
        return ["Error with code 0 is contradictory; %s" % trust]
    if reason == "StartError" and code != 128:
        return ["StartError usually comes with exit code 128 (got %d); the process never started" % code]
    return []
