/*
 * gen.c - benchmark inputs: a header of imports, then a repeated block of
 * a documented type, a documented function with a body of ordinary
 * statements, and a method, numbered so that every name is distinct.  The
 * blocks mix declarations and bodies in about the proportion of real code.
 */
#include "gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const ts_head =
    "import { readFile } from \"node:fs/promises\";\n"
    "import type { Config } from \"./config\";\n"
    "import * as path from \"path\";\n\n";
static const char *const ts_block =
    "/** A record kept by the store. */\n"
    "export interface Record%1$d {\n"
    "  id: number;\n"
    "  name: string;\n"
    "  tags?: string[];\n"
    "  owner: { id: number; email: string } | null;\n"
    "}\n\n"
    "/** Load record %1$d and check it. */\n"
    "export async function load%1$d(id: number, cfg: Config, retries = 3): "
    "Promise<Record%1$d | undefined> {\n"
    "  const file = path.join(cfg.root, `${id}.json`);\n"
    "  for (let i = 0; i < retries; i++) {\n"
    "    try {\n"
    "      const text = await readFile(file, \"utf8\");\n"
    "      const value = JSON.parse(text) as Record%1$d;\n"
    "      if (value.id !== id) throw new Error(\"mismatch\");\n"
    "      return value;\n"
    "    } catch (e) {\n"
    "      console.warn(`retry ${i}: ${e}`);\n"
    "    }\n"
    "  }\n"
    "  return undefined;\n"
    "}\n\n"
    "export class Store%1$d {\n"
    "  private items = new Map<number, Record%1$d>();\n"
    "  get(id: number): Record%1$d | undefined { return this.items.get(id); }\n"
    "}\n\n";

static const char *const py_head =
    "import os\nimport json\nfrom dataclasses import dataclass, field\n"
    "from typing import Optional\n\n\n";
static const char *const py_block =
    "@dataclass\n"
    "class Record%1$d:\n"
    "    \"\"\"A record kept by the store.\"\"\"\n"
    "    id: int\n"
    "    name: str\n"
    "    tags: list[str] = field(default_factory=list)\n"
    "    owner: Optional[dict[str, int]] = None\n"
    "\n"
    "    def describe(self, verbose: bool = False) -> str:\n"
    "        return f\"{self.id}: {self.name}\"\n"
    "\n\n"
    "def load_%1$d(path: str, *, retries: int = 3) -> Optional[Record%1$d]:\n"
    "    \"\"\"Load record %1$d and check it.\"\"\"\n"
    "    for attempt in range(retries):\n"
    "        try:\n"
    "            with open(os.path.join(path, \"%1$d.json\")) as f:\n"
    "                data = json.load(f)\n"
    "            if data[\"id\"] != %1$d:\n"
    "                raise ValueError(\"mismatch\")\n"
    "            return Record%1$d(**data)\n"
    "        except OSError as e:\n"
    "            print(f\"retry {attempt}: {e}\")\n"
    "    return None\n"
    "\n\n";

static const char *const rs_head =
    "use std::collections::HashMap;\nuse std::fs;\nuse serde::{Deserialize, "
    "Serialize};\n\n";
static const char *const rs_block =
    "/// A record kept by the store.\n"
    "#[derive(Debug, Clone, Serialize, Deserialize)]\n"
    "pub struct Record%1$d {\n"
    "    pub id: u64,\n"
    "    pub name: String,\n"
    "    #[serde(default)]\n"
    "    pub tags: Vec<String>,\n"
    "    pub owner: Option<HashMap<String, u32>>,\n"
    "}\n\n"
    "/// Load record %1$d and check it.\n"
    "pub fn load_%1$d(path: &str, retries: usize) -> Result<Record%1$d, "
    "String> {\n"
    "    let mut last = String::new();\n"
    "    for attempt in 0..retries {\n"
    "        match fs::read_to_string(format!(\"{}/%1$d.json\", path)) {\n"
    "            Ok(text) => {\n"
    "                let r: Record%1$d = serde_json::from_str(&text).map_err(|e| "
    "e.to_string())?;\n"
    "                if r.id != %1$d { return Err(\"mismatch\".into()); }\n"
    "                return Ok(r);\n"
    "            }\n"
    "            Err(e) => last = format!(\"retry {}: {}\", attempt, e),\n"
    "        }\n"
    "    }\n"
    "    Err(last)\n"
    "}\n\n"
    "impl Record%1$d {\n"
    "    pub fn describe(&self, verbose: bool) -> String { format!(\"{}: {}\", "
    "self.id, self.name) }\n"
    "}\n\n";

static const char *const go_head =
    "package store\n\nimport (\n\t\"encoding/json\"\n\t\"fmt\"\n\t\"os\"\n)\n\n";
static const char *const go_block =
    "// Record%1$d is a record kept by the store.\n"
    "type Record%1$d struct {\n"
    "\tID    int               `json:\"id\"`\n"
    "\tName  string            `json:\"name\"`\n"
    "\tTags  []string          `json:\"tags,omitempty\"`\n"
    "\tOwner map[string]int    `json:\"owner\"`\n"
    "}\n\n"
    "// Load%1$d loads record %1$d and checks it.\n"
    "func Load%1$d(path string, retries int) (*Record%1$d, error) {\n"
    "\tvar last error\n"
    "\tfor attempt := 0; attempt < retries; attempt++ {\n"
    "\t\tdata, err := os.ReadFile(fmt.Sprintf(\"%%s/%1$d.json\", path))\n"
    "\t\tif err != nil {\n"
    "\t\t\tlast = err\n"
    "\t\t\tcontinue\n"
    "\t\t}\n"
    "\t\tvar r Record%1$d\n"
    "\t\tif err := json.Unmarshal(data, &r); err != nil {\n"
    "\t\t\treturn nil, err\n"
    "\t\t}\n"
    "\t\treturn &r, nil\n"
    "\t}\n"
    "\treturn nil, last\n"
    "}\n\n"
    "// Describe names the record.\n"
    "func (r *Record%1$d) Describe(verbose bool) string { return "
    "fmt.Sprintf(\"%%d: %%s\", r.ID, r.Name) }\n\n";

static const char *const zig_head =
    "const std = @import(\"std\");\nconst mem = std.mem;\n\n";
static const char *const zig_block =
    "/// A record kept by the store.\n"
    "pub const Record%1$d = struct {\n"
    "    id: u64,\n"
    "    name: []const u8,\n"
    "    tags: ?[][]const u8 = null,\n"
    "    owner: u32 = 0,\n"
    "\n"
    "    /// Name the record.\n"
    "    pub fn describe(self: *const Record%1$d, buf: []u8) ![]u8 {\n"
    "        return std.fmt.bufPrint(buf, \"{d}: {s}\", .{ self.id, self.name "
    "});\n"
    "    }\n"
    "};\n\n"
    "/// Load record %1$d and check it.\n"
    "pub fn load%1$d(allocator: mem.Allocator, path: []const u8, retries: "
    "usize) !Record%1$d {\n"
    "    var attempt: usize = 0;\n"
    "    while (attempt < retries) : (attempt += 1) {\n"
    "        const data = std.fs.cwd().readFileAlloc(allocator, path, 1 << 20) "
    "catch continue;\n"
    "        defer allocator.free(data);\n"
    "        if (data.len == 0) return error.Empty;\n"
    "        return Record%1$d{ .id = %1$d, .name = path };\n"
    "    }\n"
    "    return error.NotFound;\n"
    "}\n\n";

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

char *bench_generate(ank_lang lang, int lines, size_t *length, int *got)
{
    const char *head, *block;
    switch (lang) {
    case ANK_LANG_TYPESCRIPT:
    case ANK_LANG_TSX: head = ts_head, block = ts_block; break;
    case ANK_LANG_PYTHON: head = py_head, block = py_block; break;
    case ANK_LANG_RUST: head = rs_head, block = rs_block; break;
    case ANK_LANG_GO: head = go_head, block = go_block; break;
    case ANK_LANG_ZIG: head = zig_head, block = zig_block; break;
    default: return NULL;
    }
    size_t cap = strlen(head) + 1, len = 0;
    char *out = malloc(cap);
    if (!out)
        exit(1);
    len = (size_t)snprintf(out, cap, "%s", head);
    int n = count_lines(head);
    char piece[8192];
    for (int i = 0; n < lines; i++) {
        int w = snprintf(piece, sizeof piece, block, i);
        if (w < 0 || (size_t)w >= sizeof piece)
            exit(1);
        if (len + (size_t)w + 1 > cap) {
            cap = (len + (size_t)w + 1) * 2;
            out = realloc(out, cap);
            if (!out)
                exit(1);
        }
        memcpy(out + len, piece, (size_t)w + 1);
        len += (size_t)w;
        n += count_lines(piece);
    }
    *length = len;
    *got = n;
    return out;
}
