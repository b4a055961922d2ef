//! The bundled sample evidence (from `testdata/`), for users who want to see the viewer first.

use posture_core::InputFile;

/// One sample: each file's path under `testdata/` and its bytes.
type SampleFiles = &'static [(&'static str, &'static [u8])];

include!(concat!(env!("OUT_DIR"), "/samples.rs"));

/// The files of the sample `name`, named as under `testdata/`.
pub fn files(name: &str) -> Vec<InputFile> {
    SAMPLES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, files)| {
            files
                .iter()
                .map(|(path, bytes)| InputFile::new(*path, bytes.to_vec()))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn samples_hold_the_testdata_bundles() {
        let regulated = super::files("regulated-prod");
        assert!(regulated
            .iter()
            .any(|f| f.name == "regulated-prod/cluster.json"));
        assert!(regulated
            .iter()
            .any(|f| f.name == "regulated-prod/addons/vpc-cni.json"));
        assert!(super::files("legacy-public").len() > 3);
        assert!(super::files("nope").is_empty());
    }
}
