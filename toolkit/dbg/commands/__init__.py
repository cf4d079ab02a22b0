"""One module per dbg command; each exposes ``run(args, ctx) -> int``."""
