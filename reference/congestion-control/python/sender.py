#!/usr/bin/env python3
"""A sender that chooses its own window: reliable-transfer's packets with congestion control.

Usage: python3 sender.py HOST PORT FILE
Sends FILE (in the working folder) in DATA packets of 1000 bytes, as reliable-transfer's sender
does, but with no WINDOW argument: it keeps `cwnd` packets in flight and moves cwnd as Reno
does, with an eye on the round trip.
- Slow start: cwnd grows by one packet per ACK that acknowledges something new (it doubles
  each round trip), until a loss, or until a round trip is past the least seen by an eighth
  of it (4 to 16 ms): the queue at the bottleneck is filling (HyStart's exit; slow start's
  bursts fill it early, so it may leave short of what the link holds). Past 100 packets it
  grows by 50 a round trip at most (RFC 3742's limited slow start): a long path's exit comes
  a round trip late, and the queue must hold what was sent meanwhile.
- Congestion avoidance: cwnd grows by (least round trip / 50 ms) squared packets a round trip,
  at least one (TCP Hybla's rule: Reno's one packet is too slow to fill a long path after an
  early exit, and an increase by a share of cwnd would keep a first copy's lead over a second
  for good); when the round trip is more than a quarter again over the least of the last 3 s,
  cwnd shrinks by a fifth (a delay-based brake: no standing queue when the link slows down, and
  no loss where the queue is shorter than the link's own round trip; the least round trip of the
  last 3 s, not of all time, so that a copy that started while the queue was full brakes at the
  round trip another copy brakes at). Once each time the queue rises past that line; again after
  a round trip measured well under it (an eighth over the least), or after 3 round trips while
  the queue stays over the line; once a round trip only while the round trip is more than twice
  the least, and 4 ms (the queue holds more than the path's own round trip: the link slowed, for
  the queue of one bandwidth-delay product that two copies fill never holds that). Two copies
  whose least round trips differ by a few ms so brake once each as the queue rises, as AIMD's
  losses make them halve together, not the one with the lower line every round trip while the
  other grows (two-of-it, the Python reference: Jain's index 0.83 in 1 run of 8 before, at least
  0.98 in 10).
- Where the queue stands over one copy's line and under the other's, the one copy brakes alone,
  every 3 round trips: it holds the queue there only while it keeps 10 times 3 packets (a fifth
  of them a brake, against the 2 packets a round trip the two grow), about half of what the two
  keep in flight. Braking every round trip there, as it did from half again over the least until
  this rule, it fell to 5 packets while the other grew to 80 and more (two-of-it, the JavaScript
  reference, --seed 1 on a 2-CPU machine: Jain's index 0.78 in 1 run of 205, under 0.9 in 4
  more, a loss in 50 of the 55 runs logged; 0.77 in the platform's CI, the second copy 7.40
  Mbit/s to the first's 2.14; after, 16 runs of each reference: 0.98 to 1.0 in JavaScript, 0.97
  to 1.0 in Python, 0.92 to 1.0 in C++, no loss in 47 of the 48). The least round trips of two
  copies do differ, by up to 16 ms: the second copy's first round trips take the first's queue
  for the path's, the least of the last 3 s rises while a queue stands, and a loss that one copy
  alone meets lets that copy alone see the path empty again.
- Round trips are measured to when each ACK is read, not to when the batch it came in began to
  be read: an ACK read later in a batch took the batch's start for its arrival and gave a round
  trip under the path's own (37.2 ms where the path's is 40.9 ms), and the least round trip and
  lines of that copy under the other's.
- Beside a flow that fills the queue (a loss-based TCP): two loss events within 12 s though
  the brake keeps the queue short say so; so does the brake braking at 4 packets or fewer
  (so few do not hold a queue up; braked that far, a sender would wait for the losses that so
  few packets seldom meet).
  The brake then only gives the link away: it stops, cwnd grows by 2 packets a round trip and
  a loss leaves 0.7 of it (CUBIC's own decrease), until 12 s pass with fewer losses.
- Three duplicate ACKs: the oldest unacknowledged packet is sent again and cwnd halved, once
  per window (NewReno: each partial ACK in that recovery sends the next hole at once).
- A timeout (RFC 6298: srtt + 4 rttvar, at least 200 ms): cwnd goes back to 1 and slow start
  begins again; the oldest packet is sent again; the timeout doubles (up to 4 s) until an ACK
  acknowledges something new.
Then sends FIN until its ACK comes, at most 10 times, and exits 0.
"""
import collections
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
# The least round trip is of the last this many seconds (BBR keeps it 10 s): a copy that
# started while the queue was full, and took that round trip for the path's own, and a copy
# that saw the path empty then come to brake at the same round trip, and share the link.
MIN_RTT_KEPT = 3.0
# Losses that come though the delay brake keeps the queue short say another flow fills it (a
# loss-based TCP): this many loss events within COMPETE_SPAN seconds, and the sender competes.
COMPETE_LOSSES = 2
COMPETE_SPAN = 12.0
COMPETE_GROWTH = 2.0   # packets a round trip while it competes
COMPETE_DECREASE = 0.7  # and what a loss leaves of cwnd then (CUBIC's own)
# The brake braking at this cwnd or under counts as a loss event: so few packets do not hold a
# queue up, another flow does.
FLOOR_SAYS_COMPETING = 4.0
# While the queue stays over the brake's line, the brake shrinks cwnd again after this many
# round trips (not every round trip: a copy braking alone would give the link away).
BRAKE_EVERY = 3


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
min_rtt = None
recent_rtts = collections.deque()  # (when, rtt), rtt rising: min_rtt's candidates
rto = 1.0
deadline = None       # the timer, for the oldest unacknowledged packet
dup_acks = 0
recover = -1          # in recovery until an ACK reaches this (NewReno); -1: not in recovery
last_brake = 0.0      # when the delay brake last shrank cwnd
brake_armed = True     # a round trip well under the brake's line since it last shrank
losses = collections.deque()  # when each loss event (a halving, a timeout) came
resends = 0


def send(seq):
    global resends
    sock.sendto(packets[seq], dest)
    if seq in sent_at:
        resent.add(seq)
        resends += 1
    else:
        sent_at[seq] = time.monotonic()


def competing(now):
    """Whether a flow that fills the queue shares the link: losses keep coming though the
    delay brake keeps the queue short. The brake then only gives the link away."""
    while losses and losses[0] < now - COMPETE_SPAN:
        losses.popleft()
    return len(losses) >= COMPETE_LOSSES


def loss_event(now):
    losses.append(now)


def growth(now):
    """Congestion avoidance's packets per round trip: Reno's one, times (min_rtt / 50 ms)
    squared past 50 ms (TCP Hybla's rule; from 25 ms, a copy that started while the queue was
    full took that wait for the path's own and grew twice as fast as the copy before it: Jain's
    index 0.79 to 1.0, mostly 0.9; from 50 ms, 0.99 to 1.0): a long path fills as fast in time as a short one,
    and two copies on one path grow alike, so that halving brings them to equal shares.
    Beside a flow that fills the queue, COMPETE_GROWTH."""
    if competing(now):
        return COMPETE_GROWTH
    rho = max(1.0, (min_rtt or 0.05) / 0.05)
    return rho * rho


def sample(rtt, now):
    """A round-trip sample: RFC 6298's estimator, and the delay signals."""
    global srtt, rttvar, rto, min_rtt, ssthresh, cwnd, last_brake, brake_armed
    if srtt is None:
        srtt, rttvar = rtt, rtt / 2
    else:
        rttvar = 0.75 * rttvar + 0.25 * abs(srtt - rtt)
        srtt = 0.875 * srtt + 0.125 * rtt
    rto = min(MAX_RTO, max(MIN_RTO, srtt + 4 * rttvar))
    # The least of the last MIN_RTT_KEPT seconds (a sliding window's minimum).
    while recent_rtts and recent_rtts[-1][1] >= rtt:
        recent_rtts.pop()
    recent_rtts.append((now, rtt))
    while recent_rtts[0][0] < now - MIN_RTT_KEPT:
        recent_rtts.popleft()
    min_rtt = recent_rtts[0][1]
    over = rtt > 1.25 * min_rtt + 0.002
    over_path = rtt > 2 * min_rtt + 0.004  # the queue holds more than the path: it slowed
    if rtt < 1.125 * min_rtt + 0.001:
        brake_armed = True                    # the queue fell well under the line
    if cwnd < ssthresh and rtt > min_rtt + max(0.004, min(min_rtt / 8, 0.016)):
        ssthresh = cwnd                       # HyStart: leave slow start as the queue builds
    elif (cwnd >= ssthresh and over
          and now - last_brake > (1 if brake_armed or over_path else BRAKE_EVERY) * srtt
          and not competing(now)):
        # At its floor the brake cannot be what holds the queue up: another flow fills it.
        if cwnd <= FLOOR_SAYS_COMPETING:
            losses.append(now)
        cwnd = max(2.0, cwnd * 4 / 5)         # the delay brake
        ssthresh = cwnd
        last_brake = now
        brake_armed = False


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
            loss_event(now)
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
        read = time.monotonic()  # the round trip ends when this ACK is read, not at `now`
        packet = parse(data)
        if packet is None or packet[0] != ACK:
            continue  # damaged, or not an ACK: as if it had been lost
        ack = packet[1]
        if ack > base and ack <= next_seq:
            if ack - 1 not in resent and ack - 1 in sent_at:
                sample(read - sent_at[ack - 1], now)
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
                    cwnd += newly * growth(now) / cwnd  # growth() packets a round trip
            rto = min(MAX_RTO, max(MIN_RTO, srtt + 4 * rttvar)) if srtt else rto
            deadline = now + rto if base < next_seq else None
        elif ack == base and base < next_seq:
            dup_acks += 1
            if dup_acks == 3 and recover < 0:
                # Fast retransmit: the oldest again, the window halved once for this loss.
                # Halved; by 0.7 beside a flow that fills the queue, as CUBIC does itself.
                ssthresh = max(cwnd * (COMPETE_DECREASE if competing(now) else 0.5), 2.0)
                cwnd = ssthresh
                loss_event(now)
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
