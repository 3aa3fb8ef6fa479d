//! UDP capitalize server: answers every datagram with its text in upper case.
//! Usage: server PORT
use std::net::UdpSocket;

fn main() -> std::io::Result<()> {
    let port = std::env::args().nth(1).expect("usage: server PORT");
    let sock = UdpSocket::bind(format!("0.0.0.0:{}", port))?;
    println!("The server is ready to receive");
    let mut buf = vec![0u8; 65535]; // the largest datagram there is: nothing is cut
    loop {
        let (n, from) = sock.recv_from(&mut buf)?;
        let answer = String::from_utf8_lossy(&buf[..n]).to_uppercase();
        sock.send_to(answer.as_bytes(), from)?;
    }
}
