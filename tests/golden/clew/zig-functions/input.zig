//! File-level doc: not attached to any declaration.

/// Adds two numbers.
/// Second line is not used.
pub fn add(a: i32, b: i32) i32 {
    return a + b;
}

fn private_helper() void {}

/// Exported with the C calling convention.
export fn c_entry(x: c_int) callconv(.C) c_int {
    return x;
}

extern fn plain_extern(p: *anyopaque) void;

pub extern "c" fn printf(format: [*:0]const u8, ...) c_int;

inline fn fast(x: u32) u32 {
    return x * 2;
}

pub noinline fn slow() align(16) linksection(".text.slow") void {}

// A plain comment is not a doc comment.
fn no_doc() noreturn {
    unreachable;
}
