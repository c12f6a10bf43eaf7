//! Unique names from repeated bases (`a`, `a-2`, `a-3`): step keys, element ids, XLIFF unit ids;
//! and one shared copy of strings that repeat across files (slugs, commit ids).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// One shared copy of each string seen: the slug of an article in every locale, the commit id
/// of a hand-off batch, kept once however many files name them.
#[derive(Debug, Default)]
pub struct Interner(HashSet<Arc<str>>);

impl Interner {
    /// The shared copy of `text`.
    pub fn intern(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.0.get(text) {
            return Arc::clone(shared);
        }
        let shared: Arc<str> = Arc::from(text);
        self.0.insert(Arc::clone(&shared));
        shared
    }
}

/// Names given out so far. A repeated base gets the next free number after its separator; the
/// counter of each base only moves forward, so `k` repeats of one base cost `O(k)` in all, not
/// `O(k²)` (100,000 identical headings are one pass, not five billion probes).
#[derive(Debug, Default, Clone)]
pub struct UniqueNames {
    used: HashSet<String>,
    next: HashMap<String, usize>,
    probes: usize,
}

impl UniqueNames {
    /// `base` when it is free, else `base{separator}N` with the smallest `N >= 2` not given out.
    pub fn claim(&mut self, base: &str, separator: &str) -> String {
        self.claim_except(base, separator, &|_| false)
    }

    /// [`UniqueNames::claim`], passing over the names `kept` says belong to someone else (they
    /// stay free for them).
    pub fn claim_except(
        &mut self,
        base: &str,
        separator: &str,
        kept: &dyn Fn(&str) -> bool,
    ) -> String {
        if !kept(base) && self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let n = self.next.entry(base.to_string()).or_insert(2);
        loop {
            let candidate = format!("{base}{separator}{n}");
            *n += 1;
            self.probes += 1;
            if !kept(&candidate) && self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }

    /// Numbered candidates tried so far: the measure of work that grows linearly with the
    /// names given out (tested), whatever their repeats.
    pub fn probes(&self) -> usize {
        self.probes
    }

    /// Forgets every name (a new page).
    pub fn clear(&mut self) {
        self.used.clear();
        self.next.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interned_text_is_one_copy() {
        let mut strings = Interner::default();
        let a = strings.intern("4b2c0d1");
        let b = strings.intern(&String::from("4b2c0d1"));
        let c = strings.intern("4b2c0d2");
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!((&*a, &*c), ("4b2c0d1", "4b2c0d2"));
    }

    #[test]
    fn repeats_are_numbered_and_taken_names_skipped() {
        let mut names = UniqueNames::default();
        let got: Vec<String> = ["a", "a", "a-3", "a", "b", "a"]
            .iter()
            .map(|base| names.claim(base, "-"))
            .collect();
        assert_eq!(got, ["a", "a-2", "a-3", "a-4", "b", "a-5"]);
        names.clear();
        assert_eq!(names.claim("a", "-"), "a");
    }

    #[test]
    fn work_grows_linearly_with_repeats() {
        let probes = |n: usize| {
            let mut names = UniqueNames::default();
            for _ in 0..n {
                names.claim("heading", "-");
            }
            names.probes()
        };
        // a search from 2 for every repeat would take n²/2 probes
        assert_eq!(probes(1_000), 999);
        assert_eq!(probes(4_000), 3_999);
    }
}
