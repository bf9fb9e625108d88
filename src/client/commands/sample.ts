// The walkthrough's sample program. No `vscode` import, so the tests can run the engine on it.

/** A Result-returning fn that calls `unwrap()`: one `unwrap-used` finding whose fix is `?`. */
export const SAMPLE_SOURCE = `use std::error::Error;

// Rust Safety Coach sample. The unwrap() below panics on input such as "80a".
// Hover it, then press Ctrl+. (Cmd+. on macOS) to replace it with the ? operator.
fn parse_port(text: &str) -> Result<u16, Box<dyn Error>> {
    let port: u16 = text.trim().parse().unwrap();
    Ok(port)
}

fn main() {
    match parse_port("8080") {
        Ok(port) => println!("listening on port {port}"),
        Err(error) => eprintln!("not a port: {error}"),
    }
}
`;
