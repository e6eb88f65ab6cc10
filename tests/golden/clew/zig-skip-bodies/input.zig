pub fn outer() type {
    const Local = struct {
        x: u8,
        fn localMethod() void {}
    };
    return struct {
        inner: Local,
    };
}

pub fn List(comptime T: type) type {
    return struct {
        items: []T,
        const Self = @This();
        pub fn append(self: *Self, item: T) void {
            _ = self;
            _ = item;
        }
    };
}

test "a test" {
    const T = struct { a: u8 };
    _ = T;
}

comptime {
    const C = u8;
    _ = C;
}

pub fn afterAll() void {}
