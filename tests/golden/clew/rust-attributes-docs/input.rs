#![allow(dead_code)]
//! crate doc

/// Doc first
#[derive(Debug)]
/// Doc second
// plain
#[repr(C)]
struct A;

#[cfg(test)]
const C: u8 = 1;
fn after_const() {}

mod m {
    #[inline]
    fn inside() {}
    #[cfg(x)]
}
fn after_mod() {}

/// floating doc

fn gap() {}
/**/
fn empty_block_doc() {}
////
fn four_slashes() {}
///
/// second line is real
fn empty_first() {}
