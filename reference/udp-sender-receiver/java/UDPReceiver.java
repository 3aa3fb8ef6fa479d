// UDP receiver: prints every datagram it receives on its own line, and keeps receiving.
// Usage: java UDPReceiver PORT
import java.net.*;
import java.nio.charset.StandardCharsets;

public class UDPReceiver {
    public static void main(String[] args) throws Exception {
        try (DatagramSocket sock = new DatagramSocket(Integer.parseInt(args[0]))) {
            byte[] buffer = new byte[65535];  // the largest datagram there is: nothing is cut
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                sock.receive(packet);
                System.out.println(new String(packet.getData(), 0, packet.getLength(),
                                              StandardCharsets.UTF_8));
            }
        }
    }
}
