const std = @import("std");
const outside = @import("../../outside.zig");

pub fn port() u16 {
    return 8080;
}
