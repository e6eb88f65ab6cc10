/*
 * xgrammar_bench.js - XGrammar's side of the mask benchmark: the same
 * vocabulary, grammars and token walks as ananke's (benches/mask_bench.c
 * writes them and runs this), timed the same way.
 *
 *   node benches/xgrammar_bench.js --vocab tokenizer.json --dir DIR
 *        [--size N] [--eos ID,ID] [--samples N] [--compiles N] [--budget MS]
 *
 * DIR holds, per <what>, the grammar as <what>.gbnf (GBNF) or <what>.regex
 * (one line) and <what>.walk: the token ids ananke accepted along its walk,
 * separated by spaces.  --size and --eos are the mask width and the EOS ids
 * of ananke's loader, so that both engines see the same vocabulary.
 *
 * XGrammar is npm @mlc-ai/web-xgrammar, its WASM build, under node: its
 * figures include the WASM engine and the embind binding, never native
 * code.  Measured, per grammar:
 *   - compile_ms: Grammar.fromEBNF (or, for a regex, XGrammar's own
 *     regex-to-grammar conversion through a structural tag of format
 *     "regex") then GrammarCompiler.compileGrammar, on a fresh compiler
 *     made with its cache off for every sample (never a cache hit), after
 *     one untimed warm-up; --compiles samples (default 5), their stats;
 *   - memory_bytes: the WASM build exposes no memorySizeBytes(), so this is
 *     what the WASM heap (dlmalloc) holds more while one compiled grammar
 *     is kept: before compiling, every free chunk is taken (mallocs of
 *     halving sizes while they land below the top of the heap); after, the
 *     heap's top has moved by the compile's allocations, and the free
 *     chunks the compile left below it are taken and subtracted.  The top
 *     is the address a 64 MiB malloc gets.  Exact to a few bytes per free
 *     chunk; repeated compiles kept together grow it linearly;
 *   - a step: GrammarMatcher's GetNextTokenBitmask through the binding
 *     (the mask filled inside the WASM heap) then AcceptToken of the walk's
 *     next token, p50 and p99 over --samples walks (default 30), after one
 *     untimed walk; a grammar whose masks are slow stops after --budget ms
 *     (default 5000) of walks, at least one timed walk (steps says how
 *     many were timed).  The public getNextTokenBitmask() also copies the mask
 *     into a JS Int32Array behind an await; api_p50_us is that variant.
 *     Every walk token must be in XGrammar's mask (refused counts those
 *     that are not) and be accepted.
 * And once: reading tokenizer.json in JS (read_ms) and
 * TokenizerInfo.createTokenizerInfo (tokenizer_info_ms).
 *
 * Prints one JSON document on stdout; exits 2 when XGrammar or the
 * vocabulary cannot be loaded.  A grammar XGrammar rejects gets an "error"
 * (an abort inside the WASM module leaves the module unusable: the
 * grammars after it get one too).
 */
'use strict';
const fs = require('fs');
const path = require('path');

/* The WASM instance's exports (malloc, free), for the heap probe: the
 * module is instantiated on first use, so the hook stays. */
let wasm = null;
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async function (...a) {
    const r = await instantiate.apply(this, a);
    if (!wasm) wasm = r.instance ? r.instance.exports : r.exports;
    return r;
};
/* The WASM module prints its errors with console.log: keep stdout for
 * the JSON document. */
console.log = (...a) => console.error(...a);
const xg = require('../tests/engines/xgrammar.js');
const {readTokenizer} = require('../tests/engines/tokenizer_json.js');

const args = process.argv.slice(2);
function opt(name, def) {
    const i = args.indexOf(name);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : def;
}

function now() {
    return Number(process.hrtime.bigint()) / 1e6; /* ms */
}

function stats(v) {
    const s = v.slice().sort((a, b) => a - b), n = s.length;
    if (!n) return {n: 0, min: 0, median: 0, mean: 0, p95: 0, p99: 0, sd: 0};
    const mean = s.reduce((a, b) => a + b, 0) / n;
    const rank = p => s[Math.max(0, Math.ceil(n * p / 100) - 1)];
    const sd = Math.sqrt(s.reduce((a, b) => a + (b - mean) * (b - mean), 0) /
                         (n > 1 ? n - 1 : 1));
    const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    return {n, min: s[0], median, mean, p95: rank(95), p99: rank(99), sd};
}

/* ------------------------------------------------------------ vocabulary */

/* The tokens as tokenizer.json writes them, by id (XGrammar decodes them
 * itself), and how it should decode them. */
function loadVocab(file) {
    const {tj, encoded} = readTokenizer(file);
    const json = JSON.stringify([tj.decoder, tj.pre_tokenizer]);
    let type = 'raw';
    if (json.includes('"ByteLevel"')) type = 'byte_level';
    else if (json.includes('"ByteFallback"') || tj.model.byte_fallback) type = 'byte_fallback';
    return {encoded, type};
}

/* ------------------------------------------------------------- the probe */

const PROBE = 64 << 20;
const malloc = n => wasm.U(n) >>> 0, free = p => wasm.X(p);

/* The start of dlmalloc's top chunk: where a block larger than every free
 * chunk goes. */
function heapTop() {
    const p = malloc(PROBE);
    if (p) free(p);
    return p;
}

/* Take every free chunk below `limit`: {ptrs, bytes}, bytes counting the
 * chunks' 8-byte overhead (32-bit dlmalloc: chunk = request + 8 for the
 * power-of-two requests made here). */
function takeHoles(limit) {
    const ptrs = [];
    let bytes = 0;
    for (let size = PROBE; size >= 16; size >>>= 1) {
        for (;;) {
            const p = malloc(size);
            if (!p) break;
            if (p >= limit) { free(p); break; }
            ptrs.push(p);
            bytes += size + 8;
        }
    }
    return {ptrs, bytes};
}

function probeWorks() {
    /* 0.1.27's minified exports: U is malloc, X is free. */
    const version = require('@mlc-ai/web-xgrammar/package.json').version;
    if (version !== '0.1.27' || !wasm || typeof wasm.U !== 'function' ||
        typeof wasm.X !== 'function')
        return false;
    const a = heapTop(), b = heapTop();
    return a > 0 && a === b;
}

/* ---------------------------------------------------------------- grammars */

async function grammarOf(input) {
    if (input.kind === 'regex')
        return xg.Grammar.fromStructuralTag(
            {type: 'structural_tag', format: {type: 'regex', pattern: input.text}});
    return xg.Grammar.fromEBNF(input.text, 'root');
}

async function compileOnce(ti, input) {
    const compiler = await xg.GrammarCompiler.createGrammarCompiler(ti, false);
    const t0 = now();
    const g = await grammarOf(input);
    const cg = await compiler.compileGrammar(g);
    const ms = now() - t0;
    g.dispose();
    compiler.dispose();
    return {cg, ms};
}

async function measure(ti, input, size, samples, compiles, probe, budget) {
    const out = {input: input.kind === 'regex' ? 'regex (structural tag)' : 'gbnf'};
    const warm = await compileOnce(ti, input);
    warm.cg.dispose();
    const times = [];
    for (let i = 0; i < compiles; i++) {
        const c = await compileOnce(ti, input);
        times.push(c.ms);
        c.cg.dispose();
    }
    out.compile_ms = stats(times);

    let kept;
    if (probe) {
        const taken = takeHoles(heapTop());
        const before = heapTop();
        kept = await compileOnce(ti, input);
        const after = heapTop();
        const left = takeHoles(after);
        out.memory_bytes = after - before - left.bytes;
        for (const p of taken.ptrs.concat(left.ptrs)) free(p);
    } else {
        kept = await compileOnce(ti, input);
        out.memory_bytes = null;
    }

    const mt = await xg.GrammarMatcher.createGrammarMatcher(kept.cg);
    const h = mt.handle;
    const walk = input.walk;
    const steps = [], api = [];
    let refused = 0, rejected = 0;
    const start = now();
    for (let s = -1; s < samples; s++) {
        /* a slow grammar stops at the budget, after one timed walk */
        if (s > 0 && now() - start > budget) break;
        mt.reset();
        for (const id of walk) {
            const t0 = now();
            const v = h.GetNextTokenBitmask(size);
            const t1 = now();
            const word = v.get(id >> 5);
            v.delete();
            if (s < 0 && !((word >>> (id & 31)) & 1)) refused++;
            const t2 = now();
            const ok = h.AcceptToken(id, false);
            const t3 = now();
            if (!ok) { rejected++; break; }
            if (s >= 0) steps.push((t1 - t0) + (t3 - t2));
        }
    }
    /* the public API, for what a JS caller sees */
    const apiStart = now();
    for (let s = 0; s < Math.min(samples, 10); s++) {
        if (s > 0 && now() - apiStart > budget / 4) break;
        mt.reset();
        for (const id of walk) {
            const t0 = now();
            await mt.getNextTokenBitmask();
            mt.acceptToken(id);
            api.push(now() - t0);
        }
    }
    mt.dispose();
    kept.cg.dispose();
    const st = stats(steps);
    out.walk_tokens = walk.length;
    out.steps = st.n;
    out.step_us = {n: st.n, min: st.min * 1e3, median: st.median * 1e3,
                   mean: st.mean * 1e3, p95: st.p95 * 1e3, p99: st.p99 * 1e3,
                   sd: st.sd * 1e3};
    out.api_p50_us = stats(api).median * 1e3;
    out.refused = refused;
    out.rejected = rejected;
    return out;
}

function readInputs(dir) {
    const inputs = [];
    for (const f of fs.readdirSync(dir).sort()) {
        const m = /^(.*)\.(gbnf|regex)$/.exec(f);
        if (!m) continue;
        let text = fs.readFileSync(path.join(dir, f), 'utf8');
        if (m[2] === 'regex') text = text.replace(/\r?\n$/, '');
        const wf = path.join(dir, `${m[1]}.walk`);
        const walk = fs.existsSync(wf)
            ? fs.readFileSync(wf, 'utf8').split(/\s+/).filter(Boolean).map(Number) : [];
        inputs.push({what: m[1], kind: m[2], text, walk});
    }
    return inputs;
}

async function main() {
    const vocabFile = opt('--vocab');
    const dir = opt('--dir');
    if (!vocabFile || !dir) {
        console.error('usage: node benches/xgrammar_bench.js --vocab tokenizer.json --dir DIR ' +
                      '[--size N] [--eos ID,ID] [--samples N] [--compiles N] [--budget MS]');
        process.exit(2);
    }
    const samples = Math.max(1, +opt('--samples', '30'));
    const compiles = Math.max(1, +opt('--compiles', '5'));
    const budget = Math.max(0, +opt('--budget', '5000'));
    let t0 = now();
    const vocab = loadVocab(vocabFile);
    const readMs = now() - t0;
    const size = +opt('--size', String(vocab.encoded.length));
    const eosArg = opt('--eos', '');
    const eos = eosArg ? eosArg.split(',').map(Number) : undefined;
    while (vocab.encoded.length < size) vocab.encoded.push('');

    t0 = now();
    const ti = await xg.TokenizerInfo.createTokenizerInfo(vocab.encoded, vocab.type, false,
                                                          size, eos);
    const tiMs = now() - t0;
    const probe = probeWorks();
    const doc = {
        engine: 'xgrammar',
        version: require('@mlc-ai/web-xgrammar/package.json').version,
        runtime: `WASM under node ${process.version}`,
        vocab: {file: vocabFile, size, type: vocab.type, read_ms: readMs,
                tokenizer_info_ms: tiMs},
        memory: probe ? 'WASM heap bytes held by the compiled grammar (no memorySizeBytes in the WASM API)'
                      : 'unavailable',
        grammars: {},
    };
    let dead = null;
    for (const input of readInputs(dir)) {
        if (dead) { doc.grammars[input.what] = {error: `not run: ${dead}`}; continue; }
        try {
            doc.grammars[input.what] = await measure(ti, input, size, samples, compiles, probe, budget);
        } catch (e) {
            const msg = String(e && e.message || e).split('\n')[0];
            doc.grammars[input.what] = {error: msg};
            if (/abort/i.test(msg)) dead = `the module aborted on ${input.what}`;
        }
    }
    ti.dispose();
    process.stdout.write(JSON.stringify(doc, null, 1) + '\n');
}

main().catch(e => { console.error(`xgrammar_bench: ${e && e.stack || e}`); process.exit(2); });
