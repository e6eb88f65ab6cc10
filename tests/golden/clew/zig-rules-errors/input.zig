const std = @import("std");

const ParseError = error{ Empty, TooLong };

/// try twice, an error union return.
pub fn load(path: []const u8) ![]u8 {
    const file = try std.fs.cwd().openFile(path, .{});
    defer file.close();
    return try file.readToEndAlloc(std.heap.page_allocator, 1 << 20);
}

/// catch with a default, a catch handled by a switch, catch unreachable.
fn parse(text: []const u8) ParseError!u32 {
    const n = std.fmt.parseInt(u32, text, 10) catch 0;
    const m = check(text) catch |err| switch (err) {
        error.Empty => 1,
        error.TooLong, error.Overflow => 2,
        else => return err,
    };
    const k = std.fmt.parseInt(u32, "7", 10) catch unreachable;
    return n + m + k;
}

/// A plain function: no error handling, no error.style.
fn add(a: u32, b: u32) u32 {
    return a + b;
}

/// An error union return and nothing else.
fn check(text: []const u8) ParseError!u32 {
    if (text.len == 0) return error.Empty;
    return @intCast(text.len);
}

/// `catch |e| unreachable` still counts as catch_unreachable; a catch
/// whose switch is on another name records nothing as caught.
fn both() void {
    _ = check("x") catch |e| unreachable;
    _ = check("y") catch |e| switch (other) {
        error.Empty => 0,
        else => 1,
    };
}

// Not a function: try in a test block is not counted.
test "load" {
    _ = try load("x");
}
