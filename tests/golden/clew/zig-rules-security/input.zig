const std = @import("std");

// Look-alikes in comments never match: @ptrCast(p) @intFromPtr(p)
// var secret_key: [32]u8 = undefined;
// const password = "hunter2";  .{ "sh", "-c", cmd }
const doc = "@ptrCast(p) and @ptrFromInt(0x1000) and @setRuntimeSafety(false)";
const shell_doc = "sh -c cmd";

pub fn casts(p: *u32) usize {
    const q: *u8 = @ptrCast(p);
    const addr = @intFromPtr(q);
    const back: *u32 = @ptrFromInt(addr);
    const old = @ptrToInt(back);
    _ = @intToPtr(*u8, old);
    return addr;
}

pub fn io(path: []const u8, buf: []u8) usize {
    const file = std.fs.cwd().openFile(path, .{}) catch unreachable;
    const n = file.readAll(buf) catch unreachable;
    std.posix.close(file.handle) catch unreachable;
    // Not I/O: parseInt, reader(), opened.
    const v = std.fmt.parseInt(u32, "1", 10) catch unreachable;
    const r = file.reader() catch unreachable;
    const o = opened() catch unreachable;
    // I/O handled properly.
    _ = file.writeAll(buf) catch 0;
    _ = .{ v, r, o };
    return n;
}

pub fn buffers() void {
    var secret_key: [32]u8 = undefined;
    var nonce: [12]u8 = undefined;
    var Salt: []u8 = undefined;
    var password_z: [16:0]u8 = undefined;
    // Not matched: not a byte buffer, initialized, not a secret name.
    var token_count: u32 = undefined;
    var seed_bytes: [8]u8 = [_]u8{0} ** 8;
    var scratch: [64]u8 = undefined;
    var key_words: [4]u32 = undefined;
    _ = .{ &secret_key, &nonce, &Salt, &password_z, &token_count, &seed_bytes, &scratch, &key_words };
}

const api_key = "sk-live-1234567890";
const db_password: []const u8 = "hunter2";
// Not matched: empty, not a literal, not a credential name.
const empty_secret = "";
const secret_from_env = std.posix.getenv("SECRET");
const token_kind = "identifier";

pub fn run(alloc: std.mem.Allocator, cmd: []const u8) !void {
    _ = try std.process.Child.run(.{ .allocator = alloc, .argv = &.{ "sh", "-c", cmd } });
    _ = try std.process.Child.run(.{ .allocator = alloc, .argv = &.{ "/bin/bash", "-c", "ls -l" } });
    _ = try std.process.Child.run(.{ .allocator = alloc, .argv = &.{ "ls", "-c", cmd } });
    _ = try std.process.Child.run(.{ .allocator = alloc, .argv = &.{ "cmd.exe", "/c", cmd } });
}

pub fn hot(xs: []u32) u32 {
    @setRuntimeSafety(false);
    var sum: u32 = 0;
    for (xs) |x| sum +%= x;
    return sum;
}

pub fn safe() void {
    @setRuntimeSafety(true);
}
