use std::collections::HashMap;
use std::io::{self, Read, Write as IoWrite, prelude::*};
use std::fmt as f;
use serde::*;
use regex;
use crate::config::{Config, net::{Socket, tcp::Stream as TcpStream}};
use super::parent_fn;
use self::local::Thing;
pub use core::mem::swap;
pub(crate) use alloc::vec::Vec as V;
use ::tokio::runtime::Runtime;
use {anyhow::Error, thiserror};
extern crate proc_macro;
extern crate serde_json as json;
mod util;

mod inner {
    use super::*;
}
