/// A point in 2D.
pub const Point = struct {
    /// Horizontal.
    x: f32 = 0,
    /// Vertical.
    y: f32 = 0.0,
    label: ?[]const u8 = null,
    next: ?*Point,
    flags: u8 align(4),
    comptime version: u32 = 1,

    pub const origin = Point{ .x = 0, .y = 0, .next = null, .flags = 0 };
    var instances: usize = 0;

    pub fn len(self: Point) f32 {
        return @sqrt(self.x * self.x + self.y * self.y);
    }
    fn reset(self: *Point) void {
        self.x = 0;
    }
};

const Header = packed struct(u32) {
    version: u4,
    kind: u4,
    length: u24,
};

pub const CPoint = extern struct {
    x: c_int,
    y: c_int,
};

const Pair = struct { u8, []const u8 };

const Mixin = struct {
    pub fn hello() void {}
};

pub const WithMixin = struct {
    //! Body doc comment.
    usingnamespace Mixin;
    value: i32,
};
