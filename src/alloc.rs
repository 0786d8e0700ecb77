//! alloc: mimalloc as a `GlobalAlloc`, for the binary (and the benchmarks) to install.
//!
//! The `mimalloc` crate's `MiMalloc` sends every request through mimalloc's aligned entry
//! points (`mi_malloc_aligned`, `mi_realloc_aligned`), whose extra checks were about 4% of the
//! instructions of a corpus run: a lint allocates millions of small strings and vectors. Every
//! mimalloc block is aligned to at least 8 bytes (block sizes are multiples of the word size
//! and pages start aligned), so a request for at most that alignment goes to the plain entry
//! points, as Rust's own `System` allocator does with `malloc`; any larger alignment keeps the
//! aligned ones. Written here because `mimalloc` 0.1 has no such fast path.
//!
//! The library does not install it: an embedder keeps its own allocator.

use libmimalloc_sys as ffi;
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// Alignment every block of `mi_malloc` has.
const PLAIN_ALIGN: usize = 8;

/// mimalloc, with the plain entry points for ordinary alignments.
pub struct Mimalloc;

// SAFETY: every pointer returned comes from mimalloc with at least the layout's size and
// alignment (plain entry points only for alignments mimalloc always gives), and is freed or
// resized only by mimalloc.
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: FFI calls with a size and a power-of-two alignment from a valid `Layout`.
        unsafe {
            if layout.align() <= PLAIN_ALIGN {
                ffi::mi_malloc(layout.size()) as *mut u8
            } else {
                ffi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as in `alloc`.
        unsafe {
            if layout.align() <= PLAIN_ALIGN {
                ffi::mi_zalloc(layout.size()) as *mut u8
            } else {
                ffi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` was returned by one of the functions above (the `GlobalAlloc` contract).
        unsafe { ffi::mi_free(ptr as *mut c_void) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout`; mimalloc keeps the alignment
        // asked for (the plain one for the plain entry point).
        unsafe {
            if layout.align() <= PLAIN_ALIGN {
                ffi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
            } else {
                ffi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks of every small size and alignment come back aligned, writable, resizable.
    #[test]
    fn blocks_are_aligned_and_resizable() {
        let a = Mimalloc;
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 3, 8, 15, 16, 24, 40, 100, 1000, 70_000] {
                let layout = Layout::from_size_align(size, align).expect("valid layout");
                // SAFETY: a non-zero size; the block is used within its size and freed once.
                unsafe {
                    let p = a.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size} align {align}");
                    p.write_bytes(0xab, size);
                    let q = a.realloc(p, layout, size * 3);
                    assert!(!q.is_null());
                    assert_eq!(q as usize % align, 0, "realloc size {size} align {align}");
                    assert_eq!(*q.add(size - 1), 0xab, "contents kept");
                    a.dealloc(q, Layout::from_size_align(size * 3, align).expect("valid"));
                    let z = a.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0);
                    assert!((0..size).all(|i| *z.add(i) == 0), "zeroed");
                    a.dealloc(z, layout);
                }
            }
        }
    }
}
