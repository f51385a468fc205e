//! The core of mosbot-secrets: the secret [`catalog`], value [`classify`]ing, [`generate`]d
//! secrets, [`strength`] rules, the [`finding`] model with its [`report`]ers, and [`atomic`] writes.
//!
//! A library never prints and never exits; it returns typed errors for the binary to word.
#![forbid(unsafe_code)]

pub mod atomic;
pub mod catalog;
pub mod classify;
pub mod finding;
pub mod generate;
pub mod report;
pub mod strength;

pub use catalog::{Catalog, Class, Recipe, Strength};
pub use finding::{Finding, RuleInfo, Severity};
