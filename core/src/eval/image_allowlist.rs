//! Whether an image reference matches one of the approved-registry patterns (K8S-WL-5),
//! deciding each image once and most images without running a pattern at all.
//!
//! A `regex-lite` match at `start..end` depends only on the text up to and including the
//! character at `end`: its assertions (`^`, `$`, `\b` and their multi-line forms) look at one
//! character either side of a position, and it has no other look-around. So once an image
//! matches, every image that begins with the same text up to that character matches too, and
//! a cluster's thousands of images come from a handful of registries.

use crate::hash::{HashMap, HashSet};
use regex_lite::Regex;

pub struct ImageAllowlist {
    patterns: Vec<Regex>,
    /// Texts every image beginning with which is approved, and their lengths (few).
    approved_prefixes: HashSet<Box<str>>,
    prefix_lengths: Vec<usize>,
    /// Images already decided, approved or not.
    decided: HashMap<Box<str>, bool>,
}

impl ImageAllowlist {
    pub fn new(patterns: Vec<Regex>) -> Self {
        ImageAllowlist {
            patterns,
            approved_prefixes: HashSet::default(),
            prefix_lengths: Vec::new(),
            decided: HashMap::default(),
        }
    }

    /// Whether any pattern matches `image`, as `Regex::is_match` would say.
    pub fn is_approved(&mut self, image: &str) -> bool {
        if let Some(&known) = self.decided.get(image) {
            return known;
        }
        let approved = self.has_approved_prefix(image) || self.run_patterns(image);
        self.decided.insert(image.into(), approved);
        approved
    }

    fn has_approved_prefix(&self, image: &str) -> bool {
        self.prefix_lengths.iter().any(|&length| {
            image
                .get(..length)
                .is_some_and(|prefix| self.approved_prefixes.contains(prefix))
        })
    }

    fn run_patterns(&mut self, image: &str) -> bool {
        let Some(found) = self.patterns.iter().find_map(|p| p.find(image)) else {
            return false;
        };
        // The text the match depends on: up to and including the character after it. A match
        // that reaches the end of the image may rest on `$`, so it vouches for no other image.
        let end = found.end();
        let next = image.get(end..).and_then(|rest| rest.chars().next());
        if let Some(prefix) = next.and_then(|c| image.get(..end + c.len_utf8())) {
            if self.approved_prefixes.insert(prefix.into())
                && !self.prefix_lengths.contains(&prefix.len())
            {
                self.prefix_lengths.push(prefix.len());
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::ImageAllowlist;
    use regex_lite::Regex;

    /// Images that share long prefixes, differ in one character at every position that matters
    /// to an assertion, and end where patterns end.
    fn images() -> Vec<String> {
        let stems = [
            "111122223333.dkr.ecr.eu-west-1.amazonaws.com/",
            "111122223333.dkr.ecr-fips.us-east-1.amazonaws.com.cn/",
            "public.ecr.aws/",
            "docker.io/library/",
            "ghcr.io/acme/",
            "",
            "registry.internal:5000/",
            "registry.internal\n",
            "é.example/",
        ];
        let tails = [
            "",
            "a",
            "app",
            "app:1.0",
            "app@sha256:ab",
            "-x",
            ".x",
            "/x",
            " x",
            "\nx",
            "\r\nx",
            "é",
            "app:latest",
            "APP",
        ];
        let mut out = Vec::new();
        for stem in stems {
            for tail in tails {
                out.push(format!("{stem}{tail}"));
                out.push(format!("{stem}{tail}{tail}"));
                if let Some(cut) = stem.len().checked_sub(1) {
                    if let Some(shorter) = stem.get(..cut) {
                        out.push(format!("{shorter}{tail}"));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn agrees_with_the_patterns_whatever_order_images_come_in() {
        let patterns = [
            r"^[0-9]{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/",
            r"^public\.ecr\.aws/",
            r"^ghcr\.io/acme/[a-z]+$",
            r"\bapp\b",
            r"(?m)amazonaws\.com$",
            r"(?mR)^x",
            r"app\B",
            r"\b{end}",
            r"^$",
            r"(?i)^docker\.io/library/app",
            r"",
            r"é$",
        ];
        let images = images();
        for pattern in patterns {
            for reverse in [false, true] {
                let regex = Regex::new(pattern).unwrap();
                let mut allowlist = ImageAllowlist::new(vec![Regex::new(pattern).unwrap()]);
                let order: Vec<&String> = if reverse {
                    images.iter().rev().collect()
                } else {
                    images.iter().collect()
                };
                for image in order {
                    assert_eq!(
                        allowlist.is_approved(image),
                        regex.is_match(image),
                        "pattern {pattern:?}, image {image:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn an_image_is_approved_when_any_pattern_matches() {
        let mut allowlist = ImageAllowlist::new(vec![
            Regex::new(r"^public\.ecr\.aws/").unwrap(),
            Regex::new(r"^ghcr\.io/").unwrap(),
        ]);
        assert!(allowlist.is_approved("ghcr.io/acme/app:1"));
        assert!(allowlist.is_approved("public.ecr.aws/acme/app:1"));
        assert!(!allowlist.is_approved("docker.io/acme/app:1"));
    }
}
