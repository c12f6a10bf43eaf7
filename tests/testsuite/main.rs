//! kbgen's integration tests, one binary (one link step instead of one per file), in the
//! manner of mdBook's `tests/testsuite` and ripgrep's `tests/tests.rs`. Each module is one area;
//! `common` holds the shared runner and helpers.

#![allow(dead_code)]

mod common;

mod bounds;
mod checklist_coverage;
mod cli;
mod config;
mod corpus;
mod delivery_faults;
mod email;
mod engine;
mod locales;
mod model;
mod model_corpus;
mod model_props;
mod qa;
mod readme;
mod runs;
mod scaling;
mod seeds;
mod segment_props;
mod serve;
mod site;
mod tm;
