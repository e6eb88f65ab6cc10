const std = @import("std");

/// A labelled checksum of a record.
pub const Checksum = struct {
    label: []const u8,
    value: u32 = 0,

    /// Fold `data` into the checksum.
    pub fn update(self: *Checksum, data: []const u8) void {
        for (data) |b| self.value = self.value *% 31 +% b;
    }
};

pub const Error = error{ Empty, TooLong };

pub fn compute(data: []const u8) Error!u32 {
    if (data.len == 0) return error.Empty;
    var c = Checksum{ .label = "default" };
    c.update(data);
    return c.value;
}
