// UDP capitalize server: answers every datagram with its text in upper case.
// Usage: java UDPServer PORT
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

public class UDPServer {
    public static void main(String[] args) throws Exception {
        try (DatagramSocket sock = new DatagramSocket(Integer.parseInt(args[0]))) {
            byte[] buffer = new byte[65535];  // the largest datagram there is: nothing is cut
            System.out.println("The server is ready to receive");
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                sock.receive(packet);
                String text = new String(packet.getData(), 0, packet.getLength(),
                                         StandardCharsets.UTF_8);
                byte[] answer = text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
                sock.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            }
        }
    }
}
