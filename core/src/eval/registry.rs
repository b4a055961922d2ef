//! Container registry: image scanning and tag immutability of ECR repositories.

use super::Ctx;
use crate::bundle::Obj;
use crate::config::glob;
use crate::detect::Kind;
use crate::document::Node;
use crate::finding::{Evidence, Outcome, Resource, Status};
use crate::path;

fn repository_resource(repo: &Obj<'_>) -> Resource {
    Resource::new(
        "AWS::ECR::Repository",
        repo.node.str_at("repositoryName").unwrap_or("(unnamed)"),
    )
}

/// A registry scanning rule that scans `name` automatically.
fn registry_rule_for(ctx: &Ctx<'_>, name: &str) -> Option<Evidence> {
    ctx.all(Kind::EcrRegistryScanning)
        .iter()
        .find_map(|config| {
            let rules = config.get(path!["scanningConfiguration", "rules"])?;
            rules.as_seq().iter().enumerate().find_map(|(i, rule)| {
                let automatic = matches!(
                    rule.str_at("scanFrequency"),
                    Some("SCAN_ON_PUSH" | "CONTINUOUS_SCAN")
                );
                let covers = rule
                    .get("repositoryFilters")
                    .map_or(&[][..], Node::as_seq)
                    .iter()
                    .any(|f| {
                        f.str_at("filter")
                            .is_some_and(|pattern| glob(pattern, name))
                    });
                (automatic && covers).then(|| {
                    config.evidence(
                        path!["scanningConfiguration", "rules", i],
                        "a SCAN_ON_PUSH or CONTINUOUS_SCAN rule matching the repository",
                    )
                })
            })
        })
}

fn no_ecr_export() -> Vec<Outcome> {
    vec![Outcome::new(
        Status::NotAssessed,
        Resource::new("AWS::ECR::Repository", "(none supplied)"),
        "not assessed: needs `aws ecr describe-repositories` (and `aws ecr get-registry-scanning-configuration`)",
    )]
}

pub fn ecr_1(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let repos = ctx.all(Kind::EcrRepository);
    if repos.is_empty() {
        if let Some(config) = ctx.all(Kind::EcrRegistryScanning).first() {
            let rules = config
                .get(path!["scanningConfiguration", "rules"])
                .map_or(0, |r| r.as_seq().len());
            let covers_all = registry_rule_for(ctx, "any-repository-name");
            return vec![match covers_all {
                Some(e) => Outcome::new(Status::Pass, Resource::new("AWS::ECR::Registry", config.node.str_at("registryId").unwrap_or("")), "registry scanning rules scan every repository automatically").with(e),
                None => Outcome::new(
                    Status::Fail,
                    Resource::new("AWS::ECR::Registry", config.node.str_at("registryId").unwrap_or("")),
                    format!("the registry's {rules} scanning rule(s) do not scan all repositories on push or continuously"),
                )
                .with(config.evidence(path!["scanningConfiguration", "rules"], "a SCAN_ON_PUSH or CONTINUOUS_SCAN rule with filter `*`")),
            }];
        }
        return no_ecr_export();
    }
    repos
        .iter()
        .map(|repo| {
            let resource = repository_resource(repo);
            let name = repo.node.str_at("repositoryName").unwrap_or("");
            let scan_on_push = path!["imageScanningConfiguration", "scanOnPush"];
            if repo.get(scan_on_push).and_then(Node::as_bool) == Some(true) {
                return Outcome::new(Status::Pass, resource, "images are scanned on push").with(repo.evidence(scan_on_push, "true"));
            }
            if let Some(rule) = registry_rule_for(ctx, name) {
                return Outcome::new(Status::Pass, resource, "images are scanned by a registry-level scanning rule").with(rule);
            }
            Outcome::new(Status::Fail, resource, "images are not scanned on push and no registry scanning rule covers this repository")
                .with(repo.evidence(scan_on_push, "true, or a registry rule that scans the repository"))
        })
        .collect()
}

pub fn ecr_2(ctx: &Ctx<'_>) -> Vec<Outcome> {
    let repos = ctx.all(Kind::EcrRepository);
    if repos.is_empty() {
        return no_ecr_export();
    }
    repos
        .iter()
        .map(|repo| {
            let evidence = repo.evidence(path!["imageTagMutability"], "IMMUTABLE");
            let resource = repository_resource(repo);
            match repo.str(path!["imageTagMutability"]) {
                Some("IMMUTABLE") => Outcome::new(Status::Pass, resource, "image tags are immutable"),
                Some("IMMUTABLE_WITH_EXCLUSION") => Outcome::new(Status::Warn, resource, "image tags are immutable except for the exclusion filters: check imageTagMutabilityExclusionFilters"),
                Some(other) => Outcome::new(Status::Fail, resource, format!("image tags can be overwritten ({other})")),
                None => Outcome::new(Status::Fail, resource, "image tag mutability not set: ECR defaults to MUTABLE"),
            }
            .with(evidence)
        })
        .collect()
}
