#!/bin/sh
# ignore.sh - the tree walk against git itself: a throwaway repository with
# tricky ignore rules (negation, anchors, **, directory-only rules, nested
# .gitignore files overriding their parents, .git/info/exclude, escaped #
# and !, trailing spaces, CRLF, character classes), listed by
# BUILD/tests/walk_list and by git.
#
#   sh tests/ignore.sh BUILD_DIR
#
# git's truth is `git ls-files --others --exclude-standard`: the untracked
# files git does not ignore, found by git's own walk of the tree (so a file
# under an excluded directory is ignored, whatever a later '!' says).  The
# repository has no commits and an empty index, so "untracked" is every
# file.  `git check-ignore --no-index` must agree with it.  One check per
# file and per walk root (the top, then a subdirectory, where the parents'
# rules and info/exclude still apply); the last line is
# "ignore: N passed, N failed".
set -u
BUILD=${1:-build}
LIST="$BUILD/tests/walk_list"
passed=0
failed=0

if ! command -v git >/dev/null 2>&1; then
    echo "ignore: git not found; nothing compared" >&2
    echo "ignore: 0 passed, 0 failed"
    exit 0
fi
if [ ! -x "$LIST" ]; then
    echo "FAIL ignore: $LIST is missing" >&2
    echo "ignore: 0 passed, 1 failed"
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Only the repository's own rules: no user or system configuration, no
# global excludes file.
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$tmp/home/gitconfig"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_CEILING_DIRECTORIES
mkdir -p "$HOME"
: >"$GIT_CONFIG_GLOBAL"
repo="$tmp/repo"
mkdir -p "$repo"
git -C "$repo" init -q || { echo "ignore: 0 passed, 1 failed"; exit 1; }

mk() { # PATH...: create files (and their directories)
    for f in "$@"; do
        mkdir -p "$repo/$(dirname "$f")"
        echo x >"$repo/$f"
    done
}

# --- rules --------------------------------------------------------------
# printf keeps the escapes and the trailing spaces exactly as written.
printf '%s\n' \
    '# a comment, then a blank line' \
    '' \
    '\#hash.txt' \
    '\!bang.txt' \
    '*.log' \
    '!keep.log' \
    '/anchored.txt' \
    'doc/frotz' \
    'build/' \
    '!build/keep.txt' \
    'dironly/' \
    '**/cache' \
    'logs/**' \
    '!logs/important.txt' \
    'a/**/b.txt' \
    'foo**/bar' \
    'data/*' \
    '!data/keep/' \
    'trailing.txt   ' \
    'space\ ' \
    '[abc]x.c' \
    '[!a-c]y.c' \
    '[^d]z.c' \
    'file[0-9].txt' \
    '[[:digit:]]num.txt' \
    '[]]br.txt' \
    '*.[oa]' \
    'tab?.txt' \
    'nested/sub/' \
    '/only-top/' \
    'mid/*/end.txt' \
    '*.info' \
    >"$repo/.gitignore"
printf 'crlf.txt\r\n' >>"$repo/.gitignore"

# A nested file: re-includes what the parent excludes, anchors to its own
# directory, and excludes more.
mkdir -p "$repo/sub/deep" "$repo/.git/info"
printf '%s\n' '!*.log' '/x.txt' 'frotz/y.txt' '!special.info' \
    'anchored.txt' >"$repo/sub/.gitignore"
printf '%s\n' '*.txt' '!keep*.txt' >"$repo/sub/deep/.gitignore"
printf '%s\n' 'from-exclude.txt' '!keep.info' 'sub/excluded-dir/' \
    >"$repo/.git/info/exclude"

# --- files --------------------------------------------------------------
mk '#hash.txt' 'hash.txt' '!bang.txt' 'bang.txt' \
    app.log keep.log other/keep.log other/app.log \
    anchored.txt other/anchored.txt \
    doc/frotz other/doc/frotz doc/frotz2 \
    build/out.o build/keep.txt other/build/x.c \
    dironly/f.c other/dironly/g.c \
    cache/c.py deep1/cache/c.py deep1/deep2/cache/c.py other/cache \
    logs/important.txt logs/other.txt logs/x/important.txt \
    a/b.txt a/x/b.txt a/x/y/b.txt a/x/y/c.txt other/a/b.txt \
    foo/bar foo/a/bar fooX/bar fooX/y/bar foo/barz \
    data/one.txt data/keep/two.txt data/drop/three.txt \
    trailing.txt 'trailing.txt  x' 'space ' space \
    ax.c dx.c ay.c dy.c az.c dz.c \
    file1.txt filex.txt 7num.txt xnum.txt ']br.txt' 'xbr.txt' \
    lib.o lib.a lib.c \
    tab1.txt tab12.txt \
    nested/sub/s.c nested/subfile nested/sub2/s.c \
    only-top/t.c other/only-top/t.c \
    mid/q/end.txt mid/q/r/end.txt mid/end.txt \
    crlf.txt other/crlf.txt \
    x.txt \
    sub/app.log sub/x.txt sub/deeper/x.txt sub/frotz/y.txt \
    sub/other/frotz/y.txt sub/special.info sub/plain.info sub/anchored.txt \
    sub/deep/a.txt sub/deep/keep1.txt sub/deep/a.c sub/deep/more/b.txt \
    sub/excluded-dir/e.c sub/excluded-dirx/e.c \
    from-exclude.txt sub/from-exclude.txt keep.info top.info \
    .hidden/h.c node_modules/m.js 'with space/f.c'
mkdir -p "$repo/nested/subfile.d"
# A link to a file is a file to git, listed under the link's name.
ln -s keep.log "$repo/link.c"
ln -s keep.log "$repo/link.log"

# --- comparison -----------------------------------------------------------
# compare ROOT-RELATIVE-DIR: every file under it, walk vs. git.
compare() {
    rel=$1
    if [ -n "$rel" ]; then dir="$repo/$rel"; else dir="$repo"; fi
    all="$tmp/all" ours="$tmp/ours" theirs="$tmp/theirs" ign="$tmp/ign"
    (cd "$dir" && find . -path ./.git -prune -o \( -type f -o -type l \) \
        -print | sed 's|^\./||' | LC_ALL=C sort) >"$all"
    if ! "$LIST" --hidden "$dir" >"$tmp/raw" 2>"$tmp/err"; then
        echo "FAIL ignore: walk_list $dir: $(cat "$tmp/err")" >&2
        failed=$((failed + 1))
        return
    fi
    sed "s|^$dir/||" "$tmp/raw" | LC_ALL=C sort >"$ours"
    (cd "$dir" && git ls-files -z --others --exclude-standard) |
        tr '\0' '\n' | LC_ALL=C sort >"$theirs"
    (cd "$dir" && tr '\n' '\0' <"$all" |
        git check-ignore -z --no-index --stdin) | tr '\0' '\n' |
        LC_ALL=C sort >"$ign"
    while IFS= read -r f; do
        in_ours=0 in_theirs=0 ignored=0
        grep -qxF -- "$f" "$ours" && in_ours=1
        grep -qxF -- "$f" "$theirs" && in_theirs=1
        grep -qxF -- "$f" "$ign" && ignored=1
        where=${rel:+$rel/}$f
        if [ "$in_theirs" = "$ignored" ]; then
            echo "FAIL ignore: git ls-files and check-ignore disagree on '$where'" >&2
            failed=$((failed + 1))
        elif [ "$in_ours" != "$in_theirs" ]; then
            if [ "$in_ours" = 1 ]; then
                echo "FAIL ignore: '$where' listed, git ignores it" >&2
            else
                echo "FAIL ignore: '$where' left out, git lists it" >&2
            fi
            failed=$((failed + 1))
        else
            passed=$((passed + 1))
        fi
    done <"$all"
}

compare ""
compare sub

echo "ignore: $passed passed, $failed failed"
[ "$failed" = 0 ]
