//! The `solieu` command line: parses arguments, calls the library, sets the exit code.

fn main() {
    todo!("CLI")
}
