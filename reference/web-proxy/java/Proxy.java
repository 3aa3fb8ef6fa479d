// A caching web proxy: the textbook's proxy lab.
// Usage: java Proxy PORT
//
// For each client, one after the other: read its request up to the blank line; answer from
// the cache when the URL's answer is there; otherwise connect to the origin (host and port
// from the URL, 80 when there is none), send it the path alone with a Host header, read its
// whole answer until it closes the connection, send that to the client, and keep it in the
// cache when its status is 200. Then close the client's connection. An origin that cannot be
// reached is answered "HTTP/1.0 502 Bad Gateway".
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

public class Proxy {
  // Keyed by the whole URL: another path on the same host is another page. Answers are bytes.
  private static final Map<String, byte[]> cache = new HashMap<>();

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: java Proxy PORT");
      System.exit(2);
    }
    try (ServerSocket listener = new ServerSocket(Integer.parseInt(args[0]))) {
      while (true) {
        try (Socket client = listener.accept()) {
          serve(client);
        } catch (IOException e) {
          // the client went away: serve the next one
        }
      }
    }
  }

  // The request's first line, once the whole head (up to the blank line) has come; null when
  // the client left first.
  private static String readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (true) {
      String text = head.toString(StandardCharsets.ISO_8859_1);
      if (text.contains("\r\n\r\n") || text.contains("\n\n")) return text.split("\r?\n", 2)[0];
      int n = in.read(buf);  // one read() returns what has come so far
      if (n < 0) return null;
      head.write(buf, 0, n);
    }
  }

  private static void serve(Socket client) throws IOException {
    OutputStream out = client.getOutputStream();
    String first = readRequest(client.getInputStream());
    if (first == null) return;
    String[] words = first.split(" ");
    if (words.length != 3 || !words[0].equals("GET") || !words[1].startsWith("http://")) {
      out.write("HTTP/1.0 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      return;
    }
    String url = words[1];
    byte[] kept = cache.get(url);
    if (kept != null) {
      out.write(kept);
      return;
    }
    String rest = url.substring("http://".length());
    int slash = rest.indexOf('/');
    String hostport = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "/" : rest.substring(slash);
    int colon = hostport.indexOf(':');
    String host = colon < 0 ? hostport : hostport.substring(0, colon);
    int port = colon < 0 ? 80 : Integer.parseInt(hostport.substring(colon + 1));
    byte[] answer;
    try {
      answer = fetch(host, port, path, hostport);
    } catch (IOException e) {  // refused, unknown name: the client still gets an answer
      out.write("HTTP/1.0 502 Bad Gateway\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      return;
    }
    out.write(answer);
    String status = new String(answer, 0, Math.min(answer.length, 16), StandardCharsets.ISO_8859_1);
    String[] parts = status.split(" ");
    if (parts.length > 1 && parts[1].startsWith("200")) cache.put(url, answer);
  }

  // The origin's whole answer, read until it closes the connection.
  private static byte[] fetch(String host, int port, String path, String hostport)
      throws IOException {
    try (Socket origin = new Socket(host, port)) {
      String request = "GET " + path + " HTTP/1.0\r\nHost: " + hostport + "\r\n\r\n";
      origin.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return origin.getInputStream().readAllBytes();  // until the origin closes
    }
  }
}
