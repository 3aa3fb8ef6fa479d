// UDP sender: sends each line of its input as one datagram.
// Usage: java UDPSender HOST PORT
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;

public class UDPSender {
    public static void main(String[] args) throws IOException {
        InetSocketAddress receiver = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        BufferedReader input = new BufferedReader(
            new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (DatagramSocket sock = new DatagramSocket()) {
            for (String line; (line = input.readLine()) != null;) {
                byte[] data = line.getBytes(StandardCharsets.UTF_8);
                sock.send(new DatagramPacket(data, data.length, receiver));
            }
        }
    }
}
