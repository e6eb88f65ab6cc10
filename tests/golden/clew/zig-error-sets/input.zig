/// Errors from reading.
pub const ReadError = error{
    /// The end was reached early.
    EndOfStream,
    AccessDenied,
};

const WriteError = error{NoSpaceLeft};

pub const IoError = ReadError || WriteError || error{Unexpected};

const Empty = error{};

const Grouped = (error{A} || error{B});
