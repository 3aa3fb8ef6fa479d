// The contract's packet (reliable-transfer's): a 10-byte header, big-endian (type, flags,
// checksum, seq, len), then the payload. The checksum is the Internet checksum (RFC 1071) of the
// whole packet with its field 0.
const DATA = 0, ACK = 1, FIN = 2;
const HEADER = 10;
const PAYLOAD = 1000;

// The one's complement of the one's-complement sum of the 16-bit words (an odd byte is padded).
function checksum(bytes) {
  let total = 0;
  for (let i = 0; i < bytes.length; i += 2)
    total += (bytes[i] << 8) | (i + 1 < bytes.length ? bytes[i + 1] : 0);
  while (total > 0xffff) total = (total & 0xffff) + Math.floor(total / 0x10000);
  return ~total & 0xffff;
}

function makePacket(type, seq, payload = Buffer.alloc(0)) {
  const p = Buffer.alloc(HEADER + payload.length);
  p.writeUInt8(type, 0);
  p.writeUInt8(0, 1);
  p.writeUInt32BE(seq, 4);
  p.writeUInt16BE(payload.length, 8);
  payload.copy(p, HEADER);
  p.writeUInt16BE(checksum(p), 2);  // over the packet with the field still 0
  return p;
}

// {type, seq, payload} of a well-formed packet, or null for a damaged one.
function parse(data) {
  if (data.length < HEADER) return null;
  const copy = Buffer.from(data);
  copy.writeUInt16BE(0, 2);
  if (checksum(copy) !== data.readUInt16BE(2)) return null;
  const length = data.readUInt16BE(8);
  const payload = data.subarray(HEADER);
  if (length !== payload.length) return null;
  return { type: data.readUInt8(0), seq: data.readUInt32BE(4), payload };
}

module.exports = { DATA, ACK, FIN, PAYLOAD, makePacket, parse };
