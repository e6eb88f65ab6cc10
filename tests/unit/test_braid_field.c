/*
 * test_braid_field.c - pydantic field constraints (braid/schema_field.c):
 * the schema a model gets from Field() defaults, Annotated metadata and
 * constrained types, from source through the IR (a Field() without a
 * default is required), and what the schema's grammar then accepts.
 */
#include "../../ffi/alloc.h"
#include "test.h"
#include "test_json.h"
#include "tests.h"

static const char MODEL[] =
    "from typing import Optional\n"
    "from pydantic import BaseModel, Field\n"
    "LIMIT = 3\n"
    "class Item(BaseModel):\n"
    "    qty: int = Field(..., ge=1, le=99)\n"
    "    price: float = pydantic.Field(gt=0, lt=1e6)\n"
    "    sku: str = Field(..., min_length=3, max_length=12,\n"
    "                     pattern=r\"^[A-Z]{3}-\\d+$\")\n"
    "    tags: list[str] = Field(default_factory=list, max_length=5)\n"
    "    code: str = Field(..., regex='^[a-z]+$', description=\"a, b\")\n"
    "    odd: int = Field(..., ge=LIMIT, le=f(1, 2), max_length=3)\n"
    "    maybe: Optional[int] = Field(None, ge=0)\n";

static const char ANNOTATED[] =
    "from typing import Annotated, Optional\n"
    "from annotated_types import Ge, Len, MaxLen\n"
    "from fastapi import Query\n"
    "from pydantic import BaseModel, Field, conint, confloat, constr\n"
    "class Entry(BaseModel):\n"
    "    age: Annotated[int, Field(ge=0, le=150)]\n"
    "    ratio: Annotated[float, Ge(0), Field(lt=1)]\n"
    "    name: Annotated[str, Len(2, 8), 'a doc', Field(ge=1)]\n"
    "    nick: Annotated[Optional[str], MaxLen(4)] = None\n"
    "    ids: list[Annotated[int, Field(gt=0)]]\n"
    "    code: constr(pattern=r\"^[A-Z]{3}$\")\n"
    "    level: conint(ge=1, le=10) = 1\n"
    "    weight: pydantic.confloat(gt=0)\n"
    "    many: conlist(int, min_length=1, max_length=3)\n"
    "    uniq: conset(str, max_items=2) = set()\n"
    "    plain: int\n"
    "    also: Optional[int] = 3\n"
    "    pos: PositiveInt\n"
    "    frac: NonNegativeFloat = 0.5\n"
    "    strict: StrictStr\n"
    "def search(q: Annotated[str, Query(max_length=50)],\n"
    "           limit: Annotated[int, Query(ge=1, le=100)] = 10) -> int:\n"
    "    return limit\n";

/* The JSON of part `part` of the artifact of kind and name (new; NULL
 * after a failed CHECK). */
static char *part_of(const ank_ir *ir, const char *kind, const char *name,
                     ank_ir_part part)
{
    char *text = NULL;
    size_t len;
    for (size_t k = 0; ir && k < ank_ir_artifact_count(ir); k++)
        if (!strcmp(ank_ir_artifact_kind(ir, k), kind) &&
            !strcmp(ank_ir_artifact_name(ir, k), name))
            CHECK_INT(ank_ir_artifact_json(ir, k, part, &text, &len, NULL),
                      ANK_OK);
    CHECK(text != NULL);
    return text;
}

/* Annotated metadata (pydantic's Field, annotated_types' markers,
 * FastAPI's Query in a tool's parameters, nested in a list) and
 * constrained types (conlist, conset: v1's min_items too; PositiveInt,
 * NonNegativeFloat), as pydantic writes them; metadata that is no
 * constraint ('a doc', ge on a string) is left out, and the shared
 * {"type": "integer"} of other fields stays as it was. */
static void annotated(void)
{
    size_t at;
    ank_ir *ir = test_json_compile("e.py", ANNOTATED, "Entry", &at);
    char *schema = part_of(ir, "schema", "Entry", ANK_PART_SCHEMA);
    CHECK_STR(schema,
              test_q("{'$schema':'https://json-schema.org/draft/2020-12/"
                     "schema','title':'Entry','type':'object','properties':{"
                     "'age':{'type':'integer','minimum':0,'maximum':150},"
                     "'ratio':{'type':'number','minimum':0,"
                     "'exclusiveMaximum':1},"
                     "'name':{'type':'string','minLength':2,'maxLength':8},"
                     "'nick':{'anyOf':[{'type':'string','maxLength':4},"
                     "{'type':'null'}],'default':null},"
                     "'ids':{'type':'array','items':{'type':'integer',"
                     "'exclusiveMinimum':0}},"
                     "'code':{'type':'string','pattern':'^[A-Z]{3}$'},"
                     "'level':{'type':'integer','minimum':1,'maximum':10,"
                     "'default':1},"
                     "'weight':{'type':'number','exclusiveMinimum':0},"
                     "'many':{'type':'array','items':{'type':'integer'},"
                     "'minItems':1,'maxItems':3},"
                     "'uniq':{'type':'array','items':{'type':'string'},"
                     "'uniqueItems':true,'maxItems':2},"
                     "'plain':{'type':'integer'},"
                     "'also':{'anyOf':[{'type':'integer'},{'type':'null'}],"
                     "'default':3},"
                     "'pos':{'type':'integer','exclusiveMinimum':0},"
                     "'frac':{'type':'number','minimum':0,'default':0.5},"
                     "'strict':{'type':'string'}},"
                     "'required':['age','ratio','name','ids','code','weight',"
                     "'many','plain','pos','strict'],"
                     "'additionalProperties':false}"));
    ank_free(schema);
    char *tool = part_of(ir, "tool", "search", ANK_PART_TOOL);
    CHECK(tool && strstr(tool, test_q("'q':{'type':'string','maxLength':50}")));
    CHECK(tool && strstr(tool, test_q("'limit':{'type':'integer','minimum':1,"
                                      "'maximum':100,'default':10}")));
    ank_free(tool);
    const char *gbnf = ank_ir_artifact_text(ir, at, ANK_PART_GBNF, NULL);
    ank_ggram *gg = NULL;
    CHECK(gbnf && ank__ggram_compile(gbnf, strlen(gbnf), NULL, &gg, NULL) ==
                      ANK_OK);
    /* age, nick and level, in the properties' order (the grammar's) */
    static const struct {
        const char *age, *nick, *level;
        bool good;
    } cases[] = {
        {"150", "", "", true},           {"0", ",'nick':'abcd'", "", true},
        {"3", ",'nick':null", ",'level':10", true},
        {"151", "", "", false},          {"-1", "", "", false},
        {"3", ",'nick':'abcde'", "", false},
        {"3", "", ",'level':11", false}, {"3", "", ",'level':0", false}};
    char text[256];
    for (size_t i = 0; gg && i < sizeof cases / sizeof *cases; i++) {
        snprintf(text, sizeof text,
                 "{'age':%s,'ratio':0.5,'name':'ab'%s,'ids':[1,2],"
                 "'code':'ABC'%s,'weight':1,'many':[1],'plain':-5,'pos':1,"
                 "'strict':'s'}",
                 cases[i].age, cases[i].nick, cases[i].level);
        const char *t = test_q(text);
        bool good = cases[i].good;
        if (test_json_accepts(gg, t, strlen(t)) != good)
            fprintf(stderr, "    %s %s\n", good ? "refused" : "accepted", t);
        CHECK(test_json_accepts(gg, t, strlen(t)) == good);
    }
    /* one field changed from a text the grammar takes: ids' items, the
     * name's length, the code's pattern, weight, many's and uniq's
     * counts */
    static const struct {
        const char *ids, *name, *code, *weight, *many, *uniq, *pos, *frac;
        bool good;
    } more[] = {
        {"[1]", "ab", "ABC", "1", "[1]", "", "1", "", true},
        {"[]", "abcdefgh", "XYZ", "0.001", "[1,2,3]", ",'uniq':['a','b']",
         "7", ",'frac':0", true},
        {"[0]", "ab", "ABC", "1", "[1]", "", "1", "", false},
        {"[1]", "a", "ABC", "1", "[1]", "", "1", "", false},
        {"[1]", "abcdefghi", "ABC", "1", "[1]", "", "1", "", false},
        {"[1]", "ab", "AB", "1", "[1]", "", "1", "", false},
        {"[1]", "ab", "ABC", "0", "[1]", "", "1", "", false},
        {"[1]", "ab", "ABC", "1", "[]", "", "1", "", false},
        {"[1]", "ab", "ABC", "1", "[1,2,3,4]", "", "1", "", false},
        {"[1]", "ab", "ABC", "1", "[1]", ",'uniq':['a','b','c']", "1", "",
         false},
        {"[1]", "ab", "ABC", "1", "[1]", "", "0", "", false},
        {"[1]", "ab", "ABC", "1", "[1]", "", "1", ",'frac':-0.5", false}};
    for (size_t i = 0; gg && i < sizeof more / sizeof *more; i++) {
        snprintf(text, sizeof text,
                 "{'age':1,'ratio':0.5,'name':'%s','ids':%s,'code':'%s',"
                 "'weight':%s,'many':%s%s,'plain':1,'pos':%s%s,'strict':'s'}",
                 more[i].name, more[i].ids, more[i].code, more[i].weight,
                 more[i].many, more[i].uniq, more[i].pos, more[i].frac);
        const char *t = test_q(text);
        bool good = more[i].good;
        if (test_json_accepts(gg, t, strlen(t)) != good)
            fprintf(stderr, "    %s %s\n", good ? "refused" : "accepted", t);
        CHECK(test_json_accepts(gg, t, strlen(t)) == good);
    }
    ank__ggram_free(gg);
    ank_ir_free(ir);
}

void test_braid_field(void)
{
    annotated();
    {
    size_t at;
    ank_ir *ir = test_json_compile("m.py", MODEL, "Item", &at);
    char *schema = NULL;
    size_t len;
    if (at != ANK_NPOS)
        CHECK_INT(ank_ir_artifact_json(ir, at, ANK_PART_SCHEMA, &schema, &len,
                                       NULL),
                  ANK_OK);
    /* what pydantic's model_json_schema() writes for each argument; those
     * whose value is no literal (LIMIT, f(1, 2)) or that do not fit the
     * type (max_length on an int) are left out; an Optional's go to its
     * member that is not null, and Field(None) is a default */
    CHECK_STR(schema,
              test_q("{'$schema':'https://json-schema.org/draft/2020-12/"
                     "schema','title':'Item','type':'object','properties':{"
                     "'qty':{'type':'integer','minimum':1,'maximum':99},"
                     "'price':{'type':'number','exclusiveMinimum':0,"
                     "'exclusiveMaximum':1e6},"
                     "'sku':{'type':'string','minLength':3,'maxLength':12,"
                     "'pattern':'^[A-Z]{3}-\\\\d+$'},"
                     "'tags':{'type':'array','items':{'type':'string'},"
                     "'maxItems':5},"
                     "'code':{'type':'string','pattern':'^[a-z]+$'},"
                     "'odd':{'type':'integer'},"
                     "'maybe':{'anyOf':[{'type':'integer','minimum':0},"
                     "{'type':'null'}],'default':null}},"
                     "'required':['qty','price','sku','code','odd'],"
                     "'additionalProperties':false}"));
    ank_free(schema);
    /* the grammar holds them */
    const char *gbnf =
        at != ANK_NPOS ? ank_ir_artifact_text(ir, at, ANK_PART_GBNF, NULL) : NULL;
    CHECK(gbnf != NULL);
    ank_ggram *gg = NULL;
    if (gbnf)
        CHECK_INT(ank__ggram_compile(gbnf, strlen(gbnf), NULL, &gg, NULL),
                  ANK_OK);
    static const char *const yes[] = {
        "{'qty':5,'price':2,'sku':'ABC-12','code':'ab','odd':-1}",
        "{'qty':99,'price':0.5,'sku':'XYZ-12345678','tags':['a','b','c','d','e'],"
        "'code':'z','odd':0,'maybe':4}"};
    static const char *const no[] = {
        "{'qty':0,'price':2,'sku':'ABC-12','code':'ab','odd':1}",
        "{'qty':100,'price':2,'sku':'ABC-12','code':'ab','odd':1}",
        "{'qty':5,'price':2,'sku':'AB-12','code':'ab','odd':1}",
        "{'qty':5,'price':2,'sku':'ABC-1234567890','code':'ab','odd':1}",
        "{'qty':5,'price':2,'sku':'ABC-12','code':'Ab','odd':1}",
        "{'qty':5,'price':2,'sku':'ABC-12','tags':['a','b','c','d','e','f'],"
        "'code':'a','odd':1}",
        "{'qty':5,'price':-1,'sku':'ABC-12','code':'ab','odd':1}",
        "{'qty':5,'price':2,'sku':'ABC-12','code':'ab','odd':1,'maybe':-4}",
        /* price has no default: Field(gt=0, lt=1e6) is required */
        "{'qty':5,'sku':'ABC-12','code':'ab','odd':1}"};
    for (size_t i = 0; i < 2; i++) {
        const char *t = test_q(yes[i]);
        CHECK(test_json_accepts(gg, t, strlen(t)));
    }
    for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
        const char *t = test_q(no[i]);
        if (test_json_accepts(gg, t, strlen(t)))
            fprintf(stderr, "    accepted %s\n", t);
        CHECK(!test_json_accepts(gg, t, strlen(t)));
    }
    ank__ggram_free(gg);
    ank_ir_free(ir);
}
}
