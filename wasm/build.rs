//! Link settings for the OPA module: OPA hosts create the memory and pass it in, and refuse a
//! module whose memory import asks for more than they give (2 pages in opa-py-wasm, 5 in the
//! npm SDK), so the stack is kept small and the memory is imported, not defined.

fn main() {
    let opa = std::env::var_os("CARGO_FEATURE_OPA").is_some();
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    if opa && wasm {
        for arg in [
            "--import-memory",
            "--export-memory",
            "-zstack-size=98304",
            "--initial-memory=4194304",
        ] {
            println!("cargo:rustc-link-arg-cdylib={arg}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
