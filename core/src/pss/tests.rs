//! Version boundaries and registry behaviour of the Pod Security Standards engine. The full
//! reference fixture set runs in `tests/pss_conformance.rs`; these pin each boundary by name.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::*;
use crate::source::{parse_file, InputFile, Limits};
use serde_json::{json, Value};

/// A pod that meets `restricted` at every version, with `patch` merged in (objects merge,
/// everything else replaces).
fn pod(patch: Value) -> Node {
    let mut base = json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "payments-api"},
        "spec": {
            "securityContext": {"runAsNonRoot": true, "seccompProfile": {"type": "RuntimeDefault"}},
            "containers": [{
                "name": "app",
                "image": "registry.example/app:1.0",
                "securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}}
            }]
        }
    });
    merge(&mut base, patch);
    node(&base)
}

fn node(value: &Value) -> Node {
    let parsed = parse_file(
        &InputFile::new("pod.json", value.to_string()),
        &Limits::default(),
    );
    assert!(parsed.error.is_none(), "{:?}", parsed.error);
    parsed.documents.into_iter().next().unwrap()
}

fn merge(into: &mut Value, patch: Value) {
    match (into, patch) {
        (Value::Object(into), Value::Object(patch)) => {
            for (key, value) in patch {
                merge(into.entry(key).or_insert(Value::Null), value);
            }
        }
        (into, patch) => *into = patch,
    }
}

/// A container patch applied to the only container (`containers` is replaced as a whole).
fn container(security: Value) -> Value {
    let mut sc = json!({"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}});
    merge(&mut sc, security);
    json!({"spec": {"containers": [{"name": "app", "image": "registry.example/app:1.0", "securityContext": sc}]}})
}

fn v(minor: u32) -> Version {
    Version::Minor(minor)
}

fn failing(pod: &Node, level: Level, version: Version) -> Vec<CheckId> {
    let view = PodView::of_pod(pod).unwrap();
    evaluate(&view, level, version)
        .into_iter()
        .map(|v| v.check)
        .collect()
}

fn baseline(pod: &Node, minor: u32) -> Vec<CheckId> {
    failing(pod, Level::Baseline, v(minor))
}

fn restricted(pod: &Node, minor: u32) -> Vec<CheckId> {
    failing(pod, Level::Restricted, v(minor))
}

#[test]
fn versions_parse_like_the_reference() {
    assert_eq!(Version::parse("latest"), Ok(Version::Latest));
    assert_eq!(Version::parse("v1.0"), Ok(v(0)));
    assert_eq!(Version::parse("v1.29"), Ok(v(29)));
    for bad in [
        "", "1.29", "v1.", "v1.029", "v2.1", "v1.x", "Latest", " v1.29", "v1.29.1",
    ] {
        assert_eq!(
            Version::parse(bad),
            Err(PssError::InvalidVersion(bad.to_string())),
            "{bad:?}"
        );
    }
    assert_eq!(Version::Latest.effective_minor(), Version::NEWEST);
    assert_eq!(v(40).effective_minor(), Version::NEWEST);
    assert_eq!(
        Version::parse("v1.99999999999").map(Version::effective_minor),
        Ok(Version::NEWEST)
    );
    assert_eq!(v(29).to_string(), "v1.29");
    assert_eq!(
        Enforcement::parse("baseline"),
        Ok(Enforcement::Level(Level::Baseline))
    );
    assert_eq!(
        Enforcement::parse("privileged"),
        Ok(Enforcement::Privileged)
    );
    assert!(Enforcement::parse("Restricted").is_err());
}

#[test]
fn the_clean_pod_meets_restricted_at_every_version() {
    let clean = pod(json!({}));
    for minor in 0..=Version::NEWEST + 2 {
        assert_eq!(restricted(&clean, minor), vec![], "v1.{minor}");
    }
    assert_eq!(failing(&clean, Level::Restricted, Version::Latest), vec![]);
}

#[test]
fn seccomp_annotations_count_up_to_1_18_and_fields_from_1_19() {
    let annotated = pod(json!({
        "metadata": {"annotations": {"seccomp.security.alpha.kubernetes.io/pod": "unconfined"}},
        "spec": {"securityContext": {"seccompProfile": null}}
    }));
    assert_eq!(
        baseline(&annotated, 18),
        vec![CheckId::SeccompProfileBaseline]
    );
    assert_eq!(baseline(&annotated, 19), vec![]);
    let container_annotation = pod(json!({
        "metadata": {"annotations": {"container.seccomp.security.alpha.kubernetes.io/app": "docker/default"}}
    }));
    assert_eq!(baseline(&container_annotation, 0), vec![]);

    let unconfined =
        pod(json!({"spec": {"securityContext": {"seccompProfile": {"type": "Unconfined"}}}}));
    assert_eq!(baseline(&unconfined, 18), vec![]);
    assert_eq!(
        baseline(&unconfined, 19),
        vec![CheckId::SeccompProfileBaseline]
    );
    // At restricted the stricter check replaces the baseline one from v1.19.
    assert_eq!(
        restricted(&unconfined, 19),
        vec![CheckId::SeccompProfileRestricted]
    );
    assert_eq!(restricted(&unconfined, 18), vec![]);
}

#[test]
fn sysctls_become_safe_at_their_version() {
    let with = |name: &str| {
        pod(json!({"spec": {"securityContext": {"sysctls": [{"name": name, "value": "1"}]}}}))
    };
    for (name, since) in [
        ("net.ipv4.ip_unprivileged_port_start", 0),
        ("net.ipv4.ip_local_reserved_ports", 27),
        ("net.ipv4.tcp_keepalive_time", 29),
        ("net.ipv4.tcp_fin_timeout", 29),
        ("net.ipv4.tcp_keepalive_intvl", 29),
        ("net.ipv4.tcp_keepalive_probes", 29),
        ("net.ipv4.tcp_rmem", 32),
        ("net.ipv4.tcp_wmem", 32),
        ("net.ipv4.tcp_slow_start_after_idle", 37),
        ("net.ipv4.tcp_notsent_lowat", 37),
    ] {
        let p = with(name);
        if since > 0 {
            assert_eq!(
                baseline(&p, since - 1),
                vec![CheckId::Sysctls],
                "{name} before v1.{since}"
            );
        }
        assert_eq!(baseline(&p, since), vec![], "{name} at v1.{since}");
        assert_eq!(
            failing(&p, Level::Baseline, Version::Latest),
            vec![],
            "{name} at latest"
        );
    }
    assert_eq!(baseline(&with("kernel.msgmax"), 37), vec![CheckId::Sysctls]);
}

#[test]
fn container_engine_t_is_allowed_from_1_31() {
    let p = pod(container(
        json!({"seLinuxOptions": {"type": "container_engine_t"}}),
    ));
    assert_eq!(baseline(&p, 30), vec![CheckId::SeLinuxOptions]);
    assert_eq!(baseline(&p, 31), vec![]);
    let user = pod(container(json!({"seLinuxOptions": {"user": "system_u"}})));
    assert_eq!(baseline(&user, 37), vec![CheckId::SeLinuxOptions]);
}

#[test]
fn probe_hosts_are_checked_from_1_34() {
    let p = pod(json!({"spec": {"containers": [{
        "name": "app",
        "image": "registry.example/app:1.0",
        "securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}},
        "lifecycle": {"preStop": {"httpGet": {"host": "169.254.169.254", "port": 80}}}
    }]}}));
    assert_eq!(baseline(&p, 33), vec![]);
    assert_eq!(baseline(&p, 34), vec![CheckId::HostProbesAndHostLifecycle]);
    assert!(!checks_for(Level::Baseline, v(33)).contains(&CheckId::HostProbesAndHostLifecycle));
}

#[test]
fn user_namespaces_relax_baseline_proc_mount_and_run_as_checks_from_1_35() {
    let unmasked = pod(json!({"spec": {"hostUsers": false}}));
    let unmasked = {
        let mut value = unmasked.to_json();
        merge(&mut value, container(json!({"procMount": "Unmasked"})));
        node(&value)
    };
    assert_eq!(baseline(&unmasked, 34), vec![CheckId::ProcMount]);
    assert_eq!(baseline(&unmasked, 35), vec![]);
    // Restricted keeps the default masks through procMount_restricted, which replaces procMount.
    assert_eq!(restricted(&unmasked, 34), vec![CheckId::ProcMount]);
    assert_eq!(
        restricted(&unmasked, 35),
        vec![CheckId::ProcMountRestricted]
    );

    let root = pod(
        json!({"spec": {"hostUsers": false, "securityContext": {"runAsNonRoot": null, "runAsUser": 0}}}),
    );
    assert_eq!(
        restricted(&root, 34),
        vec![CheckId::RunAsNonRoot, CheckId::RunAsUser]
    );
    assert_eq!(restricted(&root, 35), vec![]);
    // hostUsers: true relaxes nothing.
    let host_users = pod(json!({"spec": {"hostUsers": true, "securityContext": {"runAsUser": 0}}}));
    assert_eq!(restricted(&host_users, 35), vec![CheckId::RunAsUser]);
}

#[test]
fn windows_pods_are_exempt_from_three_restricted_checks_from_1_25() {
    let windows = pod(json!({"spec": {
        "os": {"name": "windows"},
        "securityContext": {"seccompProfile": null},
        "containers": [{"name": "app", "image": "registry.example/app:1.0"}]
    }}));
    assert_eq!(
        restricted(&windows, 24),
        vec![
            CheckId::AllowPrivilegeEscalation,
            CheckId::CapabilitiesRestricted,
            CheckId::SeccompProfileRestricted
        ]
    );
    assert_eq!(restricted(&windows, 25), vec![]);
    // The exemption is for Windows only.
    let linux = pod(
        json!({"spec": {"os": {"name": "linux"}, "containers": [{"name": "app", "image": "x"}]}}),
    );
    assert_eq!(
        restricted(&linux, 25),
        vec![
            CheckId::AllowPrivilegeEscalation,
            CheckId::CapabilitiesRestricted
        ]
    );
}

#[test]
fn allow_privilege_escalation_is_required_from_1_8() {
    let p = pod(json!({"spec": {"containers": [{
        "name": "app", "image": "x", "securityContext": {"capabilities": {"drop": ["ALL"]}}
    }]}}));
    assert_eq!(restricted(&p, 7), vec![]);
    assert_eq!(restricted(&p, 8), vec![CheckId::AllowPrivilegeEscalation]);
    assert_eq!(baseline(&p, 37), vec![]);
}

#[test]
fn run_as_user_zero_is_forbidden_from_1_23() {
    let p = pod(container(json!({"runAsUser": 0})));
    assert_eq!(restricted(&p, 22), vec![]);
    assert_eq!(restricted(&p, 23), vec![CheckId::RunAsUser]);
    let non_zero = pod(container(json!({"runAsUser": 1000})));
    assert_eq!(restricted(&non_zero, 23), vec![]);
}

#[test]
fn capabilities_restricted_replaces_baseline_from_1_22() {
    let no_drop = pod(container(json!({"capabilities": {"drop": ["NET_RAW"]}})));
    assert_eq!(restricted(&no_drop, 21), vec![]);
    assert_eq!(
        restricted(&no_drop, 22),
        vec![CheckId::CapabilitiesRestricted]
    );
    // Before v1.22 restricted level still runs the baseline capability check.
    let net_raw = pod(container(json!({"capabilities": {"add": ["NET_RAW"]}})));
    assert_eq!(
        restricted(&net_raw, 21),
        vec![CheckId::CapabilitiesBaseline]
    );
    assert_eq!(
        restricted(&net_raw, 22),
        vec![CheckId::CapabilitiesRestricted]
    );
    assert_eq!(baseline(&net_raw, 37), vec![CheckId::CapabilitiesBaseline]);
    let bind = pod(container(
        json!({"capabilities": {"add": ["NET_BIND_SERVICE"]}}),
    ));
    assert_eq!(restricted(&bind, 37), vec![]);
}

#[test]
fn restricted_volumes_replace_host_path_and_allow_implicit_empty_dirs() {
    let host_path =
        pod(json!({"spec": {"volumes": [{"name": "sock", "hostPath": {"path": "/var/run"}}]}}));
    assert_eq!(baseline(&host_path, 0), vec![CheckId::HostPathVolumes]);
    assert_eq!(restricted(&host_path, 0), vec![CheckId::RestrictedVolumes]);
    let nfs = pod(
        json!({"spec": {"volumes": [{"name": "share", "nfs": {"server": "fs", "path": "/"}}]}}),
    );
    assert_eq!(baseline(&nfs, 37), vec![]);
    assert_eq!(restricted(&nfs, 37), vec![CheckId::RestrictedVolumes]);
    let implicit = pod(
        json!({"spec": {"volumes": [{"name": "scratch"}, {"name": "img", "image": {"reference": "x"}}]}}),
    );
    assert_eq!(restricted(&implicit, 0), vec![]);
}

#[test]
fn registry_order_and_overrides_follow_the_reference() {
    let ids: Vec<&str> = CheckId::ALL.iter().map(|c| c.as_str()).collect();
    let (baseline_ids, restricted_ids) = ids.split_at(12);
    for part in [baseline_ids, restricted_ids] {
        let mut sorted = part.to_vec();
        sorted.sort_unstable();
        assert_eq!(part, sorted.as_slice());
    }
    assert!(CheckId::ALL[..12]
        .iter()
        .all(|c| c.level() == Level::Baseline));
    assert!(CheckId::ALL[12..]
        .iter()
        .all(|c| c.level() == Level::Restricted));
    let latest = checks_for(Level::Restricted, Version::Latest);
    for overridden in [
        CheckId::HostPathVolumes,
        CheckId::CapabilitiesBaseline,
        CheckId::SeccompProfileBaseline,
        CheckId::ProcMount,
    ] {
        assert!(!latest.contains(&overridden), "{overridden}");
    }
    assert_eq!(latest.len(), 15);
    assert_eq!(checks_for(Level::Baseline, Version::Latest).len(), 12);
    assert!(checks_for(Level::Restricted, v(18)).contains(&CheckId::SeccompProfileBaseline));
    assert!(checks_for(Level::Restricted, v(34)).contains(&CheckId::ProcMount));
    let controls: Vec<&str> = CheckId::ALL.iter().map(|c| c.control()).collect();
    for n in 1..=12 {
        assert!(controls.contains(&format!("K8S-PSS-B-{n}").as_str()));
    }
    for n in 1..=7 {
        assert!(controls.contains(&format!("K8S-PSS-R-{n}").as_str()));
    }
    assert_eq!(
        CheckId::for_control("K8S-PSS-R-7"),
        Some(CheckId::ProcMountRestricted)
    );
}

#[test]
fn messages_and_fields_point_into_the_workload() {
    let cron = node(&json!({
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": "nightly"},
        "spec": {"jobTemplate": {"spec": {"template": {"spec": {
            "initContainers": [{"name": "setup", "image": "x"}],
            "containers": [{"name": "report", "image": "x", "securityContext": {"privileged": true}}]
        }}}}}
    }));
    let view = extract::pod_view_of(&cron).unwrap();
    let found = evaluate(&view, Level::Baseline, Version::Latest);
    assert_eq!(found.len(), 1);
    let violation = &found[0];
    assert_eq!(
        violation.message(),
        "privileged (container \"report\" must not set securityContext.privileged=true)"
    );
    let steps = view.steps_from_root(&violation.fields[0]);
    assert_eq!(
        crate::document::extend_pointer("", &steps),
        "/spec/jobTemplate/spec/template/spec/containers/0/securityContext/privileged"
    );
    assert!(extract::pod_view("Service", &cron).is_none());
}

#[test]
fn ephemeral_containers_are_checked() {
    let p = pod(json!({"spec": {"ephemeralContainers": [{
        "name": "debug", "image": "x", "securityContext": {"privileged": true}
    }]}}));
    let found = evaluate(
        &PodView::of_pod(&p).unwrap(),
        Level::Baseline,
        Version::Latest,
    );
    assert_eq!(found.len(), 1);
    assert_eq!(
        crate::document::extend_pointer("", &found[0].fields[0].steps),
        "/ephemeralContainers/0/securityContext/privileged"
    );
}
