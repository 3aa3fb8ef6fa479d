// Keeps every 64 MiB vector it makes, until an allocation fails.
fn main() {
    let mut kept: Vec<Vec<u8>> = Vec::new();
    loop {
        kept.push(vec![1u8; 64 << 20]);
    }
}
