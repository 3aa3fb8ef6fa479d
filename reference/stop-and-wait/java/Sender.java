// Stop-and-wait sender (rdt 3.0) over UDP: java Sender HOST PORT
// Sends each line of its input as one datagram "SEQ:TEXT" (SEQ 0, 1, 0, 1, ...), waits for
// "ACK:SEQ", sends it again when no such ack came within 1 s, ignores an ack of the other SEQ,
// and exits once the last line is acked.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

public class Sender {
  public static void main(String[] args) throws Exception {
    InetAddress host = InetAddress.getByName(args[0]);
    int port = Integer.parseInt(args[1]);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (DatagramSocket sock = new DatagramSocket()) {
      int seq = 0;
      String line;
      while ((line = in.readLine()) != null) {
        byte[] packet = (seq + ":" + line).getBytes(StandardCharsets.UTF_8);
        String ack = "ACK:" + seq;
        boolean acked = false;
        while (!acked) {
          sock.send(new DatagramPacket(packet, packet.length, host, port));
          long deadline = System.nanoTime() + 1_000_000_000L;
          while (!acked) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0) break; // timed out: send it again
            sock.setSoTimeout((int) leftMs);
            byte[] buf = new byte[65535];
            DatagramPacket got = new DatagramPacket(buf, buf.length);
            try {
              sock.receive(got);
            } catch (SocketTimeoutException e) {
              break;
            }
            String text = new String(got.getData(), 0, got.getLength(), StandardCharsets.UTF_8);
            acked = text.strip().equals(ack); // an ack of the other SEQ is ignored
          }
        }
        seq = 1 - seq;
      }
    }
  }
}
