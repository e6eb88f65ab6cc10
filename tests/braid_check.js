/*
 * braid_check.js - check what `ananke compile` emits with engines nobody
 * here wrote: XGrammar (npm @mlc-ai/web-xgrammar) builds every GBNF grammar
 * and JSON Schema, Ajv (draft 2020-12) every schema and tool definition.
 *
 *   node tests/braid_check.js LIST
 *
 * LIST names pairs of files, one pair per line: a constraints document
 * (`ananke extract`) and the IR document compiled from it.  Checks:
 *   schema    Ajv compiles it (and the 2020-12 metaschema accepts it);
 *             XGrammar compiles it (Grammar.fromJSONSchema); a sample
 *             instance made from it validates in Ajv and is accepted by
 *             braid's own grammar of its JSON text; for maps whose keys
 *             are constrained (propertyNames) and for bounded integers
 *             and numbers, the grammar accepts the sample with a
 *             candidate key, or with a value at or next to a bound
 *             (written without exponent), exactly when Ajv does; and so
 *             does it with a member beyond the named ones of each type
 *             (additionalProperties beside properties);
 *   tool      a valid name; its parameters compile in Ajv;
 *   grammar   signature grammars accept the signature they came from and
 *             reject a renamed parameter and a changed type; identifier
 *             grammars accept the class's conforming names and reject its
 *             outliers;
 *   regex     signature regexes match their signature and reject the
 *             mutants; naming regexes agree with the identifier grammar;
 *             forbid regexes compile (how many recorded findings they
 *             catch is printed);
 *   spec      the completion grammar builds, accepts the marker it
 *             replaces (when the marker uses nothing forbidden) and
 *             rejects unbalanced or forbidden text;
 *   ir        the document validates against docs/ir.schema.json.
 * Prints per-check counts and "braid: N passed, N failed"; exits 1 on any
 * failure.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv2020 = require('ajv/dist/2020');
const xg = require('./engines/xgrammar.js');

const ROOT = path.join(__dirname, '..');
let passed = 0, failed = 0;
const counts = {}, skipped = {};
function skip(kind, why) { skipped[`${kind}: ${why}`] = (skipped[`${kind}: ${why}`] || 0) + 1; }
function ok(kind) { passed++; counts[kind] = (counts[kind] || 0) + 1; }
function bad(kind, what) {
    failed++;
    if (failed <= 60) console.error(`FAIL braid ${kind}: ${what}`);
}
function check(kind, cond, what) { if (cond) ok(kind); else bad(kind, what); }

const ajv = new Ajv2020({strict: false, allErrors: true, validateFormats: false});
const irSchema = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/ir.schema.json'), 'utf8'));
const validateIr = ajv.compile(irSchema);

/* ------------------------------------------------------------ samples */

/* The schema a "$ref" names: "#" or "#/$defs/X", the two braid writes. */
function refTarget(schema, root) {
    const m = /^#\/\$defs\/(.+)$/.exec(schema.$ref);
    return m ? root.$defs[decodeURIComponent(m[1])] : root;
}

/* The subschemas of `root` that have a finite instance, each with the
 * order in which the least fixpoint found it: a reference has one when its
 * target has, an anyOf when a member has, an object when its required
 * members have, an array when its required items have.  What a node
 * needs was found before it. */
const finiteRanks = new WeakMap();
function finiteRank(root) {
    if (finiteRanks.has(root)) return finiteRanks.get(root);
    const nodes = [], seen = new Set();
    (function collect(s) {
        if (!s || typeof s !== 'object' || seen.has(s)) return;
        seen.add(s);
        nodes.push(s);
        collect(s.items);
        collect(s.additionalProperties);
        for (const k of ['anyOf', 'oneOf', 'prefixItems']) (s[k] || []).forEach(collect);
        for (const k of ['properties', '$defs']) Object.values(s[k] || {}).forEach(collect);
    })(root);
    const rank = new Map();
    const has = s => s === undefined || s === true || rank.has(s);
    const finite = s => {
        if (s.$ref) return has(refTarget(s, root));
        if ('const' in s || s.enum) return true;
        if (s.anyOf) return s.anyOf.some(has);
        if (s.oneOf) return has(s.oneOf[0]);
        const t = Array.isArray(s.type) ? s.type[0] : s.type;
        if (t === 'object')
            return (s.required || []).every(k => has((s.properties || {})[k]));
        if (t === 'array') {
            const pre = s.prefixItems || [];
            return pre.every(has) && ((s.minItems || 0) <= pre.length || has(s.items));
        }
        return true;
    };
    for (let changed = true; changed;) {
        changed = false;
        for (const s of nodes)
            if (!rank.has(s) && finite(s)) {
                rank.set(s, rank.size);
                changed = true;
            }
    }
    finiteRanks.set(root, rank);
    return rank;
}

/* A JSON instance of `schema`: the first choice everywhere, required
 * properties only, minimal arrays.  An anyOf takes its first member that
 * is neither a reference nor an object (to keep the sample small), or its
 * first; only members with a finite instance count, and an anyOf met
 * again inside itself takes the member the fixpoint found first, so that
 * the sample ends (past that, every choice goes to what was found
 * earlier).  Infinite when there is no finite instance. */
class Infinite extends Error {}
function sample(schema, root, depth = 0, inside = new Set()) {
    if (schema === true || schema === undefined) return null;
    const rank = finiteRank(root);
    if (depth > 200 || (rank.get(schema) === undefined && Object.keys(schema).length))
        throw new Infinite();
    if (schema.$ref) return sample(refTarget(schema, root), root, depth + 1, inside);
    if ('const' in schema) return schema.const;
    if (schema.enum) return schema.enum[0];
    if (schema.anyOf) {
        const ok = schema.anyOf.filter(s => s === true || rank.has(s));
        const pick = inside.has(schema)
            ? ok.reduce((a, b) => (rank.get(b) ?? -1) < (rank.get(a) ?? -1) ? b : a)
            : ok.find(s => !s.$ref && s.type !== 'object') || ok[0];
        return sample(pick, root, depth + 1, new Set(inside).add(schema));
    }
    if (schema.oneOf) return sample(schema.oneOf[0], root, depth + 1, inside);
    const t = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    switch (t) {
    case 'object': {
        const o = {};
        for (const k of schema.required || [])
            o[k] = sample((schema.properties || {})[k] || {}, root, depth + 1, inside);
        return o;
    }
    case 'array': {
        const out = [];
        if (schema.prefixItems)
            for (const s of schema.prefixItems) out.push(sample(s, root, depth + 1, inside));
        const n = (schema.minItems || 0) - out.length;
        for (let i = 0; i < n; i++) out.push(sample(schema.items || {}, root, depth + 1, inside));
        return out;
    }
    case 'string':
        if (schema.format === 'date-time') return '2024-01-02T03:04:05Z';
        if (schema.format === 'date') return '2024-01-02';
        if (schema.format === 'time') return '03:04:05Z';
        if (schema.format === 'uuid') return '123e4567-E89B-12d3-a456-426614174000';
        return 'x'.repeat(Math.max(schema.minLength || 0, 1)).slice(0, schema.maxLength || 1000);
    case 'integer': {
        /* 0 when the bounds allow it, else the bound nearest to it */
        let v = 0;
        if (schema.minimum !== undefined) v = Math.max(v, Math.ceil(schema.minimum));
        if (schema.exclusiveMinimum !== undefined) v = Math.max(v, Math.floor(schema.exclusiveMinimum) + 1);
        if (schema.maximum !== undefined) v = Math.min(v, Math.floor(schema.maximum));
        if (schema.exclusiveMaximum !== undefined) v = Math.min(v, Math.ceil(schema.exclusiveMaximum) - 1);
        return v;
    }
    case 'number': {
        /* 0.5 when the bounds allow it, else next to the bound it passes */
        let v = 0.5;
        if (schema.minimum !== undefined && v < schema.minimum) v = schema.minimum;
        if (schema.exclusiveMinimum !== undefined && v <= schema.exclusiveMinimum) v = schema.exclusiveMinimum + 0.5;
        if (schema.maximum !== undefined && v > schema.maximum) v = schema.maximum;
        if (schema.exclusiveMaximum !== undefined && v >= schema.exclusiveMaximum) v = schema.exclusiveMaximum - 0.5;
        return v;
    }
    case 'boolean': return true;
    case 'null': return null;
    default: return null;
    }
}

/* Keys to try in a map (additionalProperties with propertyNames): numbers
 * as serialisers write them and as they do not, names, and the odd. */
const KEY_CANDIDATES = ['0', '7', '255', '-3', '-0', '007', '1.5', '-2.25', '1e+21',
                        '1e-7', 'NaN', 'Infinity', '-Infinity', 'inf', 'x', 'low',
                        'Low', 'a"b', 'a\\b', 'é', '', ' 1'];

function resolveRef(schema, root) {
    for (let d = 0; schema && schema.$ref && d < 40; d++)
        schema = refTarget(schema, root);
    return schema;
}

/* Integers at and beyond an integer schema's bounds (exact in doubles). */
function boundValues(m) {
    const out = [];
    for (const b of [m.minimum, m.maximum, m.exclusiveMinimum, m.exclusiveMaximum])
        if (Number.isSafeInteger(b))
            for (const d of [-1, 0, 1])
                if (Number.isSafeInteger(b + d)) out.push(b + d);
    return out;
}

/* Numbers at, a little and half a unit beyond either side of a number
 * schema's bounds, that JSON.stringify writes without an exponent. */
function numberBoundValues(m) {
    const out = [];
    for (const b of [m.minimum, m.maximum, m.exclusiveMinimum, m.exclusiveMaximum])
        if (typeof b === 'number' && Math.abs(b) < 1e15)
            for (const d of [-0.5, -0.001, 0, 0.001, 0.5]) {
                const v = Number((b + d).toFixed(6));
                if (!/e/i.test(JSON.stringify(v))) out.push(v);
            }
    return out;
}

/* Variants of the sample `inst` of an object schema `s`, one property
 * changed: a map whose keys are constrained holds one member, for every
 * candidate key and every enum value of its keys; a bounded integer or
 * number takes the values at and around its bounds.  Members keep the order of
 * "properties", which braid's grammars fix. */
function propertyVariants(s, inst) {
    const out = [];
    const props = s.properties || {};
    const vary = (p, what, value) => {
        const v = {};
        for (const q of Object.keys(props))
            if (q === p) v[q] = value;
            else if (q in inst) v[q] = inst[q];
        out.push({property: p, what, text: JSON.stringify(v), inst: v});
    };
    /* members beyond the named ones (additionalProperties beside
     * properties: an index signature, a flattened map): after them, a
     * value sampled from its schema and values of other types */
    if (s.properties && s.additionalProperties && typeof s.additionalProperties === 'object') {
        let good;
        try { good = sample(s.additionalProperties, s); } catch (e) { good = undefined; }
        for (const value of [good, 'zz', 12345, true, null].filter(x => x !== undefined)) {
            const v = {};
            for (const q of Object.keys(props)) if (q in inst) v[q] = inst[q];
            v.zz_extra = value;
            out.push({property: 'zz_extra', what: `extra ${JSON.stringify(value)}`,
                      text: JSON.stringify(v), inst: v});
        }
    }
    for (const p of Object.keys(props)) {
        const m = resolveRef(props[p], s);
        /* an integer or number, or an Optional's integer or number member */
        const num = m && (m.type === 'integer' || m.type === 'number' ? m :
            (m.anyOf || []).map(a => resolveRef(a, s))
                .find(a => a && (a.type === 'integer' || a.type === 'number')));
        if (num)
            for (const n of new Set(num.type === 'integer' ? boundValues(num) : numberBoundValues(num)))
                vary(p, `value ${n}`, n);
        if (!m || m.type !== 'object' || !m.propertyNames || typeof m.additionalProperties !== 'object')
            continue;
        const names = resolveRef(m.propertyNames, s);
        const keys = KEY_CANDIDATES.concat(names.enum || [], 'const' in names ? [names.const] : [])
            .filter(k => typeof k === 'string');
        let value;
        try { value = sample(m.additionalProperties, s); } catch (e) { continue; }
        for (const key of new Set(keys)) vary(p, `key ${JSON.stringify(key)}`, {[key]: value});
    }
    return out;
}

/* ---------------------------------------------------------- mutations */

function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

/* Variants of a signature that must not match it: a renamed parameter
 * and a changed type. */
function mutants(c) {
    const text = c.payload.signature;
    const out = [];
    const open = text.indexOf('(');
    const p = c.payload.parameters.find(q => q.name && !q.self && /^\w+$/.test(q.name));
    if (p && open >= 0) {
        const re = new RegExp('(^|[^\\w])' + escapeRe(p.name) + '(?![\\w])');
        const tail = text.slice(open);
        const m = re.exec(tail);
        if (m) {
            const at = open + m.index + m[1].length;
            out.push(text.slice(0, at) + p.name + 'Renamed' + text.slice(at + p.name.length));
        }
    }
    const typed = c.payload.parameters.find(q => q.type && /^\w+$/.test(q.type.text));
    if (typed) {
        const t = typed.type.text;
        const at = text.lastIndexOf(t);
        if (at > 0) out.push(text.slice(0, at) + t + 'Wrong' + text.slice(at + t.length));
    } else if (c.payload.returns && /^\w+$/.test(c.payload.returns.text)) {
        const t = c.payload.returns.text;
        const at = text.lastIndexOf(t);
        if (at > 0) out.push(text.slice(0, at) + t + 'Wrong' + text.slice(at + t.length));
    }
    return out.filter(m => m !== text);
}

/* --------------------------------------------------------------- main */

/* Compiled grammars by text: specs of one language and forbid set share
 * their completion grammar, which is big, so each is built once. */
const built = new Map();
const variantVerdicts = {keys: {valid: 0, invalid: 0}, bounds: {valid: 0, invalid: 0},
                         extra: {valid: 0, invalid: 0}};
async function accepts(gbnf, text, what) {
    let g = built.get(gbnf);
    if (g === undefined) {
        try {
            g = await xg.Grammar.fromEBNF(gbnf, 'root');
        } catch (e) {
            g = null;
        }
        built.set(gbnf, g);
    }
    if (g === null) {
        bad('xgrammar-build', `${what}: XGrammar cannot build the grammar`);
        return null;
    }
    const res = [];
    for (const t of text) res.push(await xg.Testings.isGrammarAcceptString(g, t));
    return res;
}

async function checkPair(cFile, irFile, evidence, forbidRegexes) {
    const cdoc = JSON.parse(fs.readFileSync(cFile, 'utf8'));
    const ir = JSON.parse(fs.readFileSync(irFile, 'utf8'));
    const byId = new Map(cdoc.constraints.map(c => [c.id, c]));
    const where = path.basename(path.dirname(irFile)) + '/' + path.basename(irFile);
    check('ir', validateIr(ir), `${where}: ${ajv.errorsText(validateIr.errors)}`);
    const srcOf = a => a.sources.map(id => byId.get(id)).filter(Boolean);
    check('ir', ir.artifacts.every(a => a.sources.length > 0 && srcOf(a).length === a.sources.length),
          `${where}: an artifact names a source the constraints do not have`);

    for (const a of ir.artifacts) {
        const what = `${where} ${a.kind} ${a.language} ${a.name}`;
        if (a.kind === 'schema' && a.schema) {
            const s = a.schema;
            let validate = null;
            try {
                check('schema-ajv', ajv.validateSchema(s), `${what}: ${ajv.errorsText(ajv.errors)}`);
                validate = ajv.compile(s);
                ok('schema-ajv');
            } catch (e) { bad('schema-ajv', `${what}: ${e.message}`); }
            if (JSON.stringify(s).includes('\\"'))
                /* XGrammar 0.1.27 writes a grammar its own parser rejects for
                 * property names holding a double quote */
                skip('schema-xgrammar', 'a property name holds a double quote');
            else try {
                const g = await xg.Grammar.fromJSONSchema(JSON.stringify(s));
                g.dispose();
                ok('schema-xgrammar');
            } catch (e) { bad('schema-xgrammar', `${what}: ${String(e).split('\n')[0]}`); }
            let inst;
            try { inst = sample(s, s); }
            catch (e) {
                if (!(e instanceof Infinite)) throw e;
                /* no finite instance: braid says so instead of writing a
                 * grammar that matches nothing */
                check('schema-infinite', !a.grammar && (a.notes || []).some(n =>
                      n.reason === 'JSON Schema: no finite instance (the schema requires itself)'),
                      `${what}: no finite instance, yet no note says so`);
                continue;
            }
            if (validate)
                check('schema-sample', validate(inst), `${what}: sample ${JSON.stringify(inst)} fails: ${ajv.errorsText(validate.errors)}`);
            if (a.grammar && a.grammar.gbnf) {
                const texts = [JSON.stringify(inst)];
                const r = await accepts(a.grammar.gbnf, texts, what);
                if (r) check('schema-grammar', r[0], `${what}: own grammar rejects ${texts[0]}`);
                /* map keys and integer bounds: the grammar takes exactly
                 * what Ajv takes */
                const vars = validate && inst && typeof inst === 'object' ? propertyVariants(s, inst) : [];
                const rk = vars.length ? await accepts(a.grammar.gbnf, vars.map(v => v.text), what) : null;
                if (rk) vars.forEach((v, i) => {
                    const valid = validate(v.inst);
                    const kind = v.what.startsWith('key') ? 'keys'
                        : v.what.startsWith('extra') ? 'extra' : 'bounds';
                    variantVerdicts[kind][valid ? 'valid' : 'invalid']++;
                    check(`schema-${kind}`, rk[i] === valid,
                          `${what}: ${v.what} of ${v.property}: Ajv ${valid}, grammar ${rk[i]}`);
                });
            }
        } else if (a.kind === 'tool') {
            const t = a.tool;
            check('tool', /^[a-zA-Z0-9_-]{1,64}$/.test(t.name) && typeof t.description === 'string',
                  `${what}: bad name or description`);
            try { ajv.compile(t.parameters); ok('tool'); }
            catch (e) { bad('tool', `${what}: ${e.message}`); }
            check('tool', t.parameters.type === 'object', `${what}: parameters is not an object schema`);
        } else if (a.kind === 'grammar' && a.target === 'signature') {
            const c = srcOf(a)[0];
            const muts = mutants(c);
            const r = await accepts(a.gbnf, [a.text, ...muts], what);
            if (r) {
                check('signature-grammar', r[0], `${what}: rejects its own signature ${JSON.stringify(a.text)}`);
                muts.forEach((m, i) => check('signature-grammar', !r[i + 1], `${what}: accepts mutant ${JSON.stringify(m)}`));
            }
        } else if (a.kind === 'grammar' && a.target === 'identifier') {
            const n = srcOf(a)[0].payload;
            const outliers = n.outliers.map(o => o.name).filter(x => x.length > 0);
            const r = await accepts(a.gbnf, outliers, what);
            if (r) outliers.forEach((o, i) => check('identifier-grammar', !r[i], `${what}: accepts outlier ${o}`));
        } else if (a.kind === 'regex') {
            let re;
            try { re = new RegExp(a.pattern, 'u'); ok('regex'); }
            catch (e) { bad('regex', `${what}: ${e.message}`); continue; }
            if (a.purpose === 'signature') {
                const c = srcOf(a)[0];
                check('signature-regex', re.test(c.payload.signature), `${what}: does not match its signature`);
                for (const m of mutants(c))
                    check('signature-regex', !re.test(m), `${what}: matches mutant ${JSON.stringify(m)}`);
            } else if (a.purpose === 'naming') {
                const n = srcOf(a)[0].payload;
                for (const o of n.outliers)
                    check('naming-regex', !re.test(o.name), `${what}: matches outlier ${o.name}`);
            } else if (a.purpose === 'forbid') {
                forbidRegexes.set(`${a.language}/${a.name}`, a.pattern);
            }
        } else if (a.kind === 'grammar' && a.target === 'completion') {
            const users = ir.artifacts.filter(x => x.kind === 'spec' && x.spec.completion === a.id);
            check('spec', users.length > 0, `${what}: no spec uses it`);
            const forbids = srcOf(a).filter(c => c.kind === 'security.forbid');
            check('spec', forbids.length === a.forbid.length &&
                  forbids.every((c, i) => c.name === a.forbid[i]),
                  `${what}: sources do not list the forbids it enforces`);
        } else if (a.kind === 'spec') {
            const s = a.spec;
            check('spec', typeof s.prefix === 'string' && s.prefix.length > 0, `${what}: no prefix`);
            for (const id of s.tools) {
                const t = ir.artifacts.find(x => x.id === id);
                check('spec', t && t.kind === 'tool' && t.sources.some(src => byId.get(src) &&
                      byId.get(src).location.file === s.file),
                      `${what}: tool ${id} is not a tool artifact of its file`);
            }
            const g = s.completion && ir.artifacts.find(x => x.id === s.completion);
            if (s.completion)
                check('spec', g && g.kind === 'grammar' && g.target === 'completion' &&
                      g.sources.includes(s.hole || s.function) &&
                      JSON.stringify(g.forbid) === JSON.stringify(s.forbid),
                      `${what}: completion ${s.completion} is not its grammar artifact`);
            if (!g || !g.gbnf) {
                check('spec', Array.isArray(s.notes) && s.notes.length > 0, `${what}: no completion and no note why`);
                continue;
            }
            const marker = s.marker || '';
            const forb = (s.regexes || []).filter(r => r.purpose === 'forbid').map(r => new RegExp(r.pattern, 'u'));
            const tests = [], want = [];
            if (marker && !forb.some(r => r.test(marker))) { tests.push(marker); want.push(true); }
            if (a.language !== 'python') { tests.push(marker + ' ('); want.push(false); }
            for (const r of s.regexes || [])
                if (r.purpose === 'forbid' && r.name === 'python.eval') { tests.push(' eval(x)'); want.push(false); }
            const r = await accepts(g.gbnf, tests, what);
            if (r) tests.forEach((t, i) => check('spec-completion', r[i] === want[i],
                `${what}: ${want[i] ? 'rejects' : 'accepts'} ${JSON.stringify(t)}`));
        }
    }
    for (const c of cdoc.constraints)
        if (c.kind === 'security.finding' && c.evidence && !c.evidence.endsWith('…')) {
            const k = `${c.language}/${c.payload.pattern}`;
            if (!evidence.has(k)) evidence.set(k, []);
            evidence.get(k).push(c.evidence);
        }
}

(async () => {
    const list = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
    const evidence = new Map(), forbidRegexes = new Map();
    for (const line of list) {
        const [c, ir] = line.split(/\s+/);
        try { await checkPair(c, ir, evidence, forbidRegexes); }
        catch (e) { bad('harness', `${ir}: ${e.stack}`); }
    }
    /* Forbid regexes approximate syntactic patterns on text (docs/regex.md):
     * how many recorded findings they catch is reported, not required,
     * since a finding's evidence is often only part of the statement. */
    let caught = 0, seen = 0;
    for (const [k, re] of forbidRegexes)
        for (const ev of evidence.get(k) || []) {
            seen++;
            caught += new RegExp(re, 'u').test(ev) ? 1 : 0;
        }
    console.log(Object.keys(counts).sort().map(k => `${k} ${counts[k]}`).join(', '));
    for (const k of Object.keys(skipped).sort()) console.log(`skipped ${skipped[k]}: ${k}`);
    console.log(`forbid regexes match ${caught} of ${seen} findings' evidence`);
    /* the golden inputs have maps with integer, number and enum keys, and
     * integers of every width */
    const titles = {keys: 'map keys', bounds: 'integer and number bounds',
                    extra: 'members beyond the named ones'};
    for (const kind of ['keys', 'bounds', 'extra']) {
        const c = variantVerdicts[kind];
        console.log(`${titles[kind]}: ${c.valid} valid, ${c.invalid} invalid`);
        check(`schema-${kind}`, c.valid > 0 && c.invalid > 0, `no ${kind} variant was tried both ways`);
    }
    console.log(`braid: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
})();
