#!/usr/bin/env bash
# Generates the app icon set in src-tauri/icons/ with ImageMagick (a blue rounded square
# with a white check mark: "qualified"). The PNGs are committed; run this only to change them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$here/src-tauri/icons"
mkdir -p "$out"
# Tauri wants 8-bit RGBA PNGs.
convert -size 1024x1024 xc:none \
  -fill '#0b4f8a' -draw 'roundrectangle 64,64 960,960 180,180' \
  -stroke white -strokewidth 96 -fill none -draw 'stroke-linecap round stroke-linejoin round polyline 290,540 450,700 750,360' \
  -define png:color-type=6 PNG32:"$out/icon-1024.png"
for spec in "32x32:32x32.png" "128x128:128x128.png" "256x256:128x128@2x.png" "512x512:icon.png"; do
  size="${spec%%:*}"; name="${spec#*:}"
  convert "$out/icon-1024.png" -resize "$size" PNG32:"$out/$name"
done
convert "$out/icon-1024.png" -define icon:auto-resize=256,128,64,48,32,16 "$out/icon.ico"
rm -f "$out/icon-1024.png"
ls -l "$out"
