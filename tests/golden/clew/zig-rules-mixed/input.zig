//! A small key-value store.
const std = @import("std");
const Allocator = std.mem.Allocator;

pub const Error = error{ NotFound, Corrupt } || Allocator.Error;

const max_key_len = 64;
var open_stores: u32 = 0;

pub const Store = struct {
    allocator: Allocator,
    map: std.StringHashMap([]const u8),

    pub fn init(allocator: Allocator) Store {
        open_stores += 1;
        return .{ .allocator = allocator, .map = std.StringHashMap([]const u8).init(allocator) };
    }

    pub fn get(self: *Store, key: []const u8) Error![]const u8 {
        return self.map.get(key) orelse error.NotFound;
    }

    pub fn put(self: *Store, key: []const u8, value: []const u8) Error!void {
        if (key.len > max_key_len) return error.Corrupt;
        const copy = try self.allocator.dupe(u8, value);
        errdefer self.allocator.free(copy);
        try self.map.put(key, copy);
    }

    pub fn load(self: *Store, path: []const u8) !void {
        const file = std.fs.cwd().openFile(path, .{}) catch unreachable;
        defer file.close();
        var session_key: [32]u8 = undefined;
        std.crypto.random.bytes(&session_key);
        const data = try file.readToEndAlloc(self.allocator, 1 << 20);
        var lines = std.mem.splitScalar(u8, data, '\n');
        while (lines.next()) |line| {
            self.parseLine(line) catch |err| switch (err) {
                error.Corrupt => continue,
                else => return err,
            };
        }
    }

    fn parseLine(self: *Store, line: []const u8) Error!void {
        // ananke:hole
        _ = self;
        _ = line;
    }

    pub fn compact(self: *Store) void {
        _ = self;
        @panic("TODO");
    }
};

fn raw(p: *anyopaque) *u64 {
    return @ptrCast(@alignCast(p));
}
