//! A small job runner: reads a job file, runs each job, reports results.

use std::collections::HashMap;
use std::fs;
use std::io::{self, Write};
use std::process::{Command, Output};

pub const DEFAULT_TIMEOUT_SECS: u64 = 30;
static SHELL: &str = "sh";

#[derive(Debug, Clone)]
pub struct Job {
    pub name: String,
    pub script: String,
    pub retries: u32,
}

#[derive(Debug)]
pub enum RunError {
    Io(io::Error),
    Failed { name: String, code: i32 },
}

impl From<io::Error> for RunError {
    fn from(e: io::Error) -> Self {
        RunError::Io(e)
    }
}

pub struct Runner {
    jobs: Vec<Job>,
    results: HashMap<String, i32>,
}

impl Runner {
    pub fn load(path: &str) -> Result<Runner, RunError> {
        let text = fs::read_to_string(path)?;
        let mut jobs = Vec::new();
        for line in text.lines() {
            let (name, script) = match line.split_once(':') {
                Some(pair) => pair,
                None => continue,
            };
            jobs.push(Job {
                name: name.trim().to_string(),
                script: script.trim().to_string(),
                retries: 1,
            });
        }
        Ok(Runner { jobs, results: HashMap::new() })
    }

    fn run_one(&self, job: &Job) -> Result<Output, RunError> {
        // The script is shell text from the job file.
        let out = Command::new("sh").arg("-c").arg(&job.script).output()?;
        Ok(out)
    }

    pub fn run_all(&mut self) -> Result<usize, RunError> {
        let mut failures = 0;
        for job in self.jobs.clone() {
            let out = self.run_one(&job)?;
            let code = out.status.code().expect("terminated by signal");
            if code != 0 {
                failures += 1;
            }
            self.results.insert(job.name.clone(), code);
        }
        Ok(failures)
    }

    pub fn report(&self, w: &mut dyn Write) -> io::Result<()> {
        // ananke:hole write one line per job: name, exit code
        Ok(())
    }

    pub fn slowest(&self) -> Option<&Job> {
        todo!()
    }

    fn shell(&self) -> &'static str {
        SHELL
    }
}

/// Reads a little-endian u32 from a raw buffer.
///
/// # Safety
/// `p` must point to 4 readable bytes.
pub unsafe fn read_u32(p: *const u8) -> u32 {
    let bytes = std::slice::from_raw_parts(p, 4);
    u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

fn main() {
    let path = std::env::args().nth(1).unwrap();
    let mut runner = Runner::load(&path).unwrap_or_else(|e| panic!("load: {:?}", e));
    let failures = runner.run_all().unwrap();
    let stdout = io::stdout();
    runner.report(&mut stdout.lock()).unwrap();
    std::process::exit(if failures == 0 { 0 } else { 1 });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_jobs() {
        let r = Runner::load("jobs.txt").unwrap();
        assert_eq!(r.jobs.len(), 2);
    }
}
