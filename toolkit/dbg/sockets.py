"""Pure parsers for /proc/PID/net/{tcp,tcp6,udp,udp6,unix}.

Addresses are hex: IPv4 ``0100007F:1F90`` is one 32-bit word in host byte
order (127.0.0.1 on little-endian), IPv6 is four such words.  Ports are
big-endian hex.  Malformed lines are skipped, never raised.
"""
from __future__ import annotations

TCP_STATES = {
    1: "ESTABLISHED", 2: "SYN_SENT", 3: "SYN_RECV", 4: "FIN_WAIT1", 5: "FIN_WAIT2", 6: "TIME_WAIT",
    7: "CLOSE", 8: "CLOSE_WAIT", 9: "LAST_ACK", 10: "LISTEN", 11: "CLOSING", 12: "NEW_SYN_RECV",
}
UNIX_TYPES = {1: "stream", 2: "dgram", 5: "seqpacket"}
UNIX_STATES = {1: "UNCONNECTED", 2: "CONNECTING", 3: "CONNECTED", 4: "DISCONNECTING"}
SO_ACCEPTCON = 0x10000


def decode_address(hexaddr: str, byteorder: str = "little") -> str:
    """``0100007F`` -> ``127.0.0.1``; 32 hex digits -> IPv6 text. ValueError when malformed."""
    if len(hexaddr) not in (8, 32):
        raise ValueError("bad address length")
    raw = b""
    for i in range(0, len(hexaddr), 8):
        word = bytes.fromhex(hexaddr[i:i + 8])
        raw += word[::-1] if byteorder == "little" else word
    if len(raw) == 4:
        return ".".join(str(b) for b in raw)
    import ipaddress

    ip = ipaddress.IPv6Address(raw)
    if ip.ipv4_mapped is not None:
        return "::ffff:%s" % ip.ipv4_mapped
    return ip.compressed


def decode_endpoint(text: str, byteorder: str = "little") -> "tuple[str, int]":
    addr, _, port = text.partition(":")
    return decode_address(addr, byteorder), int(port, 16)


def format_endpoint(addr: str, port: int) -> str:
    return "[%s]:%d" % (addr, port) if ":" in addr else "%s:%d" % (addr, port)


def parse_inet(text: str, proto: str, byteorder: str = "little") -> "list[dict]":
    """Sockets of one /proc/net/{tcp,tcp6,udp,udp6} file; ``proto`` names it in the output."""
    out = []
    for line in text.split("\n")[1:]:
        f = line.split()
        if len(f) < 10:
            continue
        try:
            laddr, lport = decode_endpoint(f[1], byteorder)
            raddr, rport = decode_endpoint(f[2], byteorder)
            st = int(f[3], 16)
            uid, inode = int(f[7]), int(f[9])
        except ValueError:
            continue
        if proto.startswith("udp"):
            state = "UNCONN" if st == 7 else TCP_STATES.get(st, "0x%02X" % st)
            listening = st == 7 and rport == 0
        else:
            state = TCP_STATES.get(st, "0x%02X" % st)
            listening = st == 10
        out.append({"proto": proto, "local_address": laddr, "local_port": lport, "remote_address": raddr,
                    "remote_port": rport, "state": state, "listening": listening, "uid": uid, "inode": inode})
    return out


def parse_unix(text: str) -> "list[dict]":
    out = []
    for line in text.split("\n")[1:]:
        f = line.split(None, 7)
        if len(f) < 7:
            continue
        try:
            flags, typ, st, inode = int(f[3], 16), int(f[4], 16), int(f[5], 16), int(f[6])
        except ValueError:
            continue
        out.append({"proto": "unix", "type": UNIX_TYPES.get(typ, str(typ)),
                    "state": "LISTEN" if flags & SO_ACCEPTCON else UNIX_STATES.get(st, str(st)),
                    "listening": bool(flags & SO_ACCEPTCON), "path": f[7] if len(f) > 7 else None,
                    "inode": inode})
    return out


def socket_inode(link: str) -> "int | None":
    """``socket:[12345]`` (an fd's link text) -> 12345."""
    if link.startswith("socket:[") and link.endswith("]"):
        try:
            return int(link[8:-1])
        except ValueError:
            return None
    return None
