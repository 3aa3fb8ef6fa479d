// TCP capitalize server: answers every line with the same line in upper case.
// Usage: node server.js PORT
const net = require("net");

const server = net.createServer((conn) => {
  // 'data' gives what has arrived, not a line: keep the rest until its newline comes.
  let pending = "";
  conn.setEncoding("utf8");
  conn.on("data", (chunk) => {
    pending += chunk;
    let end;
    while ((end = pending.indexOf("\n")) >= 0) {
      conn.write(pending.slice(0, end).toUpperCase() + "\n");
      pending = pending.slice(end + 1);
    }
  });
  conn.on("error", () => {});
});
server.listen(Number(process.argv[2]), () => console.log("The server is ready to receive"));
