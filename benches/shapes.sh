#!/usr/bin/env bash
# Hostile shapes at large n: one article of each shape that was once super-linear (identical
# headings, identical bookmarks, unclosed pair openings on one line, entity runs, mojibake runs,
# code spans), built by the release binary at N and 4N; prints wall time and peak resident
# memory of each, and the growth from N to 4N (linear work grows about 4x). The deterministic
# check at small n is `tests/testsuite/scaling.rs`.
#
#   bash benches/shapes.sh [N]        (default 20000)
#
# Needs GNU time (`apt-get install time`). A release build is made here.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet
bin=$PWD/target/release/kbgen

generate() { # generate SHAPE N DIR
  python3 - "$1" "$2" "$3" <<'PY'
import sys, os
shape, n, root = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def pair(i, nl, en):
    return f'<span data-ttu-id="aaaaa-{i}">{nl}</span><span class="sxs-lookup"><span data-stu-id="aaaaa-{i}">{en}</span></span>'
if shape == "headings":
    body = "".join(f"## {pair(i + 200, 'Stap 1 Hetzelfde', 'Step 1 Same')}\n\nTekst.\n\n" for i in range(n))
elif shape == "bookmarks":
    body = '<a name="same"></a>Tekst.\n\n' * n
elif shape == "unclosed-openings":
    body = '<span data-ttu-id="aaaaa-9">x ' * n + "\n"
elif shape == "entities":
    body = pair(300, "&amp;&lt;&#233;" * n, "&amp;&lt;&#233;" * n) + "\n"
elif shape == "mojibake":
    body = " ".join(pair(400 + i, "CafÃ© en SmÃ¶rgÃ¥s", "CafÃ© and SmÃ¶rgÃ¥s") for i in range(n)) + "\n"
elif shape == "code-spans":
    body = "`a` " * n + "\n"
os.makedirs(f"{root}/content/nl-NL", exist_ok=True)
with open(f"{root}/content/nl-NL/vorm.md", "w") as f:
    f.write('---\ntitle: Vorm\nms.contentlocale: nl-NL\n---\n# ' + pair(101, "Vorm", "Shape") + "\n\n" + body)
PY
}

measure() { # measure DIR -> "seconds kib"
  /usr/bin/time -f "%e %M" -o "$1/time" "$bin" build --content "$1/content" --out "$1/out" >/dev/null 2>&1 || true
  tail -1 "$1/time"
}

printf "%-18s %10s %10s %10s %10s %8s\n" shape "N s" "N MiB" "4N s" "4N MiB" growth
for shape in headings bookmarks unclosed-openings entities mojibake code-spans; do
  small=$work/$shape-small; large=$work/$shape-large
  generate "$shape" "$n" "$small"
  generate "$shape" "$((4 * n))" "$large"
  read -r s1 m1 < <(measure "$small")
  read -r s4 m4 < <(measure "$large")
  growth=$(python3 -c "print(f'{max($s4, 0.01) / max($s1, 0.01):.1f}x')")
  printf "%-18s %10s %10s %10s %10s %8s\n" "$shape" "$s1" "$((m1 / 1024))" "$s4" "$((m4 / 1024))" "$growth"
done
