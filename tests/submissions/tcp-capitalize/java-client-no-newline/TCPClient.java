import java.io.*;
import java.net.*;

// The textbook's client with the newline left out: writeBytes(sentence), and the server's
// readLine() waits for the end of a line that never comes.
public class TCPClient {
    public static void main(String[] args) throws Exception {
        BufferedReader inFromUser = new BufferedReader(new InputStreamReader(System.in));
        Socket clientSocket = new Socket(args[0], Integer.parseInt(args[1]));
        DataOutputStream outToServer = new DataOutputStream(clientSocket.getOutputStream());
        BufferedReader inFromServer =
            new BufferedReader(new InputStreamReader(clientSocket.getInputStream()));
        String sentence;
        while ((sentence = inFromUser.readLine()) != null) {
            outToServer.writeBytes(sentence);
            System.out.println(inFromServer.readLine());
        }
        clientSocket.close();
    }
}
