/// Result with our error.
pub type Result<T> = std::result::Result<T, Error>;

type Callback = fn(i32) -> bool;

pub(crate) type Table<K, V = String> = HashMap<K, Vec<V>>;

/// Raw bits.
#[repr(C)]
pub union IntOrFloat {
    pub i: u32,
    /// As float.
    pub f: f32,
}
