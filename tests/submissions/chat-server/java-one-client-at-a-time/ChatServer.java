import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

// A chat server that serves one client at a time: it reads from the first client until that
// one leaves, while the others wait in the backlog (and hear nothing).
public class ChatServer {
    public static void main(String[] args) throws Exception {
        ServerSocket listener = new ServerSocket(Integer.parseInt(args[0]));
        List<Socket> clients = new ArrayList<>();
        while (true) {
            Socket client = listener.accept();
            clients.add(client);
            BufferedReader in = new BufferedReader(
                new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {  // bug: blocks on this one client
                for (Socket other : clients) {
                    if (other != client) {
                        OutputStream out = other.getOutputStream();
                        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                }
            }
            clients.remove(client);
            client.close();
        }
    }
}
