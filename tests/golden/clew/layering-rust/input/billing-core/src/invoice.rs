use serde::Serialize;

use super::store;

#[derive(Serialize)]
pub struct Invoice {
    pub id: u32,
}
