use std::fmt;

pub fn good(a: i32) -> i32 {
    a
}

pub fn broken(a: i32, b: ) -> i32 {
    let x = ;
    a
}

pub struct Fine {
    pub x: u8,
}

struct Bad {
    x: ,
    y: u16,
}

impl Fine {
    pub fn ok(&self) -> u8 { self.x }
    fn half(&self -> u8 { 0 }
}

pub fn after() {}
