/*
 * test_braid_memo.c - schema defs built once per compile (schema_memo.c)
 * give the same document as defs built every time: inputs that reach each
 * of the memo's guards (mutual recursion through the root, a generic
 * instantiation whose key collides with a plain shape's, a serde note
 * whose type comes from the caller's text, nesting past the depth limit),
 * in TypeScript, Rust, Go and Python, compiled with the memo and without.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../braid/schema_memo.h"
#include "test.h"
#include "tests.h"

static const char mutual_ts[] =
    "export interface A { b: B; name: string }\n"
    "export interface B { a: A; c?: C; f: () => void }\n"
    "export interface C { a: A; list: A[]; u: B | null }\n"
    "export interface Page<T> { items: T[]; next?: Page<T> }\n"
    "export interface Page_A { x: number }\n"
    "export interface Holder { p: Page<A>; q: Page_A }\n"
    "export interface Solo { q: Page_A; r: Page<A> }\n"
    "export function f(a: A, c: C): number { return 1; }\n"
    "export function g(h: Holder, s: Solo, q: Page_A): number "
    "{ return 1; }\n"
    "export function k(m: Map<string, A>, b: B): number { return 1; }\n"
    /* utility types merge members inline, as intersections do */
    "export interface V { p: Partial<A>; o: Omit<C, \"u\">; r: Required<B>;"
    " n: NonNullable<C | null>; s: Pick<Holder, \"p\"> }\n"
    "export function u(v: V, w: Partial<V>): number { return 1; }\n";

static const char serde_rs[] =
    "use serde::{Serialize, Deserialize};\n"
    "#[derive(Serialize, Deserialize)]\n#[serde(tag = \"t\")]\n"
    "pub enum E { A(i32, i32), B { x: i32 } }\n"
    "#[derive(Serialize, Deserialize)]\n"
    "pub struct Holder { pub e: E, pub v: Vec<E> }\n"
    "#[derive(Serialize, Deserialize)]\n"
    "pub struct Other { pub o: Option<E>, pub h: Holder }\n"
    "#[derive(Serialize, Deserialize)]\n"
    "pub struct Node { pub next: Option<Box<Node>>, pub other: Other }\n"
    "pub fn use_e(x: Vec<E>, n: Node) -> i32 { 0 }\n"
    "pub fn use_h(h: Holder) -> i32 { 0 }\n";

static const char cycle_go[] =
    "package m\n\ntype A struct {\n\tB  *B `json:\"b\"`\n\tCh chan int\n}\n\n"
    "type B struct {\n\tA  *A `json:\"a\"`\n\tCs []C\n}\n\n"
    "type C struct {\n\tA A\n\tF func()\n}\n\n"
    "func F(a A, c C) int { return 1 }\nfunc G(b *B) int { return 2 }\n";

static const char cycle_py[] =
    "from dataclasses import dataclass\n"
    "from typing import Optional, List, Callable\n\n"
    "@dataclass\nclass A:\n    b: \"B\"\n    cb: Callable[[], None]\n\n"
    "@dataclass\nclass B:\n    a: Optional[A]\n    xs: List[\"C\"]\n\n"
    "@dataclass\nclass C:\n    a: A\n    n: int\n\n"
    "def f(a: A, c: C) -> int:\n    return 1\n\n"
    "def g(b: B) -> int:\n    return 2\n";

/* A chain of n interfaces, each pointing at the next (and, with `back`,
 * three back), with functions that take links from both ends: defs nested
 * past the limit of 64 from some roots and not from others.  Without the
 * back links, each link's def is recorded one level below the root and
 * replayed two below, so a replay that would reach past the limit must be
 * refused. */
static char *chain_ts(int n, int back_links)
{
    size_t cap = (size_t)n * 160 + 64, len = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    for (int i = 0; i < n; i++) {
        int back = i >= 3 ? i - 3 : 0;
        if (!back_links) {
            len += (size_t)snprintf(s + len, cap - len,
                                    i + 1 < n ? "export interface I%d { v%d: "
                                                "number; next: I%d }\n"
                                              : "export interface I%d { v%d: "
                                                "number; end: string }\n",
                                    i, i, i + 1);
            continue;
        }
        len += (size_t)snprintf(s + len, cap - len,
                                i + 1 < n ? "export interface I%d { v%d: "
                                            "number; next: I%d; back?: I%d "
                                            "}\n"
                                          : "export interface I%d { v%d: "
                                            "number; end: string; back?: "
                                            "I%d }\n",
                                i, i, i + 1 < n ? i + 1 : back, back);
    }
    for (int i = 0; i < n; i += 7)
        len += (size_t)snprintf(s + len, cap - len,
                                "export function f%d(x: I%d, y: I%d): number "
                                "{ return 1; }\n",
                                i, i, n - 1 - i);
    return s;
}

static char *compiled(const test_src *src, int memo_off)
{
    ank_result *r = test_extract(src, 1);
    ank_ir *ir = NULL;
    char *text = NULL;
    size_t len = 0;
    ank__schema_memo_off = memo_off;
    CHECK_INT(ank_braid_compile(r, NULL, &ir, NULL), ANK_OK);
    ank__schema_memo_off = 0;
    CHECK_INT(ank_ir_write(ir, &text, &len, NULL), ANK_OK);
    ank_ir_free(ir);
    ank_result_free(r);
    return text;
}

void test_braid_memo(void)
{
    char *chain = chain_ts(75, 1), *plain = chain_ts(70, 0);
    CHECK(chain != NULL && plain != NULL);
    const test_src cases[] = {{"m/mutual.ts", mutual_ts},
                              {"m/lib.rs", serde_rs},
                              {"m/cycle.go", cycle_go},
                              {"m/cycle.py", cycle_py},
                              {"m/chain.ts", chain ? chain : ""},
                              {"m/plain.ts", plain ? plain : ""}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *with = compiled(&cases[i], 0), *without = compiled(&cases[i], 1);
        CHECK(with && without && strlen(with) > 1000);
        if (with && without && strcmp(with, without) != 0) {
            test_failures++;
            fprintf(stderr, "    %s: the memo changes the document\n",
                    cases[i].path);
        }
        ank_free(with);
        ank_free(without);
    }
    free(chain);
    free(plain);
}
