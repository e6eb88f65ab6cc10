// Hole forms: todo!() / unimplemented!() with or without arguments, as a
// statement (the `;` is replaced too) or as the tail expression, and a
// comment containing the marker.  Non-holes follow.

pub struct Store {
    items: Vec<u32>,
}

const LIMIT: usize = 8;

impl Store {
    pub fn tail(&self) -> Option<u32> {
        todo!()
    }

    pub fn stmt(&mut self, v: u32) {
        todo!();
    }

    fn with_message(&self) -> usize {
        unimplemented!("needs {}", LIMIT)
    }
}

fn scoped(n: u32) -> u32 {
    let x = n + 1;
    std::unimplemented!();
}

fn in_match(n: u32) -> u32 {
    match n {
        0 => 1,
        _ => todo!("later"),
    }
}

fn marked(a: &str) -> String {
    // ananke:hole
    String::new()
}

fn marked_block(a: u32) -> u32 {
    /* ananke:hole: sum the items */ a
}

trait Shape {
    fn area(&self) -> f64 {
        todo!()
    }
    fn sides(&self) -> u32;
}

// ananke:hole outside a body is not a hole
const NOT_A_HOLE: u32 = 0;

fn not_holes() -> &'static str {
    // todo!() in a comment, and the word todo
    let s = "todo!() ananke:hole unimplemented!()";
    let todo = 1;
    panic!("not a hole");
}
