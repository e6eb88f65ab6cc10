use crate::helpers::fixture;
use storage::Db;

mod helpers;

fn main() {
    let _db = Db::open();
    fixture();
}
