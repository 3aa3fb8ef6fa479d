// 服务器：把每一行转成大写后发回（注释用 GBK 保存，如中文 Windows 上的编辑器）
// TCP capitalize server: answers every line with the same line in upper case, one thread per
// client. Usage: java TCPServer PORT
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

public class TCPServer {
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        ServerSocket welcome = new ServerSocket();
        welcome.setReuseAddress(true);
        welcome.bind(new InetSocketAddress(port));  // all interfaces
        System.out.println("The server is ready to receive");
        while (true) {
            Socket conn = welcome.accept();
            new Thread(() -> serve(conn)).start();
        }
    }

    // readLine() buffers and splits at newlines: a line may arrive in pieces, or several in one.
    static void serve(Socket conn) {
        try (conn;
             BufferedReader in = new BufferedReader(
                 new InputStreamReader(conn.getInputStream(), StandardCharsets.UTF_8));
             Writer out = new OutputStreamWriter(conn.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null;) {
                out.write(line.toUpperCase(Locale.ROOT) + "\n");
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }
}
