const std = @import("std");

/// A CRLF struct.
pub const Line = struct {
    /// Text of the line.
    text: []const u8,
    number: u32 = 1,

    /// Length in bytes.
    pub fn len(self: Line) usize {
        return self.text.len;
    }
};

pub fn split(
    input: []const u8,
    sep: u8,
) ![]Line {
    _ = input;
    _ = sep;
    return error.Unimplemented;
}

const Mode = enum { lf, crlf };
