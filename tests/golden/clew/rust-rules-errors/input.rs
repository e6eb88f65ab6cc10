use std::fs;
use std::io;

// Counters: result_return / option_return, question_mark, unwrap, expect, panic.

pub fn read_config(path: &str) -> io::Result<String> {
    let text = fs::read_to_string(path)?;
    let trimmed = text.trim().to_string();
    Ok(trimmed)
}

fn first_word(s: &str) -> Option<&str> {
    let w = s.split(' ').next()?;
    Some(w)
}

fn fragile(input: &str) -> u32 {
    let n: u32 = input.parse().unwrap();
    let m: u32 = input.parse().expect("a number");
    if n > 100 {
        panic!("too big: {}", n);
    }
    match m {
        0 => unreachable!(),
        _ => n + m,
    }
}

fn in_macros(v: Option<u32>) -> Result<String, String> {
    let s = format!("{} {}", v.unwrap(), parse(v)?);
    println!("{:?} unwrap() ? panic!", s);
    Ok(s)
}

fn closures(xs: &[&str]) -> Vec<u32> {
    xs.iter().map(|x| x.parse::<u32>().unwrap()).collect()
}

fn nested_fn() -> u32 {
    fn inner() -> Result<u32, ()> {
        Ok("1".parse::<u32>().map_err(|_| ())?)
    }
    inner().unwrap_or(0)
}

fn quiet(a: u32) -> u32 {
    // a.unwrap() in a comment is not a call; neither is "b.expect(x)?"
    let s = "c.unwrap() panic!()";
    a + s.len() as u32
}

fn not_error_types() -> &'static Option<u32> {
    &None
}

#[test]
fn test_in_root() {
    assert_eq!(first_word("a b").unwrap(), "a");
    fragile("1").checked_add(1).expect("no overflow");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn helper() -> Result<u32, String> {
        Ok(read_config("x").unwrap().len() as u32)
    }

    #[tokio::test]
    async fn async_test() {
        helper().unwrap();
        panic!("counted: panics are not test-exempt");
    }
}
