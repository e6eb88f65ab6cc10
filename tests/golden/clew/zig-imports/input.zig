const std = @import("std");
const builtin = @import("builtin");
const root = @import("root");
const config = @import("config.zig");
const util = @import("../util/strings.zig");
const sub = @import("lib/sub");
const zap = @import("zap");
const manifest = @import("build.zig.zon");
const mem = @import("std").mem;
const Alloc = @import("std").mem.Allocator;
pub const Writer = @import("io.zig").Writer;
usingnamespace @import("c_bindings.zig");
pub usingnamespace @import("std").os;

const Ns = struct {
    const json = @import("std").json;
};

fn local() void {
    const hidden = @import("hidden.zig");
    _ = hidden;
}

test "imports inside tests are not listed" {
    const testing = @import("testing_helpers.zig");
    _ = testing;
}
