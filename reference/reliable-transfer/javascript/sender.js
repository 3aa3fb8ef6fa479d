// Go-Back-N sender over UDP.
// Usage: node sender.js HOST PORT FILE WINDOW
// Cuts FILE (in the working folder) into DATA packets of 1000 bytes, keeps at most WINDOW of
// them unacknowledged, and when the timer (200 ms, restarted whenever the window's base moves)
// fires, sends every unacknowledged packet again. Then sends FIN until its ACK comes, at most
// 10 times, and exits 0.
const dgram = require("dgram");
const fs = require("fs");
const { DATA, ACK, FIN, PAYLOAD, makePacket, parse } = require("./packet");

const TIMEOUT = 200;  // ms
const FIN_TRIES = 10;

if (process.argv.length !== 6) {
  console.error("usage: sender.js HOST PORT FILE WINDOW");
  process.exit(2);
}
const [host, port, name, window] =
  [process.argv[2], Number(process.argv[3]), process.argv[4], Number(process.argv[5])];
if (!(window >= 1)) {
  console.error("sender.js: WINDOW must be at least 1");
  process.exit(2);
}
const content = fs.readFileSync(name);
const packets = [];
for (let start = 0, i = 0; start < content.length; start += PAYLOAD, ++i)
  packets.push(makePacket(DATA, i, content.subarray(start, start + PAYLOAD)));

const sock = dgram.createSocket("udp4");
const started = Date.now();
let base = 0;      // the oldest packet not acknowledged
let next = 0;      // the next packet to send for the first time
let timer = null;  // runs while base < next
let resent = 0;
let finTries = 0;
let finishing = false;

// Node.js sends a datagram on a later turn of its loop (the first after binding the socket);
// `then` runs once the packet has gone.
function send(p, then) { sock.send(p, port, host, then); }

function restartTimer() {
  clearTimeout(timer);
  timer = setTimeout(onTimeout, TIMEOUT);
}

function onTimeout() {
  if (finishing) return sendFin();
  // Go-Back-N: every unacknowledged packet again.
  for (let seq = base; seq < next; ++seq) send(packets[seq]);
  resent += next - base;
  restartTimer();
}

function fillWindow() {
  while (next < packets.length && next < base + window) {
    const seq = next;
    if (seq === base) {
      // The first packet of an empty window starts the timer, and again once it has gone: a
      // loaded machine may hold the send back, and the timeout counts from the packet's leaving.
      restartTimer();
      send(packets[seq], () => { if (base === seq) restartTimer(); });
    } else {
      send(packets[seq]);
    }
    ++next;
  }
  if (base === packets.length) {
    finishing = true;
    sendFin();
  }
}

// FIN (seq = the number of DATA packets) until its ACK (seq + 1), at most FIN_TRIES times.
function sendFin() {
  if (finTries === FIN_TRIES) return done();
  ++finTries;
  send(makePacket(FIN, packets.length));
  restartTimer();
}

function done() {
  clearTimeout(timer);
  sock.close();
  console.log(`sent ${name}: ${content.length} bytes in ${packets.length} packets, ` +
              `${resent} resent, ${((Date.now() - started) / 1000).toFixed(2)} s`);
}

sock.on("message", (data) => {
  const p = parse(data);
  if (!p || p.type !== ACK) return;  // damaged, or not an ACK: as if it had been lost
  if (finishing) {
    if (p.seq === packets.length + 1) done();
    return;
  }
  if (p.seq > base && p.seq <= next) {
    base = p.seq;  // cumulative: every packet below it is acknowledged
    if (base < next) restartTimer();  // the base moved: restart the timer
    else clearTimeout(timer);
    fillWindow();
  }
  // An ACK at or below base is a duplicate: nothing to do (the timer will say).
});

sock.on("error", (e) => {
  console.error(`sender.js: ${e.message}`);
  process.exit(1);
});
fillWindow();
