//! A proposal catalog (`[roadmap] proposal_files`), read alone (`parse_catalog`, odd first
//! byte) or merged into the built-in catalog (`Catalog::extend_or_replace`, even first byte).
//! Invariants: raises are 2..=4 on known criteria, every prerequisite exists, and the
//! prerequisites form no cycle.
#![no_main]

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use maturity_model::{Catalog, parse_catalog};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let set = maturity_fuzz::builtin();
    let catalog = if selector % 2 == 1 {
        match parse_catalog("p.toml", text, set) {
            Ok(c) => c,
            Err(_) => return,
        }
    } else {
        let mut catalog = Catalog::builtin();
        let before = catalog.clone();
        if catalog.extend_or_replace("p.toml", text, set).is_err() {
            assert_eq!(catalog, before, "a refused merge changed the catalog");
            return;
        }
        catalog
    };
    let index: HashMap<&str, usize> = catalog.ids().enumerate().map(|(i, id)| (id, i)).collect();
    assert_eq!(index.len(), catalog.len(), "duplicate ids");
    for proposal in catalog.proposals() {
        for raise in &proposal.raises {
            assert!((2..=4).contains(&raise.to));
            assert!(set.criterion(&raise.criterion).is_some(), "{}", raise.criterion);
        }
        for required in &proposal.requires {
            assert!(index.contains_key(required.as_str()), "{required}");
        }
    }
    // No cycle: a depth-first walk (iterative, the catalog may be long) never meets a
    // proposal still on its path.
    let mut state = vec![0u8; catalog.len()]; // 0 new, 1 on the path, 2 done
    for start in 0..catalog.len() {
        if state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some((at, next)) = stack.last_mut() {
            let requires = &catalog.proposals()[*at].requires;
            if let Some(required) = requires.get(*next) {
                *next += 1;
                let to = index[required.as_str()];
                assert_ne!(state[to], 1, "cycle through {required}");
                if state[to] == 0 {
                    state[to] = 1;
                    stack.push((to, 0));
                }
            } else {
                state[*at] = 2;
                stack.pop();
            }
        }
    }
});
