// Chat server: java ChatServer PORT. Every line a client sends goes to every other client
// connected at that moment; a thread per client, the list of clients under a lock. A client
// that closes or resets is dropped and the others are served on.
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

public class ChatServer {
  private static final List<Socket> clients = new ArrayList<>();

  public static void main(String[] args) throws IOException {
    try (ServerSocket listener = new ServerSocket(Integer.parseInt(args[0]))) {
      while (true) {
        Socket client = listener.accept();
        synchronized (clients) {
          clients.add(client);
        }
        new Thread(() -> serve(client)).start();
      }
    }
  }

  private static void serve(Socket client) {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        byte[] out = (line + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (clients) {
          for (Socket other : clients) {
            if (other == client) continue;
            try {
              OutputStream o = other.getOutputStream();
              o.write(out);
              o.flush();
            } catch (IOException e) {
              // it left: its own thread will see it
            }
          }
        }
      }
    } catch (IOException e) {
      // reset: it left
    } finally {
      synchronized (clients) {
        clients.remove(client);
      }
      try {
        client.close();
      } catch (IOException e) {
        // closed already
      }
    }
  }
}
