//! TCP capitalize client: sends each line of its input, prints each answer.
//! Usage: client HOST PORT
use std::io::{self, BufRead, BufReader, Write};
use std::net::TcpStream;

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let mut conn = TcpStream::connect(format!("{}:{}", args[1], args[2]))?;
    let mut answers = BufReader::new(conn.try_clone()?);
    for line in io::stdin().lock().lines() {
        conn.write_all(format!("{}\n", line?).as_bytes())?;
        let mut answer = String::new();
        if answers.read_line(&mut answer)? == 0 {
            eprintln!("the server closed the connection");
            std::process::exit(1);
        }
        print!("{}", answer);
        io::stdout().flush()?;
    }
    Ok(())
}
