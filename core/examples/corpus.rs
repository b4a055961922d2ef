#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test and tooling code: a panic is a failed check
//! Writes the benchmark corpus to a folder, to time the CLI on it:
//! `cargo run --release -p posture-core --example corpus -- /tmp/corpus 10000`

#[path = "../benches/corpus.rs"]
mod corpus;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "corpus".into()));
    let resources: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("cluster.json"), corpus::cluster_json())?;
    std::fs::write(
        dir.join("launch-templates.json"),
        corpus::launch_templates_json(10),
    )?;
    for i in 0..10 {
        std::fs::write(dir.join(format!("ng-{i}.json")), corpus::nodegroup_json(i))?;
    }
    std::fs::write(dir.join("k8s.yaml"), corpus::kubernetes_yaml(resources))?;
    println!(
        "wrote {} with {resources} Kubernetes objects",
        dir.display()
    );
    Ok(())
}
