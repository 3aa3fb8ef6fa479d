// File receiver: accepts senders one after another and writes the files they send into its
// working folder.
// Usage: java Receiver PORT
//
// On one connection, for each file: its name and '\n', its length as 4 bytes big-endian
// (network byte order), then exactly that many bytes. Each complete file is answered with
// "OK <length>\n". When the sender closes the connection, the receiver takes the next one.
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;

public class Receiver {
    static final int MAX_NAME = 255;  // the longest file name most file systems take
    static final int CHUNK = 65536;   // a large file is written piece by piece

    public static void main(String[] args) throws IOException {
        ServerSocket welcome = new ServerSocket();
        welcome.setReuseAddress(true);
        welcome.bind(new InetSocketAddress(Integer.parseInt(args[0])));
        while (true) {
            try (Socket conn = welcome.accept()) {
                serve(conn);
            } catch (IOException e) {
                System.out.println("connection lost: " + e.getMessage());
            }
        }
    }

    // Receives the files of one sender, until it closes the connection. TCP keeps no
    // boundaries, so the input is buffered and read with readFully(), which waits for exactly
    // the bytes asked for, however many reads they take; what follows stays in the buffer.
    static void serve(Socket conn) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(conn.getInputStream()));
        OutputStream out = conn.getOutputStream();
        while (true) {
            String name = readName(in);
            if (name == null) return;  // the sender closed the connection: no more files
            if (!name.matches("[A-Za-z0-9._-]+") || name.equals(".") || name.equals("..")) {
                // no "/": a file cannot leave the folder
                System.out.println("refused the file name '" + name + "': closing the connection");
                return;
            }
            // readInt() reads 4 bytes big-endian (network byte order). Java's int is signed:
            // toUnsignedLong() gives lengths from 2 GiB to 4 GiB their real value.
            long length = Integer.toUnsignedLong(in.readInt());
            // A length of 0 is an empty file, not the end: the end is the connection closing.
            receiveFile(in, name, length);
            out.write(("OK " + length + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            System.out.println("received " + name + " (" + length + " bytes)");
        }
    }

    // The name line without its '\n' (as ASCII: a valid name has no other characters);
    // null if the connection ends before a name begins.
    static String readName(DataInputStream in) throws IOException {
        ByteArrayOutputStream name = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b == -1) {
                if (name.size() == 0) return null;
                throw new EOFException("the connection ended inside a name");
            }
            if (b == '\n') return name.toString("US-ASCII");
            if (name.size() == MAX_NAME) throw new IOException("a name longer than " + MAX_NAME);
            name.write(b);
        }
    }

    // Writes the next `length` bytes to the file `name`, as bytes (no Reader, no String: they
    // would decode the content as text). An incomplete file is deleted.
    static void receiveFile(DataInputStream in, String name, long length) throws IOException {
        Path path = Paths.get(name);
        byte[] piece = new byte[CHUNK];
        try (OutputStream file = Files.newOutputStream(path)) {
            for (long left = length; left > 0; ) {
                int n = (int) Math.min(left, CHUNK);
                in.readFully(piece, 0, n);  // EOFException if the connection ends first
                file.write(piece, 0, n);
                left -= n;
            }
        } catch (IOException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }
}
