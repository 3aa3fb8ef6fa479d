import java.net.*;
import java.util.ArrayList;

// Keeps every buffer it ever made: a leak that grows past the memory the grader allows.
public class TCPServer {
    public static void main(String[] args) throws Exception {
        ArrayList<byte[]> kept = new ArrayList<>();
        while (true) kept.add(new byte[16 << 20]);
    }
}
