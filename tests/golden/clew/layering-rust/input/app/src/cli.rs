use crate::config::Settings;
use super::main as entry;

pub fn run() {
    let _s = Settings::default();
}
