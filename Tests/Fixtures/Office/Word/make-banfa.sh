#!/usr/bin/env bash
# Regenerates banfa.docx from Content/documents/czj/*.md + Content/registers/czj/t*.yaml.
# Needs: soffice (LibreOffice Writer, e.g. Debian libreoffice-writer-nogui),
#        python3 with python-docx and PyYAML, pdftoppm (poppler-utils) optional.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d /tmp/banfa.XXXXXX)"
trap 'rm -rf "$work"' EXIT
python3 "$here/make_banfa.py" html "$work/banfa.html"
(cd "$work" && soffice --headless -env:UserInstallation=file:///tmp/lo-profile-docx \
    --convert-to docx:"MS Word 2007 XML" banfa.html >/dev/null)
python3 "$here/make_banfa.py" post "$work/banfa.docx" "$here/banfa.docx"
python3 "$here/make_banfa.py" verify "$here/banfa.docx"
