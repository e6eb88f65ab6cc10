//! Stock accounting.
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// An item in stock.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub sku: String,
    pub quantity: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug)]
pub enum StockError {
    Unknown(String),
    Insufficient { wanted: u32, available: u32 },
}

pub struct Ledger {
    items: HashMap<String, Item>,
}

impl Ledger {
    /// Remove `quantity` units of `sku`.
    pub fn take(&mut self, sku: &str, quantity: u32) -> Result<u32, StockError> {
        let item = self
            .items
            .get_mut(sku)
            .ok_or_else(|| StockError::Unknown(sku.to_string()))?;
        if item.quantity < quantity {
            return Err(StockError::Insufficient { wanted: quantity, available: item.quantity });
        }
        item.quantity -= quantity;
        Ok(item.quantity)
    }
}
