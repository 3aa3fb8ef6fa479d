import java.io.*;
import java.net.*;

// Run as: java TCPClient localhost:6789
class TCPClient {
    public static void main(String argv[]) throws Exception {
        String[] hostPort = argv[0].split(":");
        String host = hostPort[0];
        int port = Integer.parseInt(hostPort[1]);
        BufferedReader inFromUser = new BufferedReader(new InputStreamReader(System.in));
        Socket clientSocket = new Socket(host, port);
        DataOutputStream outToServer = new DataOutputStream(clientSocket.getOutputStream());
        BufferedReader inFromServer =
            new BufferedReader(new InputStreamReader(clientSocket.getInputStream()));
        String sentence;
        while ((sentence = inFromUser.readLine()) != null) {
            outToServer.writeBytes(sentence + '\n');
            System.out.println(inFromServer.readLine());
        }
        clientSocket.close();
    }
}
