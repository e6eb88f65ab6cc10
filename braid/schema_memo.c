/*
 * schema_memo.c - each def of a compile built once: a record of what
 * building a shape's def did, replayed by the next document that needs it.
 *
 * While a def of a shape referenced without type arguments is built, a
 * frame is open and everything the build reads from or adds to the
 * document goes to a log: the defs keys it looked up and did not find,
 * the shapes it referenced, the defs it added (in the order they were
 * completed, which is their order in the document) and the notes it
 * added.  When the build ends, its part of the log becomes a record of
 * the shape, and the enclosing frame's log names the record instead.
 *
 * A build is a function of what it reads: the shape, the language, the
 * defs keys it looks up, whether a referenced shape is the document's
 * root ("#"), the depth it starts at (defs nest at most
 * ANK_SCHEMA_MAX_DEFS_DEPTH deep) and the pointer of the defs (in note
 * paths).  So a record is replayed when the key is the same, every key it
 * did not find is still absent, no shape it references is the root, and
 * no def it built would be cut off; note paths are rewritten when the
 * defs are elsewhere.  A build is not recorded when it found a key that
 * was there before it began, referenced the root, was cut off, or wrote a
 * note whose type is the text of the value that referenced the def (all
 * depend on where it was built).  A key's stamp (the clock when it was
 * last added to defs) tells whether it was there before a frame began.
 *
 * The body of a shape document's root is recorded the same way, as the
 * def of that shape: a frame begun a level above depth 0 whose own key
 * is absent (a root body that looks it up, or references the root, or
 * writes a note outside the defs, is not recorded), closed with the def
 * made of the document's title, description and body.
 *
 * The memo also holds the small values every document may share instead
 * of building its own: JSON strings (titles, required names, type names),
 * {"$ref": ...} objects and builtin leaf schemas such as {"type":
 * "string"}, interned by their text; the "properties" objects and
 * "required" arrays of object schemas, interned by the pointers of the
 * values they hold (most shapes and tools repeat a few); and a bitset of the last segments
 * of the shapes' names, so that a name no shape ends with (most are
 * builtins) is not looked up at all.
 *
 * Invariants: records are immutable and hold a reference to each def and
 * note they name; defs, notes and shared values are shared between
 * documents and never changed once added (a shared value has a reference
 * count above one while the memo lives: whoever wants to change one copies
 * it first); nothing here survives the compile.
 */
#include <string.h>
#include <xxhash.h>

#include "../ffi/alloc.h"
#include "schema_json.h"
#include "schema_memo.h"

/* An interned defs key and the clock when it was last added to defs. */
typedef struct mkey {
    uint64_t hash;
    uint32_t stamp;
    char text[];
} mkey;

enum { EV_ABSENT, EV_SHAPE, EV_DEF, EV_NOTE, EV_CHILD };

typedef struct mentry mentry;

typedef struct mev {
    int kind;
    union {
        mkey *key;                   /* ABSENT, DEF */
        const ank_constraint *shape; /* SHAPE */
        const mentry *child;         /* CHILD */
    } u;
    json_t *v; /* DEF: the def; NOTE: the note */
} mev;

/* The record of one def's build. */
struct mentry {
    const ank_constraint *s;
    ank_lang lang;
    const mkey *key;
    const char *dpath; /* the defs' pointer its notes' paths start with */
    unsigned maxrel;   /* deepest key it did not find, from its own depth */
    const mev *ev;
    size_t nev;
    mentry *next; /* every record, for release */
};

typedef struct mframe {
    size_t start;    /* its log from here */
    const char *text0;
    const ank_constraint *s;
    const mkey *key;
    uint32_t stamp;  /* the clock when it began */
    int depth;       /* w->depth when it began (-1: a document's root) */
    unsigned maxrel; /* as mentry */
    bool spoiled; /* not to be recorded */
    bool root;    /* the body of a shape document's root, recorded as the
                     def of that shape */
} mframe;

/* A shared value, known by its kind and text. */
typedef struct sval {
    uint64_t hash;
    json_t *v;
    size_t len;
    int kind;
    char text[];
} sval;

/* SV_OBJ's text is the (name, value) pointers of its members, SV_ARR's
 * its items' pointers: the same pointers are the same values, as the
 * names are shared strings and the table holds the values it was made
 * of. */
enum { SV_STR, SV_REF, SV_TYPED, SV_OBJ, SV_ARR };

/* A shared value of static text, known by the text's address. */
typedef struct slit {
    const char *p;
    json_t *v; /* borrowed from the table */
} slit;

#define LIT_SLOTS 8 /* per kind, two-way */

/* Frames open at once, at most: a build nested deeper is not recorded
 * (its enclosing frames record what it did). */
#define MAX_FRAMES ANK_SCHEMA_MAX_DEFS_DEPTH

/* Room for the frames of the first growth: defs seldom nest deeper. */
#define FIRST_FRAMES 4

struct ank_smemo {
    mev *log;
    size_t nlog, caplog;
    mframe *frames; /* grown as they nest, up to MAX_FRAMES */
    unsigned nframes, capframes;
    uint32_t clock;
    mkey **keys; /* open addressing by hash, power of two */
    size_t kcap, nkeys;
    mentry **ents; /* the latest record per (shape, language) */
    size_t ecap, nents;
    mentry *all;
    sval **vals; /* open addressing by hash, power of two */
    size_t vcap, nvals;
    slit lits[SV_TYPED + 1][LIT_SLOTS]; /* by kind, in front of vals */
    uint64_t *names; /* a bit per hash of (language, last segment of a
                        shape's name), made on first use */
    uint64_t names_mask;
    ank_arena arena; /* the keys, records and shared values' texts: they go
                        with the memo, which goes with the last tool */
};

/* ------------------------------------------------------------ tables */

/* Slots of a table's first growth: a compile of a few shapes fills no
 * more, a larger one doubles it a few times. */
#define FIRST_SLOTS 16

static bool grow_table(void ***slots, size_t *cap, size_t n,
                       uint64_t (*hash_of)(const void *))
{
    if ((n + 1) * 2 <= *cap)
        return true;
    size_t ncap = *cap ? *cap * 2 : FIRST_SLOTS;
    void **ns = ank__calloc(ncap, sizeof *ns);
    if (!ns)
        return false;
    for (size_t i = 0; i < *cap; i++) {
        if (!(*slots)[i])
            continue;
        size_t j = hash_of((*slots)[i]) & (ncap - 1);
        while (ns[j])
            j = (j + 1) & (ncap - 1);
        ns[j] = (*slots)[i];
    }
    ank__free(*slots);
    *slots = ns;
    *cap = ncap;
    return true;
}

static uint64_t key_hash(const void *k) { return ((const mkey *)k)->hash; }

static uint64_t sval_hash(const void *v) { return ((const sval *)v)->hash; }

static uint64_t shape_hash(const ank_constraint *s, ank_lang lang)
{
    return ((uint64_t)(uintptr_t)s >> 3 ^ (uint64_t)lang << 59) *
           UINT64_C(0x9E3779B97F4A7C15) >> 16;
}

static uint64_t entry_hash(const void *e)
{
    return shape_hash(((const mentry *)e)->s, ((const mentry *)e)->lang);
}

/* The interned key `key`; added (stamp 0) unless `add` is false. */
static mkey *key_of(ank_swalk *w, ank_smemo *m, const char *key, bool add)
{
    size_t len = strlen(key);
    uint64_t h = XXH3_64bits(key, len);
    for (size_t i = m->kcap ? h & (m->kcap - 1) : 0; m->kcap;
         i = (i + 1) & (m->kcap - 1)) {
        mkey *k = m->keys[i];
        if (!k)
            break;
        if (k->hash == h && strcmp(k->text, key) == 0)
            return k;
    }
    if (!add)
        return NULL;
    mkey *k = NULL;
    if (grow_table((void ***)&m->keys, &m->kcap, m->nkeys, key_hash))
        k = ank__arena_alloc(&m->arena, sizeof *k + len + 1);
    if (!k) {
        nomem(w);
        return NULL;
    }
    k->hash = h;
    memcpy(k->text, key, len + 1);
    size_t i = h & (m->kcap - 1);
    while (m->keys[i])
        i = (i + 1) & (m->kcap - 1);
    m->keys[i] = k;
    m->nkeys++;
    return k;
}

static mentry *entry_of(ank_smemo *m, const ank_constraint *s, ank_lang lang)
{
    uint64_t h = shape_hash(s, lang);
    for (size_t i = m->ecap ? h & (m->ecap - 1) : 0; m->ecap;
         i = (i + 1) & (m->ecap - 1)) {
        mentry *e = m->ents[i];
        if (!e)
            break;
        if (e->s == s && e->lang == lang)
            return e;
    }
    return NULL;
}

/* The compile's memo, made on first use. */
static ank_smemo *memo_of(ank_swalk *w)
{
    if (!w->b->smemo) {
        if (!(w->b->smemo = ank__calloc(1, sizeof(ank_smemo))))
            nomem(w);
        else
            w->b->smemo->arena = (ank_arena)ANK_ARENA_SMALL;
    }
    return w->b->smemo;
}

/* ------------------------------------------------------- shape names */

static uint64_t seg_hash(ank_lang lang, const char *s, size_t n)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325) ^ (uint64_t)lang;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * UINT64_C(0x100000001b3);
    return h ^ h >> 29;
}

static bool name_bits(ank_swalk *w, ank_smemo *m)
{
    const ank_bctx *b = w->b;
    size_t bits = 256;
    while (bits < 8 * b->nshapes)
        bits *= 2;
    if (!(m->names = ank__calloc(bits / 64, sizeof *m->names))) {
        nomem(w);
        return false;
    }
    m->names_mask = bits - 1;
    for (size_t i = 0; i < b->nshapes; i++) {
        const char *name = b->shapes[i]->name, *dot = strrchr(name, '.');
        const char *seg = dot ? dot + 1 : name;
        uint64_t h = seg_hash(ank__braid_lang(b->shapes[i]->language), seg,
                              strlen(seg)) &
                     m->names_mask;
        m->names[h / 64] |= UINT64_C(1) << (h % 64);
    }
    return true;
}

bool ank__schema_memo_may_name(ank_swalk *w, const char *seg, size_t n)
{
    ank_smemo *m = memo_of(w);
    if (!m || (!m->names && !name_bits(w, m)))
        return false;
    uint64_t h = seg_hash(ank__braid_lang(w->lang), seg, n) & m->names_mask;
    return m->names[h / 64] >> (h % 64) & 1;
}

/* ------------------------------------------------------- shared values */

/* A new value of `kind` for `text`: a string, {"$ref": text},
 * {"type": t} / {"type": t, key: value} from "t", "t\0key\0value", an
 * object or an array of the values `text` points to. */
static json_t *make_value(ank_swalk *w, int kind, const char *text, size_t len)
{
    if (kind == SV_STR)
        return json_stringn_nocheck(text, len);
    if (kind == SV_OBJ || kind == SV_ARR) {
        json_t *const *p = (json_t *const *)(const void *)text;
        size_t n = len / sizeof *p;
        json_t *v = kind == SV_OBJ ? json_object() : json_array();
        for (size_t i = 0; kind == SV_OBJ && i < n; i += 2)
            ank__schema_putn(w, v, json_string_value(p[i]),
                             json_string_length(p[i]), json_incref(p[i + 1]));
        for (size_t i = 0; kind == SV_ARR && i < n; i++)
            ank__schema_push(w, v, json_incref(p[i]));
        return checked(w, v);
    }
    json_t *o = json_object();
    if (kind == SV_REF) {
        ank__schema_put(w, o, "$ref", ank__schema_text(text, len));
        return o;
    }
    size_t n = strlen(text);
    ank__schema_put(w, o, "type", ank__schema_shared_str(w, text, n));
    if (n < len) {
        const char *key = text + n + 1, *value = key + strlen(key) + 1;
        ank__schema_put(w, o, key,
                        ank__schema_shared_str(w, value, strlen(value)));
    }
    return o;
}

/* The shared value of `kind` and `text` (made on first use), with a new
 * reference; NULL after a failure. */
static json_t *shared(ank_swalk *w, int kind, const char *text, size_t len)
{
    ank_smemo *m = memo_of(w);
    if (!m || w->b->status)
        return NULL;
    uint64_t h = XXH3_64bits_withSeed(text, len, (uint64_t)kind);
    for (size_t i = m->vcap ? h & (m->vcap - 1) : 0; m->vcap;
         i = (i + 1) & (m->vcap - 1)) {
        const sval *e = m->vals[i];
        if (!e)
            break;
        if (e->hash == h && e->len == len && e->kind == kind &&
            memcmp(e->text, text, len) == 0)
            return json_incref(e->v);
    }
    json_t *v = make_value(w, kind, text, len);
    sval *e = NULL;
    if (v && !w->b->status &&
        grow_table((void ***)&m->vals, &m->vcap, m->nvals, sval_hash))
        e = ank__arena_alloc(&m->arena, sizeof *e + len);
    if (!e) {
        json_decref(v);
        nomem(w);
        return NULL;
    }
    *e = (sval){.hash = h, .v = v, .len = len, .kind = kind};
    memcpy(e->text, text, len);
    size_t i = h & (m->vcap - 1);
    while (m->vals[i])
        i = (i + 1) & (m->vcap - 1);
    m->vals[i] = e;
    m->nvals++;
    return json_incref(v);
}

/* shared() for text in static storage: a static address holds the same
 * text for the whole run, so the address alone finds it again. */
static json_t *shared_static(ank_swalk *w, int kind, const char *text)
{
    ank_smemo *m = memo_of(w);
    if (!m)
        return NULL;
    /* constants sit close together: mix the address's bits */
    slit *t = m->lits[kind];
    size_t i = (size_t)(((uint64_t)(uintptr_t)text *
                         UINT64_C(0x9E3779B97F4A7C15)) >> 61),
           j = (i + 1) % LIT_SLOTS;
    if (t[i].p == text)
        return json_incref(t[i].v);
    if (t[j].p == text)
        return json_incref(t[j].v);
    json_t *v = shared(w, kind, text, strlen(text));
    if (v)
        t[t[i].p && !t[j].p ? j : i] = (slit){text, v};
    return v;
}

json_t *ank__schema_shared_str(ank_swalk *w, const char *s, size_t n)
{
    return shared(w, SV_STR, s, n);
}

json_t *ank__schema_shared_lit(ank_swalk *w, const char *lit)
{
    return shared_static(w, SV_STR, lit);
}

json_t *ank__schema_shared_ref(ank_swalk *w, const char *ref, size_t n)
{
    return n == 1 && ref[0] == '#' ? shared_static(w, SV_REF, "#")
                                   : shared(w, SV_REF, ref, n);
}

json_t *ank__schema_shared_object(ank_swalk *w, json_t *const *kv, size_t n)
{
    static json_t *const none[1];
    return shared(w, SV_OBJ, (const char *)(const void *)(n ? kv : none),
                  2 * n * sizeof *kv);
}

json_t *ank__schema_shared_array(ank_swalk *w, json_t *const *items, size_t n)
{
    static json_t *const none[1];
    return shared(w, SV_ARR, (const char *)(const void *)(n ? items : none),
                  n * sizeof *items);
}

json_t *ank__schema_shared_typed(ank_swalk *w, const char *type,
                                 const char *key, const char *value)
{
    if (!key)
        return shared_static(w, SV_TYPED, type);
    char text[128];
    size_t a = strlen(type), b = strlen(key), c = strlen(value);
    if (a + b + c + 3 > sizeof text) { /* no builtin is that long */
        ank__bctx_fail(w->b, ANK_ERR_INTERNAL, "shared schema too long");
        return NULL;
    }
    memcpy(text, type, a + 1);
    memcpy(text + a + 1, key, b + 1);
    memcpy(text + a + b + 2, value, c + 1);
    return shared(w, SV_TYPED, text, a + b + c + 2);
}

/* ------------------------------------------------------------- the log */

/* Room for one more open frame; false (and the failure recorded) when out
 * of memory. */
static bool frame_room(ank_swalk *w, ank_smemo *m)
{
    if (m->nframes < m->capframes)
        return true;
    unsigned cap = m->capframes ? 2 * m->capframes : FIRST_FRAMES;
    cap = cap < MAX_FRAMES ? cap : MAX_FRAMES;
    mframe *f = ank__realloc(m->frames, cap * sizeof *f);
    if (!f) {
        nomem(w);
        return false;
    }
    m->frames = f;
    m->capframes = cap;
    return true;
}

static bool logging(const ank_smemo *m) { return m && m->nframes; }

static void log_add(ank_swalk *w, ank_smemo *m, int kind, const void *p,
                    json_t *v)
{
    if (!ank__array_reserve((void **)&m->log, &m->caplog, m->nlog, 1,
                            sizeof *m->log)) {
        nomem(w);
        return;
    }
    mev *e = &m->log[m->nlog++];
    e->kind = kind;
    e->u.key = NULL;
    if (kind == EV_SHAPE)
        e->u.shape = p;
    else if (kind == EV_CHILD)
        e->u.child = p;
    else
        e->u.key = (mkey *)p;
    e->v = v;
}

static void spoil_all(ank_smemo *m)
{
    for (unsigned i = 0; i < m->nframes; i++)
        m->frames[i].spoiled = true;
}

/* Keys at depth `depth` were looked up and not found. */
static void reach(ank_smemo *m, unsigned depth)
{
    for (unsigned i = 0; i < m->nframes; i++) {
        mframe *f = &m->frames[i];
        if ((int)depth > f->depth && (unsigned)((int)depth - f->depth) > f->maxrel)
            f->maxrel = (unsigned)((int)depth - f->depth);
    }
}

/* A root's body that looks its own key up would find its placeholder
 * when built as a def: not the same build. */
static void own_key(ank_smemo *m, const mkey *k)
{
    if (k && m->nframes && m->frames[0].root && m->frames[0].key == k)
        m->frames[0].spoiled = true;
}

void ank__schema_memo_ref(ank_swalk *w, const ank_constraint *s)
{
    ank_smemo *m = w->b->smemo;
    if (!logging(m))
        return;
    if (w->root && s == w->root)
        spoil_all(m); /* "#": the def depends on the document */
    else
        log_add(w, m, EV_SHAPE, s, NULL);
}

void ank__schema_memo_probe(ank_swalk *w, const char *key, bool found)
{
    ank_smemo *m = w->b->smemo;
    if (!logging(m))
        return;
    if (!found) {
        mkey *k = key_of(w, m, key, true);
        if (k)
            log_add(w, m, EV_ABSENT, k, NULL);
        own_key(m, k);
        reach(m, w->depth);
        return;
    }
    /* found: the frames that began after it was added do not depend on
     * it; those that began before do */
    mkey *k = key_of(w, m, key, false);
    uint32_t stamp = k ? k->stamp : 0;
    own_key(m, k);
    for (unsigned i = m->nframes; i-- > 0 && m->frames[i].stamp >= stamp;)
        m->frames[i].spoiled = true;
}

void ank__schema_memo_cutoff(ank_swalk *w)
{
    if (logging(w->b->smemo))
        spoil_all(w->b->smemo);
}

void ank__schema_memo_note(ank_swalk *w, json_t *note, bool from_text)
{
    ank_smemo *m = w->b->smemo;
    if (!logging(m))
        return;
    for (unsigned i = 0; from_text && i < m->nframes; i++)
        if (m->frames[i].text0 == w->text)
            m->frames[i].spoiled = true;
    const char *path = json_string_value(json_object_get(note, "path"));
    if (!path || strncmp(path, w->defs_path, strlen(w->defs_path)) != 0)
        spoil_all(m);
    log_add(w, m, EV_NOTE, NULL, note);
}

/* ------------------------------------------------------------- records */

int ank__schema_memo_off;

bool ank__schema_memo_begin(ank_swalk *w, const ank_constraint *s,
                            const char *key, bool record)
{
    ank_smemo *m = w->b->smemo;
    record = record && !ank__schema_memo_off;
    if (!m && record && !(m = memo_of(w)))
        return false;
    if (record && m->nframes == MAX_FRAMES)
        record = false;
    if (!logging(m) && !record)
        return false;
    mkey *k = key_of(w, m, key, true);
    if (!k || (record && !frame_room(w, m)))
        return false;
    if (record)
        m->frames[m->nframes++] = (mframe){.start = m->nlog,
                                           .stamp = m->clock,
                                           .depth = (int)w->depth,
                                           .text0 = w->text,
                                           .s = s,
                                           .key = k};
    k->stamp = ++m->clock; /* its placeholder */
    return record;
}

/* The record of the frame just closed: its log, and a reference to each
 * def and note in it. */
static mentry *store(ank_swalk *w, ank_smemo *m, const mframe *f)
{
    size_t n = m->nlog - f->start;
    mentry *e = ank__arena_alloc(&m->arena, sizeof *e);
    mev *ev = ank__arena_alloc(&m->arena, n * sizeof *ev);
    if (!e || !ev ||
        !grow_table((void ***)&m->ents, &m->ecap, m->nents, entry_hash)) {
        nomem(w);
        return NULL;
    }
    memcpy(ev, m->log + f->start, n * sizeof *ev);
    for (size_t i = 0; i < n; i++)
        json_incref(ev[i].v);
    *e = (mentry){.s = f->s,
                  .lang = w->lang,
                  .key = f->key,
                  .dpath = w->defs_path,
                  .maxrel = f->maxrel,
                  .ev = ev,
                  .nev = n,
                  .next = m->all};
    m->all = e;
    size_t i = entry_hash(e) & (m->ecap - 1);
    while (m->ents[i] && (m->ents[i]->s != e->s || m->ents[i]->lang != e->lang))
        i = (i + 1) & (m->ecap - 1);
    m->nents += !m->ents[i];
    m->ents[i] = e; /* the latest record of the shape */
    return e;
}

void ank__schema_memo_end(ank_swalk *w, bool recorded, const char *key,
                          json_t *def)
{
    ank_smemo *m = w->b->smemo;
    if (!logging(m))
        return;
    if (!w->b->status) {
        mkey *k = key_of(w, m, key, false);
        if (k)
            log_add(w, m, EV_DEF, k, def);
        else
            spoil_all(m); /* cannot happen: begin added it */
    }
    if (!recorded)
        return;
    mframe f = m->frames[--m->nframes];
    mentry *e = NULL;
    if (!f.spoiled && !w->b->status && (e = store(w, m, &f))) {
        m->nlog = f.start;
        if (m->nframes)
            log_add(w, m, EV_CHILD, e, NULL);
    }
    if (!m->nframes)
        m->nlog = 0;
}

/* The def that building the root's body as a def gives: the document
 * `out` without "$schema" (title, description, the body), its values
 * shared. */
static json_t *def_of_root(ank_swalk *w, json_t *out)
{
    json_t *def = json_object();
    /* "$schema" comes first */
    for (void *it = json_object_iter_next(out, json_object_iter(out)); it;
         it = json_object_iter_next(out, it))
        ank__schema_putn(w, def, json_object_iter_key(it),
                         json_object_iter_key_len(it),
                         json_incref(json_object_iter_value(it)));
    return checked(w, def);
}

bool ank__schema_memo_root_begin(ank_swalk *w, const ank_constraint *s,
                                 const char *key)
{
    ank_smemo *m = ank__schema_memo_off ? NULL : memo_of(w);
    mkey *k = m && !m->nframes ? key_of(w, m, key, true) : NULL;
    if (!k || !frame_room(w, m))
        return false;
    m->frames[m->nframes++] = (mframe){.start = m->nlog,
                                       .stamp = m->clock,
                                       .depth = -1,
                                       .text0 = w->text,
                                       .root = true,
                                       .s = s,
                                       .key = k};
    return true;
}

void ank__schema_memo_root_end(ank_swalk *w, bool recorded, json_t *out)
{
    ank_smemo *m = w->b->smemo;
    if (!recorded || !m || !m->nframes)
        return;
    mframe f = m->frames[0];
    json_t *def = NULL;
    if (m->nframes == 1 && !f.spoiled && !w->b->status &&
        (def = def_of_root(w, out)))
        log_add(w, m, EV_DEF, f.key, def);
    if (def && !w->b->status)
        store(w, m, &f);
    json_decref(def);
    m->nframes = 0;
    m->nlog = 0;
}

/* ------------------------------------------------------------- replays */

static bool still_valid(const ank_swalk *w, const mentry *e)
{
    for (size_t i = 0; i < e->nev; i++) {
        const mev *v = &e->ev[i];
        if ((v->kind == EV_ABSENT &&
             json_object_get(w->defs, v->u.key->text)) ||
            (v->kind == EV_SHAPE && v->u.shape == w->root) ||
            (v->kind == EV_CHILD && !still_valid(w, v->u.child)))
            return false;
    }
    return true;
}

/* `note` (recorded under defs at e->dpath) with its path under
 * w->defs_path. */
static json_t *moved_note(ank_swalk *w, const mentry *e, json_t *note)
{
    const char *path = json_string_value(json_object_get(note, "path"));
    ank_buf p = ANK_BUF_INIT;
    ank__buf_puts(&p, w->defs_path);
    ank__buf_puts(&p, path + strlen(e->dpath));
    json_t *n = json_object();
    ank__schema_put(w, n, "path",
                    p.failed ? NULL : json_stringn_nocheck(p.data, p.len));
    ank__schema_put(w, n, "type", json_incref(json_object_get(note, "type")));
    ank__schema_put(w, n, "reason",
                    json_incref(json_object_get(note, "reason")));
    ank__buf_release(&p);
    return checked(w, n);
}

static void apply(ank_swalk *w, ank_smemo *m, const mentry *e)
{
    bool same_path = strcmp(e->dpath, w->defs_path) == 0;
    for (size_t i = 0; i < e->nev && !w->b->status; i++) {
        const mev *v = &e->ev[i];
        if (v->kind == EV_DEF) {
            ank__schema_put(w, w->defs, v->u.key->text, json_incref(v->v));
            if (logging(m))
                v->u.key->stamp = ++m->clock;
        } else if (v->kind == EV_NOTE) {
            ank__schema_push(w, w->notes,
                             same_path ? json_incref(v->v)
                                       : moved_note(w, e, v->v));
        } else if (v->kind == EV_CHILD) {
            apply(w, m, v->u.child);
        }
    }
}

bool ank__schema_memo_replay(ank_swalk *w, const ank_constraint *s,
                             const char *key)
{
    ank_smemo *m = ank__schema_memo_off ? NULL : w->b->smemo;
    const mentry *e = m ? entry_of(m, s, w->lang) : NULL;
    if (!e || strcmp(e->key->text, key) != 0 ||
        w->depth + e->maxrel >= ANK_SCHEMA_MAX_DEFS_DEPTH ||
        !still_valid(w, e))
        return false;
    apply(w, m, e);
    if (logging(m)) {
        log_add(w, m, EV_CHILD, e, NULL);
        reach(m, w->depth + e->maxrel);
    }
    return true;
}

void ank__schema_memo_free(ank_smemo *m)
{
    if (!m)
        return;
    for (const mentry *e = m->all; e; e = e->next)
        for (size_t i = 0; i < e->nev; i++)
            json_decref(e->ev[i].v);
    for (size_t i = 0; i < m->vcap; i++)
        if (m->vals[i])
            json_decref(m->vals[i]->v);
    ank__free(m->vals);
    ank__free(m->names);
    ank__free(m->log);
    ank__free(m->frames);
    ank__free(m->keys);
    ank__free(m->ents);
    ank__arena_release(&m->arena);
    ank__free(m);
}
