//! Leak detection: [`known`] values of a deployment found exactly, in every encoding they
//! travel in, over any bytes.
#![forbid(unsafe_code)]

pub mod files;
pub mod history;
pub mod known;
pub mod rules;
