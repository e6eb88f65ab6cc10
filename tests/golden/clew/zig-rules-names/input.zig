const std = @import("std");
const mem = std.mem;
const Allocator = std.mem.Allocator;
const List = std.ArrayList(u8);
const Mode = enum { fast, slow };
const Err = error{Bad};
const Alias: type = u32;
const MAX_ITEMS = 64;
const default_name: []const u8 = "anon";
var global_count: usize = 0;
pub var verbose = false;
const fallback: u32 = if (maybe_limit) |limit| limit else 8;
threadlocal var tls_depth: u32 = 0;
extern var environ: [*:null]?[*:0]u8;

pub const Config = struct {
    name: []const u8,
    const version = 3;
    var instances: u32 = 0;
};

pub fn sum(items: []const u32) u64 {
    var total: u64 = 0;
    const start = 0;
    for (items, 0..) |item, i| {
        _ = i;
        total += item;
    }
    var it = mem.splitScalar(u8, "a,b", ',');
    while (it.next()) |*part| {
        _ = part;
    }
    if (std.posix.getenv("X")) |val| {
        _ = val;
    } else {}
    const a, var b = .{ 1, 2 };
    b += a;
    const Local = struct { v: u8 };
    _ = Local;
    for (items) |_| {}
    total = total + start;
    return total;
}
