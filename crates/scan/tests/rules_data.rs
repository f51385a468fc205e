//! Every rule's examples produce a finding of that rule, its negative examples do not, and no
//! line of the look-alike corpus (UUIDs, commit ids, integrity hashes, base64 images,
//! placeholders, minified JS…) produces a finding of any rule.

use mosbot_scan::rules::RuleSet;
use std::collections::HashSet;

#[test]
fn rules_compile_with_unique_ids_and_enough_coverage() {
    // The built-ins compile lazily in use; compiled all at once here, each error named.
    if let Err(e) = RuleSet::from_toml(mosbot_scan::rules::BUILTIN_RULES) {
        panic!("{e}");
    }
    let set = RuleSet::builtin();
    assert!(set.rules().len() >= 80, "only {} rules", set.rules().len());
    let mut ids = HashSet::new();
    for r in set.rules() {
        assert!(ids.insert(r.def.id.as_str()), "duplicate id {}", r.def.id);
        assert!(!r.def.examples.is_empty(), "{} has no example", r.def.id);
        assert!(
            !r.def.negative_examples.is_empty(),
            "{} has no negative example",
            r.def.id
        );
    }
}

#[test]
fn examples_match_and_negative_examples_do_not() {
    let set = RuleSet::builtin();
    let mut failures = Vec::new();
    for (i, r) in set.rules().iter().enumerate() {
        for ex in &r.def.examples {
            if !set.find_all(ex.as_bytes()).iter().any(|h| h.rule == i) {
                failures.push(format!("{}: example does not match: {ex}", r.def.id));
            }
        }
        for ex in &r.def.negative_examples {
            if set.find_all(ex.as_bytes()).iter().any(|h| h.rule == i) {
                failures.push(format!("{}: negative example matches: {ex}", r.def.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn look_alikes_give_no_finding() {
    let set = RuleSet::builtin();
    let corpus = include_str!("../data/lookalikes.txt");
    let mut failures = Vec::new();
    let mut lines = 0;
    for line in corpus
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        lines += 1;
        for h in set.find_all(line.as_bytes()) {
            failures.push(format!(
                "{} matches look-alike: {line}",
                set.rules()[h.rule].def.id
            ));
        }
    }
    assert!(lines >= 150, "only {lines} look-alikes");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
