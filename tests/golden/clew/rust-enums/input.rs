/// Message kinds.
#[derive(Debug, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Message {
    /// Nothing to say.
    Quit,
    #[serde(rename = "mv")]
    Move { x: i32, y: i32 },
    Write(String),
    ChangeColor(u8, u8, /** blue */ u8),
}

#[repr(u8)]
enum Color {
    Red = 1,
    Green = 2,
    Blue = 1 << 2,
}

pub enum Tree<T> {
    Leaf(T),
    Node(Box<Tree<T>>, Box<Tree<T>>),
    Empty {},
}
