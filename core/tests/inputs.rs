#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test and tooling code: a panic is a failed check
//! Reading inputs: positions in JSON and YAML, document kinds, and hostile files that must fail
//! cleanly (with a place) without stopping the rest of the scan.

mod common;

use common::options;
use posture_core::bundle::{Bundle, DocumentKind};
use posture_core::detect::Kind;
use posture_core::source::{parse_file, ParseErrorKind};
use posture_core::{path, Config, InputFile, Limits, Status};

fn parse(name: &str, text: &str) -> posture_core::source::SourceFile {
    parse_file(&InputFile::new(name, text.as_bytes()), &Limits::default())
}

#[test]
fn json_positions_point_at_keys_and_values() {
    let file = parse("cluster.json", "{\n  \"cluster\": {\n    \"name\": \"prod\",\n    \"resourcesVpcConfig\": {\n      \"endpointPublicAccess\": true\n    }\n  }\n}\n");
    assert!(file.error.is_none());
    let root = &file.documents[0];
    let (node, pos, present) = root.locate(path![
        "cluster",
        "resourcesVpcConfig",
        "endpointPublicAccess"
    ]);
    assert!(present);
    assert_eq!(node.unwrap().as_bool(), Some(true));
    assert_eq!((pos.line, pos.column), (5, 7));
    // An absent field is located at its closest existing parent.
    let (_, pos, present) =
        root.locate(path!["cluster", "resourcesVpcConfig", "publicAccessCidrs"]);
    assert!(!present);
    assert_eq!(pos.line, 4);
}

#[test]
fn yaml_multi_document_with_comments_empty_documents_and_end_markers() {
    let text = "---\n# leading comment\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n---\n---\n# only a comment\n...\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: payments\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          securityContext:\n            privileged: true\n...\n";
    let file = parse("app.yaml", text);
    assert!(file.error.is_none(), "{:?}", file.error);
    let files = [file];
    let bundle = Bundle::new(&files);
    let k8s = bundle.all(Kind::Kubernetes);
    assert_eq!(k8s.len(), 2);
    let deployment = &k8s[1];
    assert_eq!(deployment.k8s_kind(), "Deployment");
    let evidence = deployment.evidence(
        path![
            "spec",
            "template",
            "spec",
            "containers",
            0,
            "securityContext",
            "privileged"
        ],
        "false",
    );
    assert_eq!(evidence.line, 23);
    assert_eq!(evidence.column, 13);
    assert_eq!(
        evidence.pointer,
        "/spec/template/spec/containers/0/securityContext/privileged"
    );
    assert_eq!(evidence.observed, serde_json::json!(true));
    assert!(
        bundle.documents[0]
            .iter()
            .filter(|d| **d == DocumentKind::Empty)
            .count()
            >= 2
    );
}

#[test]
fn kubectl_lists_in_json_and_yaml_give_item_pointers() {
    let json = "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"List\",\n  \"items\": [\n    {\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"a\"}},\n    {\n      \"apiVersion\": \"storage.k8s.io/v1\",\n      \"kind\": \"StorageClass\",\n      \"metadata\": {\"name\": \"gp3\"},\n      \"provisioner\": \"ebs.csi.aws.com\"\n    }\n  ]\n}\n";
    let yaml = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: a\n- apiVersion: storage.k8s.io/v1\n  kind: StorageClass\n  metadata:\n    name: gp3\n  provisioner: ebs.csi.aws.com\n";
    for (name, text, line) in [("list.json", json, 10), ("list.yaml", yaml, 12)] {
        let files = [parse(name, text)];
        let bundle = Bundle::new(&files);
        let sc = bundle.k8s("StorageClass").next().expect("storage class");
        let e = sc.evidence(path!["provisioner"], "x");
        assert_eq!(e.pointer, "/items/1/provisioner", "{name}");
        assert_eq!(e.line, line, "{name}");
    }
}

#[test]
fn yaml_scalars_resolve_as_kubernetes_reads_them() {
    let file = parse(
        "s.yaml",
        "a: true\nb: \"true\"\nc: 1\nd: '1'\ne: ~\nf: 1.33\ng: \"yes\"\nh: 0x1F\ni: yes\nj: Off\nk: 0644\nl: 0\nm: 089\n",
    );
    let root = &file.documents[0];
    assert_eq!(root.get("a").unwrap().as_bool(), Some(true));
    assert_eq!(root.get("b").unwrap().as_str(), Some("true"));
    assert_eq!(root.get("c").unwrap().as_f64(), Some(1.0));
    assert_eq!(root.get("d").unwrap().as_str(), Some("1"));
    assert!(root.get("e").unwrap().is_null());
    assert_eq!(root.get("f").unwrap().as_f64(), Some(1.33));
    assert_eq!(root.get("g").unwrap().as_str(), Some("yes"));
    assert_eq!(root.get("h").unwrap().as_f64(), Some(31.0));
    // YAML 1.1, as go-yaml v2 behind kubectl and the API server: `privileged: yes` is true.
    assert_eq!(root.get("i").unwrap().as_bool(), Some(true));
    assert_eq!(root.get("j").unwrap().as_bool(), Some(false));
    assert_eq!(root.get("k").unwrap().as_f64(), Some(420.0));
    assert_eq!(root.get("l").unwrap().as_f64(), Some(0.0));
    assert_eq!(root.get("m").unwrap().as_f64(), Some(89.0));
}

#[test]
fn privileged_yes_is_a_privileged_pod() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\n  namespace: payments\nspec:\n  hostNetwork: on\n  containers:\n    - name: sh\n      image: busybox\n      securityContext:\n        privileged: yes\n";
    let report = posture_core::scan(
        &[InputFile::new("debug.yaml", text.as_bytes())],
        &options(Config::default()),
    )
    .unwrap();
    for control in ["K8S-PSS-B-1", "K8S-PSS-B-2"] {
        let result = report
            .results
            .iter()
            .find(|r| &*r.control == control)
            .unwrap();
        assert_eq!(result.status, Status::Fail, "{control}: {}", result.message);
    }
}

#[test]
fn yaml_merge_keys_and_aliases_expand() {
    let file = parse("m.yaml", "base: &base\n  runAsNonRoot: true\n  runAsUser: 1000\nctx:\n  <<: *base\n  runAsUser: 2000\n");
    let ctx = file.documents[0].get("ctx").unwrap();
    assert_eq!(ctx.get("runAsNonRoot").unwrap().as_bool(), Some(true));
    assert_eq!(ctx.get("runAsUser").unwrap().as_f64(), Some(2000.0));
}

fn error_of(name: &str, bytes: &[u8], limits: &Limits) -> posture_core::source::ParseError {
    parse_file(&InputFile::new(name, bytes), limits)
        .error
        .expect("an error")
}

#[test]
fn truncated_json_names_the_place() {
    let e = error_of(
        "truncated.json",
        b"{\n  \"cluster\": {\n    \"name\": \"prod\",\n    \"version\": \"1.3",
        &Limits::default(),
    );
    assert_eq!(e.kind, ParseErrorKind::Json);
    assert_eq!(e.line, Some(4));
}

#[test]
fn yaml_indented_with_tabs_names_the_line() {
    let e = error_of(
        "tabs.yaml",
        b"apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n",
        &Limits::default(),
    );
    assert_eq!(e.kind, ParseErrorKind::Yaml);
    assert_eq!(e.line, Some(4));
}

#[test]
fn binary_files_are_rejected_with_their_offset() {
    let e = error_of(
        "image.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        &Limits::default(),
    );
    assert_eq!(e.kind, ParseErrorKind::Binary);
    let e = error_of("nul.json", b"{\"a\": 1}\n\0", &Limits::default());
    assert_eq!(e.kind, ParseErrorKind::Binary);
    assert_eq!(e.line, Some(2));
}

#[test]
fn alias_bombs_stop_at_the_node_budget() {
    let mut text = String::from(
        "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n",
    );
    for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
        let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
        text.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    let e = error_of("bomb.yaml", text.as_bytes(), &Limits::default());
    assert_eq!(e.kind, ParseErrorKind::TooManyNodes);
    assert!(e.line.is_some());
}

#[test]
fn deep_nesting_is_refused_in_json_and_yaml() {
    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let e = error_of("deep.json", deep_json.as_bytes(), &Limits::default());
    assert_eq!(e.kind, ParseErrorKind::TooDeep);
    let deep_yaml = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
    let e = error_of("deep.yaml", deep_yaml.as_bytes(), &Limits::default());
    assert_eq!(e.kind, ParseErrorKind::TooDeep);
    let mut block = String::new();
    for depth in 0..1000 {
        block.push_str(&" ".repeat(depth));
        block.push_str("k:\n");
    }
    let e = error_of("deep-block.yaml", block.as_bytes(), &Limits::default());
    assert_eq!(e.kind, ParseErrorKind::TooDeep);
}

#[test]
fn files_over_the_size_limit_are_refused() {
    let limits = Limits {
        max_file_bytes: 1024,
        ..Limits::default()
    };
    let e = error_of("big.json", &vec![b' '; 2048], &limits);
    assert_eq!(e.kind, ParseErrorKind::TooLarge);
}

#[test]
fn duplicate_keys_are_errors_in_both_syntaxes() {
    let e = error_of("dup.yaml", b"a: 1\nb: 2\na: 3\n", &Limits::default());
    assert_eq!(e.kind, ParseErrorKind::DuplicateKey);
    assert_eq!(e.line, Some(3));
    let e = error_of("dup.json", b"{\"a\": 1, \"a\": 2}", &Limits::default());
    assert_eq!(e.kind, ParseErrorKind::DuplicateKey);
}

#[test]
fn a_bad_file_never_stops_the_others() {
    let good = "{\"cluster\": {\"name\": \"prod\", \"version\": \"1.33\", \"resourcesVpcConfig\": {\"endpointPublicAccess\": true, \"endpointPrivateAccess\": true, \"publicAccessCidrs\": [\"0.0.0.0/0\"]}}}";
    let files = vec![
        InputFile::new("bad.json", b"{\"cluster\": ".to_vec()),
        InputFile::new("binary.bin", vec![0, 159, 146, 150]),
        InputFile::new("good.json", good.as_bytes().to_vec()),
    ];
    let report = posture_core::scan(&files, &options(Config::default())).unwrap();
    assert!(report.has_input_errors());
    assert_eq!(report.summary.inputs_with_errors, 2);
    let net1 = report
        .results
        .iter()
        .find(|r| &*r.control == "EKS-NET-1")
        .unwrap();
    assert_eq!(net1.status, Status::Fail);
    assert_eq!(&*net1.evidence[0].file, "good.json");
}

#[test]
fn unrecognised_documents_are_listed_not_dropped() {
    let files = vec![InputFile::new(
        "notes.json",
        b"{\"terraform_version\": \"1.9.0\", \"outputs\": {}}".to_vec(),
    )];
    let report = posture_core::scan(&files, &options(Config::default())).unwrap();
    let input = &report.inputs[0];
    assert_eq!(input.documents[0].kind, "unrecognised");
    assert!(input.error.is_none());
}

#[test]
fn every_aws_export_kind_is_detected_by_content() {
    let cases = [
        ("{\"cluster\": {\"name\": \"x\"}}", Kind::EksCluster),
        (
            "{\"nodegroup\": {\"nodegroupName\": \"x\"}}",
            Kind::EksNodegroup,
        ),
        (
            "{\"LaunchTemplateVersions\": [{\"VersionNumber\": 1}]}",
            Kind::Ec2LaunchTemplateVersion,
        ),
        (
            "{\"InstanceTypes\": [{\"InstanceType\": \"m7i.large\"}]}",
            Kind::Ec2InstanceType,
        ),
        ("{\"addon\": {\"addonName\": \"vpc-cni\"}}", Kind::EksAddon),
        ("{\"accessEntries\": []}", Kind::EksAccessEntryList),
        (
            "{\"accessEntry\": {\"principalArn\": \"x\"}}",
            Kind::EksAccessEntry,
        ),
        (
            "{\"clusterName\": \"c\", \"principalArn\": \"p\", \"associatedAccessPolicies\": []}",
            Kind::EksAssociatedAccessPolicies,
        ),
        (
            "{\"fargateProfile\": {\"fargateProfileName\": \"x\"}}",
            Kind::EksFargateProfile,
        ),
        (
            "{\"clusterVersions\": [{\"clusterVersion\": \"1.33\"}]}",
            Kind::EksClusterVersion,
        ),
        (
            "{\"Status\": \"ENABLED\", \"Features\": []}",
            Kind::GuardDutyDetector,
        ),
        (
            "{\"repositories\": [{\"repositoryName\": \"x\"}]}",
            Kind::EcrRepository,
        ),
        (
            "{\"EbsEncryptionByDefault\": true}",
            Kind::Ec2EbsEncryptionByDefault,
        ),
    ];
    for (text, kind) in cases {
        let files = [parse("x.json", text)];
        let bundle = Bundle::new(&files);
        assert_eq!(bundle.all(kind).len(), 1, "{text}");
    }
}

#[test]
fn windows_encodings_read_like_utf8() {
    // PowerShell 5 `>` writes UTF-16LE with a byte-order mark; Notepad may add a UTF-8 one and
    // CRLF line ends. Each reads as the plain UTF-8 file does, with the same positions.
    let text = "{\r\n  \"cluster\": {\r\n    \"name\": \"prod\",\r\n    \"version\": \"1.33\"\r\n  }\r\n}\r\n";
    let mut utf16le = vec![0xFF, 0xFE];
    utf16le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut utf16be = vec![0xFE, 0xFF];
    utf16be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let mut utf8bom = b"\xEF\xBB\xBF".to_vec();
    utf8bom.extend_from_slice(text.as_bytes());
    for (name, bytes) in [
        ("utf16le.json", utf16le),
        ("utf16be.json", utf16be),
        ("utf8bom.json", utf8bom),
    ] {
        let file = parse_file(&InputFile::new(name, bytes), &Limits::default());
        assert!(file.error.is_none(), "{name}: {:?}", file.error);
        let (node, pos, present) = file.documents[0].locate(path!["cluster", "version"]);
        assert!(present, "{name}");
        assert_eq!(node.unwrap().as_str(), Some("1.33"), "{name}");
        assert_eq!((pos.line, pos.column), (4, 5), "{name}");
    }
    // A byte-order mark followed by something that is not UTF-16 is an error with a place.
    let error = error_of("odd.json", b"\xFF\xFE{\x00\"", &Limits::default());
    assert_eq!(error.kind, ParseErrorKind::Binary);
    assert!(error.message.contains("UTF-16"), "{}", error.message);
}

#[test]
fn outputs_saved_with_query_are_recognised_and_judged_the_same() {
    // `aws eks describe-cluster --query cluster`, `describe-nodegroup --query nodegroup`,
    // `describe-launch-template-versions --query LaunchTemplateVersions`: the same objects
    // without their wrapper.
    let root = common::repo_root().join("testdata/legacy-public");
    let read = |p: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(root.join(p)).unwrap()).unwrap()
    };
    let mut wrapped = Vec::new();
    let mut bare = Vec::new();
    let mut add = |name: &str, value: serde_json::Value, unwrap: &str| {
        wrapped.push(InputFile::new(
            name,
            serde_json::to_vec_pretty(&value).unwrap(),
        ));
        bare.push(InputFile::new(
            name,
            serde_json::to_vec_pretty(&value[unwrap]).unwrap(),
        ));
    };
    add("cluster.json", read("cluster.json"), "cluster");
    add(
        "lt.json",
        read("launch-template-retail-batch.json"),
        "LaunchTemplateVersions",
    );
    for entry in std::fs::read_dir(root.join("nodegroups"))
        .unwrap()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        add(&name, read(&format!("nodegroups/{name}")), "nodegroup");
    }
    let scan =
        |files: &[InputFile]| posture_core::scan(files, &options(Config::default())).unwrap();
    let (a, b) = (scan(&wrapped), scan(&bare));
    let kinds =
        |r: &posture_core::Report| r.inputs.iter().map(|i| i.kind.clone()).collect::<Vec<_>>();
    assert_eq!(kinds(&a), kinds(&b));
    assert!(
        kinds(&b).iter().all(|k| k.starts_with("aws ")),
        "{:?}",
        kinds(&b)
    );
    let verdicts = |r: &posture_core::Report| {
        r.results
            .iter()
            .map(|x| (x.control.clone(), x.status, x.resource.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(verdicts(&a), verdicts(&b));
    assert!(b.results.iter().any(|r| r.status == Status::Fail));
    // A bare array of something else stays unrecognised.
    let other = parse("list.json", "[{\"Name\": \"a\"}, {\"Name\": \"b\"}]");
    let files = [other];
    let bundle = Bundle::new(&files);
    assert_eq!(bundle.documents[0], vec![DocumentKind::Unrecognised]);
}

#[test]
fn typed_lists_from_the_api_give_their_items_the_list_kind() {
    // `kubectl get --raw /apis/apps/v1/deployments` and client libraries write typed lists whose
    // items carry no kind.
    let text = r#"{"kind": "DeploymentList", "apiVersion": "apps/v1", "metadata": {"resourceVersion": "9"},
 "items": [{"metadata": {"name": "api", "namespace": "payments"},
            "spec": {"template": {"spec": {"containers": [{"name": "api", "image": "nginx",
              "securityContext": {"privileged": true}}]}}}}]}"#;
    let report = posture_core::scan(
        &[InputFile::new("deployments.json", text.as_bytes())],
        &options(Config::default()),
    )
    .unwrap();
    assert_eq!(report.inputs[0].kind, "kubernetes (1 object)");
    let privileged = report
        .results
        .iter()
        .find(|r| &*r.control == "K8S-PSS-B-2")
        .unwrap();
    assert_eq!(privileged.status, Status::Fail);
    assert_eq!(&*privileged.resource.kind, "Deployment");
    assert_eq!(
        privileged.evidence[0].pointer,
        "/items/0/spec/template/spec/containers/0/securityContext/privileged"
    );
    // A plain `List` whose items carry no kind cannot be read: it is listed, not dropped.
    let file = parse(
        "list.yaml",
        "apiVersion: v1\nkind: List\nitems:\n  - metadata:\n      name: x\n",
    );
    let files = [file];
    let bundle = Bundle::new(&files);
    assert_eq!(bundle.documents[0], vec![DocumentKind::Unrecognised]);
}
