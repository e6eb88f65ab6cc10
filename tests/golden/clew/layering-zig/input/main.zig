const std = @import("std");
const server = @import("net/server.zig");
const fmt = @import("util/fmt.zig");

pub fn main() !void {
    try server.listen(fmt.port());
}
