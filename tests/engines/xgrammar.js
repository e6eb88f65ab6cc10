/*
 * xgrammar.js - load npm @mlc-ai/web-xgrammar under node.
 *
 * The package is a UMD bundle inside a package marked "type": "module",
 * so node would load it as an ES module and fail on its `require`; this
 * compiles it as CommonJS instead.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const Module = require('module');

function loadXGrammar() {
    const file = require.resolve('@mlc-ai/web-xgrammar/lib/index.js');
    const m = new Module(file, module);
    m.filename = file;
    m.paths = Module._nodeModulePaths(path.dirname(file));
    m._compile(fs.readFileSync(file, 'utf8'), file);
    return m.exports;
}

module.exports = loadXGrammar();
