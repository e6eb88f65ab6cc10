use std::fs::File;

use super::super::outside::Thing;

pub struct Db {
    file: Option<File>,
}

impl Db {
    pub fn open() -> Db {
        Db { file: None }
    }

    pub fn put(&self, _id: u32) -> bool {
        self.file.is_some()
    }
}
