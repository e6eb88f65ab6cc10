// schema_check.js - validate ananke output against docs/constraints.schema.json
// with Ajv (draft 2020-12).
//
//   node tests/schema_check.js FILE...
//
// A FILE ending in .ndjson is validated line by line against the constraint
// definition; one ending in .sarif against the official SARIF 2.1.0 schema
// (shipped by npm @microsoft/jest-sarif); any other FILE as one document.  Every document must also be
// strict about what it promises: ids unique, files' constraint counts equal
// to what the constraints say.  Ends with "schema: N passed, N failed".
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv2020 = require('ajv/dist/2020');
const AjvDraft4 = require('ajv-draft-04');

const schemaPath = path.join(__dirname, '..', 'docs', 'constraints.schema.json');
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validateDoc = ajv.compile(schema);
const validateConstraint = ajv.getSchema(schema.$id + '#/$defs/constraint');

const sarifSchema = JSON.parse(fs.readFileSync(require.resolve(
    '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
// The official schema has a pattern that is only valid without the u flag.
const sarifAjv = new AjvDraft4({ allErrors: true, strict: false,
                                 unicodeRegExp: false });
require('ajv-formats')(sarifAjv);
const validateSarif = sarifAjv.compile(sarifSchema);

let passed = 0, failed = 0;
function fail(file, why) {
    failed++;
    console.error(`FAIL ${file}: ${why}`);
}

function checkDocument(file, doc) {
    if (!validateDoc(doc))
        return fail(file, ajv.errorsText(validateDoc.errors, { separator: '\n    ' }));
    const ids = new Set();
    for (const c of doc.constraints) {
        if (ids.has(c.id))
            return fail(file, `duplicate id ${c.id} (${c.name})`);
        ids.add(c.id);
        const l = c.location;
        if (l && (l.end_byte < l.start_byte || l.end_line < l.start_line))
            return fail(file, `location ends before it starts: ${c.name}`);
    }
    // Links between constraints point at constraints of the document.
    for (const c of doc.constraints) {
        const refs = c.kind === 'hole' ? [c.payload.function, ...c.payload.applies]
                   : c.kind === 'error.style' ? [c.payload.function] : [];
        for (const r of refs)
            if (r !== null && !ids.has(r))
                return fail(file, `${c.kind} ${c.name} refers to unknown id ${r}`);
    }
    for (const f of doc.files) {
        const n = doc.constraints.filter(c => c.location && c.location.file === f.path).length;
        if (n !== f.constraints)
            return fail(file, `${f.path} claims ${f.constraints} constraints, has ${n}`);
        if (f.parse_errors.length > f.parse_errors_total)
            return fail(file, `${f.path} lists more parse errors than it found`);
    }
    passed++;
}

for (const file of process.argv.slice(2)) {
    let text;
    try {
        text = fs.readFileSync(file, 'utf8');
    } catch (e) {
        fail(file, e.message);
        continue;
    }
    if (file.endsWith('.sarif')) {
        let log;
        try {
            log = JSON.parse(text);
        } catch (e) {
            fail(file, `not JSON: ${e.message}`);
            continue;
        }
        if (!validateSarif(log))
            fail(file, validateSarif.errors.map(e => `${e.instancePath} ${e.message}`).join('\n    '));
        else if (log.version !== '2.1.0' || log.runs.length !== 1)
            fail(file, 'expected one SARIF 2.1.0 run');
        else
            passed++;
        continue;
    }
    if (file.endsWith('.ndjson')) {
        const lines = text.split('\n').filter(l => l.length > 0);
        let ok = true;
        for (const [i, line] of lines.entries()) {
            if (!validateConstraint(JSON.parse(line))) {
                fail(`${file}:${i + 1}`, ajv.errorsText(validateConstraint.errors));
                ok = false;
                break;
            }
        }
        if (ok)
            passed++;
        continue;
    }
    let doc;
    try {
        doc = JSON.parse(text);
    } catch (e) {
        fail(file, `not JSON: ${e.message}`);
        continue;
    }
    checkDocument(file, doc);
}
console.log(`schema: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
