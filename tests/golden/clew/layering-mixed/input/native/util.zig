pub fn fold(data: []const u8) u32 {
    var s: u32 = 0;
    for (data) |b| s +%= b;
    return s;
}
