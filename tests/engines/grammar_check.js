#!/usr/bin/env node
/*
 * grammar_check.js - check GBNF grammars against XGrammar.
 *
 *   node tests/engines/grammar_check.js CASES.json [--verbose]
 *
 * CASES.json is an array of
 *   {"name": "...", "gbnf": "root ::= ...", "accept": [...], "reject": [...]}
 * Each grammar is built with XGrammar's Grammar.fromEBNF(gbnf, "root"); every
 * "accept" string must be accepted and every "reject" string rejected
 * (Testings.isGrammarAcceptString).  A grammar that does not build fails its
 * case.  Prints one line per failure, then "grammar: N passed, N failed",
 * and exits 1 when anything failed (2 on bad usage or unreadable input).
 *
 * The WASM module aborts on an invalid grammar and is not trusted after
 * that, so cases run in batches in child processes: a child stops after a
 * grammar that does not build, and the rest of its batch goes on in a new
 * one; a case that kills its process is retried once on its own.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const BATCH = 40;

function usage(message) {
    if (message)
        process.stderr.write(`grammar_check: ${message}\n`);
    process.stderr.write('usage: node tests/engines/grammar_check.js CASES.json [--verbose]\n');
    process.exit(2);
}

function show(s) {
    const t = JSON.stringify(s);
    return t.length > 80 ? t.slice(0, 77) + '..."' : t;
}

/* Child mode: check cases[from, to) and print one JSON result per case,
 * synchronously, so a crash loses only the case under way.  Stops after a
 * grammar that does not build. */
async function child(file, from, to) {
    const xg = require(path.join(__dirname, 'xgrammar.js'));
    const cases = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (let i = from; i < to && i < cases.length; i++) {
        const c = cases[i];
        const failures = [];
        let grammar;
        try {
            grammar = await xg.Grammar.fromEBNF(c.gbnf, 'root');
        } catch (e) {
            failures.push(`does not build: ${String(e && e.message || e).split('\n')[0]}`);
        }
        if (grammar) {
            for (const s of c.accept || [])
                if (!(await xg.Testings.isGrammarAcceptString(grammar, s)))
                    failures.push(`rejects ${show(s)}`);
            for (const s of c.reject || [])
                if (await xg.Testings.isGrammarAcceptString(grammar, s))
                    failures.push(`accepts ${show(s)}`);
            grammar.dispose();
        }
        fs.writeSync(1, JSON.stringify({ index: i, failures }) + '\n');
        if (!grammar)
            process.exit(0);
    }
}

function runChild(file, from, to) {
    const r = spawnSync(process.execPath, [__filename, '--child', file, String(from), String(to)],
                        { encoding: 'utf8', maxBuffer: 64 << 20 });
    const results = new Map();
    for (const line of (r.stdout || '').split('\n')) {
        if (!line.startsWith('{'))
            continue;
        try {
            const o = JSON.parse(line);
            results.set(o.index, o.failures);
        } catch (e) { /* a line cut short by a crash */ }
    }
    return results;
}

function main(argv) {
    if (argv[0] === '--child')
        return child(argv[1], Number(argv[2]), Number(argv[3]));
    const verbose = argv.includes('--verbose');
    const files = argv.filter((a) => a !== '--verbose');
    if (files.length !== 1)
        usage();
    let cases;
    try {
        cases = JSON.parse(fs.readFileSync(files[0], 'utf8'));
    } catch (e) {
        usage(`${files[0]}: ${e.message}`);
    }
    if (!Array.isArray(cases))
        usage(`${files[0]}: expected a JSON array of cases`);
    for (const [i, c] of cases.entries())
        if (!c || typeof c.gbnf !== 'string')
            usage(`${files[0]}: case ${i} has no "gbnf" string`);

    let passed = 0, failed = 0;
    const report = (i, failures) => {
        const name = cases[i].name || `case ${i}`;
        if (failures.length === 0) {
            passed++;
            if (verbose)
                console.log(`ok ${name}`);
            return;
        }
        failed++;
        for (const f of failures)
            console.log(`FAIL ${name}: ${f}`);
        if (verbose)
            console.log(cases[i].gbnf.replace(/^/gm, '    '));
    };
    for (let from = 0; from < cases.length; from += BATCH) {
        const to = Math.min(cases.length, from + BATCH);
        for (let i = from; i < to;) {
            let results = runChild(files[0], i, to);
            if (!results.has(i)) /* it died on case i: once more, alone */
                results = runChild(files[0], i, i + 1);
            report(i, results.get(i) || ['the engine crashed']);
            for (i++; i < to && results.has(i); i++)
                report(i, results.get(i));
        }
    }
    console.log(`grammar: ${passed} passed, ${failed} failed`);
    process.exitCode = failed ? 1 : 0;
}

main(process.argv.slice(2));
