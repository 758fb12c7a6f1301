#!/usr/bin/env bash
# Makes sure the TeX side of a build works, for the user who runs it: TeX Live (Cyrillic, TikZ,
# pgfplots, cm-super) and poppler-utils are installed, and a probe document that loads what every
# sheetgen document loads compiles and reads back with Cyrillic text and outline (Type 1) fonts.
#
# The probe also makes the T2A font metrics, which Debian ships as METAFONT sources, in the user's
# font cache (TEXMFVAR, in HOME), once and one at a time: without it the first build's parallel
# pdflatex runs would each make them. A stamp in .venv remembers a passed probe for this TEXMFVAR.
#
# Installs the packages from Debian when something is missing and we are root with apt-get;
# otherwise prints the exact command to run. Exit status 0 when the probe passes, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
PACKAGES="texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-pictures \
texlive-lang-cyrillic cm-super latexmk poppler-utils"
PROBE=scripts/tex-probe.tex
STAMP=.venv/.tex-probe

have_tools() {
  command -v pdflatex >/dev/null && command -v pdftotext >/dev/null &&
    command -v pdftoppm >/dev/null && command -v pdffonts >/dev/null
}

stamp_text() {
  printf '%s\n' "$(kpsewhich -var-value TEXMFVAR)" "$(command -v pdflatex)" \
    "$(cat "$PROBE" templates/*.sty | sha256sum | cut -d' ' -f1)"
}

# The probe passed before for this font cache, and the cache still holds the main font.
probe_remembered() {
  [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(stamp_text)" ] && kpsewhich larm1095.tfm >/dev/null
}

# Compiles the probe in a scratch folder; on failure prints its first error and returns 1.
probe() {
  local dir
  dir=$(mktemp -d)
  if ! TEXINPUTS="$PWD/templates//:" SOURCE_DATE_EPOCH=0 pdflatex -interaction=nonstopmode \
      -halt-on-error -no-shell-escape -output-directory "$dir" "$PWD/$PROBE" >/dev/null 2>&1; then
    echo "setup probe: pdflatex failed: $(grep -m1 '^!' "$dir/tex-probe.log" 2>/dev/null || echo 'no log')" >&2
    rm -rf "$dir"
    return 1
  fi
  if ! pdftotext "$dir/tex-probe.pdf" - | grep -q 'Проба шрифта'; then
    echo "setup probe: the PDF does not read back as Cyrillic text" >&2
    rm -rf "$dir"
    return 1
  fi
  if pdffonts "$dir/tex-probe.pdf" | grep -q 'Type 3'; then
    echo "setup probe: bitmap (Type 3) fonts in the PDF; is cm-super installed?" >&2
    rm -rf "$dir"
    return 1
  fi
  rm -rf "$dir"
}

ready() {
  have_tools || return 1
  probe_remembered && return 0
  echo "Checking TeX Live and making its Cyrillic fonts (once per user, about 20 s)..." >&2
  probe || return 1
  if [ -d .venv ]; then stamp_text >"$STAMP"; fi
}

ready && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing TeX Live and poppler-utils from Debian (a few minutes, once)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
  ready && exit 0
fi
echo "error: TeX Live is missing or incomplete; install it with: sudo apt-get install -y $PACKAGES" >&2
exit 1
