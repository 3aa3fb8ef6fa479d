// TCP sender: sends each line of its input as a message ending in a newline.
// Usage: java TCPSender HOST PORT
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;

public class TCPSender {
    public static void main(String[] args) throws IOException {
        BufferedReader input = new BufferedReader(
            new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Socket sock = new Socket(args[0], Integer.parseInt(args[1]));
             Writer out = new OutputStreamWriter(sock.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String line; (line = input.readLine()) != null;) {
                out.write(line + "\n");
                out.flush();
            }
        }
    }
}
