use std::io;

/// Reads a line.
/// More.
pub fn read_line(buf: &mut String) -> io::Result<usize> {
    Ok(0)
}

/** Block doc
 * second
 */
pub struct Line {
    /// The text.
    pub text: String,
}

impl Line {
    pub fn len(&self) -> usize {
        self.text.len()
    }
}
