// Stop-and-wait receiver (rdt 3.0) over UDP: java Receiver PORT
// Answers every datagram "SEQ:TEXT" with "ACK:SEQ" to the address it came from, and prints
// TEXT once per new SEQ (a duplicate is acked again, not printed).
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;

public class Receiver {
  public static void main(String[] args) throws Exception {
    try (DatagramSocket sock = new DatagramSocket(Integer.parseInt(args[0]))) {
      char expected = '0';
      byte[] buf = new byte[65535];
      while (true) {
        DatagramPacket got = new DatagramPacket(buf, buf.length);
        sock.receive(got);
        String text = new String(got.getData(), 0, got.getLength(), StandardCharsets.UTF_8);
        if (text.length() < 2 || text.charAt(1) != ':' || (text.charAt(0) != '0' && text.charAt(0) != '1'))
          continue;
        char seq = text.charAt(0);
        byte[] ack = ("ACK:" + seq).getBytes(StandardCharsets.UTF_8);
        sock.send(new DatagramPacket(ack, ack.length, got.getSocketAddress()));
        if (seq != expected) continue; // sent again: its ack was lost; printed already
        System.out.println(text.substring(2).stripTrailing());
        System.out.flush();
        expected = expected == '0' ? '1' : '0';
      }
    }
  }
}
