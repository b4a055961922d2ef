/// Bounds that keep hostile or accidental inputs from exhausting memory or the stack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read, in bytes.
    pub max_file_bytes: usize,
    /// Deepest nesting of mappings and sequences.
    pub max_depth: usize,
    /// Most nodes one file may expand to (bounds YAML alias expansion).
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 128 * 1024 * 1024,
            max_depth: 256,
            max_nodes: 20_000_000,
        }
    }
}
