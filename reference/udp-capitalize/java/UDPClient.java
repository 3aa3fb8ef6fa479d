// UDP capitalize client: sends each line as a datagram and prints the answer. An answer that
// does not come within 1 s means the line is sent again, 3 sends in all; then it says
// "timed out" and goes on with the next line. Usage: java UDPClient HOST PORT
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;

public class UDPClient {
    public static void main(String[] args) throws IOException {
        InetSocketAddress server = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        BufferedReader input = new BufferedReader(
            new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (DatagramSocket sock = new DatagramSocket()) {
            sock.setSoTimeout(1000);  // receive() gives up after 1 s: UDP may lose a datagram
            byte[] buffer = new byte[65535];
            for (String line; (line = input.readLine()) != null;) {
                byte[] data = line.getBytes(StandardCharsets.UTF_8);
                boolean answered = false;
                for (int send = 0; send < 3 && !answered; ++send) {
                    sock.send(new DatagramPacket(data, data.length, server));
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    try {
                        sock.receive(packet);
                    } catch (SocketTimeoutException e) {
                        continue;
                    }
                    System.out.println(new String(packet.getData(), 0, packet.getLength(),
                                                  StandardCharsets.UTF_8));
                    answered = true;
                }
                if (!answered) System.out.println("Request timed out: " + line);
            }
        }
    }
}
