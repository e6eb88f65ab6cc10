pub const version: u8 = 1;
