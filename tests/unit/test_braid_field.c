/*
 * test_braid_field.c - pydantic Field() constraints (braid/schema_field.c):
 * the schema a model gets, from source through the IR (a Field() without
 * a default is required), and what the schema's grammar then accepts.
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

void test_braid_field(void)
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
     * type (max_length on an int, ge on an Optional) are left out */
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
                     "'maybe':{'anyOf':[{'type':'integer'},{'type':'null'}]}},"
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
        "'code':'z','odd':0,'maybe':-4}"};
    static const char *const no[] = {
        "{'qty':0,'price':2,'sku':'ABC-12','code':'ab','odd':1}",
        "{'qty':100,'price':2,'sku':'ABC-12','code':'ab','odd':1}",
        "{'qty':5,'price':2,'sku':'AB-12','code':'ab','odd':1}",
        "{'qty':5,'price':2,'sku':'ABC-1234567890','code':'ab','odd':1}",
        "{'qty':5,'price':2,'sku':'ABC-12','code':'Ab','odd':1}",
        "{'qty':5,'price':2,'sku':'ABC-12','tags':['a','b','c','d','e','f'],"
        "'code':'a','odd':1}",
        "{'qty':5,'price':-1,'sku':'ABC-12','code':'ab','odd':1}",
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
