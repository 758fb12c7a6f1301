#!/usr/bin/env bash
# Makes sure TeX Live (with Cyrillic, TikZ, pgfplots, cm-super) and poppler-utils are present.
# Installs them from Debian's packages when missing and we are root with apt-get; otherwise prints
# the exact command to run and fails.
set -euo pipefail
PACKAGES="texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-pictures \
texlive-lang-cyrillic cm-super latexmk poppler-utils"

have_all() {
  command -v pdflatex >/dev/null && command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null &&
    kpsewhich russianb.ldf pgfplots.sty fancyhdr.sty enumitem.sty bm.sty >/dev/null 2>&1 &&
    [ "$(kpsewhich russianb.ldf pgfplots.sty fancyhdr.sty enumitem.sty bm.sty | wc -l)" -eq 5 ] &&
    kpsewhich larm1000.tfm >/dev/null 2>&1
}

have_all && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing TeX Live and poppler-utils from Debian (a few minutes, once)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
  have_all && exit 0
fi
echo "error: TeX Live is missing; install it with: sudo apt-get install -y $PACKAGES" >&2
exit 1
