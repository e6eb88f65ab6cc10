use std::mem;
use std::mem::transmute;
use std::process::Command;

// Catalog: rust.unsafe_block, rust.unsafe_fn, rust.shell_command,
// rust.transmute.  Look-alikes below must not match.

pub unsafe fn raw_read(p: *const u8) -> u8 {
    *p
}

extern "C" {
    fn abs(x: i32) -> i32;
}

trait RawDevice {
    unsafe fn poke(&self, addr: usize);
}

fn blocks(p: *const u8) -> u8 {
    let a = unsafe { *p };
    let b = unsafe { raw_read(p) };
    a + b
}

fn casts(x: u32) -> f32 {
    let a: f32 = unsafe { mem::transmute(x) };
    let b: f32 = unsafe { std::mem::transmute::<u32, f32>(x) };
    let c: i32 = unsafe { transmute(x) };
    a + b + c as f32
}

fn shells(user: &str) {
    Command::new("sh").arg("-c").arg(user).status().unwrap();
    std::process::Command::new("/bin/bash")
        .env("A", "1")
        .args(["-c", user])
        .output()
        .ok();
}

fn not_findings(user: &str) {
    // unsafe { transmute(x) } and Command::new("sh").arg("-c") in a comment
    /* unsafe fn nope() {} */
    let s = "unsafe { mem::transmute(x) } Command::new(\"sh\").arg(\"-c\")";
    Command::new("ls").arg("-c").status().ok();
    Command::new("sh").arg("script.sh").arg(user).status().ok();
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(user);
    other::transmute(s);
    let t = mem::size_of::<u32>();
    let _ = (s, t);
}

fn safe_fn() -> u8 {
    0
}
