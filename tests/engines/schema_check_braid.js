// schema_check_braid.js - check JSON Schemas made by braid against the
// engines that consume them: Ajv (draft 2020-12, lax and strict) and
// XGrammar's JSON Schema converter.
//
//   node tests/engines/schema_check_braid.js FILE...
//
// A FILE holds one schema per line, or one JSON array of schemas.  Every
// schema must compile with Ajv (strict: false) and in XGrammar
// (Grammar.fromJSONSchema); Ajv's strict mode is tried too and its
// complaints are counted by message (they are reported, not failures).
// XGrammar aborts its WASM module on a schema it rejects, so its checks run
// in child processes that stop at the first rejection; the parent records
// it and starts a new child after it.  Ends with
// "schemas: N, ajv N ok, ajv strict N ok, xgrammar N ok" and exits 1 when
// any schema fails Ajv or XGrammar.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

function readSchemas(files) {
    const out = [];
    for (const file of files) {
        const text = fs.readFileSync(file, 'utf8');
        if (text.trimStart().startsWith('[')) {
            for (const s of JSON.parse(text))
                out.push({ where: `${file}[${out.length}]`, text: JSON.stringify(s) });
            continue;
        }
        text.split('\n').forEach((line, i) => {
            if (line.trim())
                out.push({ where: `${file}:${i + 1}`, text: line });
        });
    }
    return out;
}

// Child mode: check schemas [from, to) of a JSON list on stdin in XGrammar;
// print "ok N" per schema; stop (the module may be dead) on the first error.
async function child(from) {
    const schemas = JSON.parse(fs.readFileSync(0, 'utf8'));
    const xg = require('./xgrammar.js');
    for (let i = from; i < schemas.length; i++) {
        try {
            await xg.Grammar.fromJSONSchema(schemas[i]);
            process.stdout.write(`ok ${i}\n`);
        } catch (e) {
            process.stdout.write(`fail ${i} ${String(e && e.message || e).split('\n')[0]}\n`);
            return;
        }
    }
}

function xgrammarAll(texts) {
    const results = new Array(texts.length).fill(null);
    let from = 0;
    const input = JSON.stringify(texts);
    while (from < texts.length) {
        const r = spawnSync(process.execPath, [__filename, '--child', String(from)],
                            { input, encoding: 'utf8', maxBuffer: 1 << 28 });
        let next = from;
        const why = (r.stderr || '').split('\n').find((l) => /FATAL|Check failed/.test(l));
        for (const line of (r.stdout || '').split('\n')) {
            const m = /^(ok|fail) (\d+)\s*(.*)$/.exec(line);
            if (!m)
                continue;
            const i = Number(m[2]);
            results[i] = m[1] === 'ok' ? true : why || m[3] || 'rejected';
            next = i + 1;
        }
        if (next === from) { // died before reporting: blame this schema
            results[from] = why || `child exited with ${r.status}`;
            next = from + 1;
        }
        from = next;
    }
    return results;
}

function ajv(strict) {
    const Ajv2020 = require('ajv/dist/2020');
    const a = new Ajv2020({ strict, logger: false });
    require('ajv-formats')(a); // date-time, date, time, duration, uuid, email, uri
    return a;
}

function main(files) {
    const schemas = readSchemas(files);
    let ajvOk = 0, strictOk = 0, xgOk = 0, failed = 0;
    const strictWhy = new Map();
    for (const s of schemas) {
        const schema = JSON.parse(s.text);
        try {
            ajv(false).compile(schema);
            ajvOk++;
        } catch (e) {
            failed++;
            console.error(`FAIL ajv ${s.where}: ${e.message}`);
        }
        try {
            ajv(true).compile(schema);
            strictOk++;
        } catch (e) {
            const why = e.message.replace(/ at path .*| in schema.*$/, '').replace(/"#[^"]*"/g, '');
            strictWhy.set(why, (strictWhy.get(why) || 0) + 1);
        }
    }
    const xg = xgrammarAll(schemas.map((s) => s.text));
    xg.forEach((r, i) => {
        if (r === true) {
            xgOk++;
        } else {
            failed++;
            console.error(`FAIL xgrammar ${schemas[i].where}: ${r}`);
        }
    });
    for (const [why, n] of strictWhy)
        console.log(`ajv strict: ${n} x ${why}`);
    console.log(`schemas: ${schemas.length}, ajv ${ajvOk} ok, ajv strict ${strictOk} ok, xgrammar ${xgOk} ok`);
    process.exitCode = failed ? 1 : 0;
}

if (process.argv[2] === '--child')
    child(Number(process.argv[3])).catch((e) => { console.error(e); process.exit(2); });
else if (process.argv.length < 3)
    console.error(`usage: node ${path.relative(process.cwd(), __filename)} FILE...`);
else
    main(process.argv.slice(2));
