#!/bin/bash
# Regenerate the producer-made documents of this folder (see tests/data/README.md), then
# their truth with make_truth.py. Needs network access to PyPI and Debian; works in /tmp.
# Usage: tests/data/markup/make_docs.sh RFC3559.md   (text/3559-rust-has-provenance.md of rust-lang/rfcs)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rfc=$(realpath "$1")
work=$(mktemp -d)
cd "$work"
apt-get install -y -qq pandoc docbook-xsl xsltproc texinfo zip >/dev/null
python3 -m venv v && v/bin/pip install -q docutils==0.23.1 sphinx==9.0.4
python3 -m venv v17 && v17/bin/pip install -q docutils==0.17.1
v/bin/pip download -q --no-deps --no-binary :all: docutils==0.23.1 -d sdist
tar xzf sdist/docutils-0.23.1.tar.gz
demo=docutils-0.23.1/docs/user/rst/demo.rst
v/bin/rst2html4 "$demo" "$here/docutils-html4-demo.html" || true
v/bin/rst2html5 "$demo" "$here/docutils-html5-demo.html" || true
v17/bin/rst2html5.py "$demo" "$here/docutils017-html5-demo.html" || true
mkdir -p sp/src && cp "$demo" docutils-0.23.1/docs/ref/rst/directives.rst sp/src/
printf 'project = "Docutils demo and directives"\nauthor = "Docutils project"\nhtml_theme = "alabaster"\n' > sp/src/conf.py
cp docutils-0.23.1/docutils/core.py sp/src/
printf 'Listing\n=======\n\nThe opening of docutils'"'"' ``core.py``, with its line numbers:\n\n.. literalinclude:: core.py\n   :language: python\n   :linenos:\n   :lines: 1-40\n' > sp/src/listing.rst
printf 'Docutils manual\n===============\n\n.. toctree::\n\n   demo\n   directives\n   listing\n' > sp/src/index.rst
v/bin/sphinx-build -q -b singlehtml sp/src sp/single && cp sp/single/index.html "$here/sphinx-singlehtml-manual.html"
v/bin/sphinx-build -q -b epub sp/src sp/epub && cp sp/epub/Docutilsdemoanddirectives.epub "$here/sphinx-manual.epub"
pandoc -s "$rfc" -t html5 --metadata title="RFC 3559" -o "$here/pandoc-rfc3559.html"
pandoc "$rfc" -t epub3 --metadata title="RFC 3559" -o "$here/pandoc-rfc3559.epub"
pandoc -s "$demo" -t docbook4 -o demo.dbk
xsltproc --nonet -o "$here/docbook-xsl-demo.html" /usr/share/xml/docbook/stylesheet/docbook-xsl/html/docbook.xsl demo.dbk
mkdir dbepub && (cd dbepub && xsltproc --nonet --stringparam base.dir OEBPS/ \
    /usr/share/xml/docbook/stylesheet/docbook-xsl/epub3/chunk.xsl ../demo.dbk >/dev/null \
    && zip -X -0 -q "$here/docbook-xsl-demo.epub" mimetype && zip -X -r -q "$here/docbook-xsl-demo.epub" META-INF OEBPS)
pandoc -s docutils-0.23.1/docs/eps/ep-010.rst -t docbook4 -o ep010.dbk
xsltproc --nonet -o "$here/docbook-xsl-ep010.html" /usr/share/xml/docbook/stylesheet/docbook-xsl/html/docbook.xsl ep010.dbk
pandoc -s "$demo" -t texinfo -o demo.texi
makeinfo --html --no-split --force demo.texi -o "$here/texinfo-demo.html" || true
"$here/../../../.venv/bin/python" "$here/make_truth.py"
