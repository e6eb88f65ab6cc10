//! Crate-level docs are not attached to items.

/// Adds two numbers.
/// Second line is not used.
pub fn add(a: i32, b: i32) -> i32 {
    a + b
}

fn private_helper() {}

/// Reads the config file.
#[inline]
#[cfg(test)]
pub(crate) async fn load(path: &str, (x, y): (u8, u8), _: bool, mut count: usize) -> std::io::Result<String> {
    todo!()
}

pub const fn zero() -> u32 { 0 }

pub unsafe fn raw(p: *mut u8) -> Option<u8> { None }

#[tokio::main]
pub extern "C" fn callback(code: i32) -> anyhow::Result<()> { Ok(()) }

/// Generic with bounds and a where clause.
pub fn longest<'a, 'b: 'a, T: Clone + Send, const N: usize, U>(x: &'a T, y: [U; N]) -> &'a T
where
    T: Default,
    U: std::fmt::Debug + 'b,
    Vec<T>: Sized,
{
    x
}

fn never() -> ! { loop {} }

fn local_items() {
    fn inner() {}
    struct Hidden;
}
