// TCP capitalize client: sends each line of its input, prints each answer.
// Usage: node client.js HOST PORT
const net = require("net");
const readline = require("readline");

const conn = net.connect(Number(process.argv[3]), process.argv[2]);
conn.setEncoding("utf8");
const answers = readline.createInterface({ input: conn });
const waiting = [];  // the answers asked for, in order
answers.on("line", (answer) => {
  console.log(answer);
  if (waiting.length) waiting.shift()();
});
conn.on("close", () => {
  if (waiting.length) {
    console.error("the server closed the connection");
    process.exit(1);
  }
});

(async () => {
  for await (const line of readline.createInterface({ input: process.stdin })) {
    conn.write(line + "\n");
    await new Promise((answered) => waiting.push(answered));
  }
  conn.end();
})();
