/// Primary colors.
pub const Color = enum {
    /// The red one.
    red,
    green,
    blue,

    pub fn isRed(self: Color) bool {
        return self == .red;
    }
};

const Status = enum(u8) {
    ok = 0,
    not_found = 0x04,
    teapot = 1 << 3,
    _,
};

pub const Small = enum(u2) { a, b, c };

