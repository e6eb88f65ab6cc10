pub fn prims(a: i32, b: u8, c: usize, d: &str, e: bool, f: f64, g: char, h: String, i: Self) {}

pub fn units(a: (), b: (i32, String), c: (u8,)) -> ! { loop {} }

pub fn refs(a: &T, b: &'a mut T, c: *const u8, d: *mut u8, e: &&str) {}

pub fn containers(
    a: Vec<u8>,
    b: std::collections::VecDeque<i32>,
    c: HashSet<String>,
    d: BTreeSet<u32>,
    e: LinkedList<char>,
    f: HashMap<String, Vec<u8>>,
    g: BTreeMap<u32, String>,
    h: indexmap::IndexMap<String, i64>,
    i: Option<Box<i32>>,
) {}

pub fn named(
    a: Box<dyn Error + Send + Sync>,
    b: std::sync::Arc<Mutex<u32>>,
    c: Rc<str>,
    d: Result<u8, Error>,
    e: Cow<'a, str>,
    f: MyType<'a, T, 3>,
    g: std::string::String,
) {}

pub fn arrays(a: [u8; 4], b: &[u8], c: [[i32; 3]; 0x10], d: [u8; N], e: [u8; 1_000usize]) {}

pub fn funcs(a: fn(i32, &str) -> bool, b: fn(), c: unsafe extern "C" fn(*const u8) -> i32) {}

pub fn traits(a: &dyn Display, b: impl Iterator<Item = u8>, c: Box<dyn Fn(u8) -> u8>, d: impl Fn() + Send) {}

pub fn others(a: <T as Trait>::Output, b: my_macro!(u8), c: Vec<_>) {}
