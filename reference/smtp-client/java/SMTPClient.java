// The textbook's SMTP client (lab 3): sends the message on its input to the mail server.
// Run: java SMTPClient HOST PORT < message
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

public class SMTPClient {
  private static BufferedReader replies;
  private static OutputStream out;

  // Reads one reply line and checks its code.
  private static void expect(String code) throws IOException {
    String line = replies.readLine();
    if (line == null || !line.startsWith(code)) {
      System.err.println("expected a " + code + " reply, got " + line);
      System.exit(1);
    }
  }

  private static void send(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  public static void main(String[] args) throws IOException {
    BufferedReader input =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    StringBuilder body = new StringBuilder();
    String line;
    // The message, each line that starts with '.' given one more (dot-stuffing), then '.'.
    while ((line = input.readLine()) != null)
      body.append(line.startsWith(".") ? "." + line : line).append("\r\n");
    body.append(".\r\n");
    try (Socket socket = new Socket(args[0], Integer.parseInt(args[1]))) {
      replies = new BufferedReader(
          new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      out = socket.getOutputStream();
      expect("220");
      String[][] steps = {{"HELO netgrade-student", "250"},
          {"MAIL FROM:<alice@example.com>", "250"}, {"RCPT TO:<bob@example.com>", "250"},
          {"DATA", "354"}};
      for (String[] step : steps) {
        send(step[0]);
        expect(step[1]);
      }
      out.write(body.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      expect("250");
      send("QUIT");
      expect("221");
    }
  }
}
