/*
 * test_braid_schema.c - JSON Schemas and tool definitions from sources in
 * every language: the mapping rules of docs/ir-types.md, recursion ("#")
 * and mutual recursion ($defs in topological order), generic
 * instantiation, notes for what cannot be mapped, determinism, and
 * allocation failure (ananke's and jansson's) at every point.
 *
 * Expected JSON is written with ' for " to stay readable.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../braid/schema.h"
#include "../../ffi/alloc.h"
#include "test.h"
#include "tests.h"

#define HEAD(title)                                                            \
    "{'$schema':'https://json-schema.org/draft/2020-12/"                       \
    "schema','title':'" title "',"
#define ONLY(title)                                                            \
    "{'$schema':'https://json-schema.org/draft/2020-12/"                       \
    "schema','title':'" title "'}"

typedef struct fixture {
    ank_result *r;
    ank_bctx b;
} fixture;

static void load(fixture *x, ank_lang lang, const char *path, const char *src)
{
    ank_clew *clew = NULL;
    CHECK_INT(ank_clew_new(NULL, &clew, NULL), ANK_OK);
    x->r = ank_result_new();
    CHECK_INT(ank_clew_extract(clew, lang, src, strlen(src), path, x->r, NULL),
              ANK_OK);
    CHECK_INT(ank_result_finish(x->r, NULL), ANK_OK);
    ank_clew_free(clew);
    CHECK_INT(ank__bctx_init(&x->b, x->r), ANK_OK);
}

static void unload(fixture *x)
{
    ank__bctx_release(&x->b);
    ank_result_free(x->r);
}

static const ank_constraint *get(const fixture *x, ank_kind kind,
                                 const char *name)
{
    for (size_t i = 0; i < ank_result_count(x->r); i++) {
        const ank_constraint *c = ank_result_get(x->r, i);
        if (c->kind == kind && c->name && strcmp(c->name, name) == 0)
            return c;
    }
    fprintf(stderr, "    no constraint %s\n", name);
    return NULL;
}

static char *dump(const json_t *v)
{
    return v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
}

/* The schema (shape) or tool (signature) of `name`, as compact JSON. */
static char *build(fixture *x, const char *name, bool tool, char **notes)
{
    const ank_constraint *c =
        get(x, tool ? ANK_KIND_FUNCTION_SIGNATURE : ANK_KIND_TYPE_SHAPE, name);
    json_t *n = json_array();
    json_t *v = !c     ? NULL
                : tool ? ank__schema_tool(&x->b, c, n)
                       : ank__schema_shape(&x->b, c, n);
    char *text = dump(v);
    *notes = dump(n);
    json_decref(v);
    json_decref(n);
    return text;
}

static void expect(fixture *x, const char *name, bool tool, const char *schema,
                   const char *notes)
{
    char *n = NULL, *s = build(x, name, tool, &n);
    CHECK_STR(s, test_q(schema));
    CHECK_STR(n, test_q(notes ? notes : "[]"));
    CHECK_INT(x->b.status, ANK_OK);
    /* deterministic: the same bytes again */
    char *n2 = NULL, *s2 = build(x, name, tool, &n2);
    CHECK_STR(s2, s);
    ank__free(s);
    ank__free(n);
    ank__free(s2);
    ank__free(n2);
}

static const char TS_SRC[] =
    "/** A tree. */\n"
    "export interface Tree { value: number; kids: Tree[]; parent?: Tree | null "
    "}\n"
    "export type Mode = \"fast\" | \"slow\";\n"
    "export interface Base { id: string }\n"
    "export interface Ext extends Base { when: Date; meta: Record<string, "
    "number>;"
    " big: bigint; u: string | undefined; lit: 1 | \"a\" | null;"
    " f: (a: number) => void; k: keyof Tree; p: Promise<string> }\n"
    "export enum E { A, B = 5, C, D = \"d\" }\n"
    "export type P<T> = { item: T; next: P<T> | null };\n"
    "export type Q = P<string> & { extra: boolean };\n"
    "export interface C { d: D }\n"
    "export interface D { e: E2 }\n"
    "export interface E2 { d?: D }\n"
    "export function make(this: Window, a: number, b?: string, c = 3,"
    " ...rest: string[]): void {}\n"
    "export interface I { m(): void }\n"
    "export class K { constructor() {} }\n"
    "export interface Tally { total: number; [name: string]: number }\n"
    "export interface Dict { readonly [k: string]: boolean }\n"
    "export interface Row { id: string; [i: number]: string;"
    " [s: symbol]: number }\n"
    "export type Inline = { n: number; [k: string]: number | string };\n"
    "export type WithMeta = Base & { [k: string]: string };\n"
    "export interface Pair { a: string; b?: string; d: boolean }\n"
    "export interface Named extends Pair { c: number; b: string; a: string }\n"
    "export interface Win { self: Win & Pair; n: number }\n";

static void typescript(void)
{
    fixture x;
    load(&x, ANK_LANG_TYPESCRIPT, "t.ts", TS_SRC);
    expect(
        &x, "Tree", false,
        HEAD(
            "Tree") "'description':'A tree.','type':'object','properties':"
                    "{'value':{'type':'number'},'kids':{'type':'array','items':"
                    "{'$ref':'#'}},"
                    "'parent':{'anyOf':[{'$ref':'#'},{'type':'null'}]}},"
                    "'required':['value','kids'],'additionalProperties':false}",
        NULL);
    expect(&x, "Mode", false, HEAD("Mode") "'enum':['fast','slow']}", NULL);
    /* extends: the base's members first; `| undefined`: not required */
    expect(&x, "Ext", false,
           HEAD("Ext") "'type':'object','properties':{'id':{'type':'string'},"
                       "'when':{'type':'string','format':'date-time'},"
                       "'meta':{'type':'object','additionalProperties':{'type':"
                       "'number'}},"
                       "'big':{'type':'integer'},'u':{'type':'string'},"
                       "'lit':{'enum':[1,'a',null]},'k':{},'p':{}},"
                       "'required':['id','when','meta','big','lit','k','p'],"
                       "'additionalProperties':false}",
           "[{'path':'/properties/f','type':'(a: number) => void',"
           "'reason':'function-typed member: not a JSON value; left out'},"
           "{'path':'/properties/k','type':'keyof Tree',"
           "'reason':'unsupported type: braid cannot interpret it'},"
           "{'path':'/properties/p','type':'Promise',"
           "'reason':'unknown type: not a shape of the input nor a builtin'}]");
    expect(&x, "E", false, HEAD("E") "'enum':[0,5,6,'d']}", NULL);
    /* index signatures: the members beyond the named ones */
    expect(&x, "Tally", false,
           HEAD("Tally") "'type':'object','properties':{'total':{'type':"
                         "'number'}},'required':['total'],"
                         "'additionalProperties':{'type':'number'}}",
           NULL);
    expect(&x, "Dict", false,
           HEAD("Dict") "'type':'object','properties':{},'required':[],"
                        "'additionalProperties':{'type':'boolean'}}",
           NULL);
    expect(&x, "Row", false,
           HEAD("Row") "'type':'object','properties':{'id':{'type':'string'}},"
                       "'required':['id'],'additionalProperties':{'type':"
                       "'string'}}",
           "[{'path':'/additionalProperties','type':'[i: number]: string',"
           "'reason':'number index signature: its keys are not checked to be "
           "numbers'},{'path':'','type':'[s: symbol]: number','reason':'symbol index "
           "signature: JSON.stringify leaves it out'}]");
    expect(&x, "Inline", false,
           HEAD("Inline") "'type':'object','properties':{'n':{'type':"
                          "'number'}},'required':['n'],"
                          "'additionalProperties':{'anyOf':[{'type':'number'},"
                          "{'type':'string'}]}}",
           NULL);
    /* a map in an intersection: the members beyond the others' */
    expect(&x, "WithMeta", false,
           HEAD("WithMeta") "'type':'object','properties':{'id':{'type':"
                            "'string'}},'required':['id'],"
                            "'additionalProperties':{'type':'string'}}",
           NULL);
    /* an own member replaces an inherited one in place, and `required`
     * keeps the order of the properties */
    expect(&x, "Named", false,
           HEAD("Named") "'type':'object','properties':{'a':{'type':'string'},"
                         "'b':{'type':'string'},'d':{'type':'boolean'},"
                         "'c':{'type':'number'}},"
                         "'required':['a','b','d','c'],"
                         "'additionalProperties':false}",
           NULL);
    /* an intersection inside a shape it merges stops there */
    expect(&x, "Win", false,
           HEAD("Win") "'type':'object','properties':{'self':{'type':'object',"
                       "'properties':{'self':{},'n':{'type':'number'},"
                       "'a':{'type':'string'},'b':{'type':'string'},"
                       "'d':{'type':'boolean'}},'required':['self','n','a','d'],"
                       "'additionalProperties':false},'n':{'type':'number'}},"
                       "'required':['self','n'],'additionalProperties':false}",
           "[{'path':'/properties/self/properties/self','type':'Win & Pair',"
           "'reason':'intersection: merges a type it is inside of (not "
           "expanded again)'}]");
    /* an intersection merged, with a generic instantiation as a def */
    expect(
        &x, "Q", false,
        HEAD("Q") "'type':'object','properties':{'item':{'type':'string'},"
                  "'next':{'anyOf':[{'$ref':'#/$defs/"
                  "P_string'},{'type':'null'}]},"
                  "'extra':{'type':'boolean'}},'required':['item','next','"
                  "extra'],"
                  "'additionalProperties':false,'$defs':{'P_string':{'title':'"
                  "P<string>',"
                  "'type':'object','properties':{'item':{'type':'string'},"
                  "'next':{'anyOf':[{'$ref':'#/$defs/"
                  "P_string'},{'type':'null'}]}},"
                  "'required':['item','next'],'additionalProperties':false}}}",
        NULL);
    expect(&x, "P", false,
           HEAD("P") "'type':'object','properties':{'item':{},"
                     "'next':{'anyOf':[{'$ref':'#'},{'type':'null'}]}},"
                     "'required':['item','next'],'additionalProperties':false}",
           "[{'path':'/properties/item','type':'T',"
           "'reason':'type parameter without an argument: any value'}]");
    /* C -> D -> E2 -> D: E2 is listed before D, which uses it */
    expect(&x, "C", false,
           HEAD("C") "'type':'object','properties':{'d':{'$ref':'#/$defs/D'}},"
                     "'required':['d'],'additionalProperties':false,'$defs':{"
                     "'E2':{'title':'E2','type':'object','properties':{'d':{'$"
                     "ref':'#/$defs/D'}},"
                     "'required':[],'additionalProperties':false},"
                     "'D':{'title':'D','type':'object','properties':{'e':{'$"
                     "ref':'#/$defs/E2'}},"
                     "'required':['e'],'additionalProperties':false}}}",
           NULL);
    expect(&x, "E2", false,
           HEAD("E2") "'type':'object','properties':{'d':{'$ref':'#/$defs/D'}},"
                      "'required':[],'additionalProperties':false,'$defs':{"
                      "'D':{'title':'D','type':'object','properties':{'e':{'$"
                      "ref':'#'}},"
                      "'required':['e'],'additionalProperties':false}}}",
           NULL);
    /* this: dropped; b?, c = 3, ...rest: not required */
    expect(
        &x, "make", true,
        "{'name':'make','description':'function make(this: Window, a: number,"
        " b?: string, c = 3, ...rest: string[]): void','parameters':{"
        "'type':'object','properties':{'a':{'type':'number'},"
        "'b':{'type':'string'},'c':{'default':3},"
        "'rest':{'type':'array','items':{'type':'string'}}},"
        "'required':['a'],'additionalProperties':false}}",
        NULL);
    CHECK(
        ank__schema_tool_wanted(get(&x, ANK_KIND_FUNCTION_SIGNATURE, "make")));
    CHECK(
        !ank__schema_tool_wanted(get(&x, ANK_KIND_FUNCTION_SIGNATURE, "I.m")));
    CHECK(!ank__schema_tool_wanted(
        get(&x, ANK_KIND_FUNCTION_SIGNATURE, "K.constructor")));
    CHECK(!ank__schema_tool_wanted(get(&x, ANK_KIND_TYPE_SHAPE, "Tree")));

    /* one type with caller-owned $defs and a caller-chosen path */
    const ank_constraint *c = get(&x, ANK_KIND_TYPE_SHAPE, "C");
    const ank_constraint *ext = get(&x, ANK_KIND_TYPE_SHAPE, "Ext");
    json_t *defs = json_object(), *notes = json_array();
    json_t *v = ank__schema_type(&x.b, ANK_LANG_TYPESCRIPT,
                                 c->u.shape.fields[0].type.tree, "D", defs,
                                 notes, "/properties/x");
    json_t *k = ank__schema_type(&x.b, ANK_LANG_TYPESCRIPT,
                                 ext->u.shape.fields[6].type.tree, "keyof Tree",
                                 defs, notes, "/items");
    json_t *none = ank__schema_type(&x.b, ANK_LANG_TYPESCRIPT, NULL, NULL, defs,
                                    notes, "");
    char *vs = dump(v), *ks = dump(k), *ns = dump(none), *ds = dump(defs),
         *nn = dump(notes);
    CHECK_STR(vs, test_q("{'$ref':'#/$defs/D'}"));
    CHECK_STR(ks, "{}");
    CHECK_STR(ns, "{}");
    CHECK_STR(
        ds,
        test_q("{'E2':{'title':'E2','type':'object','properties':{'d':"
          "{'$ref':'#/$defs/D'}},'required':[],'additionalProperties':false},"
          "'D':{'title':'D','type':'object','properties':{'e':"
          "{'$ref':'#/$defs/E2'}},'required':['e'],"
          "'additionalProperties':false}}"));
    CHECK_STR(nn,
              test_q("[{'path':'/items','type':'keyof Tree',"
                "'reason':'unsupported type: braid cannot interpret it'}]"));
    ank__free(vs);
    ank__free(ks);
    ank__free(ns);
    ank__free(ds);
    ank__free(nn);
    json_decref(v);
    json_decref(k);
    json_decref(none);
    json_decref(defs);
    json_decref(notes);
    unload(&x);
}

static const char PY_SRC[] =
    "from enum import Enum, StrEnum, auto\n"
    "from typing import Optional, Literal, TypedDict, NotRequired, NamedTuple\n"
    "from dataclasses import dataclass\n"
    "from datetime import datetime, date\n"
    "class Color(Enum):\n    RED = \"red\"\n    GREEN = 'green'\n"
    "class Level(Enum):\n    LOW = auto()\n    HIGH = 5\n"
    "class Size(StrEnum):\n    SMALL = auto()\n"
    "@dataclass\nclass Node:\n    \"\"\"A tree node.\"\"\"\n    value: int\n"
    "    children: list[\"Node\"]\n    parent: Optional[\"Node\"] = None\n"
    "    mode: Literal[\"a\", \"b\"] = \"a\"\n"
    "class Movie(TypedDict, total=False):\n    title: str\n"
    "    year: NotRequired[int]\n"
    "class Point(NamedTuple):\n    x: float\n    y: float = 0.0\n"
    "class Event(Node):\n    when: datetime\n    day: date | None\n"
    "    raw: bytes\n    tags: set[str]\n    pair: tuple[int, str]\n"
    "    rest: tuple[int, ...]\n    meta: dict[str, float]\n"
    "def make(a: int, *args: str, b: bool = False, **kw: int) -> None:\n"
    "    pass\n"
    "def a_function_with_a_name_that_is_far_too_long_for_any_tool_api_to_"
    "accept_it() -> None:\n    pass\n"
    "def _private() -> None:\n    pass\n"
    "class Svc:\n    def __init__(self) -> None:\n        pass\n"
    "    def run(self, n: int) -> int:\n        return n\n";

/* Partial, Required, Pick, Omit and NonNullable: built from the members,
 * through aliases and type parameters; {} with a note when braid cannot
 * read the keys or the type is not an object. */
static void typescript_utility(void)
{
    fixture x;
    load(&x, ANK_LANG_TYPESCRIPT, "u.ts",
         "export interface User { id: number; name: string; email?: string }\n"
         "export type Keys = \"id\" | \"email\";\n"
         "export type Maybe<T> = T | null;\n"
         "export interface Views { a: Partial<User>; b: Required<User>;"
         " c: Pick<User, \"id\" | \"name\">; d: Omit<User, Keys>;"
         " e: NonNullable<string | null | undefined>;"
         " f: NonNullable<Maybe<User>> }\n"
         "export interface Bad { g: Pick<User, string>; h: Partial<string>;"
         " i: NonNullable<null> }\n"
         "export interface Node { kids: Partial<Node>[]; n: number }\n"
         "export type Only<T, K extends keyof T> = Pick<T, K>;\n"
         "export type IdOnly = Only<User, \"id\">;\n"
         "export interface Mapped { f: { [K in string]?: number };"
         " g: { readonly [K in \"x\" | \"y\"]: boolean };"
         " i: { [K in Keys]: K }; j: { [K in Keys as `get${K}`]: number } }\n"
         "export interface Rec { a: Record<Keys, number>;"
         " d: { [K in Keys]?: boolean }; p: Partial<Record<Keys, string>>;"
         " h: { n: number } & Record<\"extra\", string> }\n");
#define USER_PROPS                                                             \
    "'properties':{'id':{'type':'number'},'name':{'type':'string'},"         \
    "'email':{'type':'string'}}"
    expect(&x, "Views", false,
           HEAD("Views") "'type':'object','properties':{"
                         "'a':{'type':'object'," USER_PROPS ",'required':[],"
                         "'additionalProperties':false},"
                         "'b':{'type':'object'," USER_PROPS ","
                         "'required':['id','name','email'],"
                         "'additionalProperties':false},"
                         "'c':{'type':'object','properties':{'id':{'type':"
                         "'number'},'name':{'type':'string'}},"
                         "'required':['id','name'],'additionalProperties':false},"
                         "'d':{'type':'object','properties':{'name':{'type':"
                         "'string'}},'required':['name'],"
                         "'additionalProperties':false},"
                         "'e':{'type':'string'},'f':{'$ref':'#/$defs/User'}},"
                         "'required':['a','b','c','d','e','f'],"
                         "'additionalProperties':false,'$defs':{'User':{"
                         "'title':'User','type':'object'," USER_PROPS ","
                         "'required':['id','name'],"
                         "'additionalProperties':false}}}",
           NULL);
#undef USER_PROPS
    expect(&x, "Bad", false,
           HEAD("Bad") "'type':'object','properties':{'g':{},'h':{},'i':{}},"
                       "'required':['g','h','i'],'additionalProperties':false}",
           "[{'path':'/properties/g','type':'Pick<User, string>','reason':"
           "'Pick: keys that are not string literals braid can list'},"
           "{'path':'/properties/h','type':'Partial<string>','reason':"
           "'Partial: not an object type braid can read'},"
           "{'path':'/properties/i','type':'NonNullable<null>','reason':"
           "'no JSON value: NonNullable of null or undefined is never'}]");
    /* over itself: one level, as an intersection */
    expect(&x, "Node", false,
           HEAD("Node") "'type':'object','properties':{'kids':{'type':'array',"
                        "'items':{'type':'object','properties':{'kids':{'type':"
                        "'array','items':{}},'n':{'type':'number'}},"
                        "'required':[],'additionalProperties':false}},"
                        "'n':{'type':'number'}},'required':['kids','n'],"
                        "'additionalProperties':false}",
           "[{'path':'/properties/kids/items/properties/kids/items','type':"
           "'Partial<Node>[]','reason':'utility type: over a type it is inside "
           "of (not expanded again)'}]");
    /* the keys through a bound parameter */
    expect(&x, "IdOnly", false,
           HEAD("IdOnly") "'$ref':'#/$defs/Only_User_id','$defs':{"
                          "'Only_User_id':{'title':'Only<User,id>','type':"
                          "'object','properties':{'id':{'type':'number'}},"
                          "'required':['id'],'additionalProperties':false}}}",
           NULL);
    /* a Record whose keys are string literals has exactly those keys,
     * all required (a mapped type's `?` makes them optional: a map) */
    expect(&x, "Rec", false,
           HEAD("Rec") "'type':'object','properties':{"
                       "'a':{'type':'object','properties':{'id':{'type':"
                       "'number'},'email':{'type':'number'}},'required':"
                       "['id','email'],'additionalProperties':false},"
                       "'d':{'type':'object','additionalProperties':{'type':"
                       "'boolean'},'propertyNames':{'$ref':'#/$defs/Keys'}},"
                       "'p':{'type':'object','properties':{'id':{'type':"
                       "'string'},'email':{'type':'string'}},'required':[],"
                       "'additionalProperties':false},"
                       "'h':{'type':'object','properties':{'n':{'type':"
                       "'number'},'extra':{'type':'string'}},'required':"
                       "['n','extra'],'additionalProperties':false}},"
                       "'required':['a','d','p','h'],"
                       "'additionalProperties':false,'$defs':{'Keys':{"
                       "'title':'Keys','enum':['id','email']}}}",
           NULL);
    /* a mapped type whose value does not use its key is a Record */
    expect(&x, "Mapped", false,
           HEAD("Mapped") "'type':'object','properties':{"
                          "'f':{'type':'object','additionalProperties':{"
                          "'type':'number'}},"
                          "'g':{'type':'object','properties':{'x':{'type':"
                          "'boolean'},'y':{'type':'boolean'}},'required':['x',"
                          "'y'],'additionalProperties':false},"
                          "'i':{},'j':{}},'required':['f','g','i','j'],"
                          "'additionalProperties':false}",
           "[{'path':'/properties/i','type':'{ [K in Keys]: K }','reason':"
           "'unsupported type: braid cannot interpret it'},"
           "{'path':'/properties/j','type':'{ [K in Keys as `get${K}`]: "
           "number }','reason':'unsupported type: braid cannot interpret "
           "it'}]");
    unload(&x);
}

static void python(void)
{
    fixture x;
    load(&x, ANK_LANG_PYTHON, "t.py", PY_SRC);
    expect(&x, "Color", false, HEAD("Color") "'enum':['red','green']}", NULL);
    expect(&x, "Level", false, HEAD("Level") "'enum':[1,5]}", NULL);
    expect(&x, "Size", false, HEAD("Size") "'enum':['small']}", NULL);
    expect(
        &x, "Movie", false,
        HEAD("Movie") "'type':'object','properties':{'title':{'type':'string'},"
                      "'year':{'type':'integer'}},'required':[],"
                      "'additionalProperties':false}",
        NULL);
    expect(&x, "Point", false,
           HEAD("Point") "'type':'array','prefixItems':[{'type':'number'},"
                         "{'type':'number'}],'items':false,'minItems':1}",
           NULL);
    /* the base dataclass's fields first; Node itself is a def there */
    expect(
        &x, "Event", false,
        HEAD(
            "Event") "'type':'object','properties':{'value':{'type':'integer'},"
                     "'children':{'type':'array','items':{'$ref':'#/$defs/"
                     "Node'}},"
                     "'parent':{'anyOf':[{'$ref':'#/$defs/"
                     "Node'},{'type':'null'}],'default':null},"
                     "'mode':{'enum':['a','b'],'default':'a'},"
                     "'when':{'type':'string','format':'date-time'},"
                     "'day':{'anyOf':[{'type':'string','format':'date'},{'type'"
                     ":'null'}]},"
                     "'raw':{'type':'string','contentEncoding':'base64'},"
                     "'tags':{'type':'array','items':{'type':'string'},'"
                     "uniqueItems':true},"
                     "'pair':{'type':'array','prefixItems':[{'type':'integer'},"
                     "{'type':'string'}],"
                     "'items':false,'minItems':2},"
                     "'rest':{'type':'array','items':{'type':'integer'}},"
                     "'meta':{'type':'object','additionalProperties':{'type':'"
                     "number'}}},"
                     "'required':['value','children','when','day','raw','tags',"
                     "'pair','rest','meta'],"
                     "'additionalProperties':false,'$defs':{'Node':{'title':'"
                     "Node',"
                     "'description':'A tree "
                     "node.','type':'object','properties':{"
                     "'value':{'type':'integer'},"
                     "'children':{'type':'array','items':{'$ref':'#/$defs/"
                     "Node'}},"
                     "'parent':{'anyOf':[{'$ref':'#/$defs/"
                     "Node'},{'type':'null'}],'default':null},"
                     "'mode':{'enum':['a','b'],'default':'a'}},"
                     "'required':['value','children'],'additionalProperties':"
                     "false}}}",
        NULL);
    expect(
        &x, "make", true,
        "{'name':'make','description':'def make(a: int, *args: str, b: bool ="
        " False, **kw: int) -> "
        "None:','parameters':{'type':'object','properties':{"
        "'a':{'type':'integer'},'args':{'type':'array','items':{'type':'string'"
        "}},"
        "'b':{'type':'boolean','default':false}},'required':['a'],"
        "'additionalProperties':false}}",
        "[{'path':'/parameters/properties/kw','type':'int',"
        "'reason':'**kwargs: not a fixed parameter; left out'}]");
    expect(
        &x, "Svc.run", true,
        "{'name':'Svc_run','description':'def run(self, n: int) -> int:',"
        "'parameters':{'type':'object','properties':{'n':{'type':'integer'}},"
        "'required':['n'],'additionalProperties':false}}",
        NULL);
    char *n = NULL, *s = build(&x,
                               "a_function_with_a_name_that_is_far_too_long_"
                               "for_any_tool_api_to_accept_it",
                               true, &n);
    CHECK(s && strstr(s, test_q("'name':'a_function_with_a_name_that_is_far_too_long"
                           "_for_any_tool_api_to_',")));
    ank__free(s);
    ank__free(n);
    CHECK(!ank__schema_tool_wanted(
        get(&x, ANK_KIND_FUNCTION_SIGNATURE, "_private")));
    CHECK(!ank__schema_tool_wanted(
        get(&x, ANK_KIND_FUNCTION_SIGNATURE, "Svc.__init__")));
    unload(&x);
}

static const char RS_SRC[] =
    "/// A user.\n#[derive(Serialize, Deserialize)]\n"
    "#[serde(rename_all = \"camelCase\")]\npub struct User {\n"
    "    pub user_name: String,\n    #[serde(rename = \"ID\")]\n    pub id: "
    "u8,\n"
    "    #[serde(skip)]\n    pub cache: Vec<u8>,\n    pub nick: "
    "Option<String>,\n"
    "    pub grid: [i16; 2],\n    pub next: Option<Box<User>>,\n"
    "    pub big: u64,\n    pub wide: i64,\n"
    "    #[serde(flatten)]\n    pub extra: Extra,\n}\n"
    "pub struct Extra { pub e: f64 }\n"
    "pub struct Id(u32);\n"
    "pub struct Unit;\n"
    "#[serde(rename_all = \"snake_case\")]\n"
    "pub enum Shape { Empty, Circle(f64), Rect { w: f32, h: f32 }, Pt(i8, "
    "char) }\n"
    "#[serde(tag = \"type\")]\npub enum Tagged { A { x: u16 }, B }\n"
    "#[serde(tag = \"t\", content = \"c\")]\npub enum Adj { A(u8), B }\n"
    "#[serde(untagged)]\npub enum Un { A(u8), B(String), C }\n"
    "pub struct Gen<T> { pub v: T, pub all: Vec<Gen<T>> }\n"
    "pub struct UsesGen { pub g: Gen<String> }\n"
    "pub trait Tr { fn f(&self); }\n"
    "impl User { pub fn rename(&mut self, to: &str, n: Option<u16>) -> bool"
    " { true } }\n"
    "#[test]\npub fn it_works() {}\n";

static void rust(void)
{
    fixture x;
    load(&x, ANK_LANG_RUST, "t.rs", RS_SRC);
    /* rename_all, rename, skip, flatten; u64: no maximum (2^64 - 1 is not
     * exact in a double); i64: no bounds */
    expect(&x, "User", false,
           HEAD("User") "'description':'A user.','type':'object','properties':{"
                        "'userName':{'type':'string'},"
                        "'ID':{'type':'integer','minimum':0,'maximum':255},"
                        "'nick':{'anyOf':[{'type':'string'},{'type':'null'}]},"
                        "'grid':{'type':'array','items':{'type':'integer','"
                        "minimum':-32768,"
                        "'maximum':32767},'minItems':2,'maxItems':2},"
                        "'next':{'anyOf':[{'$ref':'#'},{'type':'null'}]},"
                        "'big':{'type':'integer','minimum':0},'wide':{'type':'"
                        "integer'},"
                        "'e':{'type':'number'}},"
                        "'required':['userName','ID','grid','big','wide','e'],"
                        "'additionalProperties':false}",
           NULL);
    expect(&x, "Id", false,
           HEAD("Id") "'type':'integer','minimum':0,'maximum':4294967295}",
           NULL);
    expect(&x, "Unit", false, HEAD("Unit") "'type':'null'}", NULL);
    expect(&x, "Shape", false,
           HEAD("Shape") "'anyOf':[{'enum':['empty']},"
                         "{'type':'object','properties':{'circle':{'type':'"
                         "number'}},"
                         "'required':['circle'],'additionalProperties':false},"
                         "{'type':'object','properties':{'rect':{'type':'"
                         "object','properties':{"
                         "'w':{'type':'number'},'h':{'type':'number'}},'"
                         "required':['w','h'],"
                         "'additionalProperties':false}},'required':['rect'],"
                         "'additionalProperties':false},"
                         "{'type':'object','properties':{'pt':{'type':'array','"
                         "prefixItems':["
                         "{'type':'integer','minimum':-128,'maximum':127},"
                         "{'type':'string','minLength':1,'maxLength':1}],'"
                         "items':false,"
                         "'minItems':2}},'required':['pt'],'"
                         "additionalProperties':false}]}",
           NULL);
    expect(
        &x, "Tagged", false,
        HEAD("Tagged") "'anyOf':[{'type':'object','properties':{"
                       "'type':{'const':'A'},'x':{'type':'integer','minimum':0,"
                       "'maximum':65535}},"
                       "'required':['type','x'],'additionalProperties':false},"
                       "{'type':'object','properties':{'type':{'const':'B'}},"
                       "'required':['type'],'additionalProperties':false}]}",
        NULL);
    expect(&x, "Adj", false,
           HEAD("Adj") "'anyOf':[{'type':'object','properties':{"
                       "'t':{'const':'A'},'c':{'type':'integer','minimum':0,"
                       "'maximum':255}},'required':['t','c'],"
                       "'additionalProperties':false},{'type':'object',"
                       "'properties':{'t':{'const':'B'}},'required':['t'],"
                       "'additionalProperties':false}]}",
           NULL);
    expect(&x, "Un", false,
           HEAD("Un") "'anyOf':[{'type':'integer','minimum':0,'maximum':255},"
                      "{'type':'string'},{'type':'null'}]}",
           NULL);
    expect(
        &x, "UsesGen", false,
        HEAD(
            "UsesGen") "'type':'object','properties':{'g':{'$ref':"
                       "'#/$defs/"
                       "Gen_String'}},'required':['g'],'additionalProperties':"
                       "false,"
                       "'$defs':{'Gen_String':{'title':'Gen<String>','type':'"
                       "object',"
                       "'properties':{'v':{'type':'string'},'all':{'type':'"
                       "array','items':"
                       "{'$ref':'#/$defs/Gen_String'}}},'required':['v','all'],"
                       "'additionalProperties':false}}}",
        NULL);
    expect(&x, "Tr", false, ONLY("Tr"),
           "[{'path':'','type':'Tr','reason':'trait: any implementing type'}]");
    expect(
        &x, "User.rename", true,
        "{'name':'User_rename','description':'pub fn rename(&mut self, to: "
        "&str,"
        " n: Option<u16>) -> bool','parameters':{'type':'object','properties':{"
        "'to':{'type':'string'},'n':{'anyOf':[{'type':'integer','minimum':0,"
        "'maximum':65535},{'type':'null'}]}},'required':['to','n'],"
        "'additionalProperties':false}}",
        NULL);
    CHECK(!ank__schema_tool_wanted(
        get(&x, ANK_KIND_FUNCTION_SIGNATURE, "it_works")));
    unload(&x);
}

static const char GO_SRC[] =
    "package main\n\nimport \"time\"\n\n"
    "// Base is embedded.\ntype Base struct {\n"
    "\tID    int64  `json:\"id\"`\n\tNotes string "
    "`json:\"notes,omitempty\"`\n}\n\n"
    "type Color string\n\nconst (\n\tRed   Color = \"red\"\n"
    "\tGreen Color = \"green\"\n)\n\n"
    "type Level int\n\nconst (\n\tLow Level = iota\n\tMid\n)\n\n"
    "// Item is a thing.\ntype Item struct {\n\tBase\n"
    "\tName   string            `json:\"name\"`\n"
    "\tSecret string            `json:\"-\"`\n"
    "\tCount  uint8             `json:\"count,omitempty\"`\n"
    "\tParent *Item             `json:\"parent\"`\n"
    "\tTags   map[string]string `json:\"tags\"`\n"
    "\tRaw    []byte            `json:\"raw\"`\n"
    "\tWhen   time.Time         `json:\"when\"`\n"
    "\tAny    interface{}       `json:\"any\"`\n"
    "\thidden int\n\tLevel  Level\n\tColor  Color `json:\"color\"`\n}\n\n"
    "func (i *Item) Rename(name string, opts ...string) error { return nil "
    "}\n\n"
    "// Bad \xff doc.\nfunc Sum(xs []int, _ int32) int { return 0 }\n"
    "type Index struct {\n\tByID map[int64]string `json:\"by_id\"`\n}\n"
    "type Pipe struct {\n\tDone <-chan struct{}\n\tZ complex128\n\tN int\n}\n"
    "func Feed(c chan int, zs []complex64) {}\n";

/* A field of the outer struct overrides the embedded one of that name in
 * its place (encoding/json's rule), and its own tag decides whether it is
 * required; two structs that embed the same one and add the same field
 * have equal schemas but their titles (the compile shares the equal
 * "properties" and "required" values between them). */
static const char GO_OVERRIDE[] =
    "package main\n\ntype Base struct {\n\tID   int64  `json:\"id\"`\n"
    "\tName string `json:\"name,omitempty\"`\n}\n\n"
    "type Over struct {\n\tBase\n\tName string `json:\"name\"`\n}\n\n"
    "type Twice struct {\n\tBase\n\tExtra int `json:\"extra\"`\n}\n\n"
    "type Again struct {\n\tBase\n\tExtra int `json:\"extra\"`\n}\n";

static void go_override(void)
{
    fixture x;
    load(&x, ANK_LANG_GO, "o.go", GO_OVERRIDE);
    expect(&x, "Base", false,
           HEAD("Base") "'type':'object','properties':{'id':{'type':"
                        "'integer'},'name':{'type':'string'}},'required':"
                        "['id'],'additionalProperties':false}",
           NULL);
    expect(&x, "Over", false,
           HEAD("Over") "'type':'object','properties':{'id':{'type':"
                        "'integer'},'name':{'type':'string'}},'required':"
                        "['id','name'],'additionalProperties':false}",
           NULL);
    static const char *const twins[] = {"Twice", "Again"};
    for (int i = 0; i < 2; i++) {
        char want[400];
        snprintf(want, sizeof want,
                 HEAD("%s") "'type':'object','properties':{'id':{'type':"
                            "'integer'},'name':{'type':'string'},'extra':"
                            "{'type':'integer'}},'required':['id','extra'],"
                            "'additionalProperties':false}",
                 twins[i]);
        expect(&x, twins[i], false, want, NULL);
    }
    unload(&x);
}

static void go(void)
{
    fixture x;
    load(&x, ANK_LANG_GO, "t.go", GO_SRC);
    /* embedded Base promoted in place; tags: name, omitempty, "-" */
    expect(
        &x, "Item", false,
        HEAD("Item") "'description':'Item is a thing.','type':'object',"
                     "'properties':{'id':{'type':'integer'},'notes':{'type':'"
                     "string'},"
                     "'name':{'type':'string'},"
                     "'count':{'type':'integer','minimum':0,'maximum':255},"
                     "'parent':{'anyOf':[{'$ref':'#'},{'type':'null'}]},"
                     "'tags':{'type':'object','additionalProperties':{'type':'"
                     "string'}},"
                     "'raw':{'type':'string','contentEncoding':'base64'},"
                     "'when':{'type':'string','format':'date-time'},'any':{},"
                     "'Level':{'$ref':'#/$defs/Level'},'color':{'$ref':'#/"
                     "$defs/Color'}},"
                     "'required':['id','name','parent','tags','raw','when','"
                     "any','Level',"
                     "'color'],'additionalProperties':false,'$defs':{"
                     "'Level':{'title':'Level','enum':[0,1]},"
                     "'Color':{'title':'Color','enum':['red','green']}}}",
        "[{'path':'/properties/hidden','type':'int',"
        "'reason':'unexported field: encoding/json leaves it out'}]");
    expect(
        &x, "Item.Rename", true,
        "{'name':'Item_Rename','description':'func (i *Item) Rename(name "
        "string,"
        " opts ...string) error','parameters':{'type':'object','properties':{"
        "'name':{'type':'string'},'opts':{'type':'array','items':{'type':'"
        "string'}}},"
        "'required':['name'],'additionalProperties':false}}",
        NULL);
    /* integer map keys are written as strings, in decimal */
    expect(&x, "Index", false,
           HEAD("Index") "'type':'object','properties':{'by_id':{'type':"
                         "'object','additionalProperties':{'type':'string'},"
                         "'propertyNames':{'pattern':'^-?(0|[1-9][0-9]*)$'}}},"
                         "'required':['by_id'],'additionalProperties':false}",
           NULL);
    /* ... which the JSON-text grammar follows (test_braid_pattern.c has
     * the keys it accepts) */
    const ank_constraint *index = get(&x, ANK_KIND_TYPE_SHAPE, "Index");
    ank_ir *ir = NULL;
    CHECK_INT(ank_braid_compile(x.r, NULL, &ir, NULL), ANK_OK);
    size_t at = index ? ank_ir_artifact_find(ir, "schema", index->id, 0)
                      : ANK_NPOS;
    CHECK(at != ANK_NPOS);
    const char *gbnf = at != ANK_NPOS
                           ? ank_ir_artifact_text(ir, at, ANK_PART_GBNF, NULL)
                           : NULL;
    CHECK(gbnf && strstr(gbnf, "\njson-pattern ::= \"\\\"\" (\"-\" (\"0\\\"\" | "
                               "[1-9] [0-9]* \"\\\"\") | \"0\\\"\" | [1-9] "
                               "[0-9]* \"\\\"\")\n"));
    ank_ir_free(ir);
    /* what encoding/json cannot write: a member is left out, a value is
     * {}, each with a note */
    expect(&x, "Pipe", false,
           HEAD("Pipe") "'type':'object','properties':{'N':{'type':"
                        "'integer'}},'required':['N'],"
                        "'additionalProperties':false}",
           "[{'path':'/properties/Done','type':'<-chan struct{}','reason':"
           "'channel or complex member: encoding/json cannot write it; left "
           "out'},{'path':'/properties/Z','type':'complex128','reason':"
           "'channel or complex member: encoding/json cannot write it; left "
           "out'}]");
    expect(&x, "Feed", true,
           "{'name':'Feed','description':'func Feed(c chan int, zs "
           "[]complex64)','parameters':{'type':'object','properties':{"
           "'c':{},'zs':{'type':'array','items':{}}},'required':['c','zs'],"
           "'additionalProperties':false}}",
           "[{'path':'/parameters/properties/c','type':'chan','reason':"
           "'no JSON value: encoding/json cannot write it'},"
           "{'path':'/parameters/properties/zs/items','type':'complex64',"
           "'reason':'no JSON value: encoding/json cannot write it'}]");
    /* `_` gets a name; invalid UTF-8 in the doc becomes U+FFFD */
    expect(&x, "Sum", true,
           "{'name':'Sum','description':'Bad \xef\xbf\xbd doc.','parameters':{"
           "'type':'object','properties':{'xs':{'type':'array','items':"
           "{'type':'integer'}},'arg1':{'type':'integer','minimum':-2147483648,"
           "'maximum':2147483647}},'required':['xs','arg1'],"
           "'additionalProperties':false}}",
           NULL);
    unload(&x);
}

static const char ZIG_SRC[] =
    "/// A point.\npub const Point = struct {\n    x: i32,\n    y: u7 = 0,\n"
    "    name: []const u8,\n    tag: ?*const Point,\n    raw: [2]u8,\n"
    "    big: u64,\n};\n"
    "pub const Kind = enum(u8) { a, b = 5 };\n"
    "pub const Val = union(enum) { int: i64, none, pt: Point };\n"
    "pub const Bare = union { a: u8, b: f32 };\n"
    "pub const Pair = struct { u8, bool };\n"
    "pub fn add(self: *Point, dx: i32, opt: ?u16) !void {}\n";

static void zig(void)
{
    fixture x;
    load(&x, ANK_LANG_ZIG, "t.zig", ZIG_SRC);
    expect(
        &x, "Point", false,
        HEAD("Point") "'description':'A point.','type':'object','properties':{"
                      "'x':{'type':'integer','minimum':-2147483648,'maximum':"
                      "2147483647},"
                      "'y':{'type':'integer','minimum':0,'maximum':127,'"
                      "default':0},"
                      "'name':{'type':'string'},"
                      "'tag':{'anyOf':[{'$ref':'#'},{'type':'null'}]},"
                      "'raw':{'type':'array','items':{'type':'integer','"
                      "minimum':0,"
                      "'maximum':255},'minItems':2,'maxItems':2},"
                      "'big':{'type':'integer','minimum':0}},"
                      "'required':['x','name','raw','big'],'"
                      "additionalProperties':false}",
        NULL);
    expect(&x, "Kind", false, HEAD("Kind") "'enum':['a','b']}", NULL);
    char *n = NULL, *s = build(&x, "Val", false, &n);
    CHECK(s && strstr(s, test_q("'anyOf':[{'type':'object','properties':{'int':"
                           "{'type':'integer'}},'required':['int'],"
                           "'additionalProperties':false},{'type':'object',"
                           "'properties':{'none':{'type':'object',"
                           "'additionalProperties':false}},'required':['none'],"
                           "'additionalProperties':false},{'type':'object',"
                           "'properties':{'pt':{'$ref':'#/$defs/Point'}},"
                           "'required':['pt'],'additionalProperties':false}],"
                           "'$defs':{'Point':{'title':'Point',")));
    CHECK_STR(n, "[]");
    ank__free(s);
    ank__free(n);
    expect(&x, "Bare", false, ONLY("Bare"),
           "[{'path':'','type':'Bare',"
           "'reason':'untagged union: std.json cannot write it'}]");
    expect(&x, "Pair", false,
           HEAD("Pair") "'type':'array','prefixItems':[{'type':'integer',"
                        "'minimum':0,'maximum':255},{'type':'boolean'}],'items'"
                        ":false,"
                        "'minItems':2}",
           NULL);
    expect(&x, "add", true,
           "{'name':'add','description':'pub fn add(self: *Point, dx: i32,"
           " opt: ?u16) !void','parameters':{'type':'object','properties':{"
           "'dx':{'type':'integer','minimum':-2147483648,'maximum':2147483647},"
           "'opt':{'anyOf':[{'type':'integer','minimum':0,'maximum':65535},"
           "{'type':'null'}]}},'required':['dx','opt'],"
           "'additionalProperties':false}}",
           NULL);
    unload(&x);
}

/* jansson's allocations: after json_countdown - 1 successes, every one
 * fails (ank__alloc_fail_after does not reach jansson). */
static json_malloc_t real_malloc;
static json_free_t real_free;
static uint64_t json_countdown;

static void *failing_json_malloc(size_t n)
{
    if (json_countdown == 1)
        return NULL;
    json_countdown--;
    return real_malloc(n);
}

/* Build `name` with the n-th allocation failing, for every n until one
 * succeeds: a failure must be reported as NOMEM, never leak (the harness
 * counts blocks), and success must give the normal bytes. */
static void failures(fixture *x, const char *name, bool tool, bool in_json)
{
    char *n0 = NULL, *want = build(x, name, tool, &n0);
    const ank_constraint *c =
        get(x, tool ? ANK_KIND_FUNCTION_SIGNATURE : ANK_KIND_TYPE_SHAPE, name);
    bool done = false;
    for (uint64_t n = 1; n < 200000 && !done && c; n++) {
        json_t *notes = json_array();
        x->b.status = ANK_OK;
        if (in_json) {
            json_get_alloc_funcs(&real_malloc, &real_free);
            json_countdown = n + 1;
            json_set_alloc_funcs(failing_json_malloc, real_free);
        } else {
            ank__alloc_fail_after(n);
        }
        json_t *v = tool ? ank__schema_tool(&x->b, c, notes)
                         : ank__schema_shape(&x->b, c, notes);
        if (in_json)
            json_set_alloc_funcs(real_malloc, real_free);
        else
            ank__alloc_fail_after(0);
        CHECK(v ? x->b.status == ANK_OK : x->b.status == ANK_ERR_NOMEM);
        if (v) {
            char *got = dump(v);
            CHECK_STR(got, want);
            ank__free(got);
            done = true;
        }
        json_decref(v);
        json_decref(notes);
    }
    CHECK(done);
    x->b.status = ANK_OK;
    ank__free(want);
    ank__free(n0);
}

static void allocation_failures(void)
{
    fixture x;
    load(&x, ANK_LANG_TYPESCRIPT, "t.ts", TS_SRC);
    for (int j = 0; j < 2; j++) {
        failures(&x, "Q", false, j);
        failures(&x, "C", false, j);
        failures(&x, "Ext", false, j);
        failures(&x, "make", true, j);
    }
    unload(&x);
    load(&x, ANK_LANG_RUST, "t.rs", RS_SRC);
    for (int j = 0; j < 2; j++) {
        failures(&x, "User", false, j);
        failures(&x, "Shape", false, j);
        failures(&x, "UsesGen", false, j);
    }
    unload(&x);
    load(&x, ANK_LANG_GO, "t.go", GO_SRC);
    for (int j = 0; j < 2; j++) {
        failures(&x, "Item", false, j);
        failures(&x, "Sum", true, j);
    }
    unload(&x);
    load(&x, ANK_LANG_PYTHON, "p.py", PY_SRC);
    for (int j = 0; j < 2; j++) {
        failures(&x, "Event", false, j);
        failures(&x, "Size", false, j);
    }
    unload(&x);
}

void test_braid_schema(void)
{
    typescript();
    typescript_utility();
    python();
    rust();
    go();
    go_override();
    zig();
    allocation_failures();
}
