//! Hash maps for the scan's own indexes and memos, keyed by names read from the inputs.
//!
//! foldhash instead of the standard SipHash: these maps are hashed once per object or per
//! result (hundreds of thousands of times in a large scan), where SipHash cost a few percent of
//! the whole scan. foldhash is still seeded per process, so crafted names cannot be chosen to
//! collide in advance.

pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
