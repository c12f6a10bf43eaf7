#!/usr/bin/env bash
# Whole-corpus timing: `kbgen build` on every bilingual file of the pair corpus (nl-NL and sv-SE,
# with the derived en-US), against a bare pulldown-cmark render of the same files and against
# Hugo rendering the published (live) twins. Prints wall time and peak memory of each.
#
#   bash benches/corpus-timing.sh [CORPUS]        (default ../shared/corpus)
#
# Needs: a release build (made here), GNU time (`apt-get install time`), optionally hugo and
# hyperfine (`apt-get install hugo hyperfine`); missing peers are skipped with a note.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for locale in nl-NL sv-SE; do
  mkdir -p "$work/content/$locale" "$work/hugo/content/$locale"
  cp "$corpus/alchemy/$locale/sxs/"*.md "$work/content/$locale/"
  cp "$corpus/alchemy/$locale/live/"*.md "$work/hugo/content/$locale/"
done
files=$(find "$work/content" -name '*.md' | wc -l)
bytes=$(du -sb "$work/content" | cut -f1)
echo "corpus: $files bilingual files, $bytes bytes"

cargo build --release --quiet --bin kbgen --example bare_render
measure() {
  local label=$1; shift
  if command -v /usr/bin/time >/dev/null; then
    /usr/bin/time -f "$label: %e s wall, %M KiB peak memory" "$@" >/dev/null 2>"$work/time.log" || true
    tail -1 "$work/time.log"
  else
    local start end
    start=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s.%N)
    echo "$label: $(echo "$end - $start" | bc) s wall"
  fi
}

measure "kbgen build (site, checklists, models, markdown, TM)" \
  target/release/kbgen build --content "$work/content" --out "$work/out"
measure "bare pulldown-cmark render of the same files" \
  target/release/examples/bare_render "$work/content"

if command -v hugo >/dev/null; then
  mkdir -p "$work/hugo/layouts/_default"
  printf '{{ .Content }}\n' > "$work/hugo/layouts/_default/single.html"
  printf '{{ range .Pages }}{{ .Title }}{{ end }}\n' > "$work/hugo/layouts/_default/list.html"
  printf 'baseURL = "http://localhost/"\ndisableKinds = ["taxonomy", "term", "RSS"]\n[markup.goldmark.renderer]\nunsafe = true\n' > "$work/hugo/hugo.toml"
  cp "$work/hugo/hugo.toml" "$work/hugo/config.toml"
  measure "hugo $(hugo version | cut -d' ' -f2) rendering the live twins" \
    hugo --quiet --source "$work/hugo" --destination "$work/hugo-out"
else
  echo "hugo: not installed (apt-get install hugo); skipped"
fi

if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs 5 --style basic \
    "target/release/kbgen build --content $work/content --out $work/out" \
    "target/release/examples/bare_render $work/content"
fi
