//! openclaw.json: a JSON5 concrete syntax tree that keeps the user's comments, quotes and
//! trailing commas through an edit ([`json5`]), and OpenClaw's `${VAR}` resolution ([`resolve`]).
#![forbid(unsafe_code)]

pub mod apply;
pub mod externalize;
pub mod file;
pub mod include;
pub mod json5;
pub mod path;

pub mod redact;
pub mod resolve;
pub mod restore;
mod url;
