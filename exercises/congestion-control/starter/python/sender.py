#!/usr/bin/env python3
"""A sender that chooses its own window (starter): sends FILE to the receiver at HOST:PORT.

Usage: python3 sender.py HOST PORT FILE
Written for you: the command line, the socket, the packets (make_packet, parse and the Internet
checksum), the loop that sends, reads the ACKs and sends again on a timeout, the round-trip
samples, and the FIN at the end. Left to write: the congestion control, each
"TODO (README, sender step N)" below, in the order of the README's "The sender, step by step".
Run it as it is and it stops at step 1, at its first round-trip sample; with step 1 written it
delivers the file, slowly: its window stays at 4 packets, a placeholder for steps 2 to 6.
"""
import socket
import struct
import sys
import time

DATA, ACK, FIN = 0, 1, 2
HEADER = 10          # bytes: "!BBHIH", type, flags, checksum, seq, len
PAYLOAD = 1000       # bytes of the file in each DATA packet (the last one may be shorter)
TIMEOUT = 0.2        # seconds: the timeout until the first round-trip sample
FIN_TRIES = 10


def todo(step):
    """Stops the program and says which step is still to write."""
    sys.exit("TODO: " + step)


def checksum(data):
    """The Internet checksum: the one's complement of the one's-complement sum of 16-bit words."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def make_packet(kind, seq, payload=b""):
    """The packet's bytes: the header with the checksum of the whole packet, then the payload."""
    header = struct.pack("!BBHIH", kind, 0, 0, seq, len(payload))
    total = checksum(header + payload)
    return header[:2] + struct.pack("!H", total) + header[4:] + payload


def intact(data):
    """True if the checksum field holds the checksum of the packet with that field 0."""
    stored = struct.unpack("!H", data[2:4])[0]
    return checksum(data[:2] + b"\0\0" + data[4:]) == stored


def parse(data):
    """(type, seq, payload) of a well-formed packet, or None for a damaged one."""
    if len(data) < HEADER or not intact(data):
        return None
    kind, _flags, _checksum, seq, length = struct.unpack("!BBHIH", data[:HEADER])
    payload = data[HEADER:]
    if length != len(payload) or length > PAYLOAD:
        return None
    return kind, seq, payload


if len(sys.argv) != 4:
    sys.exit("usage: sender.py HOST PORT FILE")
host, port, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
dest = (host, port)
with open(name, "rb") as f:
    content = f.read()
# DATA packet i carries the file's bytes from i * 1000, 1000 of them or what is left.
packets = [make_packet(DATA, i, content[start:start + PAYLOAD])
           for i, start in enumerate(range(0, len(content), PAYLOAD))]
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
started = time.monotonic()

base = 0              # the oldest packet not acknowledged
next_seq = 0          # the next packet to send for the first time
deadline = None       # when the timer fires (time.monotonic() + rto); None: no packet in flight
dup_acks = 0          # duplicate ACKs in a row (ACK == base again)
sent_at = {}          # seq -> when it was first sent: for the round-trip samples
resent = set()        # seqs sent more than once: no round-trip sample from them (Karn's rule)
resends = 0

# The congestion control's state. Until you write the steps, the window stays at 4 whatever
# happens: once step 1 is written, the file arrives, at 4 packets per round trip.
cwnd = 4.0            # the window, in packets: at most int(cwnd) unacknowledged
ssthresh = float("inf")  # TODO (README, sender step 2): slow start while cwnd < ssthresh
rto = TIMEOUT         # the timeout, in seconds
srtt = None           # TODO (README, sender step 1): the smoothed round trip (RFC 6298)
rttvar = None         # TODO (README, sender step 1): its variation
min_rtt = None        # TODO (README, sender step 6): the least round trip seen
recover = None        # TODO (README, sender step 4): in recovery until base reaches it


def send(seq):
    """Sends DATA packet seq, and notes when (its first time) or that it was sent again."""
    global resends
    sock.sendto(packets[seq], dest)
    if seq in sent_at:
        resent.add(seq)
        resends += 1
    else:
        sent_at[seq] = time.monotonic()


while base < len(packets):
    # Send new packets while fewer than cwnd are unacknowledged. The first starts the timer.
    while next_seq < len(packets) and next_seq - base < max(1, int(cwnd)):
        send(next_seq)
        if deadline is None:
            deadline = time.monotonic() + rto
        next_seq += 1

    now = time.monotonic()
    if now >= deadline:
        # The timer fired: packet base is taken as lost. Only it is sent again; the receiver
        # keeps the packets after it, and its ACK says where the next hole is.
        # TODO (README, sender step 5): the link is badly congested: ssthresh = half of cwnd
        # (at least 2), cwnd = 1 (slow start again), and double rto (up to 60 s).
        dup_acks = 0
        send(base)
        deadline = now + rto
        continue

    # Wait for an ACK until the timer fires.
    sock.settimeout(deadline - now)
    try:
        data = sock.recv(2048)
    except socket.timeout:
        continue  # back to the top: the timer has fired
    now = time.monotonic()
    packet = parse(data)
    if packet is None or packet[0] != ACK:
        continue  # damaged, or not an ACK: as if it had been lost
    ack = packet[1]

    if base < ack <= next_seq:
        # A new ACK: packets base to ack - 1 have arrived.
        newly = ack - base
        # The round trip of packet ack - 1, unless it was sent more than once (then which
        # copy the ACK answers is not known).
        rtt = now - sent_at[ack - 1] if ack - 1 not in resent else None
        if rtt is not None:
            todo("update srtt and rttvar with each round-trip sample rtt (RFC 6298), then "
                 "rto = srtt + 4 * rttvar, at least 0.2 s (README, sender step 1)")
            # TODO (README, sender step 6): min_rtt = the least rtt seen; rtt - min_rtt is the
            # time your packets now wait in the bottleneck's queue: shrink cwnd a little (at
            # most once a round trip) when that grows.
        base = ack
        dup_acks = 0
        # TODO (README, sender step 4): in fast recovery (base still below `recover`), send
        # packet base again at once; an ACK that reaches `recover` ends the recovery.
        # TODO (README, sender steps 2 and 3): grow the window: cwnd += newly while
        # cwnd < ssthresh (slow start), cwnd += newly / cwnd after that (one a round trip).
        deadline = now + rto if base < next_seq else None
    elif ack == base and base < next_seq:
        # A duplicate ACK: a packet after base arrived, base did not (lost, or late).
        dup_acks += 1
        # TODO (README, sender step 4): on the 3rd duplicate ACK in a row (not on every one),
        # and not already in recovery: fast retransmit. ssthresh = half of cwnd (at least 2),
        # cwnd = ssthresh, send packet base again, recover = next_seq.

# Every DATA packet is acknowledged: FIN (seq = number of DATA packets) until its ACK (seq + 1),
# at most FIN_TRIES times, waiting a timeout for it each time.
fin = make_packet(FIN, len(packets))
for attempt in range(FIN_TRIES):
    sock.sendto(fin, dest)
    until = time.monotonic() + rto
    answered = False
    while not answered:
        left = until - time.monotonic()
        if left <= 0:
            break
        sock.settimeout(left)
        try:
            packet = parse(sock.recv(2048))
        except socket.timeout:
            break
        answered = packet is not None and packet[0] == ACK and packet[1] == len(packets) + 1
    if answered:
        break
sock.close()
print(f"sent {name}: {len(content)} bytes in {len(packets)} packets, {resends} resent, "
      f"{time.monotonic() - started:.2f} s")
