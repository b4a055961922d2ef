//! The module's heap: a bump allocator whose cursor *is* OPA's heap pointer.
//!
//! OPA hosts save the heap pointer after loading `data` and set it back after every
//! evaluation, discarding everything the evaluation allocated; so freeing is a no-op and
//! re-evaluating thousands of times reuses the same memory instead of growing it.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::sync::atomic::{AtomicUsize, Ordering};

const PAGE: usize = 65_536;

extern "C" {
    /// First byte after the stack and static data, provided by the linker.
    static __heap_base: u8;
}

/// Next free byte; 0 until first used (then `__heap_base`).
static CURSOR: AtomicUsize = AtomicUsize::new(0);

/// The heap pointer (`opa_heap_ptr_get`).
pub fn pointer() -> usize {
    match CURSOR.load(Ordering::Relaxed) {
        0 => &raw const __heap_base as usize,
        cursor => cursor,
    }
}

/// Moves the heap pointer (`opa_heap_ptr_set`, `opa_eval`); everything above it is free.
pub fn set_pointer(address: usize) {
    CURSOR.store(address, Ordering::Relaxed);
}

/// Whether `[address, address + len)` lies inside linear memory.
pub fn in_memory(address: usize, len: usize) -> bool {
    address
        .checked_add(len)
        .is_some_and(|end| end <= wasm32::memory_size(0) * PAGE)
}

/// Grows linear memory so that it reaches `end`; false when the host refuses.
fn reach(end: usize) -> bool {
    let have = wasm32::memory_size(0) * PAGE;
    end <= have || wasm32::memory_grow(0, (end - have).div_ceil(PAGE)) != usize::MAX
}

fn bump(layout: Layout) -> *mut u8 {
    let start = pointer().next_multiple_of(layout.align());
    match start.checked_add(layout.size()) {
        Some(end) if reach(end) => {
            set_pointer(end);
            start as *mut u8
        }
        _ => core::ptr::null_mut(),
    }
}

/// A raw block for the host to write into (`opa_malloc`); 0 when memory cannot grow.
pub fn allocate(size: usize) -> usize {
    Layout::from_size_align(size.max(1), 8).map_or(0, |layout| bump(layout) as usize)
}

pub struct BumpAllocator;

// SAFETY: `bump` hands out disjoint, suitably aligned ranges inside linear memory (grown as
// needed) or null. Ranges are reused only after the host resets the heap pointer, which by
// the OPA ABI means the evaluation that owned them is over.
unsafe impl GlobalAlloc for BumpAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump(layout)
    }

    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let start = ptr as usize;
        // The newest block grows in place: strings and vectors being built stay contiguous.
        if start + layout.size() == pointer() {
            return match start.checked_add(new_size) {
                Some(end) if reach(end) => {
                    set_pointer(end.max(start + layout.size()));
                    ptr
                }
                _ => core::ptr::null_mut(),
            };
        }
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return core::ptr::null_mut();
        };
        let new = bump(new_layout);
        if !new.is_null() {
            // SAFETY: both blocks are valid for the smaller size and do not overlap (the new
            // one starts at or above the heap pointer, the old one ends below it).
            unsafe { core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size)) };
        }
        new
    }
}
