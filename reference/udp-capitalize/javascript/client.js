// UDP capitalize client: sends each line as a datagram and prints the answer; an answer that
// does not come within 1 s means the line is sent again, 3 sends in all, then "timed out".
// Usage: node client.js HOST PORT
const dgram = require("dgram");
const readline = require("readline");

const [host, port] = [process.argv[2], Number(process.argv[3])];
const sock = dgram.createSocket("udp4");
let answer = null;  // resolves the answer being waited for
sock.on("message", (msg) => {
  if (answer) answer(msg.toString("utf8"));
});

function ask(line) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), 1000);
    answer = (text) => {
      clearTimeout(timer);
      answer = null;
      resolve(text);
    };
    sock.send(Buffer.from(line, "utf8"), port, host);
  });
}

(async () => {
  for await (const line of readline.createInterface({ input: process.stdin })) {
    let text = null;
    for (let send = 0; send < 3 && text === null; ++send) text = await ask(line);
    console.log(text === null ? "Request timed out: " + line : text);
  }
  sock.close();
})();
