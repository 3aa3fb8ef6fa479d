import java.io.*;
import java.net.*;

// The textbook's server: writeBytes() writes the low byte of each char, so a letter outside
// ASCII (É, a char of its own) comes out as one wrong byte, and readLine() over the default
// charset reads the client's UTF-8 as it likes.
public class TCPServer {
    public static void main(String[] args) throws Exception {
        ServerSocket welcomeSocket = new ServerSocket(Integer.parseInt(args[0]));
        while (true) {
            Socket connectionSocket = welcomeSocket.accept();
            BufferedReader inFromClient = new BufferedReader(
                new InputStreamReader(connectionSocket.getInputStream(), "UTF-8"));
            DataOutputStream outToClient =
                new DataOutputStream(connectionSocket.getOutputStream());
            String clientSentence;
            while ((clientSentence = inFromClient.readLine()) != null) {
                outToClient.writeBytes(clientSentence.toUpperCase() + '\n');
            }
            connectionSocket.close();
        }
    }
}
