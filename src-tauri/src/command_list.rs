// The ONE list of IPC commands the app allows. Included by build.rs (which turns it into the
// app manifest: `allow-<command>` permissions with `_` → `-`) and by the crate (tests check that
// capabilities/default.json and the invoke handler agree with it).
//
// To add a command: add it here, to `generate_handler!` in src/lib.rs, and
// `"allow-<name-with-dashes>"` to capabilities/default.json. `cargo test -p anbud-app` fails
// if the three disagree.
pub const COMMANDS: &[&str] = &[
    "app_info",
    // PLACEHOLDER (scaffolding): replace with the core's overview once it lands.
    "demo_overview",
];
