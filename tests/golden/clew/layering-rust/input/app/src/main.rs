use std::collections::HashMap;

use billing_core::Invoice;
use storage::Db;
use tokio::runtime::Runtime;

mod cli;
mod config;

fn main() {
    let _db = Db::open();
    let _rt = Runtime::new();
    let _seen: HashMap<u32, Invoice> = HashMap::new();
    cli::run();
}
