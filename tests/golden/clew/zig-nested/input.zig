pub const Outer = struct {
    id: u32,

    pub const Inner = struct {
        value: i64,

        pub const Deepest = enum { one, two };

        pub fn get(self: Inner) i64 {
            return self.value;
        }
    };

    const Kind = union(enum) { a: Inner, b };

    pub fn inner(self: *Outer) Inner {
        _ = self;
        return .{ .value = 0 };
    }
};

const Sibling = struct {
    fn make() Sibling {
        return .{};
    }
};
