#!/bin/sh
# Draws media/icon.png (the Marketplace icon, 128x128) with ImageMagick (Debian: apt-get install imagemagick).
# A token's three segments (header, payload, signature) over a shield with a check mark: MFA present.
# Supersampled at 4x and scaled down for smooth edges. Run from the project root.
set -e
S=4
convert -size $((128*S))x$((128*S)) xc:none \
  -draw "scale $S,$S
         fill '#1b2433' roundrectangle 4,4 123,123 22,22
         fill '#263448' stroke '#3ddc84' stroke-width 5 stroke-linejoin round
         path 'M 64,16 L 100,29 L 100,58 C 100,83 85,99 64,110 C 43,99 28,83 28,58 L 28,29 Z'
         stroke none
         fill '#f0506e' roundrectangle 12,50 42,64 7,7
         fill '#e8edf3' circle 47.5,57 47.5,60.5
         fill '#b072d8' roundrectangle 53,50 81,64 7,7
         fill '#e8edf3' circle 86.5,57 86.5,60.5
         fill '#2f9bff' roundrectangle 92,50 116,64 7,7
         fill none stroke '#3ddc84' stroke-width 8 stroke-linecap round stroke-linejoin round
         polyline 50,82 60,92 80,72" \
  -resize 128x128 -strip PNG32:media/icon.png
