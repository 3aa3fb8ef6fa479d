// The textbook's SMTP client (lab 3): sends the message on its input to the mail server.
// Usage: java SMTPClient HOST PORT < message
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;

public class SMTPClient {
    static BufferedReader replies;
    static OutputStream out;

    static void expect(String code) throws IOException {
        String line = replies.readLine();
        if (line == null || !line.startsWith(code)) {
            System.err.println("expected a " + code + " reply, got " + line);
            System.exit(1);
        }
    }

    static void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public static void main(String[] args) throws IOException {
        StringBuilder message = new StringBuilder();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine())
            message.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");  // dot-stuffing
        try (Socket sock = new Socket(args[0], Integer.parseInt(args[1]))) {
            replies = new BufferedReader(new InputStreamReader(sock.getInputStream(), StandardCharsets.UTF_8));
            out = sock.getOutputStream();
            expect("220");
            String[][] commands = {{"HELO netgrade-student", "250"}, {"MAIL FROM:<alice@example.com>", "250"},
                                   {"RCPT TO:<bob@example.com>", "250"}, {"DATA", "354"}};
            for (String[] c : commands) {
                send(c[0] + "\r\n");
                expect(c[1]);
            }
            send(message + ".\r\n");
            expect("250");
            send("QUIT\r\n");
            expect("221");
        }
    }
}
