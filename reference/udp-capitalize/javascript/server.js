// UDP capitalize server: answers every datagram with its text in upper case.
// Usage: node server.js PORT
const dgram = require("dgram");

const sock = dgram.createSocket("udp4");
sock.on("message", (msg, from) => {
  sock.send(Buffer.from(msg.toString("utf8").toUpperCase(), "utf8"), from.port, from.address);
});
sock.bind(Number(process.argv[2]), () => console.log("The server is ready to receive"));
