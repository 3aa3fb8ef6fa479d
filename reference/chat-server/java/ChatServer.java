// Chat server, one thread per client: every line a client sends goes to every other client
// connected at that moment, never back to its sender. Run: java ChatServer PORT
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
  private static final List<OutputStream> clients = new ArrayList<>();

  public static void main(String[] args) throws IOException {
    ServerSocket listener = new ServerSocket(Integer.parseInt(args[0]));
    while (true) {
      Socket client = listener.accept();
      OutputStream out = client.getOutputStream();
      synchronized (clients) {
        clients.add(out);
      }
      new Thread(() -> serve(client, out)).start();
    }
  }

  private static void serve(Socket client, OutputStream out) {
    try (BufferedReader in = new BufferedReader(
             new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        byte[] message = (line + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (clients) {
          for (OutputStream other : clients) {
            if (other == out) continue;
            try {
              other.write(message);
              other.flush();
            } catch (IOException gone) {
              // that client left: its own thread removes it
            }
          }
        }
      }
    } catch (IOException reset) {
      // the client reset its connection: forget it, serve the others
    } finally {
      synchronized (clients) {
        clients.remove(out);
      }
      try {
        client.close();
      } catch (IOException ignored) {
      }
    }
  }
}
