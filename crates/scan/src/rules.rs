//! Rules as data (`data/rules.toml`, embedded): a regex per kind of credential, keywords for an
//! Aho-Corasick prefilter (a buffer without any keyword of a rule never runs its regex), an
//! optional entropy floor, and positive and negative examples that the test suite checks.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use mosbot_core::classify::placeholder;
use mosbot_core::strength::shannon_bits;
use mosbot_core::Severity;
use regex::bytes::Regex;
use serde::Deserialize;
use std::sync::OnceLock;

/// The built-in rules.
pub const BUILTIN_RULES: &str = include_str!("../data/rules.toml");

/// One rule as written in the rules file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// Stable id.
    pub id: String,
    /// Human name.
    pub name: String,
    /// The pattern; group 1, if any, is the secret.
    pub regex: String,
    /// Literals every match contains (lower-case).
    pub keywords: Vec<String>,
    /// Minimum Shannon entropy of the secret, bits per character.
    #[serde(default)]
    pub entropy: Option<f64>,
    /// `critical`, `high`, `medium` or `low`.
    pub severity: String,
    /// What it is.
    pub description: String,
    /// Where to revoke it.
    pub revoke: String,
    /// Strings that must match.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Strings that must not.
    #[serde(default)]
    pub negative_examples: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    rule: Vec<RuleDef>,
    /// Built-in rule ids to turn off (user files only).
    #[serde(default)]
    disable: Vec<String>,
}

/// A rule, its regex compiled on first use: most buffers a pre-commit check reads wake a handful
/// of rules through the keyword prefilter, and compiling all of them up front cost more than
/// the whole check of a small commit.
#[derive(Debug)]
pub struct Rule {
    /// Its definition.
    pub def: RuleDef,
    /// Its severity.
    pub severity: Severity,
    regex: OnceLock<Regex>,
}

impl Rule {
    /// The compiled regex. The built-in rules compile (the test suite compiles each one); a
    /// user's rules were compiled when their file was read.
    fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            Regex::new(&self.def.regex).expect("rule regexes are checked when the rules are read")
        })
    }
}

/// A rule match: the rule and the byte range of the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleHit {
    /// Index into [`RuleSet::rules`].
    pub rule: usize,
    /// The secret's bytes in the haystack.
    pub range: std::ops::Range<usize>,
}

/// A rules file that cannot be used.
#[derive(Debug)]
pub struct RulesError(pub String);

impl std::fmt::Display for RulesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RulesError {}

/// Every rule, compiled, with the keyword prefilter.
#[derive(Debug)]
pub struct RuleSet {
    rules: Vec<Rule>,
    keywords: AhoCorasick,
    keyword_rules: Vec<Vec<usize>>,
}

/// Whether a matched secret is a well-known stand-in rather than a credential: a placeholder, a
/// `${VAR}` reference, the redaction sentinel, a documentation example (AWS's `…EXAMPLE` keys).
pub fn is_stand_in(secret: &str) -> bool {
    secret.contains("${")
        || secret.contains("__OPENCLAW_REDACTED__")
        || secret.to_ascii_uppercase().contains("EXAMPLE")
        || placeholder(secret).is_some()
}

/// Whether a match is a URL whose host is reserved for documentation (RFC 2606/6761:
/// `example.com`, `.org`, `.net`, and the `.example` and `.invalid` domains):
/// `https://user:pass@example.com` in a test or a README is an illustration, not a credential.
pub fn names_documentation_host(matched: &str) -> bool {
    if !matched.contains("://") {
        return false;
    }
    let Some((_, host)) = matched.rsplit_once('@') else {
        return false;
    };
    let host = host.split(['/', ':', '?', '#']).next().unwrap_or(host);
    let lower = format!("@{}", host.to_ascii_lowercase());
    [
        "example.com",
        "example.org",
        "example.net",
        ".example",
        ".invalid",
    ]
    .iter()
    .any(|host| {
        lower.match_indices(host).any(|(i, _)| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + host.len()..].chars().next();
            // A whole label: `@example.com`, `.example.com`, not `myexample.com`.
            (host.starts_with('.') || matches!(before, None | Some('@' | '.' | '/')))
                && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-')
        })
    })
}

impl RuleSet {
    /// The built-in rules.
    pub fn builtin() -> RuleSet {
        let file: RuleFile =
            toml::from_str(BUILTIN_RULES).expect("the built-in rules parse (checked by the tests)");
        RuleSet::compile(file.rule).expect("the built-in rules are valid (checked by the tests)")
    }

    /// The built-in rules with a user's rules file applied: its `disable = [ids]` turns built-ins
    /// off, its `[[rule]]`s are added (a rule with a built-in's id replaces it).
    pub fn builtin_with(user: &str) -> Result<RuleSet, RulesError> {
        let mut base: RuleFile =
            toml::from_str(BUILTIN_RULES).map_err(|e| RulesError(e.to_string()))?;
        let extra: RuleFile = toml::from_str(user).map_err(|e| RulesError(e.to_string()))?;
        for id in &extra.disable {
            if !base.rule.iter().any(|r| &r.id == id) {
                return Err(RulesError(format!("disable: no built-in rule {id:?}")));
            }
        }
        base.rule
            .retain(|r| !extra.disable.contains(&r.id) && !extra.rule.iter().any(|u| u.id == r.id));
        for rule in &extra.rule {
            Regex::new(&rule.regex).map_err(|e| RulesError(format!("rule {}: {e}", rule.id)))?;
        }
        base.rule.extend(extra.rule);
        RuleSet::compile(base.rule)
    }

    /// Rules from TOML text, every regex compiled (an error names the rule).
    pub fn from_toml(text: &str) -> Result<RuleSet, RulesError> {
        let file: RuleFile = toml::from_str(text).map_err(|e| RulesError(e.to_string()))?;
        let set = RuleSet::compile(file.rule)?;
        for rule in &set.rules {
            let regex = Regex::new(&rule.def.regex)
                .map_err(|e| RulesError(format!("rule {}: {e}", rule.def.id)))?;
            let _ = rule.regex.set(regex);
        }
        Ok(set)
    }

    fn compile(defs: Vec<RuleDef>) -> Result<RuleSet, RulesError> {
        let mut rules = Vec::new();
        for def in defs {
            let severity = def
                .severity
                .parse()
                .map_err(|e| RulesError(format!("rule {}: {e}", def.id)))?;
            if def.keywords.is_empty() {
                return Err(RulesError(format!("rule {}: no keywords", def.id)));
            }
            rules.push(Rule {
                def,
                severity,
                regex: OnceLock::new(),
            });
        }
        let mut patterns: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            for k in &rule.def.keywords {
                let k = k.to_ascii_lowercase();
                match patterns.iter().position(|p| *p == k) {
                    Some(j) => keyword_rules[j].push(i),
                    None => {
                        patterns.push(k);
                        keyword_rules.push(vec![i]);
                    }
                }
            }
        }
        // A DFA: an overlapping search cannot use the literal prefilters, so the per-byte cost
        // is what counts, and a DFA's is the lowest (the keywords are few and short).
        let keywords = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|e| RulesError(e.to_string()))?;
        Ok(RuleSet {
            rules,
            keywords,
            keyword_rules,
        })
    }

    /// The rules.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// One finding per secret: [`RuleSet::find_all`], where overlapping matches of several rules
    /// (a provider rule and the generic assignment rule) keep the most severe, then the
    /// first-listed (more specific) one.
    pub fn find(&self, haystack: &[u8]) -> Vec<RuleHit> {
        let mut hits = self.find_all(haystack);
        hits.sort_by_key(|h| {
            (
                h.range.start,
                std::cmp::Reverse(self.rules[h.rule].severity),
                h.rule,
            )
        });
        let mut kept: Vec<RuleHit> = Vec::new();
        for h in hits {
            if !kept
                .iter()
                .any(|k| k.range.start < h.range.end && h.range.start < k.range.end)
            {
                kept.push(h);
            }
        }
        kept
    }

    /// Every rule match in `haystack` whose secret passes the rule's entropy floor and is no
    /// stand-in, overlaps included.
    pub fn find_all(&self, haystack: &[u8]) -> Vec<RuleHit> {
        let mut candidates = vec![false; self.rules.len()];
        for m in self.keywords.find_overlapping_iter(haystack) {
            for &r in &self.keyword_rules[m.pattern().as_usize()] {
                candidates[r] = true;
            }
        }
        let mut hits = Vec::new();
        for (i, rule) in self
            .rules
            .iter()
            .enumerate()
            .filter(|(i, _)| candidates[*i])
        {
            for caps in rule.regex().captures_iter(haystack) {
                let Some(m) = caps.get(1).or_else(|| caps.get(0)) else {
                    continue;
                };
                let secret = String::from_utf8_lossy(m.as_bytes());
                if secret.is_empty() || is_stand_in(&secret) {
                    continue;
                }
                let whole = caps.get(0).map_or(&[][..], |w| w.as_bytes());
                if names_documentation_host(&String::from_utf8_lossy(whole)) {
                    continue;
                }
                if let Some(floor) = rule.def.entropy {
                    let per_char = shannon_bits(&secret) / secret.chars().count() as f64;
                    if per_char < floor {
                        continue;
                    }
                }
                hits.push(RuleHit {
                    rule: i,
                    range: m.range(),
                });
            }
        }
        hits
    }
}
