#!/usr/bin/env bash
# Whole-corpus timing, side by side in one run: `kbgen build` (every output) on every bilingual
# file of the pair corpus laid out as content/nl-NL + content/sv-SE, Hugo rendering the same
# articles' published (live) twins (HTML only), and a bare pulldown-cmark render; then a
# no-change rebuild, a one-file-changed rebuild (a line appended) and a one-sentence-changed
# rebuild (a pair's text edited, so translation memory is streamed again); then the same on the
# corpus doubled (each
# article copied under a second slug) to measure how peak memory grows with the corpus.
# Prints wall time and CPU time (medians of RUNS) and peak resident memory of each, and each
# figure against the engine issue's target (met / NOT met).
#
#   bash benches/corpus-timing.sh [CORPUS]        (default ../shared/corpus; RUNS=5)
#
# Needs: GNU time (`apt-get install time`), optionally hugo (`apt-get install hugo`, 0.111 in
# Debian 12); a missing peer is skipped with a note. A release build is made here.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus}
runs=${RUNS:-5}
work=$(mktemp -d)
shm=""
if [ -d /dev/shm ] && [ -w /dev/shm ]; then shm=$(mktemp -d /dev/shm/kbgen-bench.XXXXXX); fi
trap 'rm -rf "$work" ${shm:+"$shm"}' EXIT

lay_out() { # lay_out DIR COPIES
  local dir=$1 copies=$2
  for locale in nl-NL sv-SE; do
    mkdir -p "$dir/content/$locale" "$dir/hugo/content/$locale"
    cp "$corpus/alchemy/$locale/sxs/"*.md "$dir/content/$locale/"
    cp "$corpus/alchemy/$locale/live/"*.md "$dir/hugo/content/$locale/"
    if [ "$copies" = 2 ]; then
      mkdir -p "$dir/content/$locale/copy" "$dir/hugo/content/$locale/copy"
      cp "$corpus/alchemy/$locale/sxs/"*.md "$dir/content/$locale/copy/"
      cp "$corpus/alchemy/$locale/live/"*.md "$dir/hugo/content/$locale/copy/"
    fi
  done
  mkdir -p "$dir/hugo/layouts/_default"
  printf '{{ .Content }}\n' > "$dir/hugo/layouts/_default/single.html"
  printf '{{ range .Pages }}{{ .Title }}{{ end }}\n' > "$dir/hugo/layouts/_default/list.html"
  printf 'baseURL = "http://localhost/"\ndisableKinds = ["taxonomy", "term", "RSS"]\n[markup.goldmark.renderer]\nunsafe = true\n' > "$dir/hugo/config.toml"
}

cargo build --release --quiet --bin kbgen --example bare_render
kbgen=$PWD/target/release/kbgen
bare=$PWD/target/release/examples/bare_render

# edit_pair FILE: adds a letter to the target text of the file's first pair
edit_pair() {
  perl -0pi -e 's/(<span data-ttu-id="[^"]*">)/${1}X/' "$1"
}

# median of the numbers given
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# measure LABEL PREP -- COMMAND...: runs PREP then COMMAND $runs times; prints the median wall
# time, the median CPU time (user + system, all threads: how much work, where wall time says
# how long) and the largest peak RSS
measure() {
  local label=$1 prep=$2; shift 3
  local times=() cpus=() rss=0
  for _ in $(seq "$runs"); do
    eval "$prep"
    # the last run's files reach the disk before this one is timed, not during it
    sync
    /usr/bin/time -f "%e %M %U %S" -o "$work/time.log" "$@" >/dev/null 2>"$work/err.log" || true
    read -r t m u s < <(tail -1 "$work/time.log")
    times+=("$t"); [ "$m" -gt "$rss" ] && rss=$m
    cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')")
  done
  local median
  median=$(median "${times[@]}")
  printf '%-58s %7s s  %6s s CPU  %8d KiB\n' "$label" "$median" "$(median "${cpus[@]}")" "$rss"
  echo "$median" > "$work/last"
  echo "$rss" > "$work/last_rss"
}

# verdict VALUE LIMIT: "met" when VALUE <= LIMIT
verdict() { awk -v v="$1" -v l="$2" 'BEGIN { print (v <= l ? "met" : "NOT met") }'; }
full_rss=()

for copies in 1 2; do
  dir="$work/x$copies"
  lay_out "$dir" "$copies"
  files=$(find "$dir/content" -name '*.md' | wc -l)
  bytes=$(du -sb "$dir/content" | cut -f1)
  echo "== corpus x$copies: $files bilingual files, $bytes bytes ($runs runs each, median wall)"
  out="$dir/out"
  # Each full build writes into a folder that did not exist, as on a fresh CI checkout. The
  # last run's output is moved aside, not deleted: on ext4, files made right after tens of
  # thousands were deleted wait on the inode allocator's scan of recently freed inodes
  # (`perf record`: `recently_deleted` took a quarter of a build's samples), which measures the
  # harness's `rm -rf` more than the tool. The old outputs go when the script ends.
  aside="mkdir -p $dir/old; if [ -e $out ]; then mv $out $dir/old/\$RANDOM\$RANDOM; fi"
  measure "kbgen build, full (site, checklists, models, markdown, TM)" "$aside" -- \
    "$kbgen" build --content "$dir/content" --out "$out"
  full=$(cat "$work/last")
  full_rss[$copies]=$(cat "$work/last_rss")
  hugo_out="$dir/hugo-out"
  hugo_aside="mkdir -p $dir/old; if [ -e $hugo_out ]; then mv $hugo_out $dir/old/\$RANDOM\$RANDOM; fi"
  if command -v hugo >/dev/null; then
    measure "hugo $(hugo version | cut -d' ' -f2) rendering the live twins (HTML only)" \
      "$hugo_aside" -- hugo --quiet --source "$dir/hugo" --destination "$hugo_out"
    hugo_time=$(cat "$work/last")
  else
    echo "hugo: not installed (apt-get install hugo); skipped"; hugo_time=
  fi
  # the same two into memory (tmpfs): the work of each tool without the disk's
  if [ -n "$shm" ]; then
    measure "kbgen build, full, output in tmpfs" "rm -rf $shm/out" -- \
      "$kbgen" build --content "$dir/content" --out "$shm/out"
    full_shm=$(cat "$work/last")
    # the search index's share: the same build without it (Hugo builds none)
    measure "kbgen build --no-search, output in tmpfs" "rm -rf $shm/out" -- \
      "$kbgen" build --no-search --content "$dir/content" --out "$shm/out"
    if [ -n "$hugo_time" ]; then
      measure "hugo, output in tmpfs" "rm -rf $shm/hugo-out" -- \
        hugo --quiet --source "$dir/hugo" --destination "$shm/hugo-out"
      hugo_shm=$(cat "$work/last")
    fi
    rm -rf "$shm/out" "$shm/hugo-out"
  fi
  measure "bare pulldown-cmark render of the same files" ":" -- "$bare" "$dir/content"
  "$kbgen" build --content "$dir/content" --out "$out" >/dev/null 2>&1 || true
  measure "kbgen build, nothing changed" ":" -- \
    "$kbgen" build --content "$dir/content" --out "$out"
  none=$(cat "$work/last")
  "$kbgen" build --content "$dir/content" --out "$out" 2>/dev/null | grep -o 'nothing changed' \
    || echo "WARNING: the no-change rebuild wrote files"
  one=$(find "$dir/content/nl-NL" -name "*.md" -print -quit)
  measure "kbgen build, one file changed" "echo >> $one" -- \
    "$kbgen" build --content "$dir/content" --out "$out"
  onefile=$(cat "$work/last")
  # an edit inside a pair: the article and the translation memory are made again
  measure "kbgen build, one sentence changed (TM streamed again)" \
    "edit_pair $one" -- \
    "$kbgen" build --content "$dir/content" --out "$out"
  sentence=$(cat "$work/last")
  # each figure against the engine issue's target
  if [ -n "$hugo_time" ]; then
    ratio=$(awk -v f="$full" -v h="$hugo_time" 'BEGIN { printf "%.2f", f / h }')
    echo "full build / hugo: ${ratio}x (target <= 1.0x: $(verdict "$ratio" 1.0))"
  fi
  if [ -n "${full_shm:-}" ] && [ -n "${hugo_shm:-}" ]; then
    ratio=$(awk -v f="$full_shm" -v h="$hugo_shm" 'BEGIN { printf "%.2f", f / h }')
    echo "full build / hugo, output in tmpfs: ${ratio}x (target <= 1.0x: $(verdict "$ratio" 1.0))"
  fi
  for pair in "no-change:$none" "one-file:$onefile"; do
    share=$(awk -v p="${pair#*:}" -v f="$full" 'BEGIN { printf "%.1f", 100 * p / f }')
    echo "${pair%%:*} rebuild / full build: ${share}% (target <= 10%: $(verdict "$share" 10))"
  done
  # no target: an edited pair streams the whole translation memory again
  awk -v s="$sentence" -v f="$full" 'BEGIN { printf "one-sentence rebuild / full build: %.1f%%\n", 100 * s / f }'
  echo "full build peak memory: ${full_rss[$copies]} KiB (target <= 200 MiB: $(verdict "${full_rss[$copies]}" 204800))"
  rm -rf "$dir/old" "$out"   # the x1 outputs go before x2 is measured
done
growth=$(awk -v a="${full_rss[1]}" -v b="${full_rss[2]}" 'BEGIN { printf "%.1f", 100 * (b - a) / a }')
echo "full build peak memory, x2 against x1: +${growth}% (target within 10%: $(verdict "$growth" 10))"
