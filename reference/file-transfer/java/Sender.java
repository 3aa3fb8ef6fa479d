// File sender: sends the files named on its input, one per line, over one TCP connection.
// Usage: java Sender HOST PORT
//
// For each file: its name and '\n', its length as 4 bytes big-endian (network byte order),
// then its bytes; then it waits for the receiver's "OK <length>\n" before the next file. At
// the end of its input it closes the connection and exits with status 0.
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;

public class Sender {
    public static void main(String[] args) throws IOException {
        BufferedReader input = new BufferedReader(
            new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Socket sock = new Socket(args[0], Integer.parseInt(args[1]))) {
            DataOutputStream out = new DataOutputStream(
                new BufferedOutputStream(sock.getOutputStream()));
            // The answers are ASCII text lines: a Reader is right for them (not for files).
            BufferedReader answers = new BufferedReader(
                new InputStreamReader(sock.getInputStream(), StandardCharsets.US_ASCII));
            for (String line; (line = input.readLine()) != null;) {
                String name = line.trim();
                if (name.isEmpty()) continue;
                // The bytes as they are on disk: any value, no decoding.
                byte[] content = Files.readAllBytes(Paths.get(name));
                out.write((name + "\n").getBytes(StandardCharsets.US_ASCII));
                out.writeInt(content.length);  // 4 bytes, big-endian: 12 is 00 00 00 0c
                out.write(content);
                out.flush();  // send what the buffer holds before waiting for the answer
                String answer = answers.readLine();
                if (!("OK " + content.length).equals(answer)) {
                    System.err.println(name + ": the receiver answered " + answer
                                       + ", not OK " + content.length);
                    System.exit(1);
                }
                System.out.println("sent " + name + " (" + content.length + " bytes)");
            }
        }
    }
}
