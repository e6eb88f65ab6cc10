const fmt = @import("../util/fmt.zig");
const proto = @import("proto.zig");
const zap = @import("zap");

pub fn listen(port: u16) !void {
    _ = proto.version;
    _ = zap;
    _ = fmt.port() + port;
}
