// The textbook's web server (lab 1): serves the files of its folder, one request per
// connection. Usage: java WebServer PORT
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;

public class WebServer {
    public static void main(String[] args) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(Integer.parseInt(args[0])));
        System.out.println("Ready to serve...");
        while (true) {
            try (Socket conn = server.accept()) {
                serve(conn);
            } catch (IOException e) {
                // this client is gone; serve the next one
            }
        }
    }

    static void serve(Socket conn) throws IOException {
        BufferedReader in = new BufferedReader(
            new InputStreamReader(conn.getInputStream(), StandardCharsets.ISO_8859_1));
        String requestLine = in.readLine();
        // The rest of the head, up to the blank line, so that close() sends a FIN.
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        }
        OutputStream out = conn.getOutputStream();
        String[] words = requestLine == null ? new String[0] : requestLine.split(" ");
        String name = words.length >= 2 && words[1].length() > 1 ? words[1].substring(1) : "";
        Path file = Paths.get(name.isEmpty() ? "." : name);
        if (!name.isEmpty() && Files.isRegularFile(file)) {
            out.write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(Files.readAllBytes(file));
        } else {
            out.write(("HTTP/1.1 404 Not Found\r\n\r\n"
                       + "<html><body><h1>404 Not Found</h1></body></html>\n")
                      .getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }
}
