//! `.env` files with the semantics of npm `dotenv` 16 and 17 (what MosBot's Node services use),
//! every entry with its place in the file, and an editor that sets, adds or removes one key and
//! keeps every other byte.
//!
//! No crate does this: `dotenvy` and friends follow the shell-like dotenv of Ruby and Go, which
//! disagrees with npm `dotenv` on comments, escapes, colons and multi-line values. A secret read
//! differently from how the API reads it is a wrong secret, so we reproduce npm's parse exactly
//! (differential tests against the real package are in `tests/oracle/`).
#![forbid(unsafe_code)]

mod edit;
mod parse;

pub use edit::{encode_value, EditError};
pub use parse::{is_js_space, parse, parse_bytes, Entry, EnvFile, ParseError};
