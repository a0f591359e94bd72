"""Qt-free core: documents, footnotes, citations, library. Never import Qt here."""
