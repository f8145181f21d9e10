//! The app's entry point for trunk: everything else is in the library.

fn main() {
    careway::start();
}
