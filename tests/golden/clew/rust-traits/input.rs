/// Something that can be drawn.
pub trait Draw: fmt::Debug + Clone + 'static {
    type Output;
    const SIZE: usize;

    /// Draws it.
    fn draw(&self, canvas: &mut Canvas) -> Result<(), DrawError>;

    fn name(&self) -> String {
        String::from("shape")
    }

    fn create() -> Self
    where
        Self: Sized;
}

pub(crate) trait Convert<T: Copy, U = String> {
    fn convert(&self, value: T) -> U;
}

trait Marker {}

unsafe trait Sendable: Send {}
