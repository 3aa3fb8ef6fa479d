import java.io.*;
import java.net.*;

// The textbook's UDP client for many lines, with no timeout: receive() waits for ever for an
// answer that was lost.
public class UDPClient {
    public static void main(String[] args) throws Exception {
        BufferedReader inFromUser = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
        DatagramSocket clientSocket = new DatagramSocket();
        InetAddress address = InetAddress.getByName(args[0]);
        int port = Integer.parseInt(args[1]);
        byte[] receiveData = new byte[2048];
        String sentence;
        while ((sentence = inFromUser.readLine()) != null) {
            byte[] sendData = sentence.getBytes("UTF-8");
            clientSocket.send(new DatagramPacket(sendData, sendData.length, address, port));
            DatagramPacket receivePacket = new DatagramPacket(receiveData, receiveData.length);
            clientSocket.receive(receivePacket);
            System.out.println(
                new String(receivePacket.getData(), 0, receivePacket.getLength(), "UTF-8"));
        }
        clientSocket.close();
    }
}
