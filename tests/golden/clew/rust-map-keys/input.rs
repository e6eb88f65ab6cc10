use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

#[derive(Serialize, Deserialize, PartialEq, Eq, Hash)]
pub enum Channel {
    Email,
    Sms,
}

/// Delivery counts, keyed by hour, by offset and by channel.
#[derive(Serialize, Deserialize)]
pub struct Deliveries {
    pub batch: Uuid,
    pub by_hour: HashMap<u8, u32>,
    pub by_offset: BTreeMap<i32, String>,
    pub by_channel: HashMap<Channel, u64>,
}
