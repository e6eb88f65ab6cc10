/// A handle owned by C.
pub const Handle = opaque {
    pub fn close(self: *Handle) void {
        _ = self;
    }
};

const Nothing = opaque {};

pub const Empty = struct {};

const Unit = enum {};

const Holder = struct {
    const Marker = struct {};
    value: u8,
};
