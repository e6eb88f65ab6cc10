/*
 * tokenizer_json.js - a Hugging Face tokenizer.json as XGrammar's
 * TokenizerInfo takes it: the tokens as the file writes them, by id
 * (added tokens included, holes as ''), and the parsed document.
 */
'use strict';
const fs = require('fs');

function readTokenizer(file) {
    const tj = JSON.parse(fs.readFileSync(file, 'utf8'));
    const encoded = [];
    for (const [tok, id] of Object.entries(tj.model.vocab)) encoded[id] = tok;
    for (const a of tj.added_tokens || []) encoded[a.id] = a.content;
    for (let i = 0; i < encoded.length; i++) if (encoded[i] === undefined) encoded[i] = '';
    return {tj, encoded};
}

module.exports = {readTokenizer};
