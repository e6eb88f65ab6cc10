const std = @import("std");

/// An unsigned id.
pub const Id = u64;
const Bytes = []const u8;
const Name = [32]u8;
const MaybeId = ?Id;
const IdPtr = *const Id;
const Callback = *const fn (ctx: *anyopaque, code: i32) void;
const Handler = fn ([]const u8) anyerror!void;
const Result = anyerror!Bytes;
pub const List = std.ArrayList(u8);
const Map = std.StringHashMap(Id);
pub const Allocator = std.mem.Allocator;
const Local = Allocator;
const Self = @This();
const Vec4 = @Vector(4, f32);
const Annotated: type = if (true) u8 else u16;
const Paren = (u16);

// Not type aliases: values and non-TitleCase names.
const max_len = 64;
const MAX_LEN = 64;
const default_id: Id = 0;
const helper = std.debug.print;
const ratio = compute(3);
var counter: u32 = 0;
var Mutable = u8;
