#[derive(Default)]
pub struct Settings {
    pub verbose: bool,
}
