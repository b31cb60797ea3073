//! A small global allocator for wasm32, in place of the standard library's dlmalloc.
//!
//! Why: V8 compiles each wasm function on its first call, and dlmalloc's `malloc`, `free`,
//! `realloc` and their helpers are ≈ 7.4 KB of code compiled on a cold start (≈ 0.05 ms per
//! KB). This one compiles ≈ 0.85 KB for the same start, and its small-block paths do O(1) work.
//!
//! Small blocks (`size` and `align` ≤ 64 KiB): segregated free lists, one per power-of-two
//! size class from 16 B to 64 KiB. A request takes the class of `max(size, align, 16)`
//! rounded up to a power of two; its block is exactly the class size. Freed blocks go onto
//! their class's list (the first word of a free block links to the next) and are handed out
//! again, last in first out, for the same class only: no splitting or coalescing, so a steady
//! allocation pattern reaches a fixed footprint after its first round, and the memory held for
//! small blocks is bounded by the peak number of live blocks of each class. New small blocks
//! are cut from a bump region grown a page at a time with `memory.grow`, each placed at a
//! multiple of its size; the bytes skipped to get there are not lost: they are cut into
//! naturally aligned power-of-two blocks and put onto the free lists (as is the rest of the
//! region when the next page does not follow it, i.e. after a large block took new pages).
//!
//! Large blocks (over 64 KiB): whole pages. Free runs of pages ("spans") are kept in one list
//! sorted by address; a freed span is merged with its neighbours, and a request takes the
//! best-fitting span (its tail, if the span is longer) or new pages from `memory.grow`. The
//! list is short (a few spans), so the linear walks cost nothing next to filling a block of
//! 64 KiB or more. Sizes that vary from call to call (list pages of 1 to 1,000 items) thus
//! reuse the same pages, as with dlmalloc.
//!
//! Alignment: every block is aligned to 16, a small block to its class size, a large one to a
//! page, so any `align` up to 64 KiB (one wasm page) is honoured; a larger `align` returns null
//! (Rust's collections never ask for one).
//!
//! `realloc` keeps the block when a small block stays in its class or a large one keeps or
//! shrinks its page count (the freed tail pages go back to the span list); otherwise it moves
//! (allocate, copy, free). Fresh memory from `memory.grow` is zero, so `alloc_zeroed` clears
//! only reused blocks. Out of memory (`memory.grow` fails) returns null; nothing here panics.
//!
//! The logic ([`Heap`]) is generic over where new pages come from ([`Pages`]), so the native
//! tests run it against an arena; only `Walloc` (the `#[global_allocator]`) is wasm32-specific.

/// A wasm page.
pub(crate) const PAGE: usize = 64 * 1024;
/// Size classes 16 B, 32 B, …, 64 KiB.
const CLASSES: usize = 13;

/// Where new memory comes from.
pub(crate) trait Pages {
    /// Adds `n` pages; returns the address of the first new byte (a multiple of [`PAGE`], and the
    /// new pages are zeroed), or `None` when no more memory is available.
    fn grow(&mut self, n: usize) -> Option<usize>;
}

/// The allocator's state: the free lists, the bump region `[cur, end)` of the small blocks, and
/// the free page spans of the large ones.
pub(crate) struct Heap<P> {
    free: [usize; CLASSES],
    cur: usize,
    end: usize,
    /// Free spans of whole pages, sorted by address, none adjacent to another; each starts
    /// with two words: the next span's address (0 ends the list) and its length in pages.
    spans: usize,
    pages: P,
}

/// Whether a layout is served in whole pages rather than from a size class.
#[inline(always)]
fn is_large(size: usize, align: usize) -> bool {
    size > PAGE || align > PAGE
}

/// The class of a small layout (`!is_large`): `⌈log2 max(size, align, 16)⌉ - 4`.
#[inline(always)]
fn class_of(size: usize, align: usize) -> usize {
    let n = size.max(align).max(16);
    (usize::BITS - (n - 1).leading_zeros() - 4) as usize
}

#[inline(always)]
unsafe fn word(addr: usize, i: usize) -> *mut usize {
    (addr as *mut usize).add(i)
}

impl<P: Pages> Heap<P> {
    pub(crate) const fn new(pages: P) -> Self {
        Heap {
            free: [0; CLASSES],
            cur: 0,
            end: 0,
            spans: 0,
            pages,
        }
    }

    /// A block for `size`/`align` (null when out of memory); `zeroed` asks for zeroed bytes.
    ///
    /// # Safety
    /// The heap's invariants hold: every list entry is a free block of its class aligned to
    /// the class size, every span is free memory, `[cur, end)` is unused memory obtained from
    /// [`Pages`] (still zero). Only this heap's methods maintain them.
    #[inline(always)]
    pub(crate) unsafe fn alloc(&mut self, size: usize, align: usize, zeroed: bool) -> *mut u8 {
        if is_large(size, align) {
            return self.alloc_large(size, align, zeroed);
        }
        let i = class_of(size, align);
        // `i < CLASSES` as `max(size, align) ≤ PAGE`; `get_mut` keeps a bounds panic out.
        let Some(slot) = self.free.get_mut(i) else {
            return core::ptr::null_mut();
        };
        let head = *slot;
        if head != 0 {
            let p = head as *mut u8;
            *slot = p.cast::<usize>().read();
            if zeroed {
                p.write_bytes(0, size);
            }
            return p;
        }
        // Fresh memory from the bump region has never been written: it is still zero.
        self.fresh(16 << i)
    }

    /// Gives a block back.
    ///
    /// # Safety
    /// `p` came from [`Heap::alloc`]/[`Heap::realloc`] of this heap with the same `size` and
    /// `align`, and is not used afterwards.
    #[inline(always)]
    pub(crate) unsafe fn dealloc(&mut self, p: *mut u8, size: usize, align: usize) {
        if is_large(size, align) {
            self.free_span(p as usize, size.div_ceil(PAGE));
        } else {
            self.push(p as usize, class_of(size, align));
        }
    }

    /// Resizes the block `p` (allocated with `size`/`align`) to `new_size`: in place when the
    /// class (or for large blocks, the page count) stays the same or a large block shrinks,
    /// otherwise allocate, copy and free. Null (and `p` untouched) when out of memory.
    ///
    /// # Safety
    /// As for [`Heap::dealloc`].
    pub(crate) unsafe fn realloc(
        &mut self,
        p: *mut u8,
        size: usize,
        align: usize,
        new_size: usize,
    ) -> *mut u8 {
        match (is_large(size, align), is_large(new_size, align)) {
            (false, false) if class_of(size, align) == class_of(new_size, align) => return p,
            (true, true) => {
                let (old, new) = (size.div_ceil(PAGE), new_size.div_ceil(PAGE));
                if new <= old {
                    if new < old {
                        self.free_span(p as usize + new * PAGE, old - new);
                    }
                    return p;
                }
            }
            _ => {}
        }
        let q = self.alloc(new_size, align, false);
        if !q.is_null() {
            core::ptr::copy_nonoverlapping(p, q, size.min(new_size));
            self.dealloc(p, size, align);
        }
        q
    }

    #[inline(always)]
    unsafe fn push(&mut self, addr: usize, i: usize) {
        if let Some(slot) = self.free.get_mut(i) {
            word(addr, 0).write(*slot);
            *slot = addr;
        }
    }

    /// A new block of `size` bytes (a class size, ≤ a page) from the bump region, growing it
    /// as needed; placed at a multiple of `size`.
    #[inline(never)]
    unsafe fn fresh(&mut self, size: usize) -> *mut u8 {
        loop {
            // `cur` is a multiple of 16 and `size` a power of two ≥ 16.
            let at = (self.cur + (size - 1)) & !(size - 1);
            if at + size <= self.end {
                self.retire(self.cur, at);
                self.cur = at + size;
                return at as *mut u8;
            }
            let Some(base) = self.pages.grow(1) else {
                return core::ptr::null_mut();
            };
            if base != self.end {
                self.retire(self.cur, self.end);
                self.cur = base;
            }
            self.end = base + PAGE;
        }
    }

    /// Files the unused memory `[p, q)` (multiples of 16, less than a page apart or page
    /// aligned) on the free lists, as naturally aligned power-of-two blocks of at most a page.
    unsafe fn retire(&mut self, mut p: usize, q: usize) {
        while p < q {
            let fit = usize::BITS - 1 - (q - p).leading_zeros();
            let k = p.trailing_zeros().min(fit).min(16);
            self.push(p, (k - 4) as usize);
            p += 1 << k;
        }
    }

    /// A block of whole pages: the best-fitting free span (its tail when it is longer), or new
    /// pages.
    #[cold]
    #[inline(never)]
    unsafe fn alloc_large(&mut self, size: usize, align: usize, zeroed: bool) -> *mut u8 {
        if align > PAGE {
            return core::ptr::null_mut();
        }
        let n = size.div_ceil(PAGE);
        let (mut best, mut best_len, mut best_prev) = (0, usize::MAX, 0);
        let (mut prev, mut s) = (0, self.spans);
        while s != 0 {
            let len = *word(s, 1);
            if len >= n && len < best_len {
                (best, best_len, best_prev) = (s, len, prev);
            }
            (prev, s) = (s, *word(s, 0));
        }
        if best == 0 {
            return match self.pages.grow(n) {
                Some(base) => base as *mut u8,
                None => core::ptr::null_mut(),
            };
        }
        let p = if best_len == n {
            let next = *word(best, 0);
            if best_prev == 0 {
                self.spans = next;
            } else {
                *word(best_prev, 0) = next;
            }
            best
        } else {
            *word(best, 1) = best_len - n;
            best + (best_len - n) * PAGE
        } as *mut u8;
        if zeroed {
            p.write_bytes(0, size);
        }
        p
    }

    /// Returns `n` pages at `a` to the span list, merged with the spans next to them.
    #[cold]
    #[inline(never)]
    unsafe fn free_span(&mut self, a: usize, mut n: usize) {
        let (mut prev, mut next) = (0, self.spans);
        while next != 0 && next < a {
            (prev, next) = (next, *word(next, 0));
        }
        if next != 0 && a + n * PAGE == next {
            n += *word(next, 1);
            next = *word(next, 0);
        }
        if prev != 0 && prev + *word(prev, 1) * PAGE == a {
            *word(prev, 1) += n;
            *word(prev, 0) = next;
            return;
        }
        *word(a, 0) = next;
        *word(a, 1) = n;
        if prev == 0 {
            self.spans = a;
        } else {
            *word(prev, 0) = a;
        }
    }
}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod global {
    use super::{Heap, Pages, PAGE};
    use core::alloc::{GlobalAlloc, Layout};
    use core::cell::UnsafeCell;

    /// The wasm linear memory (index 0).
    pub struct Memory;

    impl Pages for Memory {
        fn grow(&mut self, n: usize) -> Option<usize> {
            let old = core::arch::wasm32::memory_grow(0, n);
            (old != usize::MAX).then(|| old * PAGE)
        }
    }

    /// The global allocator of the wasm build.
    pub struct Walloc(UnsafeCell<Heap<Memory>>);

    // SAFETY: this module is compiled only for wasm32 without the `atomics` target feature,
    // where a module instance runs on exactly one thread: no two calls into the allocator can
    // overlap. None of the methods below calls back into the allocator or into JS while it
    // holds the `&mut Heap`, so the exclusive borrow is never aliased.
    unsafe impl Sync for Walloc {}

    #[global_allocator]
    static ALLOC: Walloc = Walloc(UnsafeCell::new(Heap::new(Memory)));

    // SAFETY (all four): the `Heap` invariants hold from `Heap::new` on, since only these
    // methods touch it; the caller's `GlobalAlloc` contract gives `dealloc`/`realloc` a block
    // from this allocator with its layout.
    unsafe impl GlobalAlloc for Walloc {
        #[inline]
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            (*self.0.get()).alloc(l.size(), l.align(), false)
        }
        #[inline]
        unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
            (*self.0.get()).alloc(l.size(), l.align(), true)
        }
        #[inline]
        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            (*self.0.get()).dealloc(p, l.size(), l.align())
        }
        #[inline]
        unsafe fn realloc(&self, p: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
            (*self.0.get()).realloc(p, l.size(), l.align(), new_size)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::alloc::{alloc_zeroed, dealloc, Layout};

    /// An arena of `cap` pages standing in for the wasm memory; `gap` skips one page before the
    /// next growth (as if something else had grown the memory).
    struct Arena {
        base: *mut u8,
        cap: usize,
        used: usize,
        grows: usize,
        gap: bool,
    }

    impl Arena {
        fn new(cap: usize) -> Self {
            let layout = Layout::from_size_align(cap * PAGE, PAGE).unwrap(); // ok: test-only
            let base = unsafe { alloc_zeroed(layout) };
            assert!(!base.is_null());
            Arena {
                base,
                cap,
                used: 0,
                grows: 0,
                gap: false,
            }
        }
    }

    impl Drop for Arena {
        fn drop(&mut self) {
            unsafe {
                dealloc(
                    self.base,
                    Layout::from_size_align(self.cap * PAGE, PAGE).unwrap(), // ok: test-only
                )
            }
        }
    }

    impl Pages for Arena {
        fn grow(&mut self, n: usize) -> Option<usize> {
            if std::mem::take(&mut self.gap) {
                self.used += 1;
            }
            if self.used + n > self.cap {
                return None;
            }
            let at = self.base as usize + self.used * PAGE;
            self.used += n;
            self.grows += 1;
            Some(at)
        }
    }

    /// A tiny deterministic generator (xorshift).
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    struct Block {
        p: *mut u8,
        size: usize,
        align: usize,
        tag: u8,
    }

    fn fill(b: &Block) {
        for i in 0..b.size {
            unsafe { b.p.add(i).write(b.tag.wrapping_add(i as u8)) }
        }
    }

    fn check(b: &Block, len: usize) {
        for i in 0..len {
            let v = unsafe { b.p.add(i).read() };
            assert_eq!(
                v,
                b.tag.wrapping_add(i as u8),
                "block {:p} byte {i} overwritten",
                b.p
            );
        }
    }

    fn random_size(r: &mut Rng) -> usize {
        match r.below(10) {
            0..=5 => 1 + r.below(64) as usize,
            6..=8 => 1 + r.below(4096) as usize,
            9 if r.below(8) == 0 => 1 + r.below(1_500_000) as usize,
            _ => 1 + r.below(150_000) as usize,
        }
    }

    #[test]
    fn classes() {
        assert_eq!(class_of(1, 1), 0);
        assert_eq!(class_of(16, 8), 0);
        assert_eq!(class_of(17, 1), 1);
        assert_eq!(class_of(8, 64), 2);
        assert_eq!(class_of(PAGE, 1), CLASSES - 1);
        assert_eq!(class_of(8, PAGE), CLASSES - 1);
        assert!(!is_large(PAGE, PAGE));
        assert!(is_large(PAGE + 1, 1));
        assert!(is_large(8, 2 * PAGE));
        for k in 4..=16 {
            assert_eq!(16 << class_of(1 << k, 1), 1 << k);
            assert_eq!(16 << class_of((1 << k) - 15, 1), 1 << k);
        }
    }

    #[test]
    fn random_sequences_keep_blocks_apart_and_aligned() {
        for seed in 1..=4u64 {
            let mut heap = Heap::new(Arena::new(1024));
            let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let mut live: Vec<Block> = Vec::new();
            for step in 0..8_000u32 {
                if step % 997 == 0 {
                    heap.pages.gap = true;
                }
                // Keep the live set bounded (≈ 300 blocks) so the arena suffices.
                let op = if live.len() > 300 { 5 } else { r.below(10) };
                match op {
                    0..=4 => {
                        let size = random_size(&mut r);
                        let align = 1usize << r.below(17);
                        let p = unsafe { heap.alloc(size, align, false) };
                        assert!(
                            !p.is_null(),
                            "arena exhausted at step {step} seed {seed} live {} used {}",
                            live.len(),
                            heap.pages.used
                        );
                        assert_eq!(p as usize % align, 0);
                        let b = Block {
                            p,
                            size,
                            align,
                            tag: step as u8,
                        };
                        fill(&b);
                        live.push(b);
                    }
                    5..=7 if !live.is_empty() => {
                        let b = live.swap_remove(r.below(live.len() as u64) as usize);
                        check(&b, b.size);
                        unsafe { heap.dealloc(b.p, b.size, b.align) };
                    }
                    8..=9 if !live.is_empty() => {
                        let i = r.below(live.len() as u64) as usize;
                        let new_size = random_size(&mut r);
                        let b = &mut live[i];
                        check(b, b.size);
                        let q = unsafe { heap.realloc(b.p, b.size, b.align, new_size) };
                        assert!(!q.is_null());
                        assert_eq!(q as usize % b.align, 0);
                        b.p = q;
                        check(b, b.size.min(new_size));
                        b.size = new_size;
                        fill(b);
                    }
                    _ => {}
                }
            }
            // Every live block still holds its own pattern: no two overlapped.
            for b in &live {
                check(b, b.size);
            }
        }
    }

    #[test]
    fn steady_alloc_free_loop_does_not_grow() {
        let mut heap = Heap::new(Arena::new(256));
        let sizes = [24usize, 1000, 7, 1_200_000, 64, 3000, 16, 200_000, 90_000];
        let round = |heap: &mut Heap<Arena>| {
            let ps: Vec<*mut u8> = sizes
                .iter()
                .map(|&s| unsafe { heap.alloc(s, 8, false) })
                .collect();
            assert!(ps.iter().all(|p| !p.is_null()));
            for (&p, &s) in ps.iter().zip(&sizes).rev() {
                unsafe { heap.dealloc(p, s, 8) };
            }
        };
        round(&mut heap);
        let (used, grows) = (heap.pages.used, heap.pages.grows);
        for _ in 0..1000 {
            round(&mut heap);
        }
        assert_eq!((heap.pages.used, heap.pages.grows), (used, grows));
    }

    #[test]
    fn large_blocks_of_varied_sizes_reuse_pages() {
        // Pages of 1 to 20 whole pages, up to 6 live at once, in random order: freed spans
        // merge again, so the pages used stay near the peak of live pages, far below what
        // keeping each size apart would take.
        let mut heap = Heap::new(Arena::new(1024));
        let mut r = Rng(77);
        let mut live: Vec<(*mut u8, usize)> = Vec::new();
        let mut peak = 0;
        for _ in 0..20_000 {
            if live.len() < 6 && r.below(2) == 0 {
                let size = PAGE + 1 + r.below(19 * PAGE as u64) as usize;
                let p = unsafe { heap.alloc(size, 8, false) };
                assert!(!p.is_null());
                unsafe { p.write_bytes(0x5A, size) };
                live.push((p, size));
            } else if !live.is_empty() {
                let (p, size) = live.swap_remove(r.below(live.len() as u64) as usize);
                assert!((0..size)
                    .step_by(4093)
                    .all(|i| unsafe { p.add(i).read() } == 0x5A));
                unsafe { heap.dealloc(p, size, 8) };
            }
            peak = peak.max(live.iter().map(|&(_, s)| s.div_ceil(PAGE)).sum::<usize>());
        }
        assert!(
            heap.pages.used <= 3 * peak,
            "{} pages for a peak of {peak}",
            heap.pages.used
        );
    }

    #[test]
    fn large_realloc_shrinks_in_place_and_frees_the_tail() {
        let mut heap = Heap::new(Arena::new(16));
        unsafe {
            let p = heap.alloc(4 * PAGE, 8, false);
            p.write(3);
            assert_eq!(heap.realloc(p, 4 * PAGE, 8, 2 * PAGE), p);
            assert_eq!(p.read(), 3);
            // The two freed pages serve the next two-page block.
            assert_eq!(heap.alloc(2 * PAGE, 8, false), p.add(2 * PAGE));
            let used = heap.pages.used;
            heap.dealloc(p, 2 * PAGE, 8);
            heap.dealloc(p.add(2 * PAGE), 2 * PAGE, 8);
            // Merged back into four pages.
            assert_eq!(heap.alloc(4 * PAGE, 8, false), p);
            assert_eq!(heap.pages.used, used);
        }
    }

    #[test]
    fn freed_blocks_are_reused() {
        let mut heap = Heap::new(Arena::new(16));
        unsafe {
            let a = heap.alloc(100, 8, false);
            heap.dealloc(a, 100, 8);
            // Same class (128 B), so the same block.
            assert_eq!(heap.alloc(120, 4, false), a);
            let big = heap.alloc(3 * PAGE, 8, false);
            heap.dealloc(big, 3 * PAGE, 8);
            // Three pages again.
            assert_eq!(heap.alloc(3 * PAGE - 5000, 8, false), big);
            heap.dealloc(big, 3 * PAGE - 5000, 8);
            // The tail of a longer free span.
            assert_eq!(heap.alloc(PAGE + 1, 8, false), big.add(PAGE));
        }
    }

    #[test]
    fn realloc_in_place_within_class_and_moves_otherwise() {
        let mut heap = Heap::new(Arena::new(64));
        unsafe {
            let p = heap.alloc(40, 8, false);
            let b = Block {
                p,
                size: 40,
                align: 8,
                tag: 7,
            };
            fill(&b);
            assert_eq!(heap.realloc(p, 40, 8, 64), p);
            assert_eq!(heap.realloc(p, 64, 8, 33), p);
            let q = heap.realloc(p, 33, 8, 5000);
            assert_ne!(q, p);
            check(&Block { p: q, ..b }, 33);
            // Shrinking to another class moves too: the big block is freed.
            let s = heap.realloc(q, 5000, 8, 10);
            assert_ne!(s, q);
            check(&Block { p: s, ..b }, 10);
            assert_eq!(heap.alloc(5000, 8, false), q);
        }
    }

    #[test]
    fn zeroed_blocks_are_zero_even_when_reused() {
        let mut heap = Heap::new(Arena::new(16));
        unsafe {
            let p = heap.alloc(300, 8, false);
            p.write_bytes(0xAB, 300);
            heap.dealloc(p, 300, 8);
            let q = heap.alloc(300, 8, true);
            assert_eq!(q, p);
            assert!((0..300).all(|i| q.add(i).read() == 0));
            let fresh = heap.alloc(70_000, 8, true);
            assert!((0..70_000).all(|i| fresh.add(i).read() == 0));
        }
    }

    #[test]
    fn large_alignment_and_out_of_memory_give_null() {
        let mut heap = Heap::new(Arena::new(4));
        unsafe {
            assert!(heap.alloc(8, 2 * PAGE, false).is_null());
            let p = heap.alloc(8, PAGE, false);
            assert!(!p.is_null());
            assert_eq!(p as usize % PAGE, 0);
            // 4 pages in the arena, one used: 4 more cannot come.
            assert!(heap.alloc(4 * PAGE, 8, false).is_null());
            assert!(heap.alloc(usize::MAX / 2, 8, false).is_null());
            // A failed realloc leaves the block alone.
            p.write(9);
            assert!(heap.realloc(p, 8, PAGE, 4 * PAGE).is_null());
            assert_eq!(p.read(), 9);
            // What is left still serves small blocks.
            assert!(!heap.alloc(1000, 8, false).is_null());
        }
    }
}
