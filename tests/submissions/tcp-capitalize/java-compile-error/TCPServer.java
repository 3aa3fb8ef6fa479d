import java.net.*;

public class TCPServer {
    public static void main(String[] args) throws Exception {
        ServerSocket welcomeSocket = new ServerSocket(Integer.parseInt(args[0]));
        Socket connectionSocket = welcomeSocket.accept()
        connectionSocket.close();
    }
}
