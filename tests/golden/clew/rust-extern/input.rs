extern "C" {
    /// Formats output.
    pub fn printf(fmt: *const c_char, ...) -> c_int;
    fn abs(x: i32) -> i32;
    static errno: i32;
}

extern {
    fn legacy(args: ...);
}

#[no_mangle]
pub unsafe extern "C" fn exported(len: usize) -> *mut u8 {
    std::ptr::null_mut()
}

extern "system" fn win_proc() {}
