/// A generic maximum.
pub fn max(comptime T: type, a: T, b: T) T {
    return if (a > b) a else b;
}

pub fn print(writer: anytype, comptime fmt: []const u8, args: anytype) !void {
    try writer.print(fmt, args);
}

fn alias_free(noalias dst: [*]u8, noalias src: [*]const u8, n: usize) void {
    _ = dst;
    _ = src;
    _ = n;
}

fn unnamed_comptime(comptime u8) void {}

pub const Counter = struct {
    count: u32,

    const Self = @This();

    pub fn init() Counter {
        return .{ .count = 0 };
    }
    pub fn byValue(self: Self) u32 {
        return self.count;
    }
    pub fn byPointer(this: *Self) void {
        this.count += 1;
    }
    pub fn byConstPointer(c: *const Counter) u32 {
        return c.count;
    }
    pub fn byThis(me: *@This()) void {
        _ = me;
    }
    pub fn notSelf(other: u32, self: *Self) void {
        _ = other;
        _ = self;
    }
};
