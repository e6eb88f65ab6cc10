pub fn fixture() {}
