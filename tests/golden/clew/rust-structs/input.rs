use serde::{Deserialize, Serialize};

/// A user record.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// Unique id.
    pub id: u64,
    #[serde(rename = "userName")]
    pub name: String,
    pub email: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(skip)]
    cache: HashMap<String, u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    #[serde(flatten)]
    extra: Extra,
    #[serde(skip_deserializing, rename = "ro")]
    read_only: bool,
}

/// Wraps a meter value.
#[derive(Copy, Clone)]
pub struct Meters(pub f64);

pub(crate) struct Pair<T>(T, #[serde(skip)] pub Option<T>);

#[derive(Default)]
pub struct Unit;

struct Borrowed<'a, T: ?Sized + 'a> where T: Send {
    data: &'a T,
}
