// dns-lite server: answers "<id> <name>" with "<id> <name> <address>" (or "<id> <name>
// NXDOMAIN") from hosts.txt, to the address each query came from; anything else gets no
// answer. Usage: java DnsServer PORT
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

public class DnsServer {
  public static void main(String[] args) throws Exception {
    Map<String, String> table = new HashMap<>();
    // readAllLines: a last line without a newline is a line like the others.
    for (String line : Files.readAllLines(Paths.get("hosts.txt"), StandardCharsets.UTF_8)) {
      String[] words = line.trim().split("\\s+");  // spaces or tabs
      if (words.length < 2 || words[0].startsWith("#")) continue;
      table.put(words[0].toLowerCase(Locale.ROOT), words[1]);
    }
    DatagramSocket socket = new DatagramSocket(Integer.parseInt(args[0]));
    byte[] buf = new byte[65535];
    while (true) {
      DatagramPacket query = new DatagramPacket(buf, buf.length);
      socket.receive(query);
      String text = new String(query.getData(), 0, query.getLength(), StandardCharsets.UTF_8);
      String[] words = text.trim().split("\\s+");
      if (words.length != 2 || !words[0].matches("\\d{1,5}") || Integer.parseInt(words[0]) > 65535)
        continue;  // not "<id> <name>": no answer
      String address = table.getOrDefault(words[1].toLowerCase(Locale.ROOT), "NXDOMAIN");
      byte[] answer =
          (words[0] + " " + words[1] + " " + address).getBytes(StandardCharsets.UTF_8);
      socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
    }
  }
}
