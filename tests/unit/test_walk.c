/*
 * test_walk.c - git's wildmatch on cases from git's own test suite, ignore
 * file parsing, and exact listings of small trees built in a temporary
 * directory: ignore rules (negation, anchors, **, directory-only, nested
 * files, .ignore, info/exclude, a root below the top of the work tree),
 * skipped directories, the hidden and no_ignore options, symbolic links
 * inside, out of the root and in a loop, a root that is a file, sorting,
 * and out-of-memory at every allocation.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../ffi/alloc.h"
#include "../../maze/ignore.h"
#include "../../maze/walk.h"
#include "test.h"
#include "tests.h"

/* ------------------------------------------------------------- wildmatch */

static void test_wildmatch_cases(void)
{
    static const struct {
        const char *pattern, *text;
        int pathname, match;
    } cases[] = {
        {"foo", "foo", 0, 1},
        {"foo", "bar", 0, 0},
        {"", "", 0, 1},
        {"???", "foo", 0, 1},
        {"??", "foo", 0, 0},
        {"*", "foo", 0, 1},
        {"f*", "foo", 0, 1},
        {"*f", "foo", 0, 0},
        {"*foo*", "foo", 0, 1},
        {"*ob*a*r*", "foobar", 0, 1},
        {"*ab", "aaaaaaabababab", 0, 1},
        {"foo\\*", "foo*", 0, 1},
        {"foo\\*bar", "foobar", 0, 0},
        {"f\\\\oo", "f\\oo", 0, 1},
        {"*[al]?", "ball", 0, 1},
        {"[ten]", "ten", 0, 0},
        {"**[!te]", "ten", 0, 1},
        {"**[!ten]", "ten", 0, 0},
        {"t[a-g]n", "ten", 0, 1},
        {"t[!a-g]n", "ten", 0, 0},
        {"t[!a-g]n", "ton", 0, 1},
        {"t[^a-g]n", "ton", 0, 1},
        {"a[]]b", "a]b", 0, 1},
        {"a[]-]b", "a-b", 0, 1},
        {"a[]-]b", "a]b", 0, 1},
        {"a[]-]b", "aab", 0, 0},
        {"a[]a-]b", "aab", 0, 1},
        {"]", "]", 0, 1},
        {"foo*bar", "foo/baz/bar", 1, 0},
        {"foo**bar", "foo/baz/bar", 1, 0},
        {"foo*bar", "foo/baz/bar", 0, 1},
        {"foo?bar", "foo/bar", 1, 0},
        {"foo?bar", "foo/bar", 0, 1},
        {"foo/**/bar", "foo/bar", 1, 1},
        {"foo/**/bar", "foo/baz/bar", 1, 1},
        {"foo/**/bar", "foo/b/a/z/bar", 1, 1},
        {"**/foo", "foo", 1, 1},
        {"**/foo", "XXX/foo", 1, 1},
        {"**/foo", "bar/baz/foo", 1, 1},
        {"*/foo", "bar/baz/foo", 1, 0},
        {"**/bar*", "foo/bar/baz", 1, 0},
        {"**/bar*", "foo/bar", 1, 1},
        {"**/bar/*", "deep/foo/bar/baz", 1, 1},
        {"**/bar/*", "deep/foo/bar/baz/", 1, 0},
        {"**/bar/**", "deep/foo/bar/baz/", 1, 1},
        {"**/bar/*", "deep/foo/bar", 1, 0},
        {"**/bar/**", "deep/foo/bar/", 1, 1},
        {"*/bar/**", "foo/bar/baz/x", 1, 1},
        {"x/**", "x/a/b", 1, 1},
        {"x/**", "x", 1, 0},
        {"[[:alpha:]][[:digit:]][[:upper:]]", "a1B", 0, 1},
        {"[[:digit:][:upper:][:space:]]", "A", 0, 1},
        {"[[:digit:][:upper:][:space:]]", "a", 0, 0},
        {"[[:xdigit:]]", "f", 0, 1},
        {"[a-c[:digit:]x-z]", "5", 0, 1},
        {"[a-c[:digit:]x-z]", "q", 0, 0},
        {"[[:nosuch:]]", "a", 0, 0},
        {"[a/]", "/", 1, 0},
        {"-*-*-*-*-*-*-12-*-*-*-m-*-*-*",
         "-adobe-courier-bold-o-normal--12-120-75-75-m-70-iso8859-1", 0, 1},
        {"-*-*-*-*-*-*-12-*-*-*-m-*-*-*",
         "-adobe-courier-bold-o-normal--12-120-75-75-X-70-iso8859-1", 0, 0},
        /* Must fail quickly, not after exponential backtracking. */
        {"*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b",
         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1, 0},
        {"**/*a*a*a*a*a*a*a*a*a*a*b",
         "a/a/a/a/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool got = ank__ignore_wildmatch(cases[i].pattern, cases[i].text,
                                         cases[i].pathname);
        if (got != (cases[i].match != 0)) {
            test_failures++;
            fprintf(stderr, "    wildmatch(\"%s\", \"%s\", %d) gave %d\n",
                    cases[i].pattern, cases[i].text, cases[i].pathname, got);
        }
    }
}

/* The verdict of a one-file list at the top. */
static int verdict(const char *rules, const char *path, bool is_dir)
{
    ank_ignore_list *list = ank__ignore_list_new("");
    CHECK(list != NULL);
    if (!list)
        return -2;
    CHECK_INT(ank__ignore_list_add_text(list, rules, strlen(rules)), ANK_OK);
    int v = ank__ignore_list_match(list, path, is_dir);
    ank__ignore_list_free(list);
    return v;
}

static void test_ignore_parsing(void)
{
    /* Comments, blank lines and escapes. */
    CHECK_INT(verdict("# a\n\n\\#a\n", "#a", false), 1);
    CHECK_INT(verdict("# a\n", "# a", false), -1);
    CHECK_INT(verdict("\\!b\n", "!b", false), 1);
    CHECK_INT(verdict("!b\n", "b", false), 0);
    /* Trailing spaces go, escaped ones stay, tabs stay. */
    CHECK_INT(verdict("c   \n", "c", false), 1);
    CHECK_INT(verdict("c\\ \n", "c ", false), 1);
    CHECK_INT(verdict("c\\ \n", "c", false), -1);
    CHECK_INT(verdict("c\t\n", "c", false), -1);
    /* CRLF, a byte order mark, no final newline. */
    CHECK_INT(verdict("\xEF\xBB\xBF" "d\r\ne", "d", false), 1);
    CHECK_INT(verdict("\xEF\xBB\xBF" "d\r\ne", "e", false), 1);
    /* Directory-only, anchored, basename patterns; the last match wins. */
    CHECK_INT(verdict("out/\n", "out", false), -1);
    CHECK_INT(verdict("out/\n", "a/out", true), 1);
    CHECK_INT(verdict("/out\n", "a/out", false), -1);
    CHECK_INT(verdict("a/out\n", "b/a/out", false), -1);
    CHECK_INT(verdict("*.o\n!x.o\n", "d/x.o", false), 0);
    CHECK_INT(verdict("!x.o\n*.o\n", "d/x.o", false), 1);
    /* git compares the literal prefix apart, so "**" right after it
     * spans directories. */
    CHECK_INT(verdict("foo**/bar\n", "foo/a/b/bar", false), 1);
    /* A list in a subdirectory matches only below it. */
    ank_ignore_list *sub = ank__ignore_list_new("s/");
    CHECK(sub != NULL);
    if (sub) {
        CHECK_INT(ank__ignore_list_add_text(sub, "/x\nq/y\n", 7), ANK_OK);
        CHECK_INT(ank__ignore_list_match(sub, "s/x", false), 1);
        CHECK_INT(ank__ignore_list_match(sub, "x", false), -1);
        CHECK_INT(ank__ignore_list_match(sub, "s/t/x", false), -1);
        CHECK_INT(ank__ignore_list_match(sub, "s/q/y", false), 1);
        CHECK_INT(ank__ignore_list_match(sub, "sq/y", false), -1);
        ank__ignore_list_free(sub);
    }
}

/* ------------------------------------------------------------ tree helpers */

static char base_dir[256];

static void rm_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        chmod(path, 0700);
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                    continue;
                char child[1024];
                snprintf(child, sizeof child, "%s/%s", path, e->d_name);
                rm_tree(child);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* A fresh directory below base_dir. */
static void fresh(const char *name, char *out, size_t size)
{
    snprintf(out, size, "%s/%s", base_dir, name);
    rm_tree(out);
    mkdir(out, 0755);
}

static void make_dirs(const char *path)
{
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(tmp, 0755);
            *p = '/';
        }
    }
    mkdir(tmp, 0755);
}

/* Write `text` to root/rel, creating directories; a rel ending in '/' is
 * a directory. */
static void put(const char *root, const char *rel, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    size_t n = strlen(path);
    if (path[n - 1] == '/') {
        make_dirs(path);
        return;
    }
    char *slash = strrchr(path, '/');
    *slash = '\0';
    make_dirs(path);
    *slash = '/';
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void files(const char *root, const char *const *rels)
{
    for (; *rels; rels++)
        put(root, *rels, "x\n");
}

static void link_to(const char *root, const char *rel, const char *target)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    CHECK_INT(symlink(target, path), 0);
}

/* The listing relative to `root`, one path per line; problems follow as
 * "!path: message". */
static const char *listing(const char *root, const char *walk_root,
                           bool no_ignore, bool hidden, bool all_files)
{
    static char text[4096];
    ank_walk_options options = {.no_ignore = no_ignore, .hidden = hidden};
    ank_paths paths = {0};
    ank_error error;
    text[0] = '\0';
    ank_status s = ank__walk(walk_root, &options, all_files, &paths, &error);
    CHECK_INT(s, ANK_OK);
    size_t n = strlen(root), len = 0;
    for (size_t i = 0; i < paths.count; i++) {
        const char *p = paths.items[i];
        if (strncmp(p, root, n) == 0 && p[n] == '/')
            p += n + 1;
        len += (size_t)snprintf(text + len, sizeof text - len, "%s\n", p);
    }
    for (size_t i = 0; i < paths.nproblems; i++) {
        const char *p = paths.problems[i].path;
        if (strncmp(p, root, n) == 0 && p[n] == '/')
            p += n + 1;
        len += (size_t)snprintf(text + len, sizeof text - len, "!%s: %s\n", p,
                                paths.problems[i].message);
    }
    ank__paths_free(&paths);
    return text;
}

#define LIST(root) listing((root), (root), false, false, true)

/* ------------------------------------------------------------------ trees */

static void test_rules(void)
{
    char root[512];
    fresh("rules", root, sizeof root);
    put(root, ".gitignore",
        "*.log\n!keep.log\n/top.py\nbuild/\ndoc/**/*.tmp\n**/gen\n"
        "dir/\n!dir/back.py\nlogs/**\n!logs/in.py\n");
    static const char *const tree[] = {
        "a.py", "x.log", "keep.log", "top.py", "sub/top.py", "build/b.py",
        "sub/build", "doc/a/b/c.tmp", "doc/c.tmp", "doc/c.py", "gen/g.py",
        "sub/gen/g.py", "sub/x.log", "sub/y.log", "dir/back.py",
        "logs/in.py", "logs/out.py", "logs/deep/in.py", NULL};
    files(root, tree);
    /* A nested file re-includes what its parent excludes. */
    put(root, "sub/.gitignore", "!x.log\n");
    CHECK_STR(LIST(root), ".gitignore\n"
                          "a.py\n"
                          "doc/c.py\n"
                          "keep.log\n"
                          "logs/in.py\n"
                          "sub/.gitignore\n"
                          "sub/build\n"
                          "sub/top.py\n"
                          "sub/x.log\n");
    /* no_ignore lists everything. */
    CHECK_STR(listing(root, root, true, false, false),
              "a.py\nbuild/b.py\ndir/back.py\ndoc/c.py\ngen/g.py\n"
              "logs/deep/in.py\nlogs/in.py\nlogs/out.py\nsub/gen/g.py\n"
              "sub/top.py\ntop.py\n");
    /* Only known extensions without all_files. */
    CHECK_STR(listing(root, root, false, false, false),
              "a.py\ndoc/c.py\nlogs/in.py\nsub/top.py\n");
}

static void test_ignore_files(void)
{
    char root[512];
    fresh("files", root, sizeof root);
    /* .ignore overrides .gitignore in the same directory. */
    put(root, ".gitignore", "*.py\n!b.py\n");
    put(root, ".ignore", "!a.py\nb.py\n");
    static const char *const tree[] = {"a.py", "b.py", "c.py", NULL};
    files(root, tree);
    CHECK_STR(LIST(root), ".gitignore\n.ignore\na.py\n");

    /* info/exclude is the lowest; the root may lie below the top. */
    char repo[512], sub[600];
    fresh("repo", repo, sizeof repo);
    put(repo, ".git/info/exclude", "*.txt\nsecret.py\n");
    put(repo, ".git/HEAD", "ref: refs/heads/main\n");
    put(repo, ".gitignore", "!keep.txt\n*.gen\n");
    put(repo, "sub/.gitignore", "!b.gen\n");
    static const char *const tree2[] = {
        "keep.txt", "other.txt", "secret.py", "sub/a.gen", "sub/b.gen",
        "sub/c.py", "sub/secret.py", "sub/keep.txt", "sub/n.txt", NULL};
    files(repo, tree2);
    CHECK_STR(LIST(repo), ".gitignore\nkeep.txt\nsub/.gitignore\nsub/b.gen\n"
                          "sub/c.py\nsub/keep.txt\n");
    snprintf(sub, sizeof sub, "%s/sub", repo);
    CHECK_STR(LIST(sub), ".gitignore\nb.gen\nc.py\nkeep.txt\n");
    /* A .git file pointing elsewhere ("gitdir: ...") finds the exclude
     * file there. */
    char wt[512];
    fresh("worktree", wt, sizeof wt);
    char line[700];
    snprintf(line, sizeof line, "gitdir: %s/.git\n", repo);
    put(wt, ".git", line);
    static const char *const tree3[] = {"a.txt", "b.py", "secret.py", NULL};
    files(wt, tree3);
    CHECK_STR(LIST(wt), "b.py\n");
}

static void test_skipped_dirs(void)
{
    char root[512];
    fresh("skip", root, sizeof root);
    static const char *const tree[] = {
        "node_modules/m.ts", "target/t.rs", "zig-cache/z.zig",
        ".zig-cache/z.zig", "__pycache__/p.py", ".hidden/h.py",
        "vendor/v.go", "a/node_modules/n.ts", ".top.py", "main.go", NULL};
    files(root, tree);
    put(root, ".git/config", "x\n");
    CHECK_STR(LIST(root), ".top.py\nmain.go\nvendor/v.go\n");
    CHECK_STR(listing(root, root, false, true, true),
              ".hidden/h.py\n.top.py\n.zig-cache/z.zig\n__pycache__/p.py\n"
              "a/node_modules/n.ts\nmain.go\nnode_modules/m.ts\n"
              "target/t.rs\nvendor/v.go\nzig-cache/z.zig\n");
    /* vendor is left to the ignore rules. */
    put(root, ".gitignore", "vendor/\n");
    CHECK_STR(LIST(root), ".gitignore\n.top.py\nmain.go\n");
    /* A hidden root is walked. */
    char hidden[600];
    snprintf(hidden, sizeof hidden, "%s/.hidden", root);
    CHECK_STR(LIST(hidden), "h.py\n");
}

static void test_symlinks(void)
{
    char root[512], outside[512];
    fresh("links", root, sizeof root);
    fresh("outside", outside, sizeof outside);
    put(outside, "o.py", "x\n");
    static const char *const tree[] = {"a.py", "sub/s.py", NULL};
    files(root, tree);
    link_to(root, "ln.py", "a.py");
    link_to(root, "ldir", "sub");
    link_to(root, "sub/up", "..");
    link_to(root, "sub/self", ".");
    link_to(root, "out", outside);
    char target[600];
    snprintf(target, sizeof target, "%s/o.py", outside);
    link_to(root, "out.py", target);
    link_to(root, "dangling.py", "nowhere.py");
    link_to(root, "ignored", outside);
    put(root, ".gitignore", "ignored\n");
    CHECK_STR(LIST(root), ".gitignore\n"
                          "a.py\n"
                          "ldir/s.py\n"
                          "ln.py\n"
                          "sub/s.py\n"
                          "!ldir/self: symlink loop\n"
                          "!ldir/up: symlink loop\n"
                          "!out: symlink leaves the root\n"
                          "!out.py: symlink leaves the root\n"
                          "!sub/self: symlink loop\n"
                          "!sub/up: symlink loop\n");
    /* Two links leading into each other are a loop as well. */
    char pair[512];
    fresh("pair", pair, sizeof pair);
    put(pair, "p/x.py", "x\n");
    put(pair, "q/y.py", "x\n");
    link_to(pair, "p/toq", "../q");
    link_to(pair, "q/top", "../p");
    CHECK_STR(LIST(pair), "p/toq/y.py\n"
                          "p/x.py\n"
                          "q/top/x.py\n"
                          "q/y.py\n"
                          "!p/toq/top: symlink loop\n"
                          "!q/top/toq: symlink loop\n");
}

static void test_roots(void)
{
    char root[512], path[600];
    fresh("roots", root, sizeof root);
    put(root, ".gitignore", "*.py\n");
    put(root, "a.py", "x\n");
    put(root, "notes.txt", "x\n");
    /* A file root is listed whatever the rules and its name say. */
    snprintf(path, sizeof path, "%s/a.py", root);
    ank_paths paths = {0};
    CHECK_INT(ank__walk(path, NULL, false, &paths, NULL), ANK_OK);
    CHECK_INT(paths.count, 1);
    if (paths.count == 1)
        CHECK_STR(paths.items[0], path);
    ank__paths_free(&paths);
    snprintf(path, sizeof path, "%s/notes.txt", root);
    CHECK_INT(ank__walk(path, NULL, false, &paths, NULL), ANK_OK);
    CHECK_INT(paths.count, 1);
    ank__paths_free(&paths);
    /* A missing root. */
    snprintf(path, sizeof path, "%s/missing", root);
    ank_error error;
    CHECK_INT(ank__walk(path, NULL, true, &paths, &error), ANK_ERR_NOT_FOUND);
    CHECK(strstr(error.message, "missing") != NULL);
    CHECK_INT(paths.count, 0);
    CHECK_INT(ank__walk(NULL, NULL, true, &paths, NULL),
              ANK_ERR_INVALID_ARGUMENT);
    /* A trailing slash is not doubled; order is strcmp's. */
    char sorted[512];
    fresh("sorted", sorted, sizeof sorted);
    static const char *const tree[] = {"a.py", "a/b.py", "a-b.py", "B.py",
                                       NULL};
    files(sorted, tree);
    snprintf(path, sizeof path, "%s/", sorted);
    CHECK_STR(listing(sorted, path, false, false, true),
              "B.py\na-b.py\na.py\na/b.py\n");
    /* An unreadable directory is a problem, not a failure (not testable
     * as root, who reads everything). */
    put(sorted, "locked/l.py", "x\n");
    snprintf(path, sizeof path, "%s/locked", sorted);
    chmod(path, 0);
    DIR *d = opendir(path);
    if (d) {
        closedir(d);
    } else {
        CHECK_STR(LIST(sorted), "B.py\na-b.py\na.py\na/b.py\n"
                                "!locked: Permission denied\n");
    }
    chmod(path, 0755);
}

static void test_out_of_memory(void)
{
    char root[512];
    fresh("rules", root, sizeof root); /* test_rules' tree, rebuilt */
    put(root, ".gitignore", "*.log\n!keep.log\nbuild/\n");
    put(root, "sub/.ignore", "!x.log\n");
    static const char *const tree[] = {"a.py", "x.log", "keep.log",
                                       "build/b.py", "sub/x.log", NULL};
    files(root, tree);
    link_to(root, "sub/up", "..");
    bool done = false;
    for (uint64_t n = 1; n < 10000 && !done; n++) {
        ank_paths paths = {0};
        ank__alloc_fail_after(n);
        ank_status s = ank__walk(root, NULL, true, &paths, NULL);
        ank__alloc_fail_after(0);
        if (s == ANK_OK) {
            done = true;
            CHECK_INT(paths.count, 5);
            CHECK_INT(paths.nproblems, 1);
        } else {
            CHECK_INT(s, ANK_ERR_NOMEM);
            CHECK(paths.items == NULL && paths.count == 0);
            CHECK(paths.problems == NULL && paths.nproblems == 0);
        }
        ank__paths_free(&paths);
    }
    CHECK(done);
}

void test_walk(void)
{
    test_wildmatch_cases();
    test_ignore_parsing();
    const char *tmp = getenv("TMPDIR");
    snprintf(base_dir, sizeof base_dir, "%s/ank-walk-XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(base_dir)) {
        CHECK(!"mkdtemp failed");
        return;
    }
    test_rules();
    test_ignore_files();
    test_skipped_dirs();
    test_symlinks();
    test_roots();
    test_out_of_memory();
    rm_tree(base_dir);
}
