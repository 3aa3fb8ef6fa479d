//! TCP capitalize server: answers every line with the same line in upper case, one thread per
//! client. Usage: server PORT
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;

fn serve(conn: TcpStream) -> std::io::Result<()> {
    let mut out = conn.try_clone()?;
    // read_until splits at newlines however the bytes arrive.
    let mut lines = BufReader::new(conn);
    let mut line = Vec::new();
    while lines.read_until(b'\n', &mut line)? > 0 {
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches('\n');
        out.write_all(format!("{}\n", text.to_uppercase()).as_bytes())?;
        line.clear();
    }
    Ok(())
}

fn main() {
    let port = std::env::args().nth(1).expect("usage: server PORT");
    let listener = TcpListener::bind(format!("0.0.0.0:{}", port)).expect("bind");
    println!("The server is ready to receive");
    for conn in listener.incoming().flatten() {
        thread::spawn(move || serve(conn));
    }
}
