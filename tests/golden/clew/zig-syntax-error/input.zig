const std = @import("std");

pub const Good = struct {
    a: u8,
    pub fn ok(self: Good) u8 {
        return self.a +;
    }
};

pub fn valid(x: u8) u8 {
    return x;
}

const Bad = struct {
    b: u16,
    c: = 5,
};

pub fn after(v: i32) i32 {
    return v;
}

fn unfinished(a: u8, b: ) void {}

/// Still found after the errors.
pub const Last = enum { x, y };
