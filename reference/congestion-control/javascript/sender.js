// A sender that chooses its own window: reliable-transfer's packets with congestion control.
// Usage: node sender.js HOST PORT FILE
// Sends FILE (in the working folder) in DATA packets of 1000 bytes, as reliable-transfer's
// sender does, but with no WINDOW argument: it keeps `cwnd` packets in flight and moves cwnd as
// Reno does, with an eye on the round trip.
// - Slow start: cwnd grows by one packet per ACK that acknowledges something new (it doubles
//   each round trip), until a loss, or until a round trip is past the least seen by an eighth
//   of it (4 to 16 ms): the queue at the bottleneck is filling (HyStart's exit; slow start's
//   bursts fill it early, so it may leave short of what the link holds). Past 100 packets it
//   grows by 50 a round trip at most (RFC 3742's limited slow start): a long path's exit comes
//   a round trip late, and the queue must hold what was sent meanwhile.
// - Congestion avoidance: cwnd grows by (least round trip / 50 ms) squared packets a round
//   trip, at least one (TCP Hybla's rule: Reno's one packet is too slow to fill a long path
//   after an early exit, and an increase by a share of cwnd would keep a first copy's lead over
//   a second for good); when the round trip is more than a quarter again over the least of the
//   last 3 s, cwnd shrinks by a fifth (a delay-based brake: no standing queue when the link
//   slows down, and no loss where the queue is shorter than the link's own round trip; the
//   least round trip of the last 3 s, not of all time, so that a copy that started while the
//   queue was full brakes at the round trip another copy brakes at). Once each time the queue
//   rises past that line; again after a round trip measured well under it (an eighth over the
//   least), or after 3 round trips while the queue stays over the line; once a round trip only
//   while the round trip is more than twice the least, and 4 ms (the queue holds more than the
//   path's own round trip: the link slowed, for the queue of one bandwidth-delay product that
//   two copies fill never holds that). Two copies whose least round trips differ by a few ms so
//   brake once each as the queue rises, as AIMD's losses make them halve together, not the one
//   with the lower line every round trip while the other grows (two-of-it, the Python
//   reference: Jain's index 0.83 in 1 run of 8 before, at least 0.98 in 10).
// - Where the queue stands over one copy's line and under the other's, the one copy brakes
//   alone, every 3 round trips: it holds the queue there only while it keeps 10 times 3 packets
//   (a fifth of them a brake, against the 2 packets a round trip the two grow), about half of
//   what the two keep in flight. Braking every round trip there, as it did from half again over
//   the least until this rule, it fell to 5 packets while the other grew to 80 and more
//   (two-of-it, the JavaScript reference, --seed 1 on a 2-CPU machine: Jain's index 0.78 in 1
//   run of 205, under 0.9 in 4 more, a loss in 50 of the 55 runs logged; 0.77 in the platform's
//   CI, the second copy 7.40 Mbit/s to the first's 2.14; after, 16 runs of each reference: 0.98
//   to 1.0 in JavaScript, 0.97 to 1.0 in Python, 0.92 to 1.0 in C++, no loss in 47 of the 48).
//   The least round trips of two copies do differ, by up to 16 ms: the second copy's first
//   round trips take the first's queue for the path's, the least of the last 3 s rises while a
//   queue stands, and a loss that one copy alone meets lets that copy alone see the path empty
//   again.
// - Round trips are measured to when each ACK is read, not to when the batch it came in began
//   to be read: an ACK read later in a batch took the batch's start for its arrival and gave a
//   round trip under the path's own (37.2 ms where the path's is 40.9 ms), and the least round
//   trip and lines of that copy under the other's.
// - Beside a flow that fills the queue (a loss-based TCP): two loss events within 12 s though
//   the brake keeps the queue short say so; so does the brake braking at 4 packets or fewer
//   (so few do not hold a queue up; braked that far, a sender would wait for the losses that so
//   few packets seldom meet).
//   The brake then only gives the link away: it stops, cwnd grows by 2 packets a round trip and
//   a loss leaves 0.7 of it (CUBIC's own decrease), until 12 s pass with fewer losses.
// - Three duplicate ACKs: the oldest unacknowledged packet is sent again and cwnd halved, once
//   per window (NewReno: each partial ACK in that recovery sends the next hole at once).
// - A timeout (RFC 6298: srtt + 4 rttvar, at least 200 ms): cwnd goes back to 1 and slow start
//   begins again; the oldest packet is sent again; the timeout doubles (up to 4 s) until an ACK
//   acknowledges something new.
// Then sends FIN until its ACK comes, at most 10 times, and exits 0.
//
// Event-driven: the datagrams that are waiting when the socket wakes up are read as one batch,
// all judged at the same moment (their round trips, though, to when each is read: above), and
// the window is filled once after the batch (setImmediate runs after the poll phase has read
// them). The timer is a setTimeout kept on the deadline.
const dgram = require("dgram");
const dns = require("dns");
const fs = require("fs");
const { DATA, ACK, FIN, PAYLOAD, makePacket, parse } = require("./packet");

const FIN_TRIES = 10;
const MIN_RTO = 0.2, MAX_RTO = 4.0;  // seconds
const MIN_RTT_KEPT = 3.0;            // seconds: the least round trip is of the last this many
// Losses that come though the delay brake keeps the queue short say another flow fills it:
// this many loss events within COMPETE_SPAN seconds, and the sender competes.
const COMPETE_LOSSES = 2;
const COMPETE_SPAN = 12.0;
const COMPETE_GROWTH = 2.0;    // packets a round trip while it competes
const COMPETE_DECREASE = 0.7;  // and what a loss leaves of cwnd then (CUBIC's own)
// The brake braking at this cwnd or under counts as a loss event: so few packets do not hold a
// queue up, another flow does.
const FLOOR_SAYS_COMPETING = 4.0;
// While the queue stays over the brake's line, the brake shrinks cwnd again after this many
// round trips (not every round trip: a copy braking alone would give the link away).
const BRAKE_EVERY = 3;

// Seconds on the monotonic clock.
const clock = () => Number(process.hrtime.bigint()) / 1e9;

if (process.argv.length !== 5) {
  console.error("usage: sender.js HOST PORT FILE");
  process.exit(2);
}
const [host, port, name] = [process.argv[2], Number(process.argv[3]), process.argv[4]];
const content = fs.readFileSync(name);
const packets = [];
for (let start = 0, i = 0; start < content.length; start += PAYLOAD, ++i)
  packets.push(makePacket(DATA, i, content.subarray(start, start + PAYLOAD)));

const sock = dgram.createSocket("udp4");
const started = clock();
let address = host;   // HOST, resolved once

let base = 0;            // the oldest packet not acknowledged
let next = 0;            // the next packet to send for the first time
let cwnd = 4.0;          // packets
let ssthresh = Infinity;
const sentAt = new Float64Array(packets.length);  // seq -> when it was first sent (samples)
const sent = new Uint8Array(packets.length);
const resent = new Uint8Array(packets.length);    // sent more than once: no sample (Karn)
let srtt = null, rttvar = null;
let minRtt = null;
const recentRtts = [];   // [when, rtt], rtt rising: minRtt's candidates
let rto = 1.0;
let deadline = null;     // the timer, for the oldest unacknowledged packet
let dupAcks = 0;
let recover = -1;        // in recovery until an ACK reaches this (NewReno); -1: not in recovery
let lastBrake = 0.0;     // when the delay brake last shrank cwnd
let brakeArmed = true;   // a round trip well under the brake's line since it last shrank
const losses = [];       // when each loss event (a halving, a timeout) came
let resends = 0;

let timer = null;        // the setTimeout that watches the deadline (or the FIN's wait)
let batchNow = null;     // when this batch of datagrams woke the sender; null between batches
let finishing = false;
let finTries = 0;
let closed = false;

function send(seq) {
  sock.send(packets[seq], port, address);
  if (sent[seq]) {
    resent[seq] = 1;
    ++resends;
  } else {
    sent[seq] = 1;
    sentAt[seq] = clock();
  }
}

// Whether a flow that fills the queue shares the link: losses keep coming though the delay
// brake keeps the queue short. The brake then only gives the link away.
function competing(now) {
  while (losses.length && losses[0] < now - COMPETE_SPAN) losses.shift();
  return losses.length >= COMPETE_LOSSES;
}

// A round-trip sample: RFC 6298's estimator, and the delay signals.
function sample(rtt, now) {
  if (srtt === null) {
    srtt = rtt;
    rttvar = rtt / 2;
  } else {
    rttvar = 0.75 * rttvar + 0.25 * Math.abs(srtt - rtt);
    srtt = 0.875 * srtt + 0.125 * rtt;
  }
  rto = Math.min(MAX_RTO, Math.max(MIN_RTO, srtt + 4 * rttvar));
  // The least of the last MIN_RTT_KEPT seconds (a sliding window's minimum).
  while (recentRtts.length && recentRtts[recentRtts.length - 1][1] >= rtt) recentRtts.pop();
  recentRtts.push([now, rtt]);
  while (recentRtts[0][0] < now - MIN_RTT_KEPT) recentRtts.shift();
  minRtt = recentRtts[0][1];
  const over = rtt > 1.25 * minRtt + 0.002;
  const overPath = rtt > 2 * minRtt + 0.004;  // the queue holds more than the path: it slowed
  if (rtt < 1.125 * minRtt + 0.001) brakeArmed = true;  // the queue fell well under the line
  if (cwnd < ssthresh && rtt > minRtt + Math.max(0.004, Math.min(minRtt / 8, 0.016))) {
    ssthresh = cwnd;                        // HyStart: leave slow start as the queue builds
  } else if (cwnd >= ssthresh && over &&
             now - lastBrake > (brakeArmed || overPath ? 1 : BRAKE_EVERY) * srtt &&
             !competing(now)) {
    // At its floor the brake cannot be what holds the queue up: another flow fills it.
    if (cwnd <= FLOOR_SAYS_COMPETING) losses.push(now);
    cwnd = Math.max(2.0, cwnd * 4 / 5);     // the delay brake
    ssthresh = cwnd;
    lastBrake = now;
    brakeArmed = false;
  }
}

// Sends new packets while fewer than cwnd are in flight (the first starts the timer), and
// sets the setTimeout on the deadline; or, every DATA packet acknowledged, goes on to the FIN.
function fill() {
  if (finishing) return;
  if (base >= packets.length) return finish();
  while (next < packets.length && next - base < Math.trunc(cwnd)) {
    send(next);
    if (deadline === null) deadline = clock() + rto;
    ++next;
  }
  clearTimeout(timer);
  timer = deadline === null
    ? null
    : setTimeout(onTimer, Math.max(0, (deadline - clock()) * 1000));
}

// The setTimeout fired. Datagrams already waiting come first, as when the socket is polled
// before the deadline is looked at: they are read in this turn's poll phase, before setImmediate.
function onTimer() {
  timer = null;
  setImmediate(() => {
    if (finishing) return;
    const now = clock();
    if (deadline !== null && now >= deadline) {
      // A timeout: back to slow start, the oldest packet again, the timeout doubled.
      ssthresh = Math.max(cwnd / 2, 2.0);
      cwnd = 1.0;
      losses.push(now);
      dupAcks = 0;
      recover = next - 1;
      send(base);
      rto = Math.min(MAX_RTO, rto * 2);
      deadline = now + rto;
    }
    fill();  // sets the setTimeout again (a timer that fired a little early waits the rest)
  });
}

// An ACK, read at `read`, in a batch that woke the sender at `now`.
function onAck(ack, now, read) {
  if (ack > base && ack <= next) {
    if (!resent[ack - 1] && sent[ack - 1]) sample(read - sentAt[ack - 1], now);
    const newly = ack - base;
    base = ack;
    dupAcks = 0;
    if (recover >= 0 && base <= recover) {
      send(base);                           // a partial ACK: the next hole, at once
    } else {
      recover = -1;
      if (cwnd < ssthresh) {
        // Slow start, limited past 100 packets to 50 more a round trip (RFC 3742), and
        // no further than ssthresh.
        cwnd = Math.min(ssthresh, cwnd + (cwnd <= 100 ? newly : newly * 50 / cwnd));
      } else {
        // (minRtt / 50 ms) squared a round trip, at least one (TCP Hybla's rule);
        // COMPETE_GROWTH beside a flow that fills the queue.
        const rho = Math.max(1.0, minRtt / 0.05);
        cwnd += newly * (competing(now) ? COMPETE_GROWTH : rho * rho) / cwnd;
      }
    }
    if (srtt) rto = Math.min(MAX_RTO, Math.max(MIN_RTO, srtt + 4 * rttvar));
    deadline = base < next ? now + rto : null;
  } else if (ack === base && base < next) {
    ++dupAcks;
    if (dupAcks === 3 && recover < 0) {
      // Fast retransmit: the oldest again, the window halved once for this loss (by 0.7
      // beside a flow that fills the queue, as CUBIC does itself).
      ssthresh = Math.max(cwnd * (competing(now) ? COMPETE_DECREASE : 0.5), 2.0);
      cwnd = ssthresh;
      losses.push(now);
      recover = next - 1;
      send(base);
      deadline = now + rto;
    }
  }
}

// Every DATA packet is acknowledged: FIN (seq = number of DATA packets) until its ACK (seq + 1),
// at most FIN_TRIES times.
function finish() {
  finishing = true;
  clearTimeout(timer);
  sendFin();
}

function sendFin() {
  if (finTries === FIN_TRIES) return done();
  ++finTries;
  sock.send(makePacket(FIN, packets.length), port, address);
  timer = setTimeout(sendFin, Math.max(rto, MIN_RTO) * 1000);
}

function done() {
  if (closed) return;
  closed = true;
  clearTimeout(timer);
  sock.close();
  console.log(`sent ${name}: ${content.length} bytes in ${packets.length} packets, ` +
              `${resends} resent, ${(clock() - started).toFixed(2)} s`);
}

sock.on("message", (data) => {
  const p = parse(data);
  if (finishing) {
    if (p && p.type === ACK && p.seq === packets.length + 1) done();
    return;
  }
  if (batchNow === null) {
    // The first datagram of a wake-up: the rest that are waiting follow before setImmediate.
    batchNow = clock();
    setImmediate(() => {
      batchNow = null;
      fill();
    });
  }
  if (!p || p.type !== ACK) return;  // damaged, or not an ACK: as if it had been lost
  onAck(p.seq, batchNow, clock());
});

sock.on("error", (e) => {
  console.error(`sender.js: ${e.message}`);
  process.exit(1);
});

dns.lookup(host, { family: 4 }, (err, resolved) => {
  if (err) {
    console.error(`sender.js: cannot resolve ${host}`);
    process.exit(1);
  }
  address = resolved;
  fill();
});
