//! Paths into a config, printed the way OpenClaw prints them: `gateway.auth.token`,
//! `agents.list[0].model`.

use std::fmt;

/// One step of a path: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// An object member.
    Key(String),
    /// An array item.
    Index(usize),
}

/// A path from the root of a config to one value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConfigPath(pub Vec<Segment>);

impl ConfigPath {
    /// The root.
    pub fn root() -> ConfigPath {
        ConfigPath(Vec::new())
    }

    /// This path with one more key.
    pub fn key(&self, key: &str) -> ConfigPath {
        let mut p = self.clone();
        p.0.push(Segment::Key(key.to_string()));
        p
    }

    /// This path with one more index.
    pub fn index(&self, index: usize) -> ConfigPath {
        let mut p = self.clone();
        p.0.push(Segment::Index(index));
        p
    }

    /// The last key on the path, if the path ends in a key.
    pub fn last_key(&self) -> Option<&str> {
        self.0.iter().rev().find_map(|s| match s {
            Segment::Key(k) => Some(k.as_str()),
            Segment::Index(_) => None,
        })
    }
}

/// Whether OpenClaw prints `key` bare (`a.key`) rather than bracketed (`a["key"]`): its
/// `appendConfigPathSegment` tests `/^[A-Za-z_$][A-Za-z0-9_$:-]*$/`.
fn is_plain_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | ':' | '-'))
}

/// OpenClaw's notation (checked against the package): identifier keys joined with `.`, other
/// keys as `["…"]` in JSON quoting, indices as `[n]`, the root as the empty string.
impl fmt::Display for ConfigPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(k) if is_plain_key(k) && i == 0 => write!(f, "{k}")?,
                Segment::Key(k) if is_plain_key(k) => write!(f, ".{k}")?,
                Segment::Key(k) => write!(f, "[{}]", serde_json::Value::from(k.as_str()))?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_openclaw() {
        let p = ConfigPath::root().key("a").key("b").index(0).key("c");
        assert_eq!(p.to_string(), "a.b[0].c");
        assert_eq!(ConfigPath::root().index(2).to_string(), "[2]");
        assert_eq!(ConfigPath::root().to_string(), "");
        let odd = ConfigPath::root().key("x y").index(0).key("z.w").key("ok");
        assert_eq!(odd.to_string(), "[\"x y\"][0][\"z.w\"].ok");
    }
}
