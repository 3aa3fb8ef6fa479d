// Go-Back-N receiver over UDP.
// Usage: node receiver.js PORT FILE
// Receives DATA packets on UDP PORT (every address) and appends their payloads to FILE (in the
// working folder) in order, keeping packets that come early until the gap before them fills.
// Answers every valid DATA packet with the cumulative ACK (the seq of the packet it now
// expects), to the address it came from; drops damaged packets silently. On the FIN it closes
// FILE, acknowledges the FIN (seq + 1), answers its repeats for 2 s after the last one, and
// exits 0.
const dgram = require("dgram");
const fs = require("fs");
const { DATA, ACK, FIN, makePacket, parse } = require("./packet");

const KEEP = 1024;    // packets kept ahead of the expected one, at most
const LINGER = 2000;  // ms to answer repeated FINs after the last one

if (process.argv.length !== 4) {
  console.error("usage: receiver.js PORT FILE");
  process.exit(2);
}
const [port, name] = [Number(process.argv[2]), process.argv[3]];
const out = fs.openSync(name, "w");
const sock = dgram.createSocket("udp4");
let expected = 0;       // the seq of the next DATA packet to write
const kept = new Map(); // seq -> payload of packets that came before their turn
let written = 0;
let finished = false;
let linger = null;

function write(payload) {
  fs.writeSync(out, payload);
  written += payload.length;
  ++expected;
}

sock.on("message", (data, from) => {
  const p = parse(data);
  if (!p) return;  // damaged: dropped as if lost, no ACK
  if (finished) {
    // Linger: the FIN's ACK may be lost, and the sender then sends the FIN again.
    if (p.type === FIN && p.seq === expected) {
      sock.send(makePacket(ACK, expected + 1), from.port, from.address);
      clearTimeout(linger);
      linger = setTimeout(() => sock.close(), LINGER);
    }
    return;
  }
  if (p.type === DATA) {
    if (p.seq === expected) {
      write(p.payload);
      while (kept.has(expected)) {  // the gap is filled: write what came early
        const payload = kept.get(expected);
        kept.delete(expected);
        write(payload);
      }
    } else if (p.seq > expected && p.seq < expected + KEEP) {
      kept.set(p.seq, Buffer.from(p.payload));
    }
    // seq < expected: a copy of a packet written already; acknowledged again, not written.
    sock.send(makePacket(ACK, expected), from.port, from.address);
  } else if (p.type === FIN && p.seq === expected) {
    finished = true;  // every DATA packet has come: FILE is complete
    fs.closeSync(out);
    console.log(`received ${name}: ${written} bytes in ${expected} packets`);
    sock.send(makePacket(ACK, expected + 1), from.port, from.address);
    linger = setTimeout(() => sock.close(), LINGER);
  }
});

sock.on("error", (e) => {
  console.error(`receiver.js: ${e.message}`);
  process.exit(1);
});
sock.bind(port, "0.0.0.0");
