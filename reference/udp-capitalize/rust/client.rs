//! UDP capitalize client: sends each line as a datagram and prints the answer; an answer that
//! does not come within 1 s means the line is sent again, 3 sends in all, then "timed out".
//! Usage: client HOST PORT
use std::io::{self, BufRead, Write};
use std::net::UdpSocket;
use std::time::Duration;

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let sock = UdpSocket::bind("0.0.0.0:0")?;
    sock.connect(format!("{}:{}", args[1], args[2]))?;
    sock.set_read_timeout(Some(Duration::from_secs(1)))?;
    let mut buf = vec![0u8; 65535];
    for line in io::stdin().lock().lines() {
        let line = line?;
        let mut answered = false;
        for _ in 0..3 {
            sock.send(line.as_bytes())?;
            if let Ok(n) = sock.recv(&mut buf) {
                println!("{}", String::from_utf8_lossy(&buf[..n]));
                answered = true;
                break;
            }
        }
        if !answered {
            println!("Request timed out: {}", line);
        }
        io::stdout().flush()?;
    }
    Ok(())
}
