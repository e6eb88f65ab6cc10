const std = @import("std");

const limit: u32 = 10;

pub const Stack = struct {
    items: [16]u32,
    len: usize = 0,

    pub fn push(self: *Stack, v: u32) !void {
        @panic("TODO");
    }

    pub fn pop(self: *Stack) ?u32 {
        @panic("not implemented");
    }
};

fn parse(text: []const u8) !u32 {
    if (text.len == 0) return error.Empty;
    @panic("todo: parse the number");
}

fn render(out: anytype) void {
    @panic("  Unimplemented");
}

fn later() u8 {
    @panic("not yet implemented");
}

fn marker(a: u32) u32 {
    // ananke:hole
    return a;
}

fn nested(flag: bool) void {
    if (flag) {
        @panic("TODO");
    }
}

// Not holes below.
// ananke:hole at module level is not in a function.
fn not_holes(flag: bool, msg: []const u8) u32 {
    @panic("index out of bounds");
    @panic(msg);
    @panic("TODOS are fine");
    if (flag) @panic("TODO");
    // ANANKE:HOLE in upper case is not the marker
    defer @panic("TODO");
    const s = "@panic(\"TODO\") ananke:hole";
    const x: u32 = if (flag) 1 else @panic("TODO");
    return x;
}

test "placeholder" {
    @panic("TODO");
}
