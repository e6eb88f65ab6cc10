mod config;
pub mod handlers;

pub mod net {
    pub fn connect(host: &str) -> bool {
        true
    }

    pub(super) fn restricted_super() {}
    pub(self) fn restricted_self() {}
    pub(in crate::net) fn restricted_in() {}
    pub(crate) struct Socket;

    pub mod tcp {
        pub struct Stream {
            pub fd: i32,
        }

        impl Stream {
            pub fn close(self) {}
        }

        mod nested;
    }
}

fn top() {}
