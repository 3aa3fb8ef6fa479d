// TCP receiver: accepts senders one after another and prints every message on its own line.
// Usage: java TCPReceiver PORT
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;

public class TCPReceiver {
    public static void main(String[] args) throws IOException {
        ServerSocket welcome = new ServerSocket();
        welcome.setReuseAddress(true);
        welcome.bind(new InetSocketAddress(Integer.parseInt(args[0])));
        while (true) {
            try (Socket conn = welcome.accept();
                 BufferedReader in = new BufferedReader(
                     new InputStreamReader(conn.getInputStream(), StandardCharsets.UTF_8))) {
                // readLine() also returns the last message when the sender closes without "\n".
                for (String line; (line = in.readLine()) != null;) System.out.println(line);
            } catch (IOException e) {
                // the sender went away: wait for the next one
            }
        }
    }
}
