#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // test code: a panic is a failed check
//! The JSON fast path gives exactly what the full parser gives (values, numbers bit for bit, and
//! the position of every value and key), or declines; it accepts what the AWS CLI and kubectl
//! write, so the speed-up cannot silently disappear.

mod common;

#[path = "../benches/corpus.rs"]
#[allow(dead_code)] // only the Kubernetes dump is used here
mod corpus;

use common::Rng;
use posture_core::source::{parse_json_fast, parse_json_full, parse_yaml_full};
use posture_core::Limits;

/// Checks the invariant on one text; true when the fast path accepted it.
fn check(name: &str, text: &str, limits: &Limits) -> bool {
    let fast = parse_json_fast(text, limits).map(|node| vec![node]);
    common::fast_path_agrees(name, text, fast, || {
        parse_json_full(text, limits).map(|node| vec![node])
    })
}

/// Limits tight enough that the full parser errs on depth in ordinary files.
fn tight() -> Limits {
    Limits {
        max_depth: 4,
        ..Limits::default()
    }
}

/// The text as the caller hands it to the JSON parser: without its byte-order mark, UTF-16
/// decoded.
fn decode(bytes: &[u8]) -> Option<String> {
    let utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16| {
        let units = rest.chunks_exact(2).map(|p| unit([p[0], p[1]]));
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .ok()
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, u16::from_le_bytes)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, u16::from_be_bytes)
    } else {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        std::str::from_utf8(bytes).ok().map(str::to_string)
    }
}

#[test]
fn every_json_file_in_the_repository_reads_the_same() {
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
        common::files_with_extension(&root.join(dir), &["json"], &mut files);
    }
    files.sort();
    assert!(files.len() > 100, "found only {} JSON files", files.len());
    let mut accepted = 0;
    for path in &files {
        let Some(text) = decode(&std::fs::read(path).unwrap()) else {
            continue;
        };
        let name = path.display().to_string();
        let fast = check(&name, &text, &Limits::default());
        if fast {
            accepted += 1;
        }
        check(&name, &text, &tight());
        // The full parser's errors always go with a declined fast path (`check` panics
        // otherwise); a file the full parser reads is read by the fast path too, unless it
        // holds something the fast path leaves to it.
        if !fast && parse_json_full(&text, &Limits::default()).is_ok() {
            println!("declined, read by the full parser: {name}");
        }
    }
    assert!(
        accepted * 10 >= files.len() * 8,
        "the fast path accepted only {accepted} of {} files",
        files.len()
    );
}

#[test]
fn aws_cli_exports_take_the_fast_path() {
    let root = common::repo_root();
    let mut files = Vec::new();
    for bundle in ["regulated-prod", "mixed-launch-templates", "legacy-public"] {
        common::files_with_extension(&root.join("testdata").join(bundle), &["json"], &mut files);
    }
    assert!(files.len() > 30, "found only {} exports", files.len());
    for path in files {
        let text = decode(&std::fs::read(&path).unwrap()).unwrap();
        assert!(
            check(&path.display().to_string(), &text, &Limits::default()),
            "{} must take the fast path",
            path.display()
        );
    }
}

/// `kubectl get -A -o json` as written (4-space indent) and compact, from the benchmark corpus.
#[test]
fn kubectl_output_takes_the_fast_path() {
    let yaml = corpus::kubernetes_yaml(300);
    let tree = &parse_yaml_full(&yaml, &Limits::default()).unwrap()[0];
    let json = tree.to_json();
    let mut pretty = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut pretty, formatter);
    serde::Serialize::serialize(&json, &mut serializer).unwrap();
    let pretty = String::from_utf8(pretty).unwrap();
    let compact = serde_json::to_string(&json).unwrap();
    assert!(pretty.len() > 100_000);
    for (name, text) in [
        ("pretty", pretty.clone()),
        ("compact", compact),
        ("pretty, CRLF", pretty.replace('\n', "\r\n")),
        (
            "pretty, 2 spaces",
            serde_json::to_string_pretty(&json).unwrap(),
        ),
    ] {
        assert!(
            check(name, &text, &Limits::default()),
            "{name} must take the fast path"
        );
    }
    // Every value came through: the fast path reads back what was written.
    let read = parse_json_fast(&pretty, &Limits::default()).unwrap();
    assert_eq!(read.to_json(), json);
}

#[test]
fn limits_decline_as_the_full_parser_errs() {
    let text = serde_json::to_string_pretty(
        &parse_yaml_full(&corpus::kubernetes_yaml(20), &Limits::default()).unwrap()[0].to_json(),
    )
    .unwrap();
    let deepest = (1..100)
        .find(|&max_depth| {
            parse_json_full(
                &text,
                &Limits {
                    max_depth,
                    ..Limits::default()
                },
            )
            .is_ok()
        })
        .unwrap();
    for max_depth in [0, 1, 2, deepest - 1, deepest, deepest + 1] {
        let limits = Limits {
            max_depth,
            ..Limits::default()
        };
        let fast = check("depth", &text, &limits);
        assert_eq!(fast, max_depth >= deepest, "depth limit {max_depth}");
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// Valid strict JSON: must take the fast path.
    Accept,
    /// Must go to the full parser.
    Decline,
}

use Expect::{Accept, Decline};

const SNIPPETS: &[(&str, Expect)] = &[
    // Collections.
    ("{}", Accept),
    ("[]", Accept),
    ("{ }", Accept),
    ("[ ]", Accept),
    ("[[]]", Accept),
    ("{\"a\":{}}", Accept),
    ("[{}, [], [[{}]]]", Accept),
    (
        "{\"a\": [1, 2, {\"b\": null}], \"c\": true, \"d\": false}",
        Accept,
    ),
    ("  \n\t\r {\"a\" :\n 1 \n}\n\n", Accept),
    (
        "{\r\n    \"a\": 1,\r\n    \"b\": [\r\n        2\r\n    ]\r\n}\r\n",
        Accept,
    ),
    ("{\"a\":1}\r", Accept),
    // Scalars at the root.
    ("\"text\"", Accept),
    ("1", Accept),
    ("null", Accept),
    (" true ", Accept),
    // Strings and escapes.
    ("[\"\"]", Accept),
    ("[\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"]", Accept),
    (
        "[\"\\u00e9 \\u00E9 \\u0041 \\u263A \\u0000 \\uFFFF \\uffff\"]",
        Accept,
    ),
    (
        "[\"\\uD83D\\uDE00\", \"\\ud83d\\ude00\", \"a\\uDBFF\\uDFFFb\"]",
        Accept,
    ),
    ("[\"\\uD83D\"]", Decline),
    ("[\"\\uDE00\"]", Decline),
    ("[\"\\uD83Dx\"]", Decline),
    ("[\"\\uD83D\\n\"]", Decline),
    ("[\"\\uD83D\\u0041\"]", Decline),
    ("[\"\\uDE00\\uD83D\"]", Decline),
    ("[\"\\u12\"]", Decline),
    ("[\"\\u12G4\"]", Decline),
    ("[\"\\x41\"]", Decline),
    ("[\"\\'\"]", Decline),
    ("[\"\\v\"]", Decline),
    ("[\"\\0\"]", Decline),
    ("[\"\\a\"]", Decline),
    ("[\"\\\"]", Decline),
    ("[\"a\nb\"]", Decline),
    ("[\"a\tb\"]", Decline),
    ("[\"a\u{1}b\"]", Decline),
    ("['a']", Decline),
    ("[\"unterminated]", Decline),
    // Non-ASCII text: columns count characters.
    (
        "{\"é\": \"ü\", \"ключ\": [\"日本\", 1], \"😀\": {\"x\": \"😀😀\"}}",
        Accept,
    ),
    (
        "{\n  \"a\": \"ñandú\", \"b\": 2,\n  \"名前\": \"値\", \"c\": [\"\\u00e9é\", 3]\n}",
        Accept,
    ),
    ("[\"é\",\n\"é\\né\", \"x\"]", Accept),
    // Numbers.
    (
        "[0, -0, 1, -1, 0.1, -1.5e-3, 1E+2, 1e2, 1e-2, 1E400, 1e400, -1e400, 1e-400]",
        Accept,
    ),
    (
        "[9007199254740993, 18446744073709551617, 123456789012345678901234567890]",
        Accept,
    ),
    (
        "[0.30000000000000004, 2.2250738585072014e-308, 4.9e-324, 1.7976931348623157e308]",
        Accept,
    ),
    ("[0e0, 0.0e-0, -0.0, 10, 100e+00]", Accept),
    ("[01]", Decline),
    ("[-01]", Decline),
    ("[00]", Decline),
    ("[.5]", Decline),
    ("[1.]", Decline),
    ("[1.e5]", Decline),
    ("[1e]", Decline),
    ("[1e+]", Decline),
    ("[-]", Decline),
    ("[+1]", Decline),
    ("[0x1F]", Decline),
    ("[Infinity]", Decline),
    ("[-Infinity]", Decline),
    ("[NaN]", Decline),
    ("[1_000]", Decline),
    ("[1 2]", Decline),
    // Literals.
    ("[true, false, null]", Accept),
    ("[True]", Decline),
    ("[tru]", Decline),
    ("[truex]", Decline),
    ("[nul]", Decline),
    ("[undefined]", Decline),
    // Structure errors.
    ("", Decline),
    ("   ", Decline),
    ("{", Decline),
    ("[", Decline),
    ("{\"a\":1", Decline),
    ("[1,", Decline),
    ("{\"a\":1}}", Decline),
    ("{\"a\":1} x", Decline),
    ("{} {}", Decline),
    ("[] []", Decline),
    ("[1]2", Decline),
    ("{\"a\":1,}", Decline),
    ("[1,]", Decline),
    ("[,1]", Decline),
    ("[1,,2]", Decline),
    ("{,}", Decline),
    ("{\"a\" 1}", Decline),
    ("{\"a\":}", Decline),
    ("{\"a\"}", Decline),
    ("{\"a\":1 \"b\":2}", Decline),
    ("[1 2]", Decline),
    ("{a: 1}", Decline),
    ("{1: 1}", Decline),
    ("{'a': 1}", Decline),
    ("{\"a\":1} // c", Decline),
    ("// c\n{\"a\":1}", Decline),
    ("{/* c */\"a\":1}", Decline),
    ("[1, /* c */ 2]", Decline),
    ("{\"a\":1}\n#", Decline),
    // Whitespace beyond RFC 8259 (the full parser allows some; the fast path leaves it).
    ("{\"a\":\u{0B}1}", Decline),
    ("{\"a\":\u{0C}1}", Decline),
    ("{\"a\":\u{A0}1}", Decline),
    ("\u{FEFF}{\"a\":1}", Decline),
    ("{\"a\":1}\u{2028}", Decline),
    // Duplicate keys (the full parser rejects them).
    ("{\"a\":1,\"a\":2}", Decline),
    ("{\"a\":1,\"\\u0061\":2}", Decline),
    ("{\"a\":{\"b\":1,\"b\":1}}", Decline),
    ("[{\"a\":1},{\"a\":1}]", Accept),
    ("{\"a\":1,\"A\":2,\"a \":3}", Accept),
];

#[test]
fn snippets() {
    let mut wrong = Vec::new();
    for (text, expect) in SNIPPETS {
        let accepted = check(text, text, &Limits::default());
        if accepted != (*expect == Accept) {
            wrong.push(format!("{text:?}: expected {expect:?}"));
        }
        check(text, text, &tight());
    }
    // Many duplicate keys (the full parser hashes them past 16 entries).
    let many = |dup: bool| {
        let mut keys: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
        if dup {
            keys.push("\"k7\": 0".to_string());
        }
        format!("{{{}}}", keys.join(", "))
    };
    if !check("40 keys", &many(false), &Limits::default()) {
        wrong.push("40 keys: expected Accept".to_string());
    }
    if check("40 keys, one twice", &many(true), &Limits::default()) {
        wrong.push("40 keys, one twice: expected Decline".to_string());
    }
    // Every kind of string byte at every offset of a long string (the fast path reads plain
    // string bytes by the word).
    for (special, expect) in [
        ("\\\"", Accept),
        ("\\\\", Accept),
        ("\\u00e9", Accept),
        ("é", Accept),
        ("😀", Accept),
        ("\u{7F}", Accept),
        ("\t", Decline),
        ("\n", Decline),
        ("\u{1F}", Decline),
        ("\"", Decline),
    ] {
        for offset in 0..20 {
            let text = format!(
                "{{\"{}{special}{}\": [\"{}{special}{}\", 1]}}",
                "k".repeat(offset),
                "l".repeat(20 - offset),
                "v".repeat(offset),
                "w".repeat(20 - offset)
            );
            if check(&text, &text, &Limits::default()) != (expect == Accept) {
                wrong.push(format!("{text:?}: expected {expect:?}"));
            }
        }
    }
    // Nesting right at the limit, and one over.
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        for max_depth in [1, 2, 5, 256] {
            let limits = Limits {
                max_depth,
                ..Limits::default()
            };
            let nested = |n: usize| format!("{}1{}", open.repeat(n), close.repeat(n));
            if !check("at the limit", &nested(max_depth), &limits) {
                wrong.push(format!("{open} x {max_depth}: expected Accept"));
            }
            if check("over the limit", &nested(max_depth + 1), &limits) {
                wrong.push(format!("{open} x {}: expected Decline", max_depth + 1));
            }
            assert!(parse_json_full(&nested(max_depth + 1), &limits).is_err());
        }
        // Under a generous limit the JSON crate's own nesting limit applies.
        let limits = Limits {
            max_depth: 1000,
            ..Limits::default()
        };
        for depth in [255, 256, 257, 300, 511, 512, 513, 600] {
            let nested = format!("{}1{}", open.repeat(depth), close.repeat(depth));
            check("deep, generous limit", &nested, &limits);
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Characters that matter to JSON's structure, and some that do not belong.
const SIGNIFICANT: &[char] = &[
    '{', '}', '[', ']', '"', ',', ':', '\\', ' ', '\n', '\r', '\t', '0', '1', '9', 'e', 'E', '+',
    '-', '.', 't', 'f', 'n', 'u', '/', '*', '\'', 'é', '😀', '\u{1}', '\u{A0}',
];

/// Short runs that make or break JSON.
const FRAGMENTS: &[&str] = &[
    "\\u00e9",
    "\\uD83D",
    "\\uDE00",
    "\\uD83D\\uDE00",
    "\\\"",
    "\\n",
    "true",
    "null",
    "1e400",
    "-0",
    "{}",
    "[]",
    ", ",
    "\": \"",
    "//",
    "/*",
    "\r\n",
    "\"a\": 1,",
];

/// Random edits (insert, delete, replace a character) of random slices of realistic JSON.
/// `JSON_MUTATIONS=rounds[,seed]` runs a longer search.
#[test]
fn mutations_keep_the_invariant() {
    let (rounds, seed) = common::search_setting("JSON_MUTATIONS", 3000, 0x9E37_79B9_7F4A_7C15);
    let root = common::repo_root();
    let mut bases = Vec::new();
    for bundle in ["regulated-prod", "legacy-public"] {
        let mut files = Vec::new();
        common::files_with_extension(&root.join("testdata").join(bundle), &["json"], &mut files);
        files.sort();
        bases.extend(
            files
                .iter()
                .take(6)
                .map(|p| common::cut(&std::fs::read_to_string(p).unwrap(), 8_000)),
        );
    }
    let kube = parse_yaml_full(&corpus::kubernetes_yaml(5), &Limits::default()).unwrap();
    bases.push(common::cut(
        &serde_json::to_string_pretty(&kube[0].to_json()).unwrap(),
        8_000,
    ));
    let mut sink = String::from("[\n");
    for (text, _) in SNIPPETS.iter().filter(|(_, e)| *e == Accept) {
        sink.push_str(text);
        sink.push_str(",\n");
    }
    sink.push_str("null\n]\n");
    bases.push(sink);
    let mut rng = Rng(seed.max(1));
    let (mut accepted, mut declined) = (0, 0);
    for round in 0..rounds {
        let base = &bases[round % bases.len()];
        let mut chars: Vec<char> = if round % 3 == 0 {
            base.chars().collect()
        } else {
            // A run of lines, wrapped in a collection so it is sometimes whole JSON again.
            let lines: Vec<&str> = base.split_inclusive('\n').collect();
            let from = rng.below(lines.len());
            let to = (from + 1 + rng.below(40)).min(lines.len());
            let body = lines[from..to].concat();
            let body = body.trim().trim_end_matches(',');
            match rng.below(3) {
                0 => format!("[{body}]"),
                1 => format!("{{{body}}}"),
                _ => body.to_string(),
            }
            .chars()
            .collect()
        };
        let edits = 1 + rng.below(2);
        common::mutate(&mut chars, edits, SIGNIFICANT, FRAGMENTS, &mut rng);
        let mutated: String = chars.into_iter().collect();
        let name = format!("mutation {round}");
        if check(&name, &mutated, &Limits::default()) {
            accepted += 1;
        } else {
            declined += 1;
        }
        check(&name, &mutated, &tight());
    }
    // Both paths are exercised.
    println!("{accepted} accepted, {declined} declined");
    assert!(
        accepted > 300 && declined > 300,
        "{accepted} accepted, {declined} declined"
    );
}

/// A byte-order mark is gone before either JSON parser sees the text, so positions count from
/// the first character after it.
#[test]
fn byte_order_marks_are_gone_before_the_fast_path() {
    let text = "{\"a\": [1, \"é\"],\n \"b\": {}}\n";
    let expected = parse_json_full(text, &Limits::default()).unwrap();
    assert!(check("text", text, &Limits::default()));
    let mut utf8 = b"\xEF\xBB\xBF".to_vec();
    utf8.extend(text.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    for bytes in [text.as_bytes().to_vec(), utf8, utf16] {
        let file = posture_core::source::parse_file(
            &posture_core::InputFile::new("x.json", bytes),
            &Limits::default(),
        );
        assert!(file.error.is_none(), "{:?}", file.error);
        assert_eq!(file.documents.len(), 1);
        assert_eq!(common::tree_diff(&file.documents[0], &expected, "$"), None);
    }
}
