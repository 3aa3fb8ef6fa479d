use std::net::TcpListener;

fn main() {
    let listener = TcpListener::bind("0.0.0.0:12000").unwrap();
    println!("The server is ready to receive")
    for conn in listener.incoming() {}
}
