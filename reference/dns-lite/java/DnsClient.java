// dns-lite client: for each name on stdin, sends "<id> <name>" and waits at most 1 s for the
// answer with that id (another id: a late answer or a copy, ignored), 3 sends at most; prints
// "<name> <address>", "<name> NXDOMAIN" or "<name> TIMEOUT". Usage: java DnsClient HOST PORT
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

public class DnsClient {
  static String ask(DatagramSocket socket, InetAddress host, int port, int id, String name)
      throws Exception {
    byte[] query = (id + " " + name).getBytes(StandardCharsets.UTF_8);
    byte[] buf = new byte[65535];
    for (int send = 0; send < 3; ++send) {
      socket.send(new DatagramPacket(query, query.length, host, port));
      long deadline = System.nanoTime() + 1_000_000_000L;
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) break;
        socket.setSoTimeout((int) left);
        DatagramPacket answer = new DatagramPacket(buf, buf.length);
        try {
          socket.receive(answer);
        } catch (SocketTimeoutException e) {
          break;  // no answer within 1 s: send the query again
        }
        String[] words =
            new String(answer.getData(), 0, answer.getLength(), StandardCharsets.UTF_8)
                .trim()
                .split("\\s+");
        if (words.length == 3 && words[0].equals(Integer.toString(id))) return words[2];
      }
    }
    return "TIMEOUT";
  }

  public static void main(String[] args) throws Exception {
    InetAddress host = InetAddress.getByName(args[0]);
    int port = Integer.parseInt(args[1]);
    DatagramSocket socket = new DatagramSocket();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    int id = 0;
    for (String line; (line = in.readLine()) != null; ) {
      String name = line.trim();
      if (name.isEmpty()) continue;
      id = (id + 1) % 65536;
      System.out.println(name + " " + ask(socket, host, port, id, name));
      System.out.flush();
    }
  }
}
