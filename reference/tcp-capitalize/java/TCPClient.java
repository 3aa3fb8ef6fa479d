// TCP capitalize client: sends each line of its input, prints each answer.
// Usage: java TCPClient HOST PORT
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;

public class TCPClient {
    public static void main(String[] args) throws IOException {
        BufferedReader input = new BufferedReader(
            new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Socket sock = new Socket(args[0], Integer.parseInt(args[1]));
             BufferedReader answers = new BufferedReader(
                 new InputStreamReader(sock.getInputStream(), StandardCharsets.UTF_8));
             Writer out = new OutputStreamWriter(sock.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String line; (line = input.readLine()) != null;) {
                out.write(line + "\n");
                out.flush();
                String answer = answers.readLine();
                if (answer == null) {
                    System.err.println("the server closed the connection");
                    System.exit(1);
                }
                System.out.println(answer);
            }
        }
    }
}
