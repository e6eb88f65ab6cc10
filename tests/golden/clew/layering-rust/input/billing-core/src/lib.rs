pub mod invoice;

pub use self::invoice::Invoice;
use storage::Db;

pub fn store(db: &Db, invoice: &Invoice) -> bool {
    db.put(invoice.id)
}
