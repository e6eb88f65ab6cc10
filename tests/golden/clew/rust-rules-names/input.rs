// Constants: const and static items, at any level.  Variables: let
// bindings (every identifier a pattern binds) and for-loop bindings.
// Not reported: parameters, closure parameters, match/if-let bindings,
// `_`, functions, types, fields.

pub const MAX_SIZE: usize = 1024;
static GREETING: &str = "hi";
static mut COUNTER: u64 = 0;
const _: () = ();

pub struct Point {
    x: i32,
    y: i32,
}

impl Point {
    pub const ORIGIN: Point = Point { x: 0, y: 0 };
}

trait Limits {
    const LOW: u8;
}

mod inner {
    pub(crate) const innerLimit: u32 = 3;
}

fn locals(p: Point, pairs: Vec<(u32, String)>) -> i32 {
    const LOCAL_MAX: i32 = 10;
    static LOCAL_STATIC: i32 = 1;
    let plain = 1;
    let mut counted: u32 = 0;
    let typed: Vec<String> = Vec::new();
    let (first, mut second) = (1, 2);
    let Point { x, y: renamed } = p;
    let [head, ref tail @ ..] = [1, 2, 3];
    let &borrowed = &5;
    let camelCase = 0;
    let _ = plain;
    let _ignored = 0;
    for (index, (key, name)) in pairs.iter().enumerate() {
        counted += *key + index as u32;
        let _ = name;
    }
    for item in typed.iter() {
        let _ = item;
    }
    if let Some(found) = typed.first() {
        let _ = found;
    }
    match p.x {
        matched => {
            let _ = matched;
        }
    }
    let closure = |arg: i32| arg + 1;
    let Some(value) = typed.get(0) else { return 0 };
    let _ = value;
    closure(first + second + x + renamed + head + tail[0] + borrowed + camelCase + LOCAL_MAX + LOCAL_STATIC)
}
