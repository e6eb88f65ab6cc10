const Tag = enum { int, float, none };

/// A tagged value.
pub const Value = union(enum) {
    /// An integer.
    int: i64,
    float: f64,
    text: []const u8,
    list: std.ArrayList(Value),
    none,
    nothing: void,

    pub fn isNone(self: Value) bool {
        return self == .none;
    }
};

const Explicit = union(Tag) {
    int: i64,
    float: f64,
    none: void,
};

const Backed = union(enum(u8)) { a: u8, b: struct { x: u8, y: u8 } };

const Bare = union { a: u32, b: f32 };

pub const CUnion = extern union { i: c_int, f: f32 };

const std = @import("std");
