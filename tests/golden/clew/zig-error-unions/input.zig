const ParseError = error{ InvalidChar, Overflow };

/// Inferred error set.
pub fn parse(text: []const u8) !u32 {
    _ = text;
    return 0;
}

pub fn parseStrict(text: []const u8) ParseError!u32 {
    _ = text;
    return error.InvalidChar;
}

pub fn anything() anyerror!void {}

pub fn maybe() !?[]u8 {
    return null;
}

pub fn inlineSet() error{Oops}!i64 {
    return error.Oops;
}

pub fn qualified() std.fs.File.OpenError!std.fs.File {
    unreachable;
}

pub fn optional() ?u8 {
    return null;
}

const std = @import("std");
