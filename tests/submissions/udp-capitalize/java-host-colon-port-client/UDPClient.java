import java.io.*;
import java.net.*;

public class UDPClient {
    public static void main(String[] args) {
        try {
            String[] hp = args[0].split(":");
            InetAddress address = InetAddress.getByName(hp[0]);
            int port = Integer.parseInt(hp[1]);
            DatagramSocket socket = new DatagramSocket();
            socket.setSoTimeout(1000);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
            String line;
            while ((line = in.readLine()) != null) {
                byte[] data = line.getBytes();
                socket.send(new DatagramPacket(data, data.length, address, port));
                DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
                socket.receive(reply);
                System.out.println(new String(reply.getData(), 0, reply.getLength()));
            }
            socket.close();
        } catch (Exception e) {
            System.out.println("Error: " + e);
        }
    }
}
