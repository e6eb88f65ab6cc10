use std::fmt;

pub struct Stack<T> {
    items: Vec<T>,
}

impl<T: Clone> Stack<T> {
    /// Creates an empty stack.
    pub fn new() -> Self {
        Stack { items: Vec::new() }
    }

    pub fn push(&mut self, item: T) {
        self.items.push(item);
    }

    pub fn peek(&self) -> Option<&T> {
        self.items.last()
    }

    fn into_vec(self) -> Vec<T> {
        self.items
    }

    pub(crate) fn drain(mut self) -> usize {
        0
    }

    fn boxed(self: Box<Self>) -> usize {
        0
    }

    fn tagged<'a>(&'a mut self, tag: &'a str) {}
}

pub struct Point {
    x: f64,
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({})", self.x)
    }
}

impl<'a> From<&'a str> for crate::shapes::Point {
    fn from(s: &'a str) -> Self {
        todo!()
    }
}
