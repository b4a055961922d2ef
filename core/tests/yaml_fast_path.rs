#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a panic is a failed check
//! The YAML fast path gives exactly what the full parser gives (values and every position), or
//! declines; it accepts what kubectl writes, so the speed-up cannot silently disappear.

mod common;

#[path = "../benches/corpus.rs"]
#[allow(dead_code)] // only the Kubernetes dump is used here
mod corpus;

use common::Rng;
use posture_core::document::{Node, Value};
use posture_core::source::{parse_yaml_fast, parse_yaml_full};
use posture_core::Limits;

/// Checks the invariant on one text; true when the fast path accepted it.
fn check(name: &str, text: &str, limits: &Limits) -> bool {
    let fast = parse_yaml_fast(text, limits);
    common::fast_path_agrees(name, text, fast, || parse_yaml_full(text, limits))
}

/// Limits tight enough that the full parser errors on depth or size in ordinary files.
fn tight() -> Limits {
    Limits {
        max_depth: 4,
        max_nodes: 60,
        ..Limits::default()
    }
}

#[test]
fn every_yaml_file_in_the_repository_reads_the_same() {
    let root = common::repo_root();
    let mut files = Vec::new();
    for dir in [
        "testdata",
        "policies",
        "wasm/fixtures",
        "core/tests",
        "cli",
        "web",
    ] {
        common::files_with_extension(&root.join(dir), &["yaml", "yml"], &mut files);
    }
    files.sort();
    assert!(files.len() > 100, "found only {} YAML files", files.len());
    let mut accepted = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        // As the caller hands it over: UTF-8 without its byte-order mark.
        let Ok(text) = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes))
        else {
            continue;
        };
        let name = path.display().to_string();
        if check(&name, text, &Limits::default()) {
            accepted += 1;
        }
        check(&name, text, &tight());
    }
    // Most of the repository's YAML is plain block YAML.
    assert!(
        accepted * 10 >= files.len() * 8,
        "the fast path accepted only {accepted} of {} files",
        files.len()
    );
}

#[test]
fn kubectl_output_takes_the_fast_path() {
    let root = common::repo_root();
    let mut files = Vec::new();
    common::files_with_extension(
        &root.join("testdata/midsize-cluster"),
        &["yaml", "yml"],
        &mut files,
    );
    assert!(!files.is_empty());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            check(&path.display().to_string(), &text, &Limits::default()),
            "{} must take the fast path",
            path.display()
        );
    }
    let text = corpus::kubernetes_yaml(500);
    assert!(check("corpus", &text, &Limits::default()));
    assert!(check(
        "corpus, CRLF",
        &text.replace('\n', "\r\n"),
        &Limits::default()
    ));
}

#[test]
fn limits_decline_as_the_full_parser_errs() {
    let text = corpus::kubernetes_yaml(20);
    for max_depth in [1, 2, 3, 5, 6, 7, 8] {
        let limits = Limits {
            max_depth,
            ..Limits::default()
        };
        check("depth", &text, &limits);
    }
    // The full parser counts every value and key against its budget.
    let nodes = values_and_keys(&parse_yaml_full(&text, &Limits::default()).unwrap()[0]);
    for max_nodes in [nodes / 2, nodes - 1, nodes, nodes + 1] {
        let limits = Limits {
            max_nodes,
            ..Limits::default()
        };
        check("nodes", &text, &limits);
    }
    // Right at the limit both read it; one below, the full parser errs and the fast path declines.
    let limits = |max_nodes| Limits {
        max_nodes,
        ..Limits::default()
    };
    assert!(parse_yaml_fast(&text, &limits(nodes)).is_some());
    assert!(parse_yaml_full(&text, &limits(nodes - 1)).is_err());
    assert!(parse_yaml_fast(&text, &limits(nodes - 1)).is_none());
}

/// With aliases (each charged at its anchored value's size), the fast path declines exactly
/// where the full parser runs out of budget.
#[test]
fn aliases_count_against_the_budget_as_in_the_full_parser() {
    let text =
        std::fs::read_to_string(common::repo_root().join("testdata/midsize-cluster/k8s.yaml"))
            .unwrap();
    let limits = |max_nodes| Limits {
        max_nodes,
        ..Limits::default()
    };
    // The smallest budget the full parser reads the file with.
    let (mut low, mut high) = (0, text.len() * 4);
    while low + 1 < high {
        let mid = (low + high) / 2;
        if parse_yaml_full(&text, &limits(mid)).is_ok() {
            high = mid;
        } else {
            low = mid;
        }
    }
    assert!(parse_yaml_fast(&text, &limits(high)).is_some());
    assert!(parse_yaml_fast(&text, &limits(high - 1)).is_none());
}

fn values_and_keys(node: &Node) -> usize {
    1 + match &node.value {
        Value::Seq(items) => items.iter().map(values_and_keys).sum(),
        Value::Map(entries) => entries.iter().map(|e| 1 + values_and_keys(&e.node)).sum(),
        _ => 0,
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// What kubectl writes, or common by hand: must take the fast path.
    Accept,
    /// Must go to the full parser.
    Decline,
    /// Either, as long as the invariant holds.
    Either,
}

use Expect::{Accept, Decline, Either};

const SNIPPETS: &[(&str, Expect)] = &[
    // Scalars and their resolution.
    ("key: value\n", Accept),
    ("key: value # c\n", Accept),
    ("key: value  \n", Accept),
    ("x: a #b\n", Accept),
    ("x: a#b\n", Accept),
    ("x: a:b\n", Accept),
    ("x: http://example.com:80/a?b=c#d\n", Accept),
    ("x: a b  c\n", Accept),
    ("x: -1\n", Accept),
    ("x: --v=2\n", Accept),
    ("x: 0644\n", Accept),
    ("x: 0x1F\n", Accept),
    ("x: 1e3\n", Accept),
    ("x: .inf\n", Accept),
    ("x: .nan\n", Accept),
    ("x: -0\n", Accept),
    ("x: yes\n", Accept),
    ("x: off\n", Accept),
    ("x: ~\n", Accept),
    ("x: null\n", Accept),
    ("x:\n", Accept),
    ("x:   \n", Accept),
    ("x: # c\n", Accept),
    ("x: ---\n", Either),
    ("x: ...\n", Either),
    ("x: a: b\n", Decline),
    ("x: a:\n", Decline),
    ("x: - a\n", Decline),
    ("x: -\n", Decline),
    ("x: ?a\n", Decline),
    ("x: :a\n", Decline),
    ("x: @a\n", Decline),
    ("x: `a\n", Decline),
    ("x: %a\n", Decline),
    ("x: a # c\n  b\n", Decline),
    ("x: a\n  b\n", Accept),
    ("x: a\n\n  b\n", Accept),
    ("x: a\n  # c\ny: b\n", Accept),
    // Quoted scalars.
    ("a: 'it''s'\n", Accept),
    ("a: ''\n", Accept),
    ("a: ''''\n", Accept),
    ("a: '  x  '\n", Accept),
    ("a: \"\"\n", Accept),
    ("a: \"x\" # c\n", Accept),
    ("a: \"x\"# c\n", Decline),
    ("a: \"x\" y\n", Decline),
    ("k: \"a\\u00e9\\tb\"\n", Accept),
    (
        "k: \"\\\" \\\\ \\/ \\n \\t \\r \\0 \\b \\e \\a \\f \\v \\x41 \\u263A \\U0001F600 \\N \\_ \\L \\P \\ \"\n",
        Accept,
    ),
    ("k: \"\\q\"\n", Decline),
    ("k: \"\\'\"\n", Decline),
    ("k: \"\\x4\"\n", Decline),
    ("k: \"\\uD800\"\n", Decline),
    ("k: \"\\U00110000\"\n", Decline),
    ("k: \"a\n  b\"\n", Accept),
    ("k: \"a\\\n  b\"\n", Accept),
    ("k: 'a\n  b'\n", Accept),
    ("resourceVersion: \"5007\"\n", Accept),
    ("creationTimestamp: '2026-09-14T08:12:33Z'\n", Accept),
    // Scalars over several lines, as kubectl wraps strings longer than 80 columns.
    (
        "  kubernetes.io/limit-ranger: 'LimitRanger plugin set: cpu request for container\n    hostnames'\n",
        Accept,
    ),
    ("description: A long text that\n  goes on here\n  and here\nnext: 1\n", Accept),
    ("- a long\n  item\n- b\n", Accept),
    ("- k: a long\n    value\n  j: 1\n", Accept),
    ("x: 1\n  2\n", Accept),
    ("x: a\n\n\n  b\n\n  c\n", Accept),
    ("x: a\n  b\n\ny: 1\n", Accept),
    ("x: a\n  --v -x ---\n", Accept),
    ("x: a\n  b # c\n", Either),
    ("x: a\n  - b\n", Decline),
    ("x: a\n  b: c\n", Decline),
    ("x: a\n  # c\n  b\n", Decline),
    ("x: a\n  'b'\n", Decline),
    ("x: 'a  \n   b'\n", Accept),
    ("x: '  a\n   b  '\n", Accept),
    ("x: 'a\n\n  b'\n", Accept),
    ("x: 'it''s\n  ok'\n", Accept),
    ("x: 'a\n  # b'\n", Accept),
    ("x: 'a\n  b\n  c' # c\n", Accept),
    ("x: \"a \\\n  b\"\n", Accept),
    ("x: \"a\\\n\n  b\"\n", Accept),
    ("x: \"a\\ \n  b\\t\"\n", Accept),
    ("x: \"a\\\n  \"\n", Accept),
    ("- 'a\n  b'\n- \"c\n  d\"\n", Accept),
    ("x: 'a\nb'\n", Decline),
    ("x: 'a\n  b' c\n", Decline),
    ("x: 'a\n  b'\n  c\n", Decline),
    ("x: 'a\n  b\n", Decline),
    ("x: \"a\n  \\q\"\n", Decline),
    ("x: 'a\n---\n  b'\n", Decline),
    ("x: 'a\n  b': c\n", Decline),
    // Keys.
    ("\"quoted key\": 1\n", Accept),
    ("'single key': 1\n", Accept),
    ("\"a\":1\n", Decline),
    ("\"a\" : 1\n", Decline),
    ("a : 1\n", Decline),
    ("yes: 1\nno: 2\n1: a\n1.5: b\n~: c\n0644: d\n", Accept),
    ("f:metadata:\n  f:labels:\n    .: {}\n    k:{\"name\":\"app\"}: {}\n", Accept),
    ("a b: 1\n", Accept),
    ("-a: 1\n", Accept),
    ("a#b: 1\n", Accept),
    ("...x: 1\n---x: 2\n", Either),
    ("a: 1\na: 2\n", Decline),
    ("a: 1\n\"a\": 2\n", Decline),
    ("true: 1\nyes: 2\n", Decline),
    ("<<: {a: 1}\n", Decline),
    ("\"<<\": 1\n", Decline),
    ("? a\n: b\n", Decline),
    ("[a]: b\n", Decline),
    ("{a: 1}: b\n", Decline),
    // Block mappings and sequences.
    ("a:\n  b:\n    c: 1\n  d: 2\ne: 3\n", Accept),
    ("key:\n- a\n- b\n", Accept),
    ("key:\n  - a\n  - b\n", Accept),
    ("key:\n- a\nnext: 1\n", Accept),
    ("- a: 1\n  b: 2\n- c: 3\n", Accept),
    ("-   a: 1\n    b: 2\n", Accept),
    ("- - a\n  - b\n- c\n", Accept),
    ("- - - a\n", Accept),
    ("-\n- a\n-\n", Accept),
    ("-   # c\n- a\n", Accept),
    ("-\n  a: 1\n", Accept),
    ("-\n  - a\n", Accept),
    ("items:\n- a: 1\n  b:\n- c\n-\n-   # cm\n- x:\n  - y\nkind: List\n", Accept),
    ("- name:\n  - a\n  other: 1\n", Accept),
    ("a:\n  b: 1\n # c\n  d: 1\n", Accept),
    ("a:\n  b: 1\n\n\n  d: 1\n", Accept),
    ("  a: 1\n  b: 2\n", Accept),
    ("a:\n    b: 1\n  c: 2\n", Decline),
    ("a: 1\n- b\n", Decline),
    ("- a\nb: 1\n", Decline),
    ("a:\n  - x\n  b: 1\n", Decline),
    ("a:\n  value on its own line\n", Decline),
    ("scalar at the root\n", Decline),
    ("- a\n  - b\n", Decline),
    ("a:\n  b: 1\n c: 2\n", Decline),
    // Literal block scalars.
    ("k: |-\n  x\n  y\n", Accept),
    ("k: |+\n  x\n\n", Accept),
    ("k: |\n  x\n\n  y\n\n\nj: 1\n", Accept),
    ("k: |\n\n  x\n", Accept),
    ("k: |\n    x\n   \n    y\n", Accept),
    ("k: |\n  x\n     \n  y\n", Accept),
    ("k: |\n  x\n    indented\n  y\n", Accept),
    ("k: |\n  # not a comment\n  x\n# a comment\nj: 1\n", Accept),
    ("k: | # c\n  x\n", Accept),
    ("k: |\nj: 1\n", Accept),
    ("k: |+\n\n\nj: 1\n", Accept),
    ("k: |\n  x", Accept),
    ("k: |+\n  x", Accept),
    ("k: |-\n  x", Accept),
    ("k: |+\n  x\n\n\n", Accept),
    ("- |\n  a\n- |-\n  b\n", Accept),
    ("- k: |\n    a\n  j: 1\n", Accept),
    ("k:\n- |\n  a\n", Accept),
    ("k: |\n", Decline),
    ("k: |2-\n   x\n  y\n", Accept),
    ("k: >2\n   a\n  b\n  c\n", Accept),
    ("k: >2-\n  a\n   b\n  c\n", Accept),
    ("- |2\n   x\n", Accept),
    ("a:\n  k: |2\n      x\n  j: 1\n", Accept),
    ("k: |1\n x\n", Accept),
    ("k: |2+\n  x\n\nj: 1\n", Accept),
    ("k: |2\n     \n  x\n", Accept),
    ("k: |2\n\n  \n   x\n", Accept),
    ("k: |2\nj: 1\n", Accept),
    ("k: |2\n x\nj: 1\n", Decline),
    ("k: |0\n  x\n", Decline),
    ("k: |10\n  x\n", Decline),
    ("k: |2+-\n  x\n", Decline),
    ("k: |--\n  x\n", Decline),
    ("k: |22\n  x\n", Decline),
    ("k: |2\n    x\n", Accept),
    ("k: |-2\n    x\n", Accept),
    ("k: |#c\n  x\n", Decline),
    ("k: >\n  x\n  y\n", Accept),
    ("k: >-\n  x\n", Accept),
    ("k: >\n  a\n  b\n\n  c\n", Accept),
    ("k: >\n  a\n\n\n  b\n", Accept),
    ("k: >-\n  a\n    more\n  b\n  c\n", Accept),
    ("k: >\n    more\n  a\n  b\n", Decline),
    ("k: >\n  a\n   \n  b\n", Accept),
    ("k: >\n  a\n  \n  b\n", Accept),
    ("k: >+\n  a\n  b\n\n", Accept),
    ("k: >\n\n  a\n  b\n", Accept),
    ("k: >\n  a\n\n    b\n\n  c\n", Accept),
    ("- >\n  a\n  b\n- c\n", Accept),
    ("k: >2\n    x\n", Accept),
    ("k: |\n     \n  x\n", Decline),
    ("k: |\n  x\n  ", Decline),
    ("--- |\n  x\n", Decline),
    // Flow collections.
    ("x: {}\n", Accept),
    ("x: []\n", Accept),
    ("x: { }\n", Accept),
    ("x: [ ]\n", Accept),
    ("x: [] # c\n", Accept),
    ("drop: [\"ALL\"]\n", Accept),
    ("x: [a, 'b', \"c\", 1, yes, ~]\n", Accept),
    ("r: {cpu: 100m, memory: 128Mi}\n", Accept),
    ("h: {path: /healthz, port: 8080}\n", Accept),
    ("x: [a, [b, c], {d: e}]\n", Accept),
    ("x: [a,b]\n", Accept),
    ("x: [a:b]\n", Accept),
    ("- [a]\n- {a: 1}\n", Accept),
    ("x: [a]\n", Accept),
    ("x: [a, b,]\n", Decline),
    ("x: [a: b]\n", Decline),
    ("x: [a, b\n  , c]\n", Decline),
    ("x: {a}\n", Decline),
    ("x: {a: }\n", Decline),
    ("x: {a:1}\n", Decline),
    ("x: {\"a\":1}\n", Decline),
    ("x: {a: 1, a: 2}\n", Decline),
    ("x: [a] b\n", Decline),
    ("x: [a]#c\n", Decline),
    ("x: [a # c\n  ]\n", Decline),
    ("x: [-]\n", Decline),
    ("x: [- a]\n", Decline),
    ("x: [-a]\n", Accept),
    ("x: [a -]\n", Decline),
    ("x: [a -, b]\n", Decline),
    ("x: {a: b -}\n", Decline),
    ("x: [a -b]\n", Accept),
    ("x: a -\n", Accept),
    ("x: [a]]\n", Decline),
    // Anchors, aliases, tags, directives.
    ("x: &a 1\ny: *a\n", Accept),
    ("x: &a\n  b: 1\ny: *a\nz:\n- *a\n- &b [1, {c: d}]\n- *b\n", Accept),
    ("x: &a\n- 1\ny: *a\n", Accept),
    ("- &a\n  - 1\n- &b 'q'\n- &c |\n  t\n- *c\n", Accept),
    ("x: &a 1\nx2: &a 2\ny: *a\n", Accept),
    ("x: &a\ny: 1\n", Decline),
    ("x: *a\n", Decline),
    ("x: &a\n  y: *a\n", Decline),
    ("x: &a 1\ny: &a\n\n  z: *a\n", Decline),
    ("x: &a\n  b: &a 1\ny: *a\n", Accept),
    ("x: &a 1\n---\ny: *a\n", Decline),
    ("- &a k: v\n", Decline),
    ("&a k: v\n", Decline),
    ("x: *a b\n", Decline),
    ("x: &a:b 1\n", Decline),
    ("x: &a &b 1\n", Decline),
    ("x: [*a]\n", Decline),
    ("base: &b {a: 1}\nx:\n  <<: *b\n", Decline),
    ("x: !!str 1\n", Decline),
    ("x: !custom 1\n", Decline),
    ("%YAML 1.2\n---\nx: 1\n", Decline),
    // Documents.
    ("", Accept),
    ("# only a comment\n", Accept),
    ("\n\n# c\n\n", Accept),
    ("---\n", Accept),
    ("---", Accept),
    ("--- # c\n", Accept),
    ("---\n# c", Accept),
    ("---\na: 1\n", Accept),
    ("a: 1\n---\nb: 2\n", Accept),
    ("a: 1\n---\n---\nb: 2\n---\n", Accept),
    ("a: 1\n...\n", Accept),
    ("a: 1\n...\nb: 2\n", Accept),
    ("a: 1\n...\n---\nb: 2\n...\n", Accept),
    ("a: 1\n---\n...\n---\n", Accept),
    ("...\n...\na: 1\n", Accept),
    ("... # c\na: 1\n", Accept),
    ("--- a: 1\n", Decline),
    ("--- x\n", Decline),
    ("---x\n", Decline),
    ("a: 1\nb\n", Decline),
    ("a: 1\n...x\n", Decline),
    ("a: 1\n  ---\n", Either),
    ("- a\n---\n- b\n", Accept),
    // Line ends, whitespace and characters.
    ("a: 1\r\nb:\r\n- c\r\nd: |\r\n  x\r\n  y\r\n", Accept),
    ("a: 1\rb: 2\n", Decline),
    ("a: 1\r", Decline),
    ("a:\t1\n", Decline),
    ("a:\n\t- 1\n", Decline),
    ("a: 1\t# c\n", Decline),
    ("a: b\tc\n", Decline),
    ("é: \"ü\"\nxé: [é, b]\nñ:\n- ö: ü\n  é: 'è'\n", Accept),
    ("k: |\n  é\n  ü\n", Accept),
    ("a: 1 \n", Accept),
    ("a: 1\n  ", Decline),
    ("a: x\u{1}y\n", Decline),
    ("a: x\u{7f}y\n", Decline),
    ("a: x\u{85}y\n", Decline),
    ("a: x\u{2028}y\n", Decline),
    ("a: x\u{feff}y\n", Decline),
    ("\u{feff}a: 1\n", Decline),
    ("a: x\u{a0}y\n", Accept),
];

#[test]
fn snippets() {
    let mut wrong = Vec::new();
    for &(text, expect) in SNIPPETS {
        let accepted = check(&format!("{text:?}"), text, &Limits::default());
        if (expect == Accept && !accepted) || (expect == Decline && accepted) {
            wrong.push(format!(
                "{text:?}: expected {expect:?}, {}",
                if accepted { "accepted" } else { "declined" }
            ));
        }
        // Nested one level down, the same text keeps the invariant.
        let nested: String = text.lines().map(|l| format!("  {l}\n")).collect();
        check(
            &format!("nested {text:?}"),
            &format!("outer:\n{nested}"),
            &Limits::default(),
        );
        check(
            &format!("in a sequence {text:?}"),
            &format!("- {}", text.replace('\n', "\n  ")),
            &Limits::default(),
        );
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Characters that matter to YAML's structure.
const SIGNIFICANT: &[char] = &[
    ':', ' ', '-', '#', '\'', '"', '|', '>', '\n', '\t', '{', '}', '[', ']', '&', '*', '!', '%',
    ',', '?', '.', '\\', '\r', '~', '<', 'é', '0', 'a',
];

/// Short runs that make or break YAML structure.
const FRAGMENTS: &[&str] = &[
    " -", "- ", ": ", " #", "\n  ", "\n- ", "&a ", "*a", "''", "\\\"", ", ", "{a: b}", "[a]",
    "|\n  ", ">-\n  ", "---\n", "...\n", "\r\n", "  ", "<<: ", "? ", "!!str ",
];

/// Random edits (insert, delete, replace a character) of random slices of kubectl-style YAML.
/// `YAML_MUTATIONS=rounds[,seed]` runs a longer search.
#[test]
fn mutations_keep_the_invariant() {
    let (rounds, seed) = common::search_setting("YAML_MUTATIONS", 3000, 0x9E37_79B9_7F4A_7C15);
    let root = common::repo_root();
    let midsize = std::fs::read_to_string(root.join("testdata/midsize-cluster/k8s.yaml")).unwrap();
    let mut sink = String::new();
    for (text, _) in SNIPPETS.iter().filter(|(_, e)| *e == Accept) {
        sink.push_str("---\n");
        sink.push_str(text);
    }
    let bases = [
        common::cut(&midsize, 20_000),
        common::cut(&corpus::kubernetes_yaml(30), 20_000),
        sink,
    ];
    let mut rng = Rng(seed.max(1));
    let (mut accepted, mut declined) = (0, 0);
    for round in 0..rounds {
        let base = &bases[round % bases.len()];
        // Mostly a slice of a few lines, sometimes the whole base.
        let lines: Vec<&str> = base.split_inclusive('\n').collect();
        let text: String = if round % 10 == 0 {
            base.clone()
        } else {
            let from = rng.below(lines.len());
            let to = (from + 1 + rng.below(60)).min(lines.len());
            lines[from..to].concat()
        };
        let mut chars: Vec<char> = text.chars().collect();
        let edits = 1 + rng.below(3);
        common::mutate(&mut chars, edits, SIGNIFICANT, FRAGMENTS, &mut rng);
        let mutated: String = chars.into_iter().collect();
        if check(&format!("mutation {round}"), &mutated, &Limits::default()) {
            accepted += 1;
        } else {
            declined += 1;
        }
    }
    // Both paths are exercised.
    assert!(
        accepted > 300 && declined > 300,
        "{accepted} accepted, {declined} declined"
    );
}

/// Random documents built from everything the fast path accepts (nested at random
/// indentations, with comments, anchors and CRLF), each checked as written and after an edit.
/// `YAML_DOCUMENTS=rounds[,seed]` runs a longer search.
#[test]
fn generated_documents_keep_the_invariant() {
    let (rounds, seed) = common::search_setting("YAML_DOCUMENTS", 1500, 0x2545_F491);
    let mut rng = Rng(seed.max(1));
    let mut accepted = 0;
    for round in 0..rounds {
        let mut g = Generator {
            rng: &mut rng,
            out: String::new(),
            anchors: 0,
            done: Vec::new(),
        };
        for _ in 0..1 + g.rng.below(2) {
            g.done.clear();
            g.out.push_str(["", "---\n", "--- # c\n"][g.rng.below(3)]);
            let indent = [0, 0, 0, 2][g.rng.below(4)];
            if g.rng.below(2) == 0 {
                g.map(indent, 0, false);
            } else {
                g.seq(indent, 0);
            }
            g.out.push_str(["", "...\n", "# end\n"][g.rng.below(3)]);
        }
        let mut text = g.out;
        if rng.below(8) == 0 {
            text = text.replace('\n', "\r\n");
        }
        if check(&format!("generated {round}"), &text, &Limits::default()) {
            accepted += 1;
        }
        let mut chars: Vec<char> = text.chars().collect();
        let at = rng.below(chars.len() + 1);
        let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())];
        if rng.below(2) == 0 && at < chars.len() {
            chars.remove(at);
        } else {
            chars.splice(at..at, fragment.chars());
        }
        let edited: String = chars.into_iter().collect();
        check(
            &format!("generated {round}, edited"),
            &edited,
            &Limits::default(),
        );
    }
    // Most generated documents take the fast path (duplicate keys and the like do not).
    println!("{accepted} of {rounds} accepted");
    assert!(
        accepted * 2 > rounds,
        "only {accepted} of {rounds} accepted"
    );
}

struct Generator<'r> {
    rng: &'r mut Rng,
    out: String,
    /// Anchors written, and those of this document whose values are complete.
    anchors: usize,
    done: Vec<usize>,
}

impl Generator<'_> {
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.rng.below(from.len())]
    }

    /// Blank lines and comments, sometimes.
    fn filler(&mut self) {
        let filler = self.pick(&["", "", "", "", "\n", "# c\n", "  # c\n", "\n\n"]);
        self.out.push_str(filler);
    }

    fn spaces(&mut self, n: usize) {
        self.out.extend(std::iter::repeat_n(' ', n));
    }

    /// A block mapping at `indent`; `inline` when its first key follows a `- ` already written.
    fn map(&mut self, indent: usize, depth: usize, inline: bool) {
        // Distinct keys (`y` and `on` are both `true`): duplicates are for the snippets.
        let mut keys = vec![
            "name",
            "image",
            "y",
            "1",
            "\"q k\"",
            "'s k'",
            "é",
            "a b",
            "f:x",
            "k:{\"a\":1}",
            "-x",
            "null",
            ".",
        ];
        for i in 0..1 + self.rng.below(4) {
            if i > 0 || !inline {
                self.filler();
                self.spaces(indent);
            }
            let key = keys.swap_remove(self.rng.below(keys.len()));
            self.out.push_str(key);
            self.out.push(':');
            self.value(indent, depth, false);
        }
    }

    /// A block sequence whose `-` are at `indent`.
    fn seq(&mut self, indent: usize, depth: usize) {
        for _ in 0..1 + self.rng.below(3) {
            self.filler();
            self.spaces(indent);
            self.out.push('-');
            self.value(indent, depth, true);
        }
    }

    /// What follows a key's `:` or a `-` (at `indent`), up to and including its line break.
    fn value(&mut self, indent: usize, depth: usize, item: bool) {
        let choice = if depth > 4 {
            self.rng.below(3)
        } else {
            self.rng.below(12)
        };
        match choice {
            0 => {
                self.out.push(' ');
                let scalar = self.pick(&[
                    "value",
                    "a b",
                    "-1",
                    "0644",
                    "1.5e3",
                    "yes",
                    "~",
                    "'it''s'",
                    "\"a\\tb\\u00e9\"",
                    "\"\"",
                    "http://x:80/a#b",
                    "ü",
                    "a:b",
                    "--v=2",
                    ".inf",
                    "x -",
                ]);
                self.out.push_str(scalar);
                let tail = self.pick(&["", "", " # c", "  "]);
                self.out.push_str(tail);
                self.out.push('\n');
            }
            1 => {
                let flow = self.pick(&[
                    " []",
                    " {}",
                    " [a, 'b', 1]",
                    " {cpu: 1, m: [x]}",
                    " [\"ALL\"]",
                ]);
                self.out.push_str(flow);
                self.out.push('\n');
            }
            2 => {
                // Empty, or an alias to an earlier anchor.
                if !self.done.is_empty() && self.rng.below(2) == 0 {
                    let n = self.done[self.rng.below(self.done.len())];
                    self.out.push_str(&format!(" *a{n}"));
                }
                self.out.push('\n');
            }
            3 | 4 => {
                let header = self.pick(&[
                    " |", " |-", " |+", " >", " >-", " >+", " | # c", " |2", " |2-", " >1+", " |-3",
                ]);
                self.out.push_str(header);
                self.out.push('\n');
                // Content at the indicator's indentation, if any (counted from the collection).
                let inner = match header.chars().find_map(|c| c.to_digit(10)) {
                    Some(n) => indent + n as usize,
                    None => indent + 1 + self.rng.below(3),
                };
                for i in 0..1 + self.rng.below(4) {
                    let line = if i == 0 {
                        "text"
                    } else {
                        self.pick(&["text", "two words", "", "  more", "# not a comment", " "])
                    };
                    if !line.is_empty() {
                        self.spaces(inner);
                    }
                    self.out.push_str(line);
                    self.out.push('\n');
                }
                let trailing = self.pick(&["", "", "\n", "\n\n"]);
                self.out.push_str(trailing);
            }
            11 => {
                // A string wrapped over lines, as kubectl writes long ones.
                let (open, close) = [("", ""), ("'", "'"), ("\"", "\"")][self.rng.below(3)];
                self.out.push(' ');
                self.out.push_str(open);
                self.out.push_str("long text ");
                for _ in 0..1 + self.rng.below(3) {
                    let gap = self.pick(&["\n", "\n", "\n\n", " \n", "\\\n"]);
                    if gap.starts_with('\\') && open != "\"" {
                        self.out.push('\n');
                    } else {
                        self.out.push_str(gap);
                    }
                    let deeper = indent + 1 + self.rng.below(3);
                    self.spaces(deeper);
                    let words = self.pick(&["goes on", "here", "a:b", "x-y", "it''s", "é ü"]);
                    self.out.push_str(words);
                }
                self.out.push_str(close);
                self.out.push('\n');
            }
            5 if item => {
                // A compact mapping or sequence after `- `.
                self.out.push(' ');
                if self.rng.below(2) == 0 {
                    self.map(indent + 2, depth + 1, true);
                } else {
                    self.out.push('-');
                    self.value(indent + 2, depth + 1, true);
                }
            }
            _ => {
                let anchor = (self.rng.below(4) == 0).then_some(self.anchors);
                if let Some(n) = anchor {
                    self.out.push_str(&format!(" &a{n}"));
                    self.anchors += 1;
                }
                let tail = self.pick(&["", "", " # c"]);
                self.out.push_str(tail);
                self.out.push('\n');
                let inner = indent + [1, 2, 2, 4][self.rng.below(4)];
                match self.rng.below(3) {
                    0 => self.map(inner, depth + 1, false),
                    // A mapping's sequence may sit at the key's own indentation.
                    1 if !item => self.seq(indent, depth + 1),
                    _ => self.seq(inner, depth + 1),
                }
                self.done.extend(anchor);
            }
        }
    }
}
