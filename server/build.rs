//! Rebuilds the server when a migration changes: `sqlx::migrate!` embeds the migration
//! files at compile time, and cargo would not otherwise notice an edited one.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
