/// Größe in Metern — 距離.
pub fn größe(länge: f64, 名前: &str) -> f64 {
    let s = "bad �� bytes";
    länge
}

// comment with invalid �( bytes
/// Doc with invalid � byte.
pub struct Café {
    /// 名前のフィールド
    pub 名前: String,
    #[serde(rename = "naïve✓")]
    pub naïve: bool,
}

pub enum Émoji {
    /// 😀 smile
    Smile,
    #[serde(rename = "чай")]
    Tea = 2,
}
impl Café { pub fn prénom(&self) -> &str { "é" } }
